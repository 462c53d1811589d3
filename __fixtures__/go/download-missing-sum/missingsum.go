// Package missingsum is a download fixture whose go.sum lacks github.com/pkg/errors.
package missingsum

import (
	"github.com/google/uuid"
	"github.com/pkg/errors"
)

// ID returns a new identifier, or an error wrapping why there is none.
func ID() (string, error) {
	id, err := uuid.NewRandom()
	if err != nil {
		return "", errors.Wrap(err, "new id")
	}
	return id.String(), nil
}
