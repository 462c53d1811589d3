package alpha

import "testing"

func TestA01(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA01: Answer() = %d, want 42", got)
	}
}

func TestA02(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA02: Answer() = %d, want 42", got)
	}
}

func TestA03(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA03: Answer() = %d, want 42", got)
	}
}

func TestA04(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA04: Answer() = %d, want 42", got)
	}
}

func TestA05(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA05: Answer() = %d, want 42", got)
	}
}

func TestA06(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA06: Answer() = %d, want 42", got)
	}
}

func TestA07(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA07: Answer() = %d, want 42", got)
	}
}

func TestA08(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA08: Answer() = %d, want 42", got)
	}
}

func TestA09(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA09: Answer() = %d, want 42", got)
	}
}

func TestA10(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA10: Answer() = %d, want 42", got)
	}
}

func TestA11(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA11: Answer() = %d, want 42", got)
	}
}

func TestA12(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA12: Answer() = %d, want 42", got)
	}
}

func TestA13(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA13: Answer() = %d, want 42", got)
	}
}

func TestA14(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA14: Answer() = %d, want 42", got)
	}
}

func TestA15(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA15: Answer() = %d, want 42", got)
	}
}

func TestA16(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA16: Answer() = %d, want 42", got)
	}
}

func TestA17(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA17: Answer() = %d, want 42", got)
	}
}

func TestA18(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA18: Answer() = %d, want 42", got)
	}
}

func TestA19(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA19: Answer() = %d, want 42", got)
	}
}

func TestA20(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA20: Answer() = %d, want 42", got)
	}
}

func TestA21(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA21: Answer() = %d, want 42", got)
	}
}

func TestA22(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA22: Answer() = %d, want 42", got)
	}
}

func TestA23(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA23: Answer() = %d, want 42", got)
	}
}

func TestA24(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA24: Answer() = %d, want 42", got)
	}
}

func TestA25(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA25: Answer() = %d, want 42", got)
	}
}

func TestA26(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA26: Answer() = %d, want 42", got)
	}
}

func TestA27(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA27: Answer() = %d, want 42", got)
	}
}

func TestA28(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA28: Answer() = %d, want 42", got)
	}
}

func TestA29(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA29: Answer() = %d, want 42", got)
	}
}

func TestA30(t *testing.T) {
	if got := Answer(); got != 42 {
		t.Errorf("TestA30: Answer() = %d, want 42", got)
	}
}
