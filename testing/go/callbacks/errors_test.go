package callbacks_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

func TestFailIfSucceeds(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	got, err := r.FailIf(false)
	if err != nil || got != "fine" {
		t.Errorf("FailIf(false) = %q, %v", got, err)
	}
	if n, arg := e.seen("FailIf"); n != 1 || arg != false {
		t.Errorf("the Go Echoer saw %d FailIf calls, last with %v", n, arg)
	}
}

// The error the Rust method declares crosses Go -> Rust -> Go as itself, variant and fields.
func TestFailIfDeclaredError(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	cases := map[string]struct {
		ret  error
		want callbacks.CallbackError
	}{
		"Rejected":          {callbacks.CallbackErrorRejected{Reason: "no way ✓"}, callbacks.CallbackErrorRejected{Reason: "no way ✓"}},
		"Rejected, empty":   {callbacks.CallbackErrorRejected{}, callbacks.CallbackErrorRejected{}},
		"Unexpected itself": {callbacks.CallbackErrorUnexpected{Reason: "my own"}, callbacks.CallbackErrorUnexpected{Reason: "my own"}},
		// errors.As finds the declared error inside a wrapped one.
		"wrapped Rejected": {fmt.Errorf("context: %w", callbacks.CallbackErrorRejected{Reason: "inner"}), callbacks.CallbackErrorRejected{Reason: "inner"}},
	}
	for name, c := range cases {
		e.failIf = func(fail bool) (string, error) {
			if !fail {
				return "not asked to fail", nil
			}
			return "ignored", c.ret
		}
		got, err := r.FailIf(true)
		var ce callbacks.CallbackError
		if !errors.As(err, &ce) {
			t.Errorf("%s: FailIf(true) = %q, %v (%T); want a CallbackError", name, got, err, err)
			continue
		}
		if ce != c.want {
			t.Errorf("%s: FailIf(true) error = %#v, want %#v", name, ce, c.want)
		}
		if got != "" {
			t.Errorf("%s: FailIf(true) returned %q along with its error", name, got)
		}
	}
	// errors.As with the concrete variant type works too.
	e.failIf = func(bool) (string, error) { return "", callbacks.CallbackErrorRejected{Reason: "why"} }
	_, err := r.FailIf(true)
	var rej callbacks.CallbackErrorRejected
	if !errors.As(err, &rej) || rej.Reason != "why" {
		t.Errorf("FailIf(true) = %v; want CallbackErrorRejected{why}", err)
	}
	if !errors.Is(err, callbacks.CallbackErrorRejected{}) || errors.Is(err, callbacks.CallbackErrorUnexpected{}) {
		t.Errorf("errors.Is does not tell the variants apart: %v", err)
	}
}

// An error Rust does not declare, and a panic in the Go callback, reach Rust as an
// "unexpected callback error", which the fixture turns into CallbackError::Unexpected.
func TestFailIfUndeclaredErrorsAndPanics(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	cases := map[string]struct {
		fail  func() (string, error)
		parts []string
	}{
		"plain error":        {func() (string, error) { return "", errors.New("disk on fire") }, []string{"disk on fire"}},
		"custom error type":  {func() (string, error) { return "", &myError{"custom ✓"} }, []string{"custom ✓"}},
		"panic with string":  {func() (string, error) { panic("boom from Go") }, []string{"panic", "boom from Go"}},
		"panic with error":   {func() (string, error) { panic(errors.New("kaboom error")) }, []string{"panic", "kaboom error"}},
		"panic with integer": {func() (string, error) { panic(12345) }, []string{"panic", "12345"}},
		"nil map write":      {func() (string, error) { var m map[string]int; m["x"] = 1; return "", nil }, []string{"panic", "nil map"}},
		"invalid UTF-8 ok":   {func() (string, error) { return "bad\xff", nil }, []string{"UTF-8"}},
	}
	for name, c := range cases {
		e.failIf = func(bool) (string, error) { return c.fail() }
		got, err := r.FailIf(true)
		var unexpected callbacks.CallbackErrorUnexpected
		if !errors.As(err, &unexpected) {
			t.Errorf("%s: FailIf(true) = %q, %v (%T); want CallbackErrorUnexpected", name, got, err, err)
			continue
		}
		for _, part := range c.parts {
			if !strings.Contains(unexpected.Reason, part) {
				t.Errorf("%s: Unexpected reason %q does not mention %q", name, unexpected.Reason, part)
			}
		}
	}
	// The relay still works.
	e.failIf = nil
	if got, err := r.FailIf(false); err != nil || got != "fine" {
		t.Errorf("FailIf(false) after the failures = %q, %v", got, err)
	}
}

type myError struct{ msg string }

func (e *myError) Error() string { return e.msg }

