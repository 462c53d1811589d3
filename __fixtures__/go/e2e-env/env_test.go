package envcheck

import (
	"os"
	"strings"
	"testing"
)

// A pull request's test must not see the action's inputs, the runner's tokens or the step's
// file commands; a variable the workflow set for the step still reaches it.
func TestSeesNoSecrets(t *testing.T) {
	withheld := map[string]bool{
		"GITHUB_ENV": true, "GITHUB_OUTPUT": true, "GITHUB_STATE": true,
		"GITHUB_PATH": true, "GITHUB_STEP_SUMMARY": true,
	}
	for _, entry := range os.Environ() {
		name, _, _ := strings.Cut(entry, "=")
		upper := strings.ToUpper(name)
		if withheld[upper] || strings.HasPrefix(upper, "INPUT_") ||
			strings.HasPrefix(upper, "ACTIONS_") || strings.HasPrefix(upper, "STATE_") {
			t.Errorf("the test sees %s", name) // mark: sees
		}
	}
	if os.Getenv("GCG_WORKFLOW_VARIABLE") != "kept" {
		t.Error("GCG_WORKFLOW_VARIABLE, set by the workflow, did not reach the test")
	}
}
