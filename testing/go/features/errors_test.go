package features_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"uniffi-go.test/generated/featureset"
	"uniffi-go.test/internal/testutil"
)

func TestThrownErrorsMatchWithErrorsAs(t *testing.T) {
	v, err := featureset.FailLeaf(0, 0)
	if err != nil || v != 7 {
		t.Fatalf("FailLeaf(0) = %d, %v", v, err)
	}
	cases := []struct {
		kind uint8
		code int32
		want featureset.LeafError
	}{
		{1, -5, featureset.LeafErrorIo{Code: -5}},
		{2, 99, featureset.LeafErrorParse{Message: "bad 99"}},
		{3, 0, featureset.LeafErrorUnknown{}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%T", tc.want), func(t *testing.T) {
			v, err := featureset.FailLeaf(tc.kind, tc.code)
			if err == nil || v != 0 {
				t.Fatalf("FailLeaf(%d) = %d, %v; want 0 and an error", tc.kind, v, err)
			}
			var leaf featureset.LeafError
			if !errors.As(err, &leaf) {
				t.Fatalf("%v (%T) is not a LeafError", err, err)
			}
			if !reflect.DeepEqual(leaf, tc.want) {
				t.Fatalf("got %#v, want %#v", leaf, tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("errors.Is(%v, %#v) = false", err, tc.want)
			}
			wrapped := fmt.Errorf("context: %w", err)
			var again featureset.LeafError
			if !errors.As(wrapped, &again) || !errors.Is(wrapped, tc.want) {
				t.Fatal("a wrapped error no longer matches")
			}
			var ie *featureset.InternalError
			if errors.As(err, &ie) {
				t.Fatal("a declared error is also an *InternalError")
			}
			var rich featureset.RichError
			if errors.As(err, &rich) {
				t.Fatal("a LeafError matches RichError")
			}
		})
	}
	// Each concrete variant type matches on its own.
	_, err = featureset.FailLeaf(1, 12)
	var io featureset.LeafErrorIo
	if !errors.As(err, &io) || io.Code != 12 {
		t.Fatalf("errors.As(LeafErrorIo) = %#v", io)
	}
	var parse featureset.LeafErrorParse
	if errors.As(err, &parse) || errors.Is(err, featureset.LeafErrorParse{}) {
		t.Fatal("an Io error matches Parse")
	}
}

func TestErrorsWithNestedRecordsAndErrors(t *testing.T) {
	if got := testutil.Must(featureset.FailRich(0))(t); got != "ok" {
		t.Fatalf("FailRich(0) = %q", got)
	}
	cases := []struct {
		kind uint8
		want featureset.RichError
	}{
		{1, featureset.RichErrorNotFound{Key: "missing-κey"}},
		{2, featureset.RichErrorInvalid{Detail: featureset.ErrorDetail{
			Code:     -42,
			Reasons:  []string{"too long", "", "bad ☃"},
			Location: &featureset.Location{Line: 12, Column: 34},
		}}},
		{3, featureset.RichErrorCaused{Cause: featureset.LeafErrorParse{Message: "inner"}}},
		{4, featureset.RichErrorMany{
			Causes: []featureset.LeafError{featureset.LeafErrorIo{Code: 1}, featureset.LeafErrorUnknown{}},
			First:  ptr[featureset.LeafError](featureset.LeafErrorIo{Code: 1}),
			ByKey: map[string]featureset.LeafError{
				"a": featureset.LeafErrorIo{Code: 2},
				"b": featureset.LeafErrorParse{Message: "b"},
			},
		}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%T", tc.want), func(t *testing.T) {
			_, err := featureset.FailRich(tc.kind)
			var rich featureset.RichError
			if !errors.As(err, &rich) {
				t.Fatalf("%v (%T) is not a RichError", err, err)
			}
			if !reflect.DeepEqual(rich, tc.want) {
				t.Fatalf("got %#v, want %#v", rich, tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatal("errors.Is does not match the variant")
			}
			// Sent back to Rust, thrown and returned, the error is unchanged.
			err = featureset.RethrowRich(rich)
			var again featureset.RichError
			if !errors.As(err, &again) || !reflect.DeepEqual(again, tc.want) {
				t.Fatalf("RethrowRich gave %#v", err)
			}
			if got := testutil.Must(featureset.RoundtripRichError(rich))(t); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("RoundtripRichError = %#v", got)
			}
		})
	}
	// The error inside the error is a LeafError too.
	_, err := featureset.FailRich(3)
	var caused featureset.RichErrorCaused
	if !errors.As(err, &caused) {
		t.Fatalf("%v is not Caused", err)
	}
	var inner featureset.LeafErrorParse
	if !errors.As(caused.Cause, &inner) || inner.Message != "inner" {
		t.Fatalf("cause = %#v", caused.Cause)
	}
	// Rust sees exactly what Go built.
	desc := testutil.Must(featureset.DescribeRichError(featureset.RichErrorMany{
		Causes: []featureset.LeafError{featureset.LeafErrorIo{Code: 1}},
		First:  ptr[featureset.LeafError](featureset.LeafErrorUnknown{}),
		ByKey:  map[string]featureset.LeafError{"a": featureset.LeafErrorIo{Code: 2}},
	}))(t)
	const want = `Many { causes: [Io { code: 1 }], first: Some(Unknown), by_key: [("a", Io { code: 2 })] }`
	if desc != want {
		t.Fatalf("Rust saw %s, want %s", desc, want)
	}
	desc = testutil.Must(featureset.DescribeRichError(featureset.RichErrorInvalid{Detail: featureset.ErrorDetail{Code: 3, Reasons: []string{"x"}}}))(t)
	if want := `Invalid { detail: ErrorDetail { code: 3, reasons: ["x"], location: None } }`; desc != want {
		t.Fatalf("Rust saw %s, want %s", desc, want)
	}
}

