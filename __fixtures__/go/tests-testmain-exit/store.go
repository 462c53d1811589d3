// Package store keeps values.
package store

// Get returns the value of key.
func Get(m map[string]int, key string) int { return m[key] }
