package collections_test

import (
	"maps"
	"reflect"
	"strconv"
	"testing"

	"uniffi-go.test/generated/collections"
	"uniffi-go.test/internal/testutil"
)

func TestStringSetRoundTrip(t *testing.T) {
	for _, size := range []int{0, 1, 3, 10000} {
		in := make(map[string]struct{}, size)
		for i := range size {
			in["item-"+strconv.Itoa(i)+"-é"] = struct{}{}
		}
		out := testutil.Must(collections.RoundtripStringSet(in))(t)
		if !maps.Equal(in, out) {
			t.Fatalf("size %d: got %d items back, want %d", size, len(out), len(in))
		}
		if got, err := collections.SetLen(in); err != nil || got != uint32(size) {
			t.Fatalf("SetLen = %d, %v; want %d", got, err, size)
		}
	}
}

func TestI32SetKeepsExtremes(t *testing.T) {
	in := map[int32]struct{}{-2147483648: {}, -1: {}, 0: {}, 2147483647: {}}
	if out := testutil.Must(collections.RoundtripI32Set(in))(t); !maps.Equal(in, out) {
		t.Fatalf("got %v, want %v", out, in)
	}
}

func TestNestedOptionKeepsAllThreeShapes(t *testing.T) {
	seven := int32(7)
	pSeven := &seven
	var nilInner *int32
	cases := []struct {
		name string
		in   **int32
		want string
	}{
		{"none", nil, "none"},
		{"some(none)", &nilInner, "some(none)"},
		{"some(some)", &pSeven, "some(some(7))"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := collections.DescribeNestedOption(tc.in); err != nil || got != tc.want {
				t.Fatalf("Rust saw %q, %v; want %q", got, err, tc.want)
			}
			out := testutil.Must(collections.RoundtripNestedOption(tc.in))(t)
			switch {
			case tc.in == nil:
				if out != nil {
					t.Fatalf("want nil, got %v", out)
				}
			case *tc.in == nil:
				if out == nil || *out != nil {
					t.Fatalf("want pointer to nil, got %v", out)
				}
			default:
				if out == nil || *out == nil || **out != **tc.in {
					t.Fatalf("want %d back", **tc.in)
				}
			}
		})
	}
}

func TestBytesKeyedMap(t *testing.T) {
	in := map[string]uint64{"": 1, "\x00\xff": 2, string([]byte{0xc3, 0x28}): 3, "plain": 18446744073709551615}
	if out := testutil.Must(collections.RoundtripBytesMap(in))(t); !maps.Equal(in, out) {
		t.Fatalf("got %v, want %v", out, in)
	}
}

func TestNestedSequences(t *testing.T) {
	in := []*[]string{nil, {}, {"a", "", "ü"}}
	out := testutil.Must(collections.RoundtripNestedSequences(in))(t)
	if len(out) != 3 || out[0] != nil || out[1] == nil || len(*out[1]) != 0 {
		t.Fatalf("shape lost: %#v", out)
	}
	if !reflect.DeepEqual(*out[2], *in[2]) {
		t.Fatalf("got %v, want %v", *out[2], *in[2])
	}
}

func TestDerivedRecord(t *testing.T) {
	f := false
	pf := &f
	in := collections.Inventory{
		Labels: map[string]struct{}{"x": {}, "y": {}},
		Counts: map[string][]uint32{"a": {1, 2, 4294967295}, "empty": {}},
		Maybe:  &pf,
	}
	out := testutil.Must(collections.RoundtripInventory(in))(t)
	if !maps.Equal(in.Labels, out.Labels) {
		t.Fatalf("labels: got %v", out.Labels)
	}
	if !reflect.DeepEqual(in.Counts, out.Counts) {
		t.Fatalf("counts: got %v", out.Counts)
	}
	if out.Maybe == nil || *out.Maybe == nil || **out.Maybe != false {
		t.Fatalf("maybe: got %v", out.Maybe)
	}
}
