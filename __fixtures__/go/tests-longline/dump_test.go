package dump

import (
	"strings"
	"testing"
)

func TestRow(t *testing.T) {
	got := Row(600)
	if !strings.HasSuffix(got, "cell") {
		t.Errorf("Row(600) = %s, want no trailing comma", got)
	}
}
