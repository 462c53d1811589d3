// Package lib is used by app through go.work.
package lib

// Name names it.
func Name() string { return "lib" }
