// Package calc adds numbers.
package calc

// Add returns a+b, off by one when a is negative (the bug the tests find).
func Add(a, b int) int {
	if a < 0 {
		return a + b + 1
	}
	return a + b
}
