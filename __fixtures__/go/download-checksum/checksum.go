// Package checksum is a download fixture whose go.sum records a wrong hash for
// github.com/google/uuid v1.6.0.
package checksum

import "github.com/google/uuid"

// ID returns a new identifier.
func ID() string { return uuid.NewString() }
