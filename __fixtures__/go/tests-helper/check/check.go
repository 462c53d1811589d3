// Package check has testify-style assertions. The `// mark: <name>` comments name lines the
// parser tests look up.
package check

import "testing"

// Equal fails the test when got != want. It calls t.Helper, so the testing package reports the
// failure at the caller's line.
func Equal(t testing.TB, got, want any) {
	t.Helper()
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
}

// Same is Equal without t.Helper: the failure is reported here, in check.go, a file outside the
// package under test.
func Same(t testing.TB, got, want any) {
	if got != want {
		t.Errorf("got %v, want %v", got, want) // mark: same
	}
}
