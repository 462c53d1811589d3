package parse

import "testing"

func TestInt(t *testing.T) {
	got, err := Int("42")
	if err != nil || got != want {
		t.Errorf("Int(42) = %d, %v", got, err)
	}
}
