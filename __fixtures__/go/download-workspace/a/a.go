// Package a is in the workspace.
package a

import "github.com/google/uuid"

// ID returns a new identifier.
func ID() string { return uuid.NewString() }
