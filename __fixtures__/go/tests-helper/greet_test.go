package greet

import (
	"testing"

	"example.com/testshelper/check"
)

func TestHelloHelper(t *testing.T) {
	check.Equal(t, Hello("Ada"), "Hello, Ada!") // mark: helper
}

func TestHelloNoHelper(t *testing.T) { // mark: nohelper-func
	check.Same(t, Hello("Bob"), "Hello, Bob!")
}
