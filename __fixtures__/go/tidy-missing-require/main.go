// Imports uuid, which go.mod does not require: go mod tidy adds it (and its go.sum lines).
package main

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/pkg/errors"
)

func main() {
	fmt.Println(errors.Wrap(errors.New(uuid.NewString()), "id"))
}