// A Go callback returning a pointer to a declared error variant. The variants are value types,
// but *CallbackErrorRejected also satisfies the CallbackError interface (its method set includes
// the value methods), so the generated lowering's errors.As accepts it as a declared error. It
// must then be sent to Rust as the Rejected variant it points to or, at the very least, as an
// undeclared error that keeps the Go error's message.
func TestFailIfPointerToDeclaredError(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	e.failIf = func(bool) (string, error) { return "", &callbacks.CallbackErrorRejected{Reason: "by pointer"} }
	_, err := r.FailIf(true)
	var rej callbacks.CallbackErrorRejected
	var unexpected callbacks.CallbackErrorUnexpected
	switch {
	case errors.As(err, &rej):
		if rej.Reason != "by pointer" {
			t.Errorf("FailIf(true) = %#v, want Reason \"by pointer\"", rej)
		}
	case errors.As(err, &unexpected):
		if !strings.Contains(unexpected.Reason, "by pointer") {
			t.Errorf("a Go callback returned &CallbackErrorRejected{Reason: \"by pointer\"}; Rust got %#v: "+
				"neither the Rejected variant nor the error's message", unexpected)
		}
	default:
		t.Errorf("FailIf(true) = %v (%T)", err, err)
	}
	// The relay still works.
	e.failIf = nil
	if got, err := r.FailIf(false); err != nil || got != "fine" {
		t.Errorf("FailIf(false) afterwards = %q, %v", got, err)
	}
}

// A panic in a Go callback whose Rust method declares no error cannot be reported as a value:
// Rust panics, and the Go call fails with an *InternalError naming the Go panic. Afterwards the
// process, the relay and the Go Echoer all keep working.
func TestPanicInInfallibleCallback(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	for _, pv := range []any{"u8 exploded", errors.New("u8 error value")} {
		e.echoU8 = func(uint8) uint8 { panic(pv) }
		got, err := r.EchoU8(9)
		testutil.Expect[*callbacks.InternalError](t, fmt.Sprintf("EchoU8 panicking with %T", pv), err, "panic in Go callback", fmt.Sprint(pv))
		if got != 0 {
			t.Errorf("EchoU8 returned %d along with its error", got)
		}
	}
	// The same from a Rust thread: the thread panics, and so does the joining Rust function.
	e.echoString = func(string) string { panic("thread callback exploded") }
	_, err := r.EchoStringOnThread("x")
	testutil.Expect[*callbacks.InternalError](t, "EchoStringOnThread with a panicking callback", err)
	e.echoU8, e.echoString = nil, nil

	// And from several Rust threads at once, in a method returning nothing. The fixture stops
	// joining its threads at the first that panicked, so the others may still be calling the Go
	// Echoer after the call returned: they get an Echoer of their own that is never changed, and
	// the test waits for all of their calls.
	notifier := newEchoer()
	notifier.notify = func(msg string) {
		if msg == "3:7" {
			panic("notify exploded at " + msg)
		}
	}
	nr, err := callbacks.NewRelay(notifier)
	if err != nil {
		t.Fatal(err)
	}
	err = nr.NotifyFromThreads(8, 20)
	testutil.Expect[*callbacks.InternalError](t, "NotifyFromThreads with a panicking callback", err)
	nr.Close()
	// Thread 3 stops at its 8th message; the 7 others send all 20.
	if !waitFor(10*time.Second, func() bool { n, _ := notifier.seen("Notify"); return n == 7*20+8 }) {
		n, _ := notifier.seen("Notify")
		t.Errorf("Notify ran %d times, want %d", n, 7*20+8)
	}

	if got, err := r.EchoU8(200); err != nil || got != 200 {
		t.Errorf("EchoU8 after the panics = %d, %v", got, err)
	}
	if got, err := r.EchoStringOnThread("again"); err != nil || got != "again" {
		t.Errorf("EchoStringOnThread after the panics = %q, %v", got, err)
	}
	fresh := newRelay(t, newEchoer())
	if got, err := fresh.EchoI64(-5); err != nil || got != -5 {
		t.Errorf("a new Relay after the panics: EchoI64 = %d, %v", got, err)
	}
}

// A Go Greeter panicking makes Rust panic: the functions (which all have an error result, even
// where the Rust function declares none) return the *InternalError.
func TestPanicInGreeterReturnsAnError(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{greet: func(name string) string { panic("greeter exploded for " + name) }}
	got, err := callbacks.GreetWith(g, "Zed")
	testutil.Expect[*callbacks.InternalError](t, "GreetWith with a panicking Go Greeter", err, "greeter exploded for Zed")
	if got != "" {
		t.Errorf("GreetWith returned %q along with its error", got)
	}
	got, err = callbacks.GreetOnThread(g, "Yan")
	testutil.Expect[*callbacks.InternalError](t, "GreetOnThread with a panicking Go Greeter", err)
	if got != "" {
		t.Errorf("GreetOnThread returned %q along with its error", got)
	}
	g.greet = nil
	if got, err := callbacks.GreetWith(g, "Ok"); err != nil || got != ", Ok (from Go)" {
		t.Errorf("GreetWith after the panics = %q, %v", got, err)
	}
	if n := g.Calls(); n != 3 {
		t.Errorf("the Go Greeter ran %d times, want 3", n)
	}
}
