// Names real crates use that meet in Go, resolved by the documented rules without any
// configuration (see README, "Names").
package realnames_test

import (
	"errors"
	"testing"

	"uniffi-go.test/generated/realnames"
	"uniffi-go.test/internal/testutil"
)

// A thiserror-style variant wrapping its source in a field named `error` has it as Err, and
// Unwrap returns it, so errors.Is and errors.As reach the source.
func TestErrorFieldNamedErrorIsErrAndUnwraps(t *testing.T) {
	_, err := realnames.Store("full")
	io := testutil.As[realnames.StoreErrorIo](t, "Store(full)", err)
	if !errors.Is(io.Err, realnames.IoErrorDiskFull{}) {
		t.Fatalf("Err = %#v, want IoErrorDiskFull", io.Err)
	}
	if !errors.Is(err, realnames.IoErrorDiskFull{}) {
		t.Error("errors.Is does not reach the wrapped IoErrorDiskFull")
	}
	_, err = realnames.Store("missing")
	var missing realnames.IoErrorMissing
	if !errors.As(err, &missing) || missing.Path != "/tmp/x" {
		t.Errorf("errors.As(IoErrorMissing) = %#v from %v", missing, err)
	}
	if errors.Is(err, realnames.IoErrorDiskFull{}) {
		t.Error("errors.Is matches a variant the source is not")
	}
	if (realnames.StoreErrorIo{}).Unwrap() != nil {
		t.Error("Unwrap of a zero StoreErrorIo is not nil")
	}
}

func TestErrorFieldNamedMessage(t *testing.T) {
	_, err := realnames.Store("other")
	other := testutil.As[realnames.StoreErrorOther](t, "Store(other)", err)
	if other.Message != "something else" {
		t.Errorf("Message = %q", other.Message)
	}
	_, err = realnames.Store("invalid")
	invalid := testutil.As[realnames.StoreErrorInvalid](t, "Store(invalid)", err)
	if invalid.Field != "name" || invalid.Message != "too long" {
		t.Errorf("Invalid = %+v", invalid)
	}
}

// The constructor keeps New<Type>; the function new_megaphone, which Go would name the same,
// gets the Func suffix. Both reach Rust.
func TestConstructorBesideFunctionOfTheSameGoName(t *testing.T) {
	m := testutil.Must(realnames.NewMegaphone())(t)
	defer m.Close()
	if v := testutil.Must(m.Volume())(t); v != 1 {
		t.Errorf("NewMegaphone().Volume() = %d, want 1 (Megaphone::new)", v)
	}
	f := testutil.Must(realnames.NewMegaphoneFunc())(t)
	defer f.Close()
	if v := testutil.Must(f.Volume())(t); v != 9 {
		t.Errorf("NewMegaphoneFunc().Volume() = %d, want 9 (new_megaphone)", v)
	}
}

// Options structs are named after the callable without its New: a constructor's
// MegaphoneWithVolumeOptions comes from NewMegaphoneWithVolumeOptions.
func TestOptionsStructNames(t *testing.T) {
	opts := realnames.NewMegaphoneWithVolumeOptions()
	if opts.Volume != 5 || opts.Label != nil {
		t.Fatalf("defaults = %+v, want Volume 5, Label nil", opts)
	}
	opts.Volume = 11
	m := testutil.Must(realnames.NewMegaphoneWithVolume(opts))(t)
	defer m.Close()
	if v := testutil.Must(m.Volume())(t); v != 11 {
		t.Errorf("Volume() = %d, want 11", v)
	}
	d := testutil.Must(realnames.NewMegaphoneWithVolume(nil))(t)
	defer d.Close()
	if v := testutil.Must(d.Volume())(t); v != 5 {
		t.Errorf("Volume() with nil options = %d, want the default 5", v)
	}
	ro := realnames.NewRepeatOptions()
	if got := testutil.Must(realnames.Repeat("ab", ro))(t); got != "abab!" {
		t.Errorf("Repeat(ab) = %q", got)
	}
	ro.Times, ro.Suffix = 3, "?"
	if got := testutil.Must(realnames.Repeat("x", ro))(t); got != "xxx?" {
		t.Errorf("Repeat(x, 3, ?) = %q", got)
	}
}

// Parameters named like locals of generated code reach Rust in order (their Go names, `obj`, `h`
// and `res_`, are checked by uniffi-bindgen-go/tests/cli.rs).
func TestParametersNamedLikeGeneratedLocals(t *testing.T) {
	m := testutil.Must(realnames.NewMegaphone())(t)
	defer m.Close()
	if got := testutil.Must(m.Shout("hey", 2, 3))(t); got != "1:hey:2:3" {
		t.Errorf("Shout = %q, want 1:hey:2:3", got)
	}
}

