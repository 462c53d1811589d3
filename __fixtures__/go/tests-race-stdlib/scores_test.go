package scores

import (
	"runtime"
	"slices"
	"testing"
)

// TestContains races with the standard library: the test goroutine writes s[1] while another
// goroutine reads s in slices.Contains. The reading goroutine waits for the write through a flag
// the race detector does not see (it is touched only in //go:norace functions), so the two
// accesses are never ordered for the detector yet always come in the same order: the read in
// slices.Index (GOROOT) is the current access, the write the previous one. The `// mark:`
// comments name the lines the parser tests look up.
func TestContains(t *testing.T) {
	s := []int{1, 2, 3}
	found := make(chan bool)
	go func() {
		awaitWrite()
		found <- slices.Contains(s, 5) // mark: read
	}()
	s[1] = 5 // mark: write
	wrote()
	if !<-found {
		t.Error("slices.Contains did not see the write")
	}
	if got := Top(s); got != 5 {
		t.Errorf("Top = %d, want 5", got)
	}
}

var written bool

//go:norace
func wrote() { written = true }

//go:norace
func awaitWrite() {
	for !written {
		runtime.Gosched()
	}
}
