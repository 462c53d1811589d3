// Package one is a download fixture with a single dependency, so a test proxy's request log
// reads as attempts.
package one

import "github.com/google/uuid"

// ID returns a new identifier.
func ID() string { return uuid.NewString() }
