package sleeper

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// Says where it runs, then waits long past any test's patience: the run is cancelled meanwhile.
func TestWaits(t *testing.T) {
	if file := os.Getenv("GCG_PID_FILE"); file != "" {
		_ = os.WriteFile(file, []byte(strconv.Itoa(os.Getpid())), 0o644)
	}
	time.Sleep(2 * time.Minute)
}
