package shape

import "testing"

func TestSquare(t *testing.T) {
	if got := Square(3); got != 9 {
		t.Errorf("Square(3) = %d, want 9", got)
	}
}
