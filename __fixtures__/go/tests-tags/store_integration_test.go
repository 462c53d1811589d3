//go:build integration

package store

import "testing"

// TestGetSeeded runs only with -tags integration, and fails. The `// mark:` comment names the
// line for the parser tests.
func TestGetSeeded(t *testing.T) {
	if _, ok := Get("seed"); !ok {
		t.Errorf("Get(seed) found nothing") // mark: tagged
	}
}
