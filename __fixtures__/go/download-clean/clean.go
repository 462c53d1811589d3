// Package clean is a download fixture: two dependencies, go.sum complete.
package clean

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
