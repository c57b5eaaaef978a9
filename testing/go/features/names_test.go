package features_test

import (
	"reflect"
	"testing"

	"uniffi-go.test/generated/featureset"
	"uniffi-go.test/internal/testutil"
)

// Go keywords and predeclared identifiers as flat enum variants keep their Rust names.
func TestKeywordVariants(t *testing.T) {
	cases := []struct {
		w    featureset.GoWord
		name string
	}{
		{featureset.GoWordType, "Type"},
		{featureset.GoWordFunc, "Func"},
		{featureset.GoWordRange, "Range"},
		{featureset.GoWordString, "String"},
		{featureset.GoWordError, "Error"},
		{featureset.GoWordLen, "Len"},
		{featureset.GoWordMap, "Map"},
		{featureset.GoWordChan, "Chan"},
		{featureset.GoWordGo, "Go"},
		{featureset.GoWordNil, "Nil"},
		{featureset.GoWordIota, "Iota"},
	}
	for _, tc := range cases {
		if got := tc.w.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
		if got := testutil.Must(featureset.GoWordName(tc.w))(t); got != tc.name {
			t.Errorf("Rust saw %q, want %q", got, tc.name)
		}
		if got := testutil.Must(featureset.RoundtripGoWord(tc.w))(t); got != tc.w {
			t.Errorf("RoundtripGoWord(%v) = %v", tc.w, got)
		}
	}
}

// Keywords as data enum variants and as their fields.
func TestKeywordDataVariants(t *testing.T) {
	cases := []struct {
		v    featureset.Keyworded
		rust string
	}{
		{featureset.KeywordedType{Type: "t"}, `Type { type: "t" }`},
		{featureset.KeywordedFunc{Func: 1, Range: 2}, "Func { func: 1, range: 2 }"},
		{featureset.KeywordedChan{Chan: []string{"a", "b"}, Map: map[string]uint32{"k": 1, "j": 2}}, `Chan { chan: ["a", "b"], map: [("j", 2), ("k", 1)] }`},
		{featureset.KeywordedError{Error: "e", String: "s"}, `Error { error: "e", string: "s" }`},
		{featureset.KeywordedGo{}, "Go"},
	}
	for _, tc := range cases {
		if got := testutil.Must(featureset.DescribeKeyworded(tc.v))(t); got != tc.rust {
			t.Errorf("Rust saw %s, want %s", got, tc.rust)
		}
		if got := testutil.Must(featureset.RoundtripKeyworded(tc.v))(t); !reflect.DeepEqual(got, tc.v) {
			t.Errorf("RoundtripKeyworded(%#v) = %#v", tc.v, got)
		}
	}
}

// Keywords as record fields: each reaches Rust in its own field.
func TestKeywordRecordFields(t *testing.T) {
	in := featureset.KeywordFields{
		Type:   "T",
		Func:   "F",
		Range:  []uint32{1, 2},
		String: "S",
		Error:  "E",
		Len:    3,
		Map:    map[string]uint32{"m": 4},
		Chan:   ptr("C"),
		Go:     true,
		Nil:    -5,
		Select: featureset.GoWordIota,
	}
	const want = `type=T func=F range=[1, 2] string=S error=E len=3 map=[("m", 4)] chan=Some("C") go=true nil=-5 select=Iota`
	if got := testutil.Must(featureset.DescribeKeywordFields(in))(t); got != want {
		t.Fatalf("Rust saw %s\nwant        %s", got, want)
	}
	if got := testutil.Must(featureset.RoundtripKeywordFields(in))(t); !reflect.DeepEqual(got, in) {
		t.Fatalf("RoundtripKeywordFields = %#v", got)
	}
}

// Arguments named like Go keywords and predeclared identifiers reach Rust in order.
func TestKeywordArguments(t *testing.T) {
	got := testutil.Must(featureset.KeywordArgs("T", 1, []uint32{2, 3}, "S", "E", 4, map[string]uint32{"m": 5}, ptr("C"), true, -6, 7, -8))(t)
	const want = `type=T func=1 range=[2, 3] string=S error=E len=4 map=[("m", 5)] chan=Some("C") go=true nil=-6 iota=7 make=-8`
	if got != want {
		t.Fatalf("Rust saw %s\nwant        %s", got, want)
	}
	got = testutil.Must(featureset.KeywordArgs("", 0, nil, "", "", 0, nil, nil, false, 0, 0, 0))(t)
	if want := "type= func=0 range=[] string= error= len=0 map=[] chan=None go=false nil=0 iota=0 make=0"; got != want {
		t.Fatalf("Rust saw %s", got)
	}
}

