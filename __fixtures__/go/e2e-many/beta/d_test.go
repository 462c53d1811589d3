package beta

import "testing"

func TestD01(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD01: Answer() = %d, want 42", got)
	}
}

func TestD02(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD02: Answer() = %d, want 42", got)
	}
}

func TestD03(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD03: Answer() = %d, want 42", got)
	}
}

func TestD04(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD04: Answer() = %d, want 42", got)
	}
}

func TestD05(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD05: Answer() = %d, want 42", got)
	}
}

func TestD06(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD06: Answer() = %d, want 42", got)
	}
}

func TestD07(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD07: Answer() = %d, want 42", got)
	}
}

func TestD08(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD08: Answer() = %d, want 42", got)
	}
}

func TestD09(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD09: Answer() = %d, want 42", got)
	}
}

func TestD10(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD10: Answer() = %d, want 42", got)
	}
}

func TestD11(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD11: Answer() = %d, want 42", got)
	}
}

func TestD12(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD12: Answer() = %d, want 42", got)
	}
}

func TestD13(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD13: Answer() = %d, want 42", got)
	}
}

func TestD14(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD14: Answer() = %d, want 42", got)
	}
}

func TestD15(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD15: Answer() = %d, want 42", got)
	}
}

func TestD16(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD16: Answer() = %d, want 42", got)
	}
}

func TestD17(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD17: Answer() = %d, want 42", got)
	}
}

func TestD18(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD18: Answer() = %d, want 42", got)
	}
}

func TestD19(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD19: Answer() = %d, want 42", got)
	}
}

func TestD20(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD20: Answer() = %d, want 42", got)
	}
}

func TestD21(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD21: Answer() = %d, want 42", got)
	}
}

func TestD22(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD22: Answer() = %d, want 42", got)
	}
}

func TestD23(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD23: Answer() = %d, want 42", got)
	}
}

func TestD24(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD24: Answer() = %d, want 42", got)
	}
}

func TestD25(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD25: Answer() = %d, want 42", got)
	}
}

func TestD26(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD26: Answer() = %d, want 42", got)
	}
}

func TestD27(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD27: Answer() = %d, want 42", got)
	}
}

func TestD28(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD28: Answer() = %d, want 42", got)
	}
}

func TestD29(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD29: Answer() = %d, want 42", got)
	}
}

func TestD30(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestD30: Answer() = %d, want 42", got)
	}
}
