package cache

import (
	"os"
	"sync"
	"testing"
)

func TestHit(t *testing.T) {
	Hit()
}

// TestMain races after the tests ran: the report lands after the package's PASS.
func TestMain(m *testing.M) {
	code := m.Run()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Hit()
		}()
	}
	wg.Wait()
	os.Exit(code)
}
