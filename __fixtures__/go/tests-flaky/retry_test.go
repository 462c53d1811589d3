package retry

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStable(t *testing.T) {}

// TestFlaky fails on its first run and passes on the next: the first run leaves a marker file in
// os.TempDir() named by GCG_FLAKY_KEY (which the recorder and the integration tests set).
func TestFlaky(t *testing.T) {
	key := os.Getenv("GCG_FLAKY_KEY")
	if key == "" {
		t.Skip("GCG_FLAKY_KEY is not set")
	}
	marker := filepath.Join(os.TempDir(), "gcg-flaky-"+key)
	if _, err := os.Stat(marker); err == nil {
		return
	}
	if err := os.WriteFile(marker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Errorf("first run fails (marker %s written)", filepath.Base(marker))
}
