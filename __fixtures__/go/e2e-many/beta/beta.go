// Package beta is the other package whose tests all fail.
package beta

// Answer is what every test expects and never gets.
func Answer() int { return 41 }
