// Package legacy still builds against a fork that only one laptop has.
package legacy

import "example.com/fork"

// Hello says hello through the fork.
func Hello() string { return fork.Hello() }
