package gendoc

import "testing"

// A docstring on the wrong identifier, or cut short, is not accepted.
func TestHasDocstring(t *testing.T) {
	cases := []struct {
		goDoc, rust string
		want        bool
	}{
		{"F - Doc of f.\n", "Doc of f.", true},
		{"F returns the value.\n", "The value.", true},
		{"F is a value.\nMore.\n", "A value.\nMore.", true},
		{"F is a value.\n", "A value.\nMore.", false},
		{"F - Doc of g.\n", "Doc of f.", false},
		{"F - Doc of f.\nOther.\n", "Doc of f.\nMore.", false},
		{"F - Doc of f.\n\nSecond.\n", "Doc of f.\n\nSecond.", true},
	}
	for _, tc := range cases {
		if got := HasDocstring(tc.goDoc, tc.rust); got != tc.want {
			t.Errorf("HasDocstring(%q, %q) = %v", tc.goDoc, tc.rust, got)
		}
	}
}