func TestErrorsAsPlainValues(t *testing.T) {
	cases := []struct {
		e    featureset.LeafError
		rust string
	}{
		{featureset.LeafErrorIo{Code: 5}, "Io { code: 5 }: io error 5"},
		{featureset.LeafErrorParse{Message: "π"}, `Parse { message: "π" }: parse error: π`},
		{featureset.LeafErrorUnknown{}, "Unknown: unknown leaf error"},
	}
	for _, tc := range cases {
		if got := testutil.Must(featureset.DescribeLeafError(tc.e))(t); got != tc.rust {
			t.Errorf("Rust saw %q, want %q", got, tc.rust)
		}
		if got := testutil.Must(featureset.RoundtripLeafError(tc.e))(t); !reflect.DeepEqual(got, tc.e) {
			t.Errorf("RoundtripLeafError(%#v) = %#v", tc.e, got)
		}
		err := featureset.RethrowLeaf(tc.e)
		var leaf featureset.LeafError
		if !errors.As(err, &leaf) || !reflect.DeepEqual(leaf, tc.e) {
			t.Errorf("RethrowLeaf(%#v) = %#v", tc.e, err)
		}
	}
	// A nil error value is not a variant: Rust refuses it and Go reports an *InternalError.
	_, err := featureset.RoundtripLeafError(nil)
	testutil.As[*featureset.InternalError](t, "RoundtripLeafError(nil)", err)
}

