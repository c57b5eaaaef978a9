// Package udlfeatures_test checks the udlfeatures fixture (testing/fixtures/udlfeatures): the
// UDL spellings of discriminated and non-exhaustive enums, Go keywords as names, errors as
// fields, and docstrings on every item kind UDL documents. The bindings must be the same whether
// generated from the UDL file or from the library.
package udlfeatures_test

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"uniffi-go.test/generated/udlfeatures"
	"uniffi-go.test/internal/gendoc"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when Rust still holds a Go callback after the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", udlfeatures.LiveCallbackHandles),
	))
}

func ptr[T any](v T) *T { return &v }

// Rust declares Low = 10, Mid = 20, High = 30; UDL cannot spell the discriminants, and the wire
// carries 1, 2, 3.
func TestUDLEnumWithRustDiscriminants(t *testing.T) {
	cases := []struct {
		v     udlfeatures.Level
		name  string
		discr uint8
	}{
		{udlfeatures.LevelLow, "Low", 10},
		{udlfeatures.LevelMid, "Mid", 20},
		{udlfeatures.LevelHigh, "High", 30},
	}
	for _, tc := range cases {
		if got := tc.v.String(); got != tc.name {
			t.Errorf("String() = %q, want %q", got, tc.name)
		}
		if got := testutil.Must(udlfeatures.LevelRoundtrip(tc.v))(t); got != tc.v {
			t.Errorf("LevelRoundtrip(%v) = %v", tc.v, got)
		}
		if got := testutil.Must(udlfeatures.LevelValue(tc.v))(t); got != tc.discr {
			t.Errorf("Rust saw discriminant %d for %v, want %d", got, tc.v, tc.discr)
		}
		if got := testutil.Must(udlfeatures.LevelFromValue(tc.discr))(t); got == nil || *got != tc.v {
			t.Errorf("LevelFromValue(%d) = %v, want %v", tc.discr, got, tc.v)
		}
	}
	if got := testutil.Must(udlfeatures.LevelFromValue(2))(t); got != nil {
		t.Errorf("LevelFromValue(2) = %v, want nil", *got)
	}
	want := []udlfeatures.Level{udlfeatures.LevelLow, udlfeatures.LevelMid, udlfeatures.LevelHigh}
	if got := testutil.Must(udlfeatures.LevelAll())(t); !reflect.DeepEqual(got, want) {
		t.Errorf("LevelAll() = %v", got)
	}
}

func TestUDLNonExhaustiveEnum(t *testing.T) {
	for _, tc := range []struct {
		v    udlfeatures.Openness
		name string
	}{{udlfeatures.OpennessOpen, "Open"}, {udlfeatures.OpennessClosed, "Closed"}} {
		if got := testutil.Must(udlfeatures.OpennessRoundtrip(tc.v))(t); got != tc.v {
			t.Errorf("OpennessRoundtrip(%v) = %v", tc.v, got)
		}
		if got := testutil.Must(udlfeatures.OpennessName(tc.v))(t); got != tc.name {
			t.Errorf("Rust saw %q, want %q", got, tc.name)
		}
	}
}

