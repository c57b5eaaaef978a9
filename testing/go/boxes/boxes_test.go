// Package boxes_test checks Box<T> in every position the boxes fixture puts it: a box is T on the
// wire and in Go, so each value must come back from Rust unchanged and Rust must see each field
// where Go put it.
package boxes_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/boxes"
	"uniffi-go.test/internal/testutil"
)

func ptr[T any](v T) *T { return &v }

// Outer has a boxed Inner before its plain Inner, a Payload that exists only boxed, an
// Option<Box<Payload>> and a Vec<Box<Inner>>. Every field holds a value of its own, and the
// expected text is Rust's view of it, so a swap of two fields of one type fails.
func TestBoxedFieldsOfARecord(t *testing.T) {
	many := []boxes.Inner{{Label: "m0", Weight: ptr(0.5)}, {Label: "m1"}, {Label: "m2", Weight: ptr(-3.0)}}
	cases := []struct {
		name string
		v    boxes.Outer
		rust string
	}{
		{
			name: "no optional payload, no items",
			v: boxes.Outer{
				First:   boxes.Inner{Label: "first", Weight: ptr(1.25)},
				Later:   boxes.Inner{Label: `la"ter`},
				Payload: boxes.Payload{Name: "payload", At: time.Unix(1700000000, 123456789).UTC(), Tags: []string{"p1", "p2"}},
				Many:    []boxes.Inner{},
			},
			rust: `first=Inner { label: "first", weight: Some(1.25) } later=Inner { label: "la\"ter", weight: None } ` +
				`payload=payload@1700000000123456789ns["p1", "p2"] maybe=- many=[]`,
		},
		{
			name: "optional payload before 1970, three items",
			v: boxes.Outer{
				First:   boxes.Inner{Label: "eins"},
				Later:   boxes.Inner{Label: "zwei", Weight: ptr(2.0)},
				Payload: boxes.Payload{Name: "p", At: time.Unix(0, 0).UTC(), Tags: []string{}},
				Maybe:   &boxes.Payload{Name: "maybe", At: time.Unix(-86400, 250).UTC(), Tags: []string{"", "é"}},
				Many:    many,
			},
			rust: `first=Inner { label: "eins", weight: None } later=Inner { label: "zwei", weight: Some(2.0) } ` +
				`payload=p@0ns[] maybe=maybe@-86399999999750ns["", "é"] ` +
				`many=[Inner { label: "m0", weight: Some(0.5) }, Inner { label: "m1", weight: None }, Inner { label: "m2", weight: Some(-3.0) }]`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := testutil.Must(boxes.DescribeOuter(tc.v))(t); got != tc.rust {
				t.Errorf("Rust sees\n%s\nwant\n%s", got, tc.rust)
			}
			if got := testutil.Must(boxes.RoundtripOuter(tc.v))(t); !reflect.DeepEqual(got, tc.v) {
				t.Errorf("RoundtripOuter = %+v, want %+v", got, tc.v)
			}
		})
	}
}

// A Box<Payload> as the argument and the result.
func TestBoxAsArgumentAndResult(t *testing.T) {
	cases := []struct {
		name string
		v    boxes.Payload
	}{
		{"empty", boxes.Payload{At: time.Unix(0, 0).UTC(), Tags: []string{}}},
		{"before 1970", boxes.Payload{Name: "old", At: time.Date(1901, 12, 13, 20, 45, 52, 7, time.UTC), Tags: []string{"x"}}},
		{"non-ASCII, many tags", boxes.Payload{Name: "名前", At: time.Date(2262, 4, 11, 23, 47, 16, 854775807, time.UTC), Tags: []string{"a", "", "ç", strings.Repeat("t", 5000)}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := testutil.Must(boxes.RoundtripBoxedPayload(tc.v))(t); !reflect.DeepEqual(got, tc.v) {
				t.Fatalf("RoundtripBoxedPayload = %+v, want %+v", got, tc.v)
			}
		})
	}
}

