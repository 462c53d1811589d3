//go:build tools

// Package tools pins the versions of the tools the repository runs (go run ...): it is never
// built, so go test ./... finds no package here.
package tools
