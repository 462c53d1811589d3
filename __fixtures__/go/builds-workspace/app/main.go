// Command app builds only in workspace mode: nothing but go.work provides example.com/lib.
package main

import (
	"fmt"

	"example.com/lib"
)

func main() { fmt.Println(lib.Name()) }