// Vec<Box<Inner>> and Option<Box<Inner>>: Rust appends the option, when set, to the items.
func TestSequenceAndOptionOfBoxes(t *testing.T) {
	thousand := make([]boxes.Inner, 1000)
	for i := range thousand {
		thousand[i] = boxes.Inner{Label: fmt.Sprintf("box-%d", i)}
		if i%3 != 0 {
			thousand[i].Weight = ptr(float64(i) / 4)
		}
	}
	extra := boxes.Inner{Label: "extra", Weight: ptr(-0.25)}
	cases := []struct {
		name  string
		v     []boxes.Inner
		maybe *boxes.Inner
		want  []boxes.Inner
	}{
		{"nothing", []boxes.Inner{}, nil, []boxes.Inner{}},
		{"only the option", []boxes.Inner{}, &extra, []boxes.Inner{extra}},
		{"nil option", thousand[:3], nil, thousand[:3]},
		{"1000 boxes and the option", thousand, &extra, append(append([]boxes.Inner{}, thousand...), extra)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := testutil.Must(boxes.RoundtripBoxes(tc.v, tc.maybe))(t); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("RoundtripBoxes gave %d items, want %d; first %+v", len(got), len(tc.want), got[:min(len(got), 3)])
			}
		})
	}
}

// goTree is make_tree written in Go: values numbered depth-first, the mirror a copy of the first
// child.
func goTree(depth, width uint32) boxes.TreeNode {
	next := int32(0)
	var build func(depth uint32) boxes.TreeNode
	build = func(depth uint32) boxes.TreeNode {
		next++
		n := boxes.TreeNode{Value: next, Children: []boxes.TreeNode{}}
		if depth > 1 {
			for range width {
				n.Children = append(n.Children, build(depth-1))
			}
		}
		if len(n.Children) > 0 {
			n.Mirror = ptr(n.Children[0])
		}
		return n
	}
	return build(depth)
}

func goSum(n boxes.TreeNode) int64 {
	s := int64(n.Value)
	for _, c := range n.Children {
		s += goSum(c)
	}
	if n.Mirror != nil {
		s += goSum(*n.Mirror)
	}
	return s
}

// Trees built by Rust (recursion through Vec<Box<TreeNode>> and Option<Box<TreeNode>>) lift to
// the tree Go builds the same way, and go back to Rust whole.
func TestTreeBuiltByRust(t *testing.T) {
	cases := []struct{ depth, width uint32 }{{1, 0}, {1, 3}, {2, 3}, {4, 2}, {12, 1}}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("depth %d width %d", tc.depth, tc.width), func(t *testing.T) {
			got := testutil.Must(boxes.MakeTree(tc.depth, tc.width))(t)
			want := goTree(tc.depth, tc.width)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("MakeTree differs from the Go tree (sums %d and %d)", goSum(got), goSum(want))
			}
			if sum := testutil.Must(boxes.TreeSum(got))(t); sum != goSum(want) {
				t.Fatalf("TreeSum = %d, want %d", sum, goSum(want))
			}
			if back := testutil.Must(boxes.RoundtripTree(got))(t); !reflect.DeepEqual(back, want) {
				t.Fatal("RoundtripTree changed the tree")
			}
		})
	}
}

// A tree 50 levels deep built by Go, recursing through the children on even levels and the
// mirror on odd ones, with a leaf of its own value beside each step.
func TestDeepTreeBuiltByGo(t *testing.T) {
	const depth = 50
	tree := boxes.TreeNode{Value: depth, Children: []boxes.TreeNode{}}
	for i := int32(depth - 1); i >= 1; i-- {
		leaf := boxes.TreeNode{Value: -1000 * i, Children: []boxes.TreeNode{}}
		if i%2 == 0 {
			tree = boxes.TreeNode{Value: i, Children: []boxes.TreeNode{tree, leaf}}
		} else {
			tree = boxes.TreeNode{Value: i, Children: []boxes.TreeNode{leaf}, Mirror: ptr(tree)}
		}
	}
	// 1 + ... + 50, and -1000 * (1 + ... + 49).
	const want = 50*51/2 - 1000*49*50/2
	if got := goSum(tree); got != want {
		t.Fatalf("the Go tree sums to %d, want %d", got, want)
	}
	if got := testutil.Must(boxes.TreeSum(tree))(t); got != want {
		t.Fatalf("TreeSum = %d, want %d", got, want)
	}
	if got := testutil.Must(boxes.RoundtripTree(tree))(t); !reflect.DeepEqual(got, tree) {
		t.Fatal("RoundtripTree changed the 50-level tree")
	}
}

