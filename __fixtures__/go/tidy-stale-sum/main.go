// uuid was removed; its go.sum lines were left behind (lines 1-2): go mod tidy drops them.
package main

import (
	"fmt"

	"github.com/pkg/errors"
)

func main() {
	fmt.Println(errors.New("stale"))
}
