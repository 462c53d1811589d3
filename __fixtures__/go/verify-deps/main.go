// Package main uses both fixture dependencies, so both are in the build list and the cache.
package main

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/pkg/errors"
)

func main() {
	fmt.Println(errors.Wrap(errors.New(uuid.NewString()), "id"))
}
