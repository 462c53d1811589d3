package hostile

import "testing"

// What a test prints reaches the log: a runner acts on any line of it that reads as a
// workflow command, unless the gate makes it safe.
func TestHostile(t *testing.T) {
	t.Log("::set-output name=result::pass")
	t.Error("boom\n::set-output name=result::pass\n::add-path::/evil\n##[set-output name=result;]pass\n::error::pwned")
}
