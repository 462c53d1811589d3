package box

import (
	"runtime"
	"testing"
)

// The -count case: go test -count=N runs each test N times in one test binary, so a package
// counter tells a test which run it is in. Deterministic stand-ins for the intermittent failures
// people hunt with -count. `// mark:` comments name the lines the tests look up.

var sometimesRuns int

// TestSometimes fails in its 2nd and 3rd runs and passes in the others.
func TestSometimes(t *testing.T) {
	sometimesRuns++
	if sometimesRuns == 2 || sometimesRuns == 3 {
		t.Errorf("run %d: got a stale value", sometimesRuns) // mark: fails
	}
}

var racyRuns int

// TestRacySometimes races in its 2nd and 3rd runs: a goroutine sets the box while the test reads
// it. The race detector reports a race once per test binary, so only the 2nd run fails. The
// goroutine signals its write through a flag the detector does not see (//go:norace): the write
// always comes first and the accesses are never ordered for the detector.
func TestRacySometimes(t *testing.T) {
	racyRuns++
	if racyRuns != 2 && racyRuns != 3 {
		return
	}
	var b Box
	written := new(bool)
	done := make(chan struct{})
	go func() {
		b.Set(racyRuns)
		signal(written)
		close(done)
	}()
	await(written)
	_ = b.v // mark: read
	<-done
}

//go:norace
func signal(flag *bool) { *flag = true }

//go:norace
func await(flag *bool) {
	for !*flag {
		runtime.Gosched()
	}
}
