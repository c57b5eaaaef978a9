package features_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"uniffi-go.test/generated/featureset"
	"uniffi-go.test/internal/testutil"
)

// Rust sends the 1-based variant index on the wire, never the discriminant: a Go side that sent
// `3` for A (discriminant 3) would make Rust see C (the third variant), and 255 would be
// rejected.
func TestExplicitDiscriminantsKeepTheVariantIndexOnTheWire(t *testing.T) {
	cases := []struct {
		v     featureset.Discriminated
		name  string
		discr uint8
	}{
		{featureset.DiscriminatedA, "A", 3},
		{featureset.DiscriminatedB, "B", 10},
		{featureset.DiscriminatedC, "C", 11},
		{featureset.DiscriminatedD, "D", 255},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.String(); got != tc.name {
				t.Fatalf("String() = %q, want %q", got, tc.name)
			}
			if got := testutil.Must(featureset.RoundtripDiscriminated(tc.v))(t); got != tc.v {
				t.Fatalf("RoundtripDiscriminated(%v) = %v", tc.v, got)
			}
			// Rust sees the right variant: its `v as u8` is the declared discriminant.
			if got := testutil.Must(featureset.DiscriminatedValue(tc.v))(t); got != tc.discr {
				t.Fatalf("Rust saw discriminant %d for %v, want %d", got, tc.v, tc.discr)
			}
			// And Rust's variant comes back as the right Go constant.
			got := testutil.Must(featureset.DiscriminatedFromValue(tc.discr))(t)
			if got == nil || *got != tc.v {
				t.Fatalf("DiscriminatedFromValue(%d) = %v, want %v", tc.discr, got, tc.v)
			}
		})
	}
	if got := testutil.Must(featureset.DiscriminatedFromValue(4))(t); got != nil {
		t.Fatalf("DiscriminatedFromValue(4) = %v, want nil", *got)
	}
	all := testutil.Must(featureset.DiscriminatedAll())(t)
	want := []featureset.Discriminated{featureset.DiscriminatedA, featureset.DiscriminatedB, featureset.DiscriminatedC, featureset.DiscriminatedD}
	if !reflect.DeepEqual(all, want) {
		t.Fatalf("DiscriminatedAll() = %v, want %v", all, want)
	}
}

func TestNegativeDiscriminants(t *testing.T) {
	cases := []struct {
		v     featureset.Signed
		name  string
		discr int16
	}{
		{featureset.SignedNegative, "Negative", -300},
		{featureset.SignedZero, "Zero", 0},
		{featureset.SignedPositive, "Positive", 300},
	}
	for _, tc := range cases {
		if got := tc.v.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
		if got := testutil.Must(featureset.RoundtripSigned(tc.v))(t); got != tc.v {
			t.Errorf("RoundtripSigned(%v) = %v", tc.v, got)
		}
		if got := testutil.Must(featureset.SignedValue(tc.v))(t); got != tc.discr {
			t.Errorf("Rust saw discriminant %d for %v, want %d", got, tc.v, tc.discr)
		}
	}
}

// Discriminated enums inside a record, a sequence, an option and a map are written by the Go
// writer rather than passed as scalars: the same rule holds there.
func TestDiscriminatedEnumsInsideBuffers(t *testing.T) {
	in := featureset.DiscriminatedHolder{
		First:  featureset.DiscriminatedA,
		Others: []featureset.Discriminated{featureset.DiscriminatedB, featureset.DiscriminatedC},
		Maybe:  ptr(featureset.SignedNegative),
		ByName: map[string]featureset.Discriminated{"x": featureset.DiscriminatedD, "w": featureset.DiscriminatedA},
	}
	const want = "first=A(3) others=[B(10),C(11)] maybe=Negative(-300) by_name={w:A(3),x:D(255)}"
	if got := testutil.Must(featureset.DescribeDiscriminatedHolder(in))(t); got != want {
		t.Fatalf("Rust saw %q, want %q", got, want)
	}
	if got := testutil.Must(featureset.RoundtripDiscriminatedHolder(in))(t); !reflect.DeepEqual(got, in) {
		t.Fatalf("RoundtripDiscriminatedHolder = %+v, want %+v", got, in)
	}
	empty := featureset.DiscriminatedHolder{First: featureset.DiscriminatedD}
	if got := testutil.Must(featureset.DescribeDiscriminatedHolder(empty))(t); got != "first=D(255) others=[] maybe=none by_name={}" {
		t.Fatalf("Rust saw %q", got)
	}
}

func TestDataEnumWithExplicitDiscriminants(t *testing.T) {
	cases := []struct {
		v    featureset.TaggedData
		want string
	}{
		{featureset.TaggedDataSmall{V: 255}, "Small:7:255"},
		{featureset.TaggedDataLarge{V: 1<<64 - 1}, "Large:42:18446744073709551615"},
		{featureset.TaggedDataNothing{}, "Nothing:200"},
		{featureset.TaggedDataNamed{Name: "n"}, "Named:201:n"},
	}
	for _, tc := range cases {
		if got := testutil.Must(featureset.DescribeTaggedData(tc.v))(t); got != tc.want {
			t.Errorf("Rust saw %q for %#v, want %q", got, tc.v, tc.want)
		}
		if got := testutil.Must(featureset.RoundtripTaggedData(tc.v))(t); !reflect.DeepEqual(got, tc.v) {
			t.Errorf("RoundtripTaggedData(%#v) = %#v", tc.v, got)
		}
	}
}

