// go.sum lacks the line for github.com/pkg/errors v0.9.1 files: go mod tidy inserts it after line 2.
package main

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/pkg/errors"
)

func main() {
	fmt.Println(errors.Wrap(errors.New(uuid.NewString()), "id"))
}
