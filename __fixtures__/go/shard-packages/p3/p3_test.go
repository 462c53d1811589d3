package p3

import "testing"

func TestThree(t *testing.T) {
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}

func TestThreeMore(t *testing.T) {
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}
