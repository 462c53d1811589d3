// Package size formats sizes. It does not compile: the test binary cannot be built. The
// `// mark:` comment names the line for the parser tests.
package size

import "strconv"

// Bytes formats n as a byte count.
func Bytes(n int) string {
	return strconv.Itoa(n) + 'B' // mark: mismatched
}
