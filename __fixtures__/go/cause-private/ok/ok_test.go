package ok

import "testing"

func TestID(t *testing.T) {
	if len(ID()) != 36 {
		t.Fatal("not a UUID")
	}
}
