package lock

import "testing"

func TestQuick(t *testing.T) {}

func TestStuckA(t *testing.T) {
	t.Parallel()
	Wait(make(chan struct{}))
}

func TestStuckB(t *testing.T) {
	t.Parallel()
	Wait(make(chan struct{}))
}
