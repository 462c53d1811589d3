// Command tampered prints a request ID; the end-to-end test tampers with its dependency in the
// module cache, which only go mod verify notices.
package main

import (
	"fmt"

	"github.com/google/uuid"
)

func main() {
	fmt.Println(uuid.NewString())
}
