// Package lib has no tests: the plan leaves it out.
package lib

// Double doubles n.
func Double(n int) int { return 2 * n }
