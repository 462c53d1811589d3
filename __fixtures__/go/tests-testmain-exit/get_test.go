package store

import "testing"

func TestGet(t *testing.T) {
	if got := Get(map[string]int{"a": 1}, "a"); got != 1 {
		t.Errorf("Get = %d, want 1", got)
	}
}
