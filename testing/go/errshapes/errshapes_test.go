// Error shapes crossing from Go to Rust and back: a proc-macro flat error (which Rust lifts from
// its variant index alone), an error enum with fields, each returned by value and by pointer,
// from sync and async trait methods and from a callback interface.
package errshapes_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"uniffi-go.test/generated/errshapes"
	"uniffi-go.test/internal/testutil"
)

func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", errshapes.LiveCallbackHandles),
		testutil.Count("PendingHostCalls", errshapes.PendingHostCalls),
		testutil.Count("PendingRustFutures", errshapes.PendingRustFutures),
	))
}

// gate answers every method with ok, or with the error err gives for the name.
type gate struct {
	err func(name string) error
}

func (g gate) answer(name string) (string, error) {
	if err := g.err(name); err != nil {
		return "", err
	}
	return "go:" + name, nil
}

func (g gate) Admit(name string) (string, error)   { return g.answer(name) }
func (g gate) Inspect(name string) (string, error) { return g.answer(name) }
func (g gate) AdmitLater(_ context.Context, name string) (string, error) {
	return g.answer(name)
}
func (g gate) InspectLater(_ context.Context, name string) (string, error) {
	return g.answer(name)
}

type doorman struct{ err error }

func (d doorman) Open(name string) (uint32, error) {
	if d.err != nil {
		return 0, d.err
	}
	return uint32(len(name)), nil
}

// Every way Go can hand Rust a declared error, and what Rust must receive.
var goErrors = []struct {
	name string
	err  error
	want string // Rust's Debug of the error it lifted
}{
	{"flat by value", errshapes.DenialNotFound{}, "err:NotFound"},
	{"flat by pointer", &errshapes.DenialForbidden{}, "err:Forbidden"},
	{"flat with a message from Go", errshapes.DenialForbidden{Message: "Go's own words"}, "err:Forbidden"},
	{"flat wrapped", wrap(errshapes.DenialNotFound{}), "err:NotFound"},
	{"fields by value", errshapes.RejectionBadInput{Input: "x\x00y", Position: 3}, `err:BadInput { input: "x\0y", position: 3 }`},
	{"fields by pointer", &errshapes.RejectionOverLimit{Limit: 1 << 40}, "err:OverLimit { limit: 1099511627776 }"},
}

type wrapped struct{ err error }

func (w wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w wrapped) Unwrap() error { return w.err }

func wrap(err error) error { return wrapped{err} }

// isFlat tells which method a case goes through: a Denial through Admit, a Rejection through
// Inspect.
func isFlat(err error) bool {
	var d errshapes.Denial
	return errors.As(err, &d)
}

func TestGoErrorsReachRustAsTheirVariant(t *testing.T) {
	ctx := context.Background()
	for _, tc := range goErrors {
		t.Run(tc.name, func(t *testing.T) {
			g := gate{err: func(string) error { return tc.err }}
			calls := map[string]func() (string, error){
				"sync":  func() (string, error) { return errshapes.GateInspect(g, "n") },
				"async": func() (string, error) { return errshapes.GateInspectLater(ctx, g, "n") },
			}
			if isFlat(tc.err) {
				calls = map[string]func() (string, error){
					"sync":  func() (string, error) { return errshapes.GateAdmit(g, "n") },
					"async": func() (string, error) { return errshapes.GateAdmitLater(ctx, g, "n") },
				}
			}
			for kind, call := range calls {
				got, err := call()
				if err != nil {
					t.Fatalf("%s: %v", kind, err)
				}
				if got != tc.want {
					t.Errorf("%s: Rust saw %q, want %q", kind, got, tc.want)
				}
			}
		})
	}
}

func TestGoSuccessReachesRust(t *testing.T) {
	g := gate{err: func(string) error { return nil }}
	for name, call := range map[string]func() (string, error){
		"admit":         func() (string, error) { return errshapes.GateAdmit(g, "a") },
		"inspect":       func() (string, error) { return errshapes.GateInspect(g, "a") },
		"admit later":   func() (string, error) { return errshapes.GateAdmitLater(context.Background(), g, "a") },
		"inspect later": func() (string, error) { return errshapes.GateInspectLater(context.Background(), g, "a") },
	} {
		if got, err := call(); err != nil || got != "ok:go:a" {
			t.Errorf("%s = %q, %v; want ok:go:a", name, got, err)
		}
	}
}

