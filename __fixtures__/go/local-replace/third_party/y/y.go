// Package y is a fork kept inside the repository.
package y

// Name names the package.
func Name() string { return "y" }
