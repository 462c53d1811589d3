// Package vendored is a fixture for go-ci-gate's vendor check: its one dependency is vendored.
package vendored

import "github.com/google/uuid"

// NewID returns a random ID.
func NewID() string { return uuid.NewString() }
