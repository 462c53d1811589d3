// Only uuid is imported: go.mod also requires github.com/pkg/errors, which go mod tidy drops.
package main

import (
	"fmt"

	"github.com/google/uuid"
)

func main() {
	fmt.Println(uuid.NewString())
}
