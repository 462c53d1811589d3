// go.mod requires github.com/pkg/errors v0.9.9, a version that was never published.
package main

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/pkg/errors"
)

func main() {
	fmt.Println(errors.Wrap(errors.New(uuid.NewString()), "id"))
}
