package beta

import "testing"

func TestC01(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC01: Answer() = %d, want 42", got)
	}
}

func TestC02(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC02: Answer() = %d, want 42", got)
	}
}

func TestC03(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC03: Answer() = %d, want 42", got)
	}
}

func TestC04(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC04: Answer() = %d, want 42", got)
	}
}

func TestC05(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC05: Answer() = %d, want 42", got)
	}
}

func TestC06(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC06: Answer() = %d, want 42", got)
	}
}

func TestC07(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC07: Answer() = %d, want 42", got)
	}
}

func TestC08(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC08: Answer() = %d, want 42", got)
	}
}

func TestC09(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC09: Answer() = %d, want 42", got)
	}
}

func TestC10(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC10: Answer() = %d, want 42", got)
	}
}

func TestC11(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC11: Answer() = %d, want 42", got)
	}
}

func TestC12(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC12: Answer() = %d, want 42", got)
	}
}

func TestC13(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC13: Answer() = %d, want 42", got)
	}
}

func TestC14(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC14: Answer() = %d, want 42", got)
	}
}

func TestC15(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC15: Answer() = %d, want 42", got)
	}
}

func TestC16(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC16: Answer() = %d, want 42", got)
	}
}

func TestC17(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC17: Answer() = %d, want 42", got)
	}
}

func TestC18(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC18: Answer() = %d, want 42", got)
	}
}

func TestC19(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC19: Answer() = %d, want 42", got)
	}
}

func TestC20(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC20: Answer() = %d, want 42", got)
	}
}

func TestC21(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC21: Answer() = %d, want 42", got)
	}
}

func TestC22(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC22: Answer() = %d, want 42", got)
	}
}

func TestC23(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC23: Answer() = %d, want 42", got)
	}
}

func TestC24(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC24: Answer() = %d, want 42", got)
	}
}

func TestC25(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC25: Answer() = %d, want 42", got)
	}
}

func TestC26(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC26: Answer() = %d, want 42", got)
	}
}

func TestC27(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC27: Answer() = %d, want 42", got)
	}
}

func TestC28(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC28: Answer() = %d, want 42", got)
	}
}

func TestC29(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC29: Answer() = %d, want 42", got)
	}
}

func TestC30(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestC30: Answer() = %d, want 42", got)
	}
}
