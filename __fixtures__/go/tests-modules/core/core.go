// Package core is the root module's one package.
package core

// Double returns twice n.
func Double(n int) int { return 2 * n }