func TestNonExhaustiveEnums(t *testing.T) {
	for _, tc := range []struct {
		v    featureset.OpenFlat
		name string
	}{
		{featureset.OpenFlatFirst, "First"},
		{featureset.OpenFlatSecond, "Second"},
		{featureset.OpenFlatThird, "Third"},
	} {
		if got := testutil.Must(featureset.RoundtripOpenFlat(tc.v))(t); got != tc.v {
			t.Errorf("RoundtripOpenFlat(%v) = %v", tc.v, got)
		}
		if got := testutil.Must(featureset.OpenFlatName(tc.v))(t); got != tc.name {
			t.Errorf("Rust saw %q, want %q", got, tc.name)
		}
		if got := tc.v.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
	}
	for _, tc := range []struct {
		v    featureset.OpenData
		want string
	}{
		{featureset.OpenDataText{Text: "héllo"}, "Text(héllo)"},
		{featureset.OpenDataNumber{Number: -7}, "Number(-7)"},
		{featureset.OpenDataNothing{}, "Nothing"},
	} {
		if got := testutil.Must(featureset.DescribeOpenData(tc.v))(t); got != tc.want {
			t.Errorf("Rust saw %q, want %q", got, tc.want)
		}
		if got := testutil.Must(featureset.RoundtripOpenData(tc.v))(t); !reflect.DeepEqual(got, tc.v) {
			t.Errorf("RoundtripOpenData(%#v) = %#v", tc.v, got)
		}
	}
	// A value outside the known variants is refused by Rust, not misread.
	_, err := featureset.RoundtripOpenFlat(featureset.OpenFlat(4))
	testutil.As[*featureset.InternalError](t, "RoundtripOpenFlat(OpenFlat(4))", err)
}

func num(v int64) featureset.Expr { return featureset.ExprNum{V: v} }

// evalGo evaluates an expression in Go, as a cross-check of Rust's answer.
func evalGo(e featureset.Expr) int64 {
	switch e := e.(type) {
	case featureset.ExprNum:
		return e.V
	case featureset.ExprNeg:
		return -evalGo(e.E)
	case featureset.ExprAdd:
		return evalGo(e.L) + evalGo(e.R)
	case featureset.ExprMul:
		return evalGo(e.L) * evalGo(e.R)
	case featureset.ExprSum:
		var s int64
		for _, term := range e.Terms {
			s += evalGo(term)
		}
		return s
	case featureset.ExprMaybe:
		if e.E == nil {
			return 0
		}
		return evalGo(*e.E)
	}
	panic(fmt.Sprintf("unknown expression %T", e))
}

func TestRecursiveEnumEvaluatedInRust(t *testing.T) {
	// (1 + (2 * -3))
	small := featureset.ExprAdd{L: num(1), R: featureset.ExprMul{L: num(2), R: featureset.ExprNeg{E: num(3)}}}
	cases := []struct {
		e    featureset.Expr
		show string
		val  int64
	}{
		{num(42), "42", 42},
		{small, "(1 + (2 * -3))", -5},
		// Empty sequences come back empty, not nil: write them empty so DeepEqual compares them.
		{featureset.ExprSum{Terms: []featureset.Expr{small, num(10), featureset.ExprSum{Terms: []featureset.Expr{}}}}, "sum[(1 + (2 * -3)), 10, sum[]]", 5},
		{featureset.ExprMaybe{}, "maybe()", 0},
		{featureset.ExprMaybe{E: ptr[featureset.Expr](small)}, "maybe((1 + (2 * -3)))", -5},
		{featureset.ExprNeg{E: num(-9223372036854775808)}, "--9223372036854775808", -9223372036854775808},
	}
	for _, tc := range cases {
		t.Run(tc.show, func(t *testing.T) {
			if got := testutil.Must(featureset.ShowExpr(tc.e))(t); got != tc.show {
				t.Fatalf("Rust saw %q, want %q", got, tc.show)
			}
			if got := testutil.Must(featureset.EvalExpr(tc.e))(t); got != tc.val || got != evalGo(tc.e) {
				t.Fatalf("EvalExpr = %d, want %d", got, tc.val)
			}
			if got := testutil.Must(featureset.RoundtripExpr(tc.e))(t); !reflect.DeepEqual(got, tc.e) {
				t.Fatalf("RoundtripExpr = %#v, want %#v", got, tc.e)
			}
		})
	}
}