// Arguments named like the locals, results and imports generated code uses.
func TestArgumentsNamedLikeGeneratedLocals(t *testing.T) {
	got := testutil.Must(featureset.ShadowingArgs(1, 2, "buf", 3, 4, 5, 6, 7, 1<<63, "ctx", "fmt", []string{"e1", "e2"}, 8, 0.5, true, 9, []byte{10, 11}, -12, true))(t)
	const want = `err=1 status=2 buf=buf ret=3 res=4 w=5 r=6 v=7 handle=9223372036854775808 ctx=ctx fmt=fmt errors=["e1", "e2"] runtime=8 math=0.5 sync=true unsafe=9 binary=[10, 11] c=-12 ok=true`
	if got != want {
		t.Fatalf("Rust saw %s\nwant        %s", got, want)
	}
}

// Functions named like Go keywords and predeclared identifiers.
func TestKeywordFunctions(t *testing.T) {
	if got := testutil.Must(featureset.Type("x"))(t); got != "type:x" {
		t.Errorf("Type = %q", got)
	}
	if got := testutil.Must(featureset.Func(41))(t); got != 42 {
		t.Errorf("Func = %d", got)
	}
	if got := testutil.Must(featureset.Range(3))(t); !reflect.DeepEqual(got, []uint32{0, 1, 2}) {
		t.Errorf("Range = %v", got)
	}
	if got := testutil.Must(featureset.String("x"))(t); got != "string:x" {
		t.Errorf("String = %q", got)
	}
	if got := testutil.Must(featureset.Error("x"))(t); got != "error:x" {
		t.Errorf("Error = %q", got)
	}
	if got := testutil.Must(featureset.Len("héllo"))(t); got != 6 {
		t.Errorf("Len = %d", got)
	}
	if got := testutil.Must(featureset.Map(map[string]uint32{"a": 1, "b": 2}))(t); got != 3 {
		t.Errorf("Map = %d", got)
	}
	if got := testutil.Must(featureset.Chan([]string{"a", "b"}))(t); got != "a|b" {
		t.Errorf("Chan = %q", got)
	}
	if got := testutil.Must(featureset.Go(false))(t); got != true {
		t.Errorf("Go = %v", got)
	}
}

// Methods and a constructor named like Go keywords and predeclared identifiers.
func TestKeywordMethods(t *testing.T) {
	k := testutil.Must(featureset.NewKeywords("k"))(t)
	defer k.Close()
	if got := testutil.Must(k.Type())(t); got != "k.type" {
		t.Errorf("Type = %q", got)
	}
	if got := testutil.Must(k.Func(21))(t); got != 42 {
		t.Errorf("Func = %d", got)
	}
	if got := testutil.Must(k.Range([]uint32{1, 2, 3}))(t); got != 6 {
		t.Errorf("Range = %d", got)
	}
	if got := testutil.Must(k.String())(t); got != "k.string" {
		t.Errorf("String = %q", got)
	}
	if got := testutil.Must(k.Error())(t); got != "k.error" {
		t.Errorf("Error = %q", got)
	}
	if got := testutil.Must(k.Len())(t); got != 1 {
		t.Errorf("Len = %d", got)
	}
	if got := testutil.Must(k.Map(map[string]uint32{"a": 1, "b": 2}))(t); got != 2 {
		t.Errorf("Map = %d", got)
	}
	if got := testutil.Must(k.Chan("in"))(t); got != "k<-in" {
		t.Errorf("Chan = %q", got)
	}
	if got := testutil.Must(k.Go(true))(t); got != true {
		t.Errorf("Go = %v", got)
	}
	if got := testutil.Must(k.ReceiverName(7, "s"))(t); got != "k:k=7:s=s" {
		t.Errorf("ReceiverName = %q", got)
	}
	s := testutil.Must(featureset.NewKeywordsSelect("x"))(t)
	defer s.Close()
	if got := testutil.Must(s.Type())(t); got != "select:x.type" {
		t.Errorf("NewKeywordsSelect(\"x\").Type() = %q", got)
	}
}

// Names that differ only by case or underscores keep distinct Go names.
func TestNamesDifferingOnlyByCase(t *testing.T) {
	got := testutil.Must(featureset.DescribeCaseFields(featureset.CaseFields{Foobar: 1, FooBar: 2}))(t)
	if got != "foobar=1 foo_bar=2" {
		t.Fatalf("Rust saw %q", got)
	}
	if got := testutil.Must(featureset.Setup())(t); got != "setup" {
		t.Fatalf("Setup = %q", got)
	}
	if got := testutil.Must(featureset.SetUp())(t); got != "set_up" {
		t.Fatalf("SetUp = %q", got)
	}
}
