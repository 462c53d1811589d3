// Package store stores values.
package store

// Get returns the value of key; it knows no keys yet.
func Get(key string) (string, bool) {
	return "", false
}
