package worker

import (
	"testing"
	"time"
)

func TestFirst(t *testing.T) {
	if got := First(&Job{Items: []string{"a"}}); got != "a" {
		t.Errorf("First = %q, want a", got)
	}
}

func TestBackground(t *testing.T) {
	done := make(chan string)
	Start(func() { done <- First(&Job{}) })
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
}
