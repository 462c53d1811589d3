// Package clean is a fixture for go-ci-gate's toolchain check.
package clean

// Sum adds two numbers.
func Sum(a, b int) int { return a + b }
