// Package greet greets people.
package greet

// Hello greets name; it forgets the exclamation mark (the bug the tests find).
func Hello(name string) string {
	return "Hello, " + name
}
