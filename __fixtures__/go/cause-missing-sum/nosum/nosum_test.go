package nosum

import "testing"

func TestID(t *testing.T) {
	if ID() == "" {
		t.Fatal("empty")
	}
}
