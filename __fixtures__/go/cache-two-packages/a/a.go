// Package a is one of two independent packages whose build cache entries the trim test tells apart.
package a

import "strings"

// Shout upper-cases s and adds an exclamation mark.
func Shout(s string) string { return strings.ToUpper(s) + "!" }
