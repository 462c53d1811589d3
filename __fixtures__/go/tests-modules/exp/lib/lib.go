// Package lib lives in the exp module, which has no core directory.
package lib

// Greeting says hello to name.
func Greeting(name string) string { return "hello, " + name }
