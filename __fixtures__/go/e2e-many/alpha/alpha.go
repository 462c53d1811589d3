// Package alpha is one of the two packages whose tests all fail.
package alpha

// Answer is what every test expects and never gets.
func Answer() int { return 41 }
