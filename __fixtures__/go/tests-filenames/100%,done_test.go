package filenames

import "testing"

func TestPercentComma(t *testing.T) {
	done := 99
	if done != 100 {
		t.Errorf("done = %d%%, want 100%%", done)
	}
}
