package lazy

import (
	"runtime"
	"testing"
)

// TestLazyBuild reads the core while another goroutine builds it, once through Log and once
// through Check: two race reports with the same read (the current access) and the same write in
// build (the previous one), reached through two different stacks. The goroutine signals the write
// through a flag the race detector does not see (//go:norace), so the accesses always come in
// that order and are never ordered for the detector. `// mark:` comments name the lines the tests
// look up.
func TestLazyBuild(t *testing.T) {
	for _, use := range []func(*Logger){
		func(l *Logger) { l.Log("hello") },
		func(l *Logger) { l.Check("hello") },
	} {
		l := New("a", "b")
		built := new(bool)
		done := make(chan struct{})
		go func() {
			use(l)
			signal(built)
			close(done)
		}()
		await(built)
		if len(l.core) != 2 { // mark: read
			t.Errorf("core has %d fields, want 2", len(l.core))
		}
		<-done
	}
}

//go:norace
func signal(flag *bool) { *flag = true }

//go:norace
func await(flag *bool) {
	for !*flag {
		runtime.Gosched()
	}
}
