// Package c is outside the workspace: go.work does not use it.
package c

import "github.com/pkg/errors"

// Err returns an error.
func Err() error { return errors.New("c") }
