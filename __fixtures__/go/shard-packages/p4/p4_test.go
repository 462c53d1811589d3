package p4

import "testing"

func TestFour(t *testing.T) {
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}
