package store

import "testing"

func TestGetMissing(t *testing.T) {
	if _, ok := Get("nope"); ok {
		t.Error("Get(nope) found a value")
	}
}
