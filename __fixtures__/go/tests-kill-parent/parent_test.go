package killparent

import (
	"os"
	"syscall"
	"testing"
)

// The go command that runs this binary dies with SIGKILL, as under the out-of-memory killer or a
// runner watchdog: go prints no result for the package, and exits with no status.
func TestKillsGo(t *testing.T) { // mark: kills go
	_ = syscall.Kill(os.Getppid(), syscall.SIGKILL)
}
