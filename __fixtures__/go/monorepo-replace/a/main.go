package main

import (
	"fmt"

	"example.com/mono/lib"
)

func main() {
	fmt.Println(lib.Greeting())
}
