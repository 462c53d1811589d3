// Package parse parses numbers.
package parse

import "strconv"

// Int parses a decimal integer.
func Int(s string) (int, error) {
	return strconv.Atoi(s)
}
