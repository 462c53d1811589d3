// Package cache keeps hit counts.
package cache

// Hits counts cache hits; it is not safe for concurrent use.
var Hits int

// Hit records one hit.
func Hit() {
	Hits++
}
