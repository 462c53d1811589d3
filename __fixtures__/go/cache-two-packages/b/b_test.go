package b

import "testing"

func TestTwice(t *testing.T) {
	if got := Twice(21); got != "42" {
		t.Fatalf("Twice(21) = %q, want 42", got)
	}
}
