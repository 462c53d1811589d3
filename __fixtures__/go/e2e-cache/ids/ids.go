// Package ids is the end-to-end cache fixture: one dependency (its module cache entry) and one
// package with a test (its build cache entry). The tests edit it to change source and go.sum.
package ids

import "github.com/google/uuid"

// New returns a fresh identifier.
func New() string { return uuid.NewString() }
