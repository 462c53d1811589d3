// Package b is the package the trim test builds first and then leaves out.
package b

import "strconv"

// Twice formats 2*n.
func Twice(n int) string { return strconv.Itoa(2 * n) }
