package gendoc

import "testing"

// A docstring on the wrong identifier, reworded or cut short, is not accepted.
func TestHasDocstring(t *testing.T) {
	cases := []struct {
		goDoc, rust string
		want        bool
	}{
		{"Package p is a package.\n\nDoc of p.\nMore.\n\nLinking.\n", "Doc of p.\nMore.", true},
		{"Package p is a package.\n\nDoc of p.\n", "Doc of p.\nMore.", false},
		{"Package p is a package.\n\nXDoc of p.\n", "Doc of p.", false},
		{"F - Doc of f.\n", "Doc of f.", false},
	}
	for _, tc := range cases {
		if got := HasDocstring(tc.goDoc, tc.rust); got != tc.want {
			t.Errorf("HasDocstring(%q, %q) = %v", tc.goDoc, tc.rust, got)
		}
	}
}

// Only the two forms the generator writes are accepted.
func TestDocumentsAs(t *testing.T) {
	cases := []struct {
		goDoc, name, rust string
		want              bool
	}{
		{"F calls the Rust function f.\n\nDoc of f.\n", "F", "Doc of f.", true},
		{"F calls the Rust function f.\n\nDoc of f.\n\nSecond.\n", "F", "Doc of f.\n\nSecond.", true},
		{"F calls the Rust function f.\n\nDoc of f.\n", "F", "Doc of f.\nMore.", false},
		{"F calls the Rust function f.\n\nDoc of g.\n", "F", "Doc of f.", false},
		{"G calls the Rust function g.\n\nDoc of f.\n", "F", "Doc of f.", false},
		{"F - Doc of f.\n", "F", "Doc of f.", false},
		{"F returns the value.\n", "F", "f returns the value.", true},
		{"F returns the value.\n", "F", "Returns the value.", false},
		{"F the value.\n", "F", "Returns the value.", false},
		{"EFailed means it failed.\n", "EFailed", "Failed means it failed.", true},
	}
	for _, tc := range cases {
		if got := DocumentsAs(tc.goDoc, tc.name, tc.rust); got != tc.want {
			t.Errorf("DocumentsAs(%q, %q, %q) = %v", tc.goDoc, tc.name, tc.rust, got)
		}
	}
}
