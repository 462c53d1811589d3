// Package e2e compiles everywhere; its e2e-tagged test misuses a format verb.
package e2e

// Name names the suite.
func Name() string { return "e2e" }
