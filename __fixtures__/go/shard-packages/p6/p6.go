// Package p6 has one failing test, so the merged verdict has something to fail on.
package p6

// Value is what its tests check.
func Value() int { return 41 }
