package killself

import (
	"os"
	"syscall"
	"testing"
)

func TestBefore(t *testing.T) {}

// The test binary dies with SIGKILL while this test runs: go prints "signal: killed" in it.
func TestKillsItself(t *testing.T) { // mark: kills itself
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
}

func TestAfter(t *testing.T) {}
