package box

import "testing"

// TestAlways passes in every run.
func TestAlways(t *testing.T) {
	var b Box
	b.Set(1)
	if b.v != 1 {
		t.Errorf("v = %d, want 1", b.v)
	}
}
