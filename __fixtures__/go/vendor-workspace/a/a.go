// Package a is a fixture for go-ci-gate's vendor check: one of two modules of a vendored workspace.
package a

import "github.com/pkg/errors"

// Check wraps err with what was being checked.
func Check(what string, err error) error { return errors.Wrap(err, what) }
