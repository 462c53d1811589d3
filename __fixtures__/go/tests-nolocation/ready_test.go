package ready

import "testing"

func TestReady(t *testing.T) {
	if !Ready() {
		t.Fail()
	}
}
