package calc

import "testing"

func TestAddPositive(t *testing.T) {
	t.Attr("owner", "calc")
	if got := Add(1, 2); got != 3 {
		t.Errorf("Add(1, 2) = %d, want 3", got)
	}
}

func TestAddNegative(t *testing.T) {
	if got := Add(-1, 2); got != 1 {
		t.Errorf("Add(-1, 2) = %d, want 1", got)
	}
}

func TestAddTable(t *testing.T) {
	t.Run("zero", func(t *testing.T) {
		if got := Add(0, 0); got != 0 {
			t.Errorf("Add(0, 0) = %d, want 0", got)
		}
	})
	t.Run("negative", func(t *testing.T) {
		if got := Add(-2, -3); got != -5 {
			t.Errorf("Add(-2, -3) = %d, want -5", got)
		}
	})
}