func TestErrorsAsRecordFields(t *testing.T) {
	in := featureset.OperationReport{
		Name:   "op",
		Last:   featureset.LeafErrorUnknown{},
		Error:  ptr[featureset.LeafError](featureset.LeafErrorIo{Code: 1}),
		Errors: []featureset.LeafError{featureset.LeafErrorIo{Code: 0}, featureset.LeafErrorParse{Message: "x"}},
		Rich:   ptr[featureset.RichError](featureset.RichErrorNotFound{Key: "k"}),
	}
	const want = `op: last=Unknown error=Some(Io { code: 1 }) errors=[Io { code: 0 }, Parse { message: "x" }] rich=Some(NotFound { key: "k" })`
	if got := testutil.Must(featureset.DescribeReport(in))(t); got != want {
		t.Fatalf("Rust saw %s\nwant        %s", got, want)
	}
	if got := testutil.Must(featureset.RoundtripReport(in))(t); !reflect.DeepEqual(got, in) {
		t.Fatalf("RoundtripReport = %#v", got)
	}
	empty := featureset.OperationReport{Name: "empty", Last: featureset.LeafErrorIo{Code: -1}, Errors: []featureset.LeafError{}}
	if got := testutil.Must(featureset.RoundtripReport(empty))(t); !reflect.DeepEqual(got, empty) {
		t.Fatalf("RoundtripReport = %#v", got)
	}
	if got := testutil.Must(featureset.DescribeReport(empty))(t); got != "empty: last=Io { code: -1 } error=None errors=[] rich=None" {
		t.Fatalf("Rust saw %s", got)
	}
	// Built by Rust.
	got := testutil.Must(featureset.MakeReport(3))(t)
	wantReport := featureset.OperationReport{
		Name:   "report-3",
		Last:   featureset.LeafErrorUnknown{},
		Error:  ptr[featureset.LeafError](featureset.LeafErrorIo{Code: 2}),
		Errors: []featureset.LeafError{featureset.LeafErrorIo{Code: 0}, featureset.LeafErrorIo{Code: 1}, featureset.LeafErrorIo{Code: 2}},
		Rich:   ptr[featureset.RichError](featureset.RichErrorCaused{Cause: featureset.LeafErrorParse{Message: "from report"}}),
	}
	if !reflect.DeepEqual(got, wantReport) {
		t.Fatalf("MakeReport(3) = %#v\nwant %#v", got, wantReport)
	}
	// An error field is still an error: it matches with errors.As.
	var io featureset.LeafErrorIo
	if !errors.As(*got.Error, &io) || io.Code != 2 {
		t.Fatalf("errors.As on the field: %#v", *got.Error)
	}
	// A nil error in a field that is not optional is refused.
	_, err := featureset.RoundtripReport(featureset.OperationReport{Name: "nil last"})
	testutil.As[*featureset.InternalError](t, "RoundtripReport(nil Last)", err)
}

func TestErrorsAsEnumVariantFields(t *testing.T) {
	cases := []struct {
		o    featureset.Outcome
		rust string
	}{
		{featureset.OutcomeSuccess{Value: 1}, "Success { value: 1 }"},
		{featureset.OutcomeFailure{Error: featureset.LeafErrorIo{Code: -3}}, "Failure { error: Io { code: -3 } }"},
		{featureset.OutcomePartial{Value: 5, Errors: []featureset.LeafError{featureset.LeafErrorUnknown{}, featureset.LeafErrorParse{Message: "p"}}}, `Partial { value: 5, errors: [Unknown, Parse { message: "p" }] }`},
		{featureset.OutcomeRich{Error: featureset.RichErrorCaused{Cause: featureset.LeafErrorIo{Code: 8}}}, "Rich { error: Caused { cause: Io { code: 8 } } }"},
		{featureset.OutcomeRich{Error: featureset.RichErrorInvalid{Detail: featureset.ErrorDetail{Code: 1, Reasons: []string{}, Location: &featureset.Location{Line: 1, Column: 2}}}}, "Rich { error: Invalid { detail: ErrorDetail { code: 1, reasons: [], location: Some(Location { line: 1, column: 2 }) } } }"},
	}
	for _, tc := range cases {
		if got := testutil.Must(featureset.DescribeOutcome(tc.o))(t); got != tc.rust {
			t.Errorf("Rust saw %s, want %s", got, tc.rust)
		}
		if got := testutil.Must(featureset.RoundtripOutcome(tc.o))(t); !reflect.DeepEqual(got, tc.o) {
			t.Errorf("RoundtripOutcome(%#v) = %#v", tc.o, got)
		}
	}
	got := testutil.Must(featureset.OutcomeOf(-9))(t)
	failure, ok := got.(featureset.OutcomeFailure)
	if !ok || !errors.Is(failure.Error, featureset.LeafErrorIo{}) {
		t.Fatalf("OutcomeOf(-9) = %#v", got)
	}
	if got := testutil.Must(featureset.OutcomeOf(4))(t); got != (featureset.OutcomeSuccess{Value: 4}) {
		t.Fatalf("OutcomeOf(4) = %#v", got)
	}
}

func TestErrorsInMapsAndOptions(t *testing.T) {
	in := map[string]*featureset.LeafError{
		"none":  nil,
		"io":    ptr[featureset.LeafError](featureset.LeafErrorIo{Code: 2147483647}),
		"parse": ptr[featureset.LeafError](featureset.LeafErrorParse{Message: ""}),
	}
	if got := testutil.Must(featureset.RoundtripErrorMap(in))(t); !reflect.DeepEqual(got, in) {
		t.Fatalf("RoundtripErrorMap = %#v", got)
	}
}

