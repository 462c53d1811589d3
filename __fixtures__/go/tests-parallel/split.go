// Package split splits key=value pairs.
package split

import "strings"

// Pair splits s at its first '='; it wrongly trims the value's spaces only on the left.
func Pair(s string) (key, value string) {
	key, value, _ = strings.Cut(s, "=")
	return strings.TrimSpace(key), strings.TrimLeft(value, " ")
}
