// Package store vets clean without tags; integration.go does not compile.
package store

// Get returns the stored value.
func Get() string { return "value" }