func TestFlatErrorsKeepTheirMessage(t *testing.T) {
	if got := testutil.Must(featureset.CheckFlat(3, 3))(t); got != 3 {
		t.Fatalf("CheckFlat(3, 3) = %d", got)
	}
	cases := []struct {
		v     int64
		limit uint64
		want  featureset.FlatError
		msg   string
	}{
		{5, 3, featureset.FlatErrorTooBig{}, "too big: 5 > 3"},
		{-1, 3, featureset.FlatErrorNegative{}, "negative value: -1"},
		{13, 30, featureset.FlatErrorIo{}, "io failed: unlucky 13"},
		{1, 0, featureset.FlatErrorUnknown{}, "the answer is unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.msg, func(t *testing.T) {
			v, err := featureset.CheckFlat(tc.v, tc.limit)
			if v != 0 {
				t.Fatalf("value %d returned with the error", v)
			}
			var flat featureset.FlatError
			if !errors.As(err, &flat) {
				t.Fatalf("%v (%T) is not a FlatError", err, err)
			}
			if reflect.TypeOf(flat) != reflect.TypeOf(tc.want) {
				t.Fatalf("variant %T, want %T", flat, tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Fatal("errors.Is does not match the variant")
			}
			// The Rust Display text is the Go message.
			if err.Error() != tc.msg {
				t.Fatalf("Error() = %q, want %q", err.Error(), tc.msg)
			}
			msg := reflect.ValueOf(flat).FieldByName("Message").String()
			if msg != tc.msg {
				t.Fatalf("Message = %q, want %q", msg, tc.msg)
			}
		})
	}
	var tooBig featureset.FlatErrorTooBig
	_, err := featureset.CheckFlat(1<<40, 1)
	if !errors.As(err, &tooBig) || tooBig.Message != "too big: 1099511627776 > 1" {
		t.Fatalf("errors.As(FlatErrorTooBig) = %#v", tooBig)
	}
}

func TestConstructorsAndMethodsThrow(t *testing.T) {
	_, err := featureset.NewVault("12", "s")
	var invalid featureset.RichErrorInvalid
	if !errors.As(err, &invalid) {
		t.Fatalf("NewVault(\"12\") error = %v (%T)", err, err)
	}
	want := featureset.ErrorDetail{Code: 2, Reasons: []string{`pin "12" is not four digits`}}
	if !reflect.DeepEqual(invalid.Detail, want) {
		t.Fatalf("detail = %#v, want %#v", invalid.Detail, want)
	}

	v := testutil.Must(featureset.NewVault("1234", "the secret"))(t)
	defer v.Close()
	if got := testutil.Must(v.Open("1234"))(t); got != "the secret" {
		t.Fatalf("Open = %q", got)
	}
	_, err = v.Open("0000")
	var parse featureset.LeafErrorParse
	if !errors.As(err, &parse) || parse.Message != "wrong pin 0000" {
		t.Fatalf("Open(\"0000\") error = %#v", err)
	}
	_, err = v.Check(99999)
	var tooBig featureset.FlatErrorTooBig
	if !errors.As(err, &tooBig) || tooBig.Message != "too big: 99999 > 1234" {
		t.Fatalf("Check(99999) error = %#v", err)
	}
	if got := testutil.Must(v.Check(1234))(t); got != 1234 {
		t.Fatalf("Check(1234) = %d", got)
	}

	_, err = featureset.NewVaultFromNumber(-5, "s")
	var negative featureset.FlatErrorNegative
	if !errors.As(err, &negative) || err.Error() != "negative value: -5" {
		t.Fatalf("NewVaultFromNumber(-5) error = %#v", err)
	}
	w := testutil.Must(featureset.NewVaultFromNumber(42, "w"))(t)
	defer w.Close()
	if got := testutil.Must(w.Open("0042"))(t); got != "w" {
		t.Fatalf("Open(\"0042\") = %q", got)
	}
	// After Close, methods report ErrClosed, not a declared error.
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Open("0042"); !errors.Is(err, featureset.ErrClosed) {
		t.Fatalf("Open after Close = %v", err)
	}
}
