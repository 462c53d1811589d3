package label

import "testing"

func TestFor(t *testing.T) {
	if got := For(1); got == "" {
		t.Error("empty label")
	}
}
