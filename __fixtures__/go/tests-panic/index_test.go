package index

import "testing"

func TestCount(t *testing.T) {
	counts := map[string]int{}
	Count(counts, "a", "b", "a")
	if counts["a"] != 2 {
		t.Errorf("counts[a] = %d, want 2", counts["a"])
	}
}

// TestSeed panics in the test itself: a write to a nil map. The `// mark:` comment names the
// line for the parser tests.
func TestSeed(t *testing.T) {
	var seeded map[string]int
	seeded["a"] = 1 // mark: panic
	Count(seeded, "a")
}

func TestAfter(t *testing.T) {}
