package store

import (
	"fmt"
	"os"
	"testing"
)

// TestMain fails the binary after every test passed: its cleanup check fails. No test failed,
// so the failure belongs to the package, and TestMain is where it happens.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		fmt.Println("cleanup: 1 temporary file left behind")
		code = 1
	}
	os.Exit(code)
}
