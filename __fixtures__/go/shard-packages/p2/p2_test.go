package p2

import "testing"

func TestTwo(t *testing.T) {
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}
