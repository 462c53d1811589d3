package registry

import "testing"

// Order-dependent tests: TestLookup relies on TestRegister having run before it. In source order
// they pass. -shuffle=2 runs TestLookup, TestUnrelated, TestRegister: TestLookup fails, and go
// prints `-test.shuffle 2` in the package output (scripts/record-test-output.mjs records that
// seed; the order comes from math/rand seeded with it, the same on every go). -shuffle=1 keeps
// TestRegister before TestLookup and passes. The `// mark:` comment names the failing line for
// the parser tests.

func TestRegister(t *testing.T) {
	Register("json", "encode/json")
}

func TestLookup(t *testing.T) {
	if _, ok := Lookup("json"); !ok {
		t.Errorf("no handler for json") // mark: lookup
	}
}

func TestUnrelated(t *testing.T) {}
