// Package b is a fixture for go-ci-gate's vendor check: one of two modules of a vendored workspace.
package b

import "github.com/pkg/errors"

// Fail returns an error with a stack trace.
func Fail(why string) error { return errors.New(why) }
