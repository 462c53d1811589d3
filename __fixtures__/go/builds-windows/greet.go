// Package greet builds on every platform but windows: console.go only compiles there.
package greet

// Hello greets.
func Hello() string { return "hello" }
