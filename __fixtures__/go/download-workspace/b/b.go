// Package b is in the workspace; its go.sum lacks the go.mod hash of github.com/pkg/errors.
package b

import "github.com/pkg/errors"

// Err returns an error.
func Err() error { return errors.New("b") }