func TestCallbackInterfaceFlatError(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, "ok:4"},
		{errshapes.DenialNotFound{}, "err:NotFound"},
		{&errshapes.DenialForbidden{}, "err:Forbidden"},
		// An error Rust does not declare for the method becomes the variant its
		// From<UnexpectedUniFFICallbackError> picks.
		{errors.New("something else"), "err:Unexpected"},
	} {
		got, err := errshapes.DoormanOpen(doorman{tc.err}, "door")
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("error %v: Rust saw %q, want %q", tc.err, got, tc.want)
		}
	}
}

// A Go error passed through Rust comes back to Go as the same variant.
func TestGoErrorsRoundTripThroughRust(t *testing.T) {
	_, err := errshapes.GateAdmitOrFail(gate{err: func(string) error { return &errshapes.DenialForbidden{} }}, "n")
	if !errors.Is(err, errshapes.DenialForbidden{}) {
		t.Fatalf("err = %#v, want DenialForbidden", err)
	}
	// Rust supplies the message: its Display text.
	if err.Error() != "error: permission denied" {
		t.Errorf("Error() = %q, want Rust's Display text", err.Error())
	}
	_, err = errshapes.GateInspectOrFail(gate{err: func(string) error {
		return errshapes.RejectionBadInput{Input: "in", Position: 9}
	}}, "n")
	bad := testutil.As[errshapes.RejectionBadInput](t, "GateInspectOrFail", err)
	if bad.Input != "in" || bad.Position != 9 {
		t.Errorf("BadInput = %+v, want {in 9}", bad)
	}
}

func TestRustErrorsInGo(t *testing.T) {
	_, err := errshapes.Deny("missing")
	if !errors.Is(err, errshapes.DenialNotFound{}) || err.Error() != "error: not found" {
		t.Errorf("Deny(missing) = %v (%T), want DenialNotFound with Rust's text", err, err)
	}
	_, err = errshapes.Reject("big")
	over := testutil.As[errshapes.RejectionOverLimit](t, "Reject(big)", err)
	if over.Limit != 1<<40 {
		t.Errorf("Limit = %d", over.Limit)
	}
	if got, err := errshapes.Deny("fine"); err != nil || got != "fine" {
		t.Errorf("Deny(fine) = %q, %v", got, err)
	}
}

// An error type that exports Display reads as Rust writes it, whether Rust or Go made the value.
func TestErrorTextIsRustsDisplay(t *testing.T) {
	_, err := errshapes.Reject("bad")
	if got, want := err.Error(), `bad input "bad" at 7`; got != want {
		t.Errorf("Error() of Rust's error = %q, want %q", got, want)
	}
	if got, want := (errshapes.RejectionOverLimit{Limit: 5}).Error(), "over the limit of 5"; got != want {
		t.Errorf("Error() of a Go value = %q, want %q", got, want)
	}
	// A flat error carries Rust's text; one made in Go without a message names its variant.
	if got, want := (errshapes.DenialNotFound{}).Error(), "errshapes: denial error not found"; got != want {
		t.Errorf("Error() of a Go flat error = %q, want %q", got, want)
	}
}

// A Rust-only trait object returned as an error: the error is the Rust implementation, which
// errors.As finds as the trait's Go interface, with its methods calling Rust.
func TestTraitObjectAsError(t *testing.T) {
	if v, err := errshapes.FaultIf(0); err != nil || v != 0 {
		t.Fatalf("FaultIf(0) = %d, %v", v, err)
	}
	_, err := errshapes.FaultIf(7)
	var fault errshapes.Fault
	if !errors.As(err, &fault) {
		t.Fatalf("FaultIf(7) error %#v is not a Fault", err)
	}
	if code := fault.Code(); code != 7 {
		t.Errorf("Code() = %d, want 7", code)
	}
	if text := fault.Describe(); text != "fault 7" {
		t.Errorf("Describe() = %q", text)
	}
	if err.Error() != "errshapes: fault error" {
		t.Errorf("Error() = %q", err.Error())
	}
	if c, ok := fault.(interface{ Close() error }); ok {
		c.Close()
	}
}

// A custom type wrapping an error enum, returned as an error: Go sees the enum it wraps (the
// custom type is a Go alias of it).
func TestCustomTypeAsError(t *testing.T) {
	if got, err := errshapes.Refuse("yes"); err != nil || got != "yes" {
		t.Fatalf("Refuse(yes) = %q, %v", got, err)
	}
	_, err := errshapes.Refuse("no")
	over := testutil.As[errshapes.RejectionOverLimit](t, "Refuse(no)", err)
	if over.Limit != 3 {
		t.Errorf("Limit = %d, want 3", over.Limit)
	}
	var refusal errshapes.Refusal
	if !errors.As(err, &refusal) {
		t.Error("errors.As does not find the custom type's Go alias")
	}
}
