package p1

import (
	"testing"
	"time"
)

func TestSlow1(t *testing.T) {
	time.Sleep(300 * time.Millisecond)
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}

func TestSlow2(t *testing.T) {
	time.Sleep(300 * time.Millisecond)
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}

func TestSlow3(t *testing.T) {
	time.Sleep(300 * time.Millisecond)
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}

func TestSlow4(t *testing.T) {
	time.Sleep(300 * time.Millisecond)
	if Value() != 42 {
		t.Fatal("Value changed")
	}
}