// Recursion through an enum: Box<Shape> in a variant, Option<Box<Shape>>, and a record (Label)
// reached only through a box in a variant. The text is Rust's Debug of what it received.
func TestBoxedShapes(t *testing.T) {
	labelled := func(text string, wait time.Duration) boxes.Shape {
		return boxes.ShapeLabelled{Label: boxes.Label{Text: text, Wait: wait}}
	}
	cases := []struct {
		s    boxes.Shape
		rust string
	}{
		{boxes.ShapeDot{}, "Dot"},
		{labelled(`"t"`, 250*time.Millisecond), `Labelled { label: Label { text: "\"t\"", wait: 250ms } }`},
		{boxes.ShapePair{A: boxes.ShapeDot{}, B: labelled("b", 0)}, `Pair { a: Dot, b: Labelled { label: Label { text: "b", wait: 0ns } } }`},
		{boxes.ShapePair{A: labelled("a", 1500*time.Millisecond), B: boxes.ShapeDot{}}, `Pair { a: Labelled { label: Label { text: "a", wait: 1.5s } }, b: Dot }`},
		{boxes.ShapeWrapped{}, "Wrapped { inner: None }"},
		{boxes.ShapeWrapped{Inner: ptr[boxes.Shape](boxes.ShapeDot{})}, "Wrapped { inner: Some(Dot) }"},
		{
			boxes.ShapePair{A: boxes.ShapeWrapped{Inner: ptr[boxes.Shape](labelled("x", time.Second))}, B: boxes.ShapeWrapped{}},
			`Pair { a: Wrapped { inner: Some(Labelled { label: Label { text: "x", wait: 1s } }) }, b: Wrapped { inner: None } }`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.rust, func(t *testing.T) {
			if got := testutil.Must(boxes.DescribeShape(tc.s))(t); got != tc.rust {
				t.Errorf("Rust sees %s", got)
			}
			if got := testutil.Must(boxes.RoundtripShape(tc.s))(t); !reflect.DeepEqual(got, tc.s) {
				t.Errorf("RoundtripShape = %#v, want %#v", got, tc.s)
			}
		})
	}
}

// nested_shape(depth) wraps a labelled pair depth times; Go lifts exactly that shape.
func TestNestedShapeBuiltByRust(t *testing.T) {
	const core = `Pair { a: Dot, b: Labelled { label: Label { text: "deep", wait: 1.5s } } }`
	for _, depth := range []int{0, 1, 50} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			var want boxes.Shape = boxes.ShapePair{
				A: boxes.ShapeDot{},
				B: boxes.ShapeLabelled{Label: boxes.Label{Text: "deep", Wait: 1500 * time.Millisecond}},
			}
			for range depth {
				want = boxes.ShapeWrapped{Inner: ptr(want)}
			}
			got := testutil.Must(boxes.NestedShape(uint32(depth)))(t)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("NestedShape(%d) = %#v", depth, got)
			}
			rust := strings.Repeat("Wrapped { inner: Some(", depth) + core + strings.Repeat(") }", depth)
			if text := testutil.Must(boxes.DescribeShape(got))(t); text != rust {
				t.Fatalf("Rust sees %s", text)
			}
			if back := testutil.Must(boxes.RoundtripShape(got))(t); !reflect.DeepEqual(back, want) {
				t.Fatal("RoundtripShape changed the nested shape")
			}
		})
	}
}
