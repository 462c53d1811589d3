package size

import "testing"

func TestBytes(t *testing.T) {
	if got := Bytes(3); got != "3B" {
		t.Errorf("Bytes(3) = %q, want 3B", got)
	}
}
