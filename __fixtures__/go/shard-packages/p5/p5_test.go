package p5

import "testing"

func TestFive(t *testing.T) {
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}
