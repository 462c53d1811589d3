package split

import "testing"

// Four parallel subtests; "trailing" and "both" fail, each at the t.Errorf line below, with its
// own message. The `// mark:` comment names that line for the parser tests.
func TestPair(t *testing.T) {
	cases := []struct{ name, in, key, value string }{
		{"plain", "a=b", "a", "b"},
		{"trailing", "a=b ", "a", "b"},
		{"leading", "a= b", "a", "b"},
		{"both", " a = b ", "a", "b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if key, value := Pair(c.in); key != c.key || value != c.value {
				t.Errorf("Pair(%q) = %q, %q, want %q, %q", c.in, key, value, c.key, c.value) // mark: errorf
			}
		})
	}
}
