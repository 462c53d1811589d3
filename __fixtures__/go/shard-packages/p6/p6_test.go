package p6

import "testing"

func TestFine(t *testing.T) {
	if Value() == 0 {
		t.Fatal("zero")
	}
}

func TestBroken(t *testing.T) {
	if got := Value(); got != 42 {
		t.Errorf("Value() = %d, want 42", got)
	}
}
