// Package lib is a sibling module in the same repository.
package lib

// Greeting is what a uses from lib.
func Greeting() string { return "hello from lib" }
