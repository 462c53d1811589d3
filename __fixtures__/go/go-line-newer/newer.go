// Package newer is a fixture for go-ci-gate's toolchain check.
package newer

// Sum adds two numbers.
func Sum(a, b int) int { return a + b }
