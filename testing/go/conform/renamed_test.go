package conform_test

import (
	"errors"
	"testing"

	"uniffi-go.test/generated/conform"
	"uniffi-go.test/internal/testutil"
)

// A method exported under another name (`#[uniffi::method(name = "label")]`) and an enum
// variant renamed with `#[uniffi(name = "Running")]` carry the new names and reach Rust.
func TestRenamedMethodAndVariant(t *testing.T) {
	n := newNode(t, "n")
	if got := testutil.Must(n.Label())(t); got != "<n>" {
		t.Errorf("Label = %q", got)
	}
	var p conform.Phase = conform.PhaseStart{}
	var seen []conform.Phase
	for range 5 {
		p = testutil.Must(conform.NextPhase(p))(t)
		seen = append(seen, p)
	}
	want := []conform.Phase{
		conform.PhaseRunning{Percent: 0}, conform.PhaseRunning{Percent: 50},
		conform.PhaseRunning{Percent: 100}, conform.PhaseEnd{}, conform.PhaseEnd{},
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("phase %d = %#v, want %#v", i, seen[i], want[i])
		}
	}
}

// A remote enum (`#[uniffi::remote(Enum)]` over log::Level) has log's discriminants as its Go
// constants and round-trips.
func TestRemoteEnum(t *testing.T) {
	for _, tc := range []struct {
		level, next conform.Level
		name        string
		code        int64
	}{
		{conform.LevelError, conform.LevelWarn, "ERROR", 1},
		{conform.LevelWarn, conform.LevelInfo, "WARN", 2},
		{conform.LevelInfo, conform.LevelDebug, "INFO", 3},
		{conform.LevelDebug, conform.LevelTrace, "DEBUG", 4},
		{conform.LevelTrace, conform.LevelTrace, "TRACE", 5},
	} {
		if int64(tc.level) != tc.code {
			t.Errorf("%v = %d, want log's %d", tc.level, int64(tc.level), tc.code)
		}
		if got := testutil.Must(conform.MoreVerbose(tc.level))(t); got != tc.next {
			t.Errorf("MoreVerbose(%v) = %v, want %v", tc.level, got, tc.next)
		}
		if got := testutil.Must(conform.LevelName(tc.level))(t); got != tc.name {
			t.Errorf("LevelName(%v) = %q, want %q", tc.level, got, tc.name)
		}
	}
	if _, err := conform.LevelName(conform.Level(9)); err == nil {
		t.Error("LevelName(9) succeeded")
	}
}

// A remote object used as an error (`Result<T, Arc<anyhow::Error>>`): *Error implements error,
// goes back to Rust, which still sees the context chain, and is freed.
func TestRemoteObjectAsError(t *testing.T) {
	if got := testutil.Must(conform.ParseNumber(" 42 "))(t); got != 42 {
		t.Errorf("ParseNumber(42) = %d", got)
	}
	v, err := conform.ParseNumber("x1")
	var anyErr *conform.Error
	if v != 0 || !errors.As(err, &anyErr) {
		t.Fatalf("ParseNumber(x1) = %d, %v (%T), want an *Error", v, err, err)
	}
	defer anyErr.Close()
	// Rust's Display of a remote type cannot be exported (uniffi's trait export is an inherent
	// impl, which Rust forbids on another crate's type), so Error() is the fallback text; Rust's
	// own text comes from a function of the crate, ErrorText below.
	if got, want := anyErr.Error(), "conform: error"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := testutil.Must(conform.ErrorText(anyErr))(t), `parsing "x1": invalid digit found in string`; got != want {
		t.Errorf("ErrorText = %q, want %q", got, want)
	}
	anyErr.Close()
	if _, err := conform.ErrorText(anyErr); !errors.Is(err, conform.ErrClosed) {
		t.Errorf("ErrorText(closed) = %v, want ErrClosed", err)
	}
}
