// Command hello greets: one main package, so a plain `go build ./...` would write an executable.
package main

import "fmt"

func main() {
	fmt.Println(greeting())
}

func greeting() string { return "hello" }