func TestUDLKeywordNames(t *testing.T) {
	if got := testutil.Must(udlfeatures.Type("x"))(t); got != "type:x" {
		t.Errorf("Type = %q", got)
	}
	if got := testutil.Must(udlfeatures.Range(2))(t); !reflect.DeepEqual(got, []uint32{0, 1}) {
		t.Errorf("Range = %v", got)
	}
	if got := testutil.Must(udlfeatures.Map(map[string]uint32{"a": 1, "b": 2}))(t); got != 3 {
		t.Errorf("Map = %d", got)
	}
	if got := testutil.Must(udlfeatures.Go(true))(t); got != false {
		t.Errorf("Go = %v", got)
	}
	if got := testutil.Must(udlfeatures.Select("x"))(t); got != "select:x" {
		t.Errorf("Select = %q", got)
	}
	got := testutil.Must(udlfeatures.KeywordArgs("T", 1, []uint32{2}, "S", "E", 3, map[string]uint32{"m": 4}, ptr("C"), true, -5, "D", "V", "P"))(t)
	const want = `type=T func=1 range=[2] string=S error=E len=3 map=[("m", 4)] chan=Some("C") go=true nil=-5 defer=D var=V package=P`
	if got != want {
		t.Errorf("Rust saw %s\nwant        %s", got, want)
	}

	words := []struct {
		w    udlfeatures.GoWord
		rust string
	}{
		{udlfeatures.GoWordType, "type"}, {udlfeatures.GoWordFunc, "func"}, {udlfeatures.GoWordRange, "range"},
		{udlfeatures.GoWordString, "string"}, {udlfeatures.GoWordError, "error"}, {udlfeatures.GoWordLen, "len"},
		{udlfeatures.GoWordMap, "map"}, {udlfeatures.GoWordChan, "chan"}, {udlfeatures.GoWordGo, "go"},
		{udlfeatures.GoWordSelect, "select"},
	}
	for _, tc := range words {
		if got := testutil.Must(udlfeatures.GoWordRoundtrip(tc.w))(t); got != tc.w {
			t.Errorf("GoWordRoundtrip(%v) = %v", tc.w, got)
		}
		if got := testutil.Must(udlfeatures.GoWordName(tc.w))(t); got != tc.rust {
			t.Errorf("Rust saw %q, want %q", got, tc.rust)
		}
		if got := tc.w.String(); got != tc.rust {
			t.Errorf("String() = %q, want %q", got, tc.rust)
		}
	}

	fields := udlfeatures.KeywordFields{Type: "T", Func: "F", Range: []uint32{1}, String: "S", Error: "E", Len: 2, Map: map[string]uint32{"k": 3}, Go: true, Nil: -1}
	if got := testutil.Must(udlfeatures.DescribeKeywordFields(fields))(t); got != `type=T func=F range=[1] string=S error=E len=2 map=[("k", 3)] chan=None go=true nil=-1` {
		t.Errorf("Rust saw %s", got)
	}
	if got := testutil.Must(udlfeatures.KeywordFieldsRoundtrip(fields))(t); !reflect.DeepEqual(got, fields) {
		t.Errorf("KeywordFieldsRoundtrip = %#v", got)
	}

	for _, tc := range []struct {
		v    udlfeatures.Keyworded
		rust string
	}{
		{udlfeatures.KeywordedType{Type: "t"}, `type { type: "t" }`},
		{udlfeatures.KeywordedFunc{Func: 1, Range: 2}, "func { func: 1, range: 2 }"},
		{udlfeatures.KeywordedGo{}, "go"},
	} {
		if got := testutil.Must(udlfeatures.DescribeKeyworded(tc.v))(t); got != tc.rust {
			t.Errorf("Rust saw %s, want %s", got, tc.rust)
		}
		if got := testutil.Must(udlfeatures.KeywordedRoundtrip(tc.v))(t); !reflect.DeepEqual(got, tc.v) {
			t.Errorf("KeywordedRoundtrip(%#v) = %#v", tc.v, got)
		}
	}

	k := testutil.Must(udlfeatures.NewKeywords("k"))(t)
	defer k.Close()
	if got := testutil.Must(k.Type())(t); got != "k.type" {
		t.Errorf("Type = %q", got)
	}
	if got := testutil.Must(k.Func(4))(t); got != 8 {
		t.Errorf("Func = %d", got)
	}
	if got := testutil.Must(k.Range([]uint32{1, 2}))(t); got != 3 {
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
	if got := testutil.Must(k.Chan("x"))(t); got != "k<-x" {
		t.Errorf("Chan = %q", got)
	}
	if got := testutil.Must(k.Go(true))(t); !got {
		t.Errorf("Go = %v", got)
	}
	s := testutil.Must(udlfeatures.NewKeywordsSelect("y"))(t)
	defer s.Close()
	if got := testutil.Must(s.Type())(t); got != "select:y.type" {
		t.Errorf("NewKeywordsSelect(\"y\").Type() = %q", got)
	}
}

func TestUDLErrors(t *testing.T) {
	_, err := udlfeatures.FailLeaf(1, 9)
	var io udlfeatures.LeafErrorIo
	if !errors.As(err, &io) || io.Code != 9 {
		t.Fatalf("FailLeaf(1, 9) error = %#v", err)
	}
	var leaf udlfeatures.LeafError
	if !errors.As(err, &leaf) || !errors.Is(err, udlfeatures.LeafErrorIo{}) {
		t.Fatal("errors.As/Is do not match LeafError")
	}
	for _, tc := range []struct {
		v    int64
		want udlfeatures.FlatError
		msg  string
	}{
		{101, udlfeatures.FlatErrorTooBig{}, "too big: 101"},
		{-1, udlfeatures.FlatErrorNegative{}, "negative value: -1"},
	} {
		_, err := udlfeatures.CheckFlat(tc.v)
		var flat udlfeatures.FlatError
		if !errors.As(err, &flat) || !errors.Is(err, tc.want) || err.Error() != tc.msg {
			t.Errorf("CheckFlat(%d) error = %#v, want %T with message %q", tc.v, err, tc.want, tc.msg)
		}
	}

	report := udlfeatures.Report{
		Name:   "r",
		Last:   udlfeatures.LeafErrorUnknown{},
		Error:  ptr[udlfeatures.LeafError](udlfeatures.LeafErrorParse{Message: "p"}),
		Errors: []udlfeatures.LeafError{udlfeatures.LeafErrorIo{Code: -1}},
	}
	if got := testutil.Must(udlfeatures.DescribeReport(report))(t); got != `r: last=Unknown error=Some(Parse { message: "p" }) errors=[Io { code: -1 }]` {
		t.Errorf("Rust saw %s", got)
	}
	if got := testutil.Must(udlfeatures.ReportRoundtrip(report))(t); !reflect.DeepEqual(got, report) {
		t.Errorf("ReportRoundtrip = %#v", got)
	}
	outcome := udlfeatures.OutcomeFailure{Error: udlfeatures.LeafErrorIo{Code: 3}}
	if got := testutil.Must(udlfeatures.DescribeOutcome(outcome))(t); got != "Failure { error: Io { code: 3 } }" {
		t.Errorf("Rust saw %s", got)
	}
	if got := testutil.Must(udlfeatures.OutcomeRoundtrip(outcome))(t); !reflect.DeepEqual(got, udlfeatures.Outcome(outcome)) {
		t.Errorf("OutcomeRoundtrip = %#v", got)
	}
}

// Every docstring of testing/fixtures/udlfeatures/src/udlfeatures.udl, by the Go identifier it
// documents.
var udlDocs = []struct{ ident, rust string }{
	{"LevelValue", "Doc of function level_value."},
	{"CallUdlCallback", "Doc of function call_udl_callback."},
	{"MakeUdlTrait", "Doc of function make_udl_trait."},
	{"RoundtripDocEnum", "Doc of function roundtrip_doc_enum."},
	{"Level", "Rust gives these variants the discriminants 10, 20 and 30; on the wire they are 1, 2, 3."},
	{"DocRecord", "Doc of dictionary DocRecord."},
	{"DocRecord.FirstField", "Doc of field DocRecord.first_field."},
	{"DocRecord.SecondField", "Doc of field DocRecord.second_field,\non two lines."},
	{"DocEnum", "Doc of enum DocEnum."},
	{"DocEnumAlpha", "Doc of variant DocEnum.Alpha."},
	{"DocEnumBeta", "Doc of variant DocEnum.Beta."},
	{"DocDataEnum", "Doc of data enum DocDataEnum."},
	{"DocDataEnumWithFields", "Doc of variant DocDataEnum.WithFields."},
	{"DocDataEnumNoFields", "Doc of variant DocDataEnum.NoFields."},
	{"DocError", "Doc of error DocError."},
	{"DocErrorBroken", "Doc of error variant DocError.Broken."},
	{"DocFlatError", "Doc of flat error DocFlatError."},
	{"DocFlatErrorFailed", "Doc of flat error variant DocFlatError.Failed."},
	{"DocObject", "Doc of interface DocObject."},
	{"NewDocObject", "Doc of primary constructor DocObject.new."},
	{"NewDocObjectWithValue", "Doc of named constructor DocObject.with_value."},
	{"DocObject.GetValue", "Doc of method DocObject.get_value."},
	{"UdlCallback", "Doc of callback interface UdlCallback."},
	{"UdlCallback.OnValue", "Doc of callback method UdlCallback.on_value."},
	{"UdlTrait", "Doc of trait UdlTrait."},
	{"UdlTrait.Describe", "Doc of trait method UdlTrait.describe."},
	{"RustUdlTrait.Describe", "Doc of trait method UdlTrait.describe."},
	{"UdlForeignTrait", "Doc of foreign trait UdlForeignTrait."},
	{"UdlForeignTrait.Name", "Doc of foreign trait method UdlForeignTrait.name."},
	{"RustUdlForeignTrait.Name", "Doc of foreign trait method UdlForeignTrait.name."},
}

// flatChecker is a Go FlatChecker returning err, or its argument doubled.
type flatChecker struct{ err error }

func (c flatChecker) Check(value uint32) (uint32, error) {
	if c.err != nil {
		return 0, c.err
	}
	return value * 2, nil
}

// A UDL [Error] enum a Go callback returns reaches Rust as its variant: Rust lifts a flat error
// from the variant index alone and rejects any bytes after it.
func TestUDLFlatErrorFromGoCallback(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, "ok:42"},
		{udlfeatures.CheckErrorRefused{}, "err:Refused"},
		{&udlfeatures.CheckErrorUnavailable{}, "err:Unavailable"},
		{udlfeatures.CheckErrorUnavailable{Message: "Go's words"}, "err:Unavailable"},
		{errors.New("undeclared"), "err:Unexpected"},
	} {
		got, err := udlfeatures.RunFlatChecker(flatChecker{tc.err}, 21)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Go returned %v: Rust saw %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestUDLDocstringsBecomeGoDocComments(t *testing.T) {
	idx, err := gendoc.Parse("../generated/udlfeatures/udlfeatures.go", "uniffi-go.test/generated/udlfeatures")
	if err != nil {
		t.Fatal(err)
	}
	const namespaceDoc = "Doc of namespace udlfeatures.\nFeatures spelled in UDL: enums whose Rust discriminants are not their index,\nGo keywords as names, errors as fields, and docstrings on every item kind."
	if !gendoc.HasDocstring(idx.Package, namespaceDoc) {
		t.Errorf("package comment\n%s\ndoes not carry the namespace docstring", idx.Package)
	}
	if !strings.HasPrefix(idx.Package, "Package udlfeatures ") {
		t.Errorf("package comment does not start with \"Package udlfeatures \": %q", idx.Package)
	}
	for _, tc := range udlDocs {
		got, ok := idx.Docs[tc.ident]
		if !ok {
			t.Errorf("%s: no doc comment (or no such identifier)", tc.ident)
			continue
		}
		if !idx.Documents(tc.ident, tc.rust) {
			t.Errorf("%s: doc comment\n%s\ndoes not carry the UDL docstring\n%s", tc.ident, got, tc.rust)
		}
	}
}

func TestUDLDocumentedItemsWork(t *testing.T) {
	o := testutil.Must(udlfeatures.NewDocObjectWithValue(3))(t)
	defer o.Close()
	if got := testutil.Must(o.GetValue())(t); got != 3 {
		t.Fatalf("GetValue = %d", got)
	}
	if got := testutil.Must(udlfeatures.CallUdlCallback(tripler{}, 5))(t); got != 15 {
		t.Fatalf("CallUdlCallback = %d", got)
	}
	tr := testutil.Must(udlfeatures.MakeUdlTrait())(t)
	if got := tr.Describe(); got != "rust udl trait" {
		t.Fatalf("Describe = %q", got)
	}
	if c, ok := tr.(interface{ Close() error }); ok {
		defer c.Close()
	}
	if got := testutil.Must(udlfeatures.CallUdlForeignTrait(named("g")))(t); got != "g" {
		t.Fatalf("CallUdlForeignTrait = %q", got)
	}
	var broken udlfeatures.DocErrorBroken
	if err := udlfeatures.DocFail(); !errors.As(err, &broken) || broken.Reason != "always" {
		t.Fatalf("DocFail = %v", err)
	}
	var failed udlfeatures.DocFlatErrorFailed
	if err := udlfeatures.DocFailFlat(); !errors.As(err, &failed) || failed.Message != "failed" {
		t.Fatalf("DocFailFlat = %v", err)
	}
	rec := udlfeatures.DocRecord{FirstField: 1, SecondField: "2"}
	if got := testutil.Must(udlfeatures.RoundtripDocRecord(rec))(t); got != rec {
		t.Fatalf("RoundtripDocRecord = %+v", got)
	}
	if got := testutil.Must(udlfeatures.RoundtripDocEnum(udlfeatures.DocEnumBeta))(t); got != udlfeatures.DocEnumBeta {
		t.Fatalf("RoundtripDocEnum = %v", got)
	}
	de := udlfeatures.DocDataEnumWithFields{InnerValue: 7, Label: "x"}
	if got := testutil.Must(udlfeatures.RoundtripDocDataEnum(de))(t); got != de {
		t.Fatalf("RoundtripDocDataEnum = %#v", got)
	}
}

type tripler struct{}

func (tripler) OnValue(v uint32) uint32 { return 3 * v }

type named string

func (n named) Name() string { return string(n) }