// Enums with discriminants of Rust's choosing have them as the Go constants' values, negative
// and beyond 32 bits included, while the wire keeps uniffi's variant numbers.
func TestEnumConstantsAreRustsDiscriminants(t *testing.T) {
	for _, tc := range []struct {
		status realnames.Status
		code   int64
	}{
		{realnames.StatusFailed, -1},
		{realnames.StatusPending, 0},
		{realnames.StatusDone, 5_000_000_000},
	} {
		if int64(tc.status) != tc.code {
			t.Errorf("%v = %d, want Rust's discriminant %d", tc.status, int64(tc.status), tc.code)
		}
		if got := testutil.Must(realnames.StatusCode(tc.status))(t); got != tc.code {
			t.Errorf("Rust sees %v as %d, want %d", tc.status, got, tc.code)
		}
		back := testutil.Must(realnames.StatusFromCode(tc.code))(t)
		if back == nil || *back != tc.status {
			t.Errorf("StatusFromCode(%d) = %v, want %v", tc.code, back, tc.status)
		}
	}
	all := testutil.Must(realnames.AllStatuses())(t)
	if len(all) != 3 || all[0] != realnames.StatusFailed || all[2] != realnames.StatusDone {
		t.Errorf("AllStatuses() = %v", all)
	}
	if realnames.StatusDone.String() != "Done" {
		t.Errorf("String() = %q", realnames.StatusDone.String())
	}
	// A value that is no discriminant is refused before it reaches Rust.
	if _, err := realnames.StatusCode(realnames.Status(7)); err == nil {
		t.Error("StatusCode(Status(7)) did not fail")
	}
}

func TestReprEnumDiscriminants(t *testing.T) {
	// #[repr(u8)] is uint8 in Go: 255 + 1 wraps to 0.
	if c := realnames.Channel(255); c+1 != 0 {
		t.Errorf("Channel is wider than uint8: 255+1 = %d", c+1)
	}
	if realnames.ChannelBlue != 200 || realnames.ChannelRed != 1 {
		t.Fatalf("Channel constants = %d, %d", realnames.ChannelRed, realnames.ChannelBlue)
	}
	if got := testutil.Must(realnames.ChannelCode(realnames.ChannelBlue))(t); got != 200 {
		t.Errorf("ChannelCode(Blue) = %d", got)
	}
	best := testutil.Must(realnames.Brightest([]realnames.Channel{realnames.ChannelGreen, realnames.ChannelBlue, realnames.ChannelRed}))(t)
	if best == nil || *best != realnames.ChannelBlue {
		t.Errorf("Brightest = %v", best)
	}
}

// Enum variant fields with defaults come as Default<Variant>(), as uniffi's other backends give
// them to the variant's constructor; Rust sees the values.
func TestVariantFieldDefaults(t *testing.T) {
	for _, tc := range []struct {
		figure realnames.Figure
		want   string
	}{
		{realnames.DefaultFigureCircle(), "Circle { radius: 1.5 }"},
		{realnames.DefaultFigureRect(), "Rect { width: 2, height: 0 }"},
		{realnames.DefaultFigureLabel(), `Label { text: "none", note: None }`},
	} {
		if got := testutil.Must(realnames.DescribeFigure(tc.figure))(t); got != tc.want {
			t.Errorf("DescribeFigure(%#v) = %q, want %q", tc.figure, got, tc.want)
		}
	}
	rect := realnames.DefaultFigureRect()
	rect.Height = 3
	if got := testutil.Must(realnames.DescribeFigure(rect))(t); got != "Rect { width: 2, height: 3 }" {
		t.Errorf("DescribeFigure(rect) = %q", got)
	}
}

// Object-typed fields and arguments that default to none are nil by default, and an object
// set in their place reaches Rust.
func TestObjectTypedDefaults(t *testing.T) {
	stage := realnames.DefaultStage()
	if stage.Name != "main" || stage.Speaker != nil {
		t.Fatalf("DefaultStage() = %+v", stage)
	}
	if got := testutil.Must(realnames.StageVolume(stage))(t); got != 0 {
		t.Errorf("StageVolume(default) = %d", got)
	}
	m := testutil.Must(realnames.NewMegaphoneFunc())(t)
	defer m.Close()
	stage.Speaker = m
	if got := testutil.Must(realnames.StageVolume(stage))(t); got != 9 {
		t.Errorf("StageVolume(with speaker) = %d, want 9", got)
	}
	if got := testutil.Must(realnames.SpeakerVolume(nil))(t); got != 0 {
		t.Errorf("SpeakerVolume(nil options) = %d", got)
	}
	opts := realnames.NewSpeakerVolumeOptions()
	opts.Speaker = m
	if got := testutil.Must(realnames.SpeakerVolume(opts))(t); got != 9 {
		t.Errorf("SpeakerVolume(speaker) = %d, want 9", got)
	}
}