func TestDeepRecursiveEnum(t *testing.T) {
	// Built by Rust: 0 + 1 + ... + n, n levels deep.
	const n = 2000
	chain := testutil.Must(featureset.MakeSumChain(n))(t)
	if got := evalGo(chain); got != n*(n+1)/2 {
		t.Fatalf("Go evaluates Rust's chain to %d", got)
	}
	if got := testutil.Must(featureset.EvalExpr(chain))(t); got != n*(n+1)/2 {
		t.Fatalf("Rust evaluates its own chain, back from Go, to %d", got)
	}
	// Built by Go: -(-(-(...1...))), n levels deep.
	e := num(1)
	for range n {
		e = featureset.ExprNeg{E: e}
	}
	if got := testutil.Must(featureset.EvalExpr(e))(t); got != 1 {
		t.Fatalf("EvalExpr(%d negations of 1) = %d", n, got)
	}
	show := testutil.Must(featureset.ShowExpr(e))(t)
	if show != strings.Repeat("-", n)+"1" {
		t.Fatalf("ShowExpr gave %d characters", len(show))
	}
}

func TestRecursiveRecord(t *testing.T) {
	// Empty sequences come back empty, not nil: write them empty so DeepEqual compares them.
	none := []featureset.TreeNode{}
	leaf := func(v int32) *featureset.TreeNode { return &featureset.TreeNode{Value: v, Children: none} }
	tree := featureset.TreeNode{
		Value: 1,
		Left:  &featureset.TreeNode{Value: 2, Left: leaf(4), Right: leaf(5), Children: none},
		Right: leaf(3),
		Children: []featureset.TreeNode{
			{Value: 100, Children: []featureset.TreeNode{{Value: 1000, Children: none}}},
			{Value: -2147483648, Children: none},
		},
	}
	if got := testutil.Must(featureset.TreeSum(tree))(t); got != 1+2+4+5+3+100+1000-2147483648 {
		t.Fatalf("TreeSum = %d", got)
	}
	if got := testutil.Must(featureset.RoundtripTree(tree))(t); !reflect.DeepEqual(got, tree) {
		t.Fatalf("RoundtripTree = %+v, want %+v", got, tree)
	}
}

func TestEnumWith255Variants(t *testing.T) {
	all := testutil.Must(featureset.BigEnumAll())(t)
	if len(all) != 255 {
		t.Fatalf("BigEnumAll() has %d variants, want 255", len(all))
	}
	for i, v := range all {
		if want := fmt.Sprintf("V%d", i); v.String() != want {
			t.Fatalf("variant %d is %v, want %s", i, v, want)
		}
	}
	cases := []struct {
		v     featureset.BigEnum
		index uint32
	}{
		{featureset.BigEnumV0, 0},
		{featureset.BigEnumV1, 1},
		{featureset.BigEnumV127, 127},
		{featureset.BigEnumV128, 128},
		{featureset.BigEnumV253, 253},
		{featureset.BigEnumV254, 254},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("V%d", tc.index)
		if got := testutil.Must(featureset.RoundtripBigEnum(tc.v))(t); got != tc.v {
			t.Errorf("RoundtripBigEnum(%v) = %v", tc.v, got)
		}
		if got := testutil.Must(featureset.BigEnumIndex(tc.v))(t); got != tc.index {
			t.Errorf("Rust saw index %d for %v, want %d", got, tc.v, tc.index)
		}
		if got := testutil.Must(featureset.BigEnumName(tc.v))(t); got != name {
			t.Errorf("Rust saw %s, want %s", got, name)
		}
		if got := testutil.Must(featureset.BigEnumAt(tc.index))(t); got == nil || *got != tc.v {
			t.Errorf("BigEnumAt(%d) = %v, want %v", tc.index, got, tc.v)
		}
		if all[tc.index] != tc.v {
			t.Errorf("BigEnumAll()[%d] = %v, want %v", tc.index, all[tc.index], tc.v)
		}
	}
	if got := testutil.Must(featureset.BigEnumAt(255))(t); got != nil {
		t.Errorf("BigEnumAt(255) = %v, want nil", *got)
	}
	for _, bad := range []featureset.BigEnum{0, 256, -1} {
		_, err := featureset.RoundtripBigEnum(bad)
		testutil.As[*featureset.InternalError](t, fmt.Sprintf("RoundtripBigEnum(%d)", bad), err)
	}
}

// Variants whose fields all have a fixed size: the encoded size does not depend on the value.
func TestFixedSizeDataVariants(t *testing.T) {
	want := []featureset.Fixed{
		featureset.FixedPoint{X: -1, Y: 2},
		featureset.FixedScalar{V: 0.5},
		featureset.FixedFlag{On: true},
		featureset.FixedNothing{},
	}
	if got := testutil.Must(featureset.AllFixed())(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("AllFixed() = %#v", got)
	}
	rust := []string{"Point { x: -1, y: 2 }", "Scalar { v: 0.5 }", "Flag { on: true }", "Nothing"}
	for i, v := range want {
		if got := testutil.Must(featureset.DescribeFixed(v))(t); got != rust[i] {
			t.Errorf("Rust saw %s, want %s", got, rust[i])
		}
		if got := testutil.Must(featureset.RoundtripFixed(v))(t); got != v {
			t.Errorf("RoundtripFixed(%#v) = %#v", v, got)
		}
	}
	// A nil interface is no variant: Rust refuses it.
	_, err := featureset.RoundtripFixed(nil)
	testutil.As[*featureset.InternalError](t, "RoundtripFixed(nil)", err)
}
