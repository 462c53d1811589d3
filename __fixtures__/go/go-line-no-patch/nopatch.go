// Package nopatch is a fixture for go-ci-gate's toolchain check.
package nopatch

// Sum adds two numbers.
func Sum(a, b int) int { return a + b }
