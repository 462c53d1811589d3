package main

import (
	"fmt"

	"example.com/x"
	"example.com/y"
)

func main() {
	fmt.Println(x.Name(), y.Name())
}
