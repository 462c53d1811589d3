//go:build e2e

package e2e

import (
	"fmt"
	"testing"
)

func TestName(t *testing.T) {
	t.Log(fmt.Sprintf("%d", Name())) // VET-ERROR e2e
}
