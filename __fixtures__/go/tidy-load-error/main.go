// The import path has a space in it: go cannot load the package, so tidy cannot run.
package main

import (
	"fmt"

	"github.com/google/uuid v1"
)

func main() {
	fmt.Println(uuid.NewString())
}
