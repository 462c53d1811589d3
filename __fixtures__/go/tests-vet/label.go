// Package label makes labels.
package label

import "fmt"

// For labels item n. go test's vet rejects the format: %d with a string. The `// mark:` comment
// names the line for the parser tests.
func For(n int) string {
	return fmt.Sprintf("item-%d", "x") // mark: vet
}
