// Command cachemoddeps needs one module version, github.com/google/uuid v1.6.0: the module cache
// trim test keeps it and drops the others the cache holds.
package main

import (
	"fmt"

	"github.com/google/uuid"
)

func main() { fmt.Println(uuid.NewString()) }
