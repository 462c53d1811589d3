// Package p3 is one of the test packages the plan shares out.
package p3

// Value is what its tests check.
func Value() int { return 42 }
