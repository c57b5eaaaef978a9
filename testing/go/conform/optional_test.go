package conform_test

import (
	"testing"

	"uniffi-go.test/generated/conform"
	"uniffi-go.test/internal/testutil"
)

// Where the Rust type is `Option<Arc<T>>` inside a sequence, a map or another option, a nil
// *T is None (not a closed object), both ways.
func TestOptionalObjectsInsideCollections(t *testing.T) {
	expectNodesFreed(t)
	a := newNode(t, "a")
	got, err := conform.NamesOrNone([]*conform.Node{a, nil, a})
	if err != nil || len(got) != 3 || got[1] != nil || got[0] == nil || *got[0] != "a" {
		t.Errorf("NamesOrNone with nil = %v, %v", got, err)
	}
	m, err := conform.DescribeOptionalMap(map[string]*conform.Node{"a": a, "none": nil})
	if err != nil || len(m) != 2 || m[0] != `a=Some("a")` || m[1] != "none=None" {
		t.Errorf("DescribeOptionalMap = %v, %v", m, err)
	}
	var none *conform.Node
	for _, tc := range []struct {
		in   **conform.Node
		want string
	}{{nil, "None"}, {&none, "Some(None)"}, {&a, `Some(Some("a"))`}} {
		if got := testutil.Must(conform.DescribeDoubleOption(tc.in))(t); got != tc.want {
			t.Errorf("DescribeDoubleOption = %q, want %q", got, tc.want)
		}
	}
	back := testutil.Must(conform.WithGaps(a))(t)
	if len(back) != 3 || back[0] != nil || back[2] != nil || back[1] == nil || !testutil.Must(back[1].IsSame(a))(t) {
		t.Errorf("WithGaps = %v", back)
	}
	closeAll(back...)
}
