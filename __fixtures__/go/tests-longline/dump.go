// Package dump renders long values.
package dump

import "strings"

// Row renders n cells separated by commas.
func Row(n int) string {
	return strings.Repeat("cell,", n)
}
