package dump

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// size is what each test prints without a newline: a multiple of 4 KiB, the size of the reads
// of test2json (which then misses the test's --- PASS line). 12 KiB, or GCG_UNTERMINATED_BYTES.
func size() int {
	if n, err := strconv.Atoi(os.Getenv("GCG_UNTERMINATED_BYTES")); err == nil {
		return n
	}
	return 3 << 12
}

func TestDump(t *testing.T) {
	os.Stdout.WriteString(strings.Repeat("x", size()))
}

func TestDumpThenFail(t *testing.T) {
	os.Stdout.WriteString(strings.Repeat("y", size()))
	t.Fail()
}

func TestAfter(t *testing.T) {}
