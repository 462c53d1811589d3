package alpha

import "testing"

func TestB01(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB01: Answer() = %d, want 42", got)
	}
}

func TestB02(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB02: Answer() = %d, want 42", got)
	}
}

func TestB03(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB03: Answer() = %d, want 42", got)
	}
}

func TestB04(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB04: Answer() = %d, want 42", got)
	}
}

func TestB05(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB05: Answer() = %d, want 42", got)
	}
}

func TestB06(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB06: Answer() = %d, want 42", got)
	}
}

func TestB07(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB07: Answer() = %d, want 42", got)
	}
}

func TestB08(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB08: Answer() = %d, want 42", got)
	}
}

func TestB09(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB09: Answer() = %d, want 42", got)
	}
}

func TestB10(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB10: Answer() = %d, want 42", got)
	}
}

func TestB11(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB11: Answer() = %d, want 42", got)
	}
}

func TestB12(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB12: Answer() = %d, want 42", got)
	}
}

func TestB13(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB13: Answer() = %d, want 42", got)
	}
}

func TestB14(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB14: Answer() = %d, want 42", got)
	}
}

func TestB15(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB15: Answer() = %d, want 42", got)
	}
}

func TestB16(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB16: Answer() = %d, want 42", got)
	}
}

func TestB17(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB17: Answer() = %d, want 42", got)
	}
}

func TestB18(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB18: Answer() = %d, want 42", got)
	}
}

func TestB19(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB19: Answer() = %d, want 42", got)
	}
}

func TestB20(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB20: Answer() = %d, want 42", got)
	}
}

func TestB21(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB21: Answer() = %d, want 42", got)
	}
}

func TestB22(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB22: Answer() = %d, want 42", got)
	}
}

func TestB23(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB23: Answer() = %d, want 42", got)
	}
}

func TestB24(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB24: Answer() = %d, want 42", got)
	}
}

func TestB25(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB25: Answer() = %d, want 42", got)
	}
}

func TestB26(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB26: Answer() = %d, want 42", got)
	}
}

func TestB27(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB27: Answer() = %d, want 42", got)
	}
}

func TestB28(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB28: Answer() = %d, want 42", got)
	}
}

func TestB29(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB29: Answer() = %d, want 42", got)
	}
}

func TestB30(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestB30: Answer() = %d, want 42", got)
	}
}
