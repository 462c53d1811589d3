// Package mismatch is a fixture for go-ci-gate's toolchain check.
package mismatch

// Sum adds two numbers.
func Sum(a, b int) int { return a + b }
