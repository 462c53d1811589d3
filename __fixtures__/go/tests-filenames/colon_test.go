package filenames

import "testing"

// The tests copy this file to 12:30_test.go (a name Windows cannot check out), which go then
// prints in its failure line.
func TestColon(t *testing.T) {
	at := "12:29"
	if at != "12:30" {
		t.Errorf("at = %s, want 12:30", at)
	}
}
