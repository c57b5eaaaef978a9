package callbacks_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

// Values Go refuses to pass to Rust are reported before Rust is called.
func TestInvalidArguments(t *testing.T) {
	expectNoLeaks(t)
	if _, err := callbacks.NewRelay(nil); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("NewRelay(nil) = %v, want ErrClosed", err)
	}
	e := newEchoer()
	r := newRelay(t, e)
	if _, err := r.EchoString("bad\xff"); err == nil {
		t.Errorf("EchoString(invalid UTF-8) succeeded")
	} else {
		testutil.Expect[*callbacks.InternalError](t, "EchoString(invalid UTF-8)", err, "UTF-8")
	}
	if _, err := r.EchoLevel(callbacks.Level(0)); err == nil {
		t.Errorf("EchoLevel(Level(0)) succeeded")
	} else {
		testutil.Expect[*callbacks.InternalError](t, "EchoLevel(Level(0))", err)
	}
	if n, _ := e.seen("EchoString"); n != 0 {
		t.Errorf("an invalid argument reached the Go callback")
	}
	if _, err := r.EchoPayload(callbacks.Payload{Name: "a\xffb"}); err == nil {
		t.Errorf("EchoPayload(invalid UTF-8 name) succeeded")
	} else {
		testutil.Expect[*callbacks.InternalError](t, "EchoPayload(invalid UTF-8 name)", err)
	}
}

// Relay.EchoKind has an error result, and the package documents that a value that cannot cross
// the language boundary is returned as an *InternalError by calls that return an error. A nil
// Kind is such a value: like an invalid Level or a non-UTF-8 string above, it must be returned,
// not raised as a panic.
func TestNilKindArgumentIsReturnedAsError(t *testing.T) {
	expectNoLeaks(t)
	r := newRelay(t, newEchoer())
	var err error
	if p := recoverPanic(func() { _, err = r.EchoKind(nil) }); p != nil {
		t.Errorf("Relay.EchoKind(nil) panicked with %v (%T) although it has an error result", p, p)
		return
	}
	testutil.Expect[*callbacks.InternalError](t, "Relay.EchoKind(nil)", err)
}

// ---- crashes, checked in child processes -------------------------------------

// childEnv names the scenario a child test process runs.
const childEnv = "CALLBACKS_TEST_CHILD_SCENARIO"

// inChild reports whether this process is a child started by runScenarios; if so it has run the
// scenario named in its environment and printed the outcome.
func inChild(scenarios map[string]func() any) bool {
	name := os.Getenv(childEnv)
	if name == "" {
		return false
	}
	if f, ok := scenarios[name]; ok {
		var got any
		p := recoverPanic(func() { got = f() })
		if p != nil {
			got = p
		}
		fmt.Printf("CHILD-RESULT: %s\n", describe(got))
	}
	return true
}

func describe(v any) string {
	if err, ok := v.(error); ok && errors.Is(err, callbacks.ErrClosed) {
		return "ErrClosed"
	}
	var ie *callbacks.InternalError
	if err, ok := v.(error); ok && errors.As(err, &ie) {
		return "InternalError"
	}
	var ue callbacks.CallbackErrorUnexpected
	if err, ok := v.(error); ok && errors.As(err, &ue) {
		return "CallbackErrorUnexpected"
	}
	var he callbacks.HostErrorUnexpected
	if err, ok := v.(error); ok && errors.As(err, &he) {
		return "HostErrorUnexpected"
	}
	return fmt.Sprintf("%T", v)
}

// runScenarios runs each scenario in a child process (the test binary, running only test) so that
// a crash fails only this test, and checks the outcome the child reports.
func runScenarios(t *testing.T, test string, scenarios map[string]func() any, want map[string]string) {
	t.Helper()
	for name := range scenarios {
		cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v=false")
		cmd.Env = append(os.Environ(), childEnv+"="+name, "RUST_BACKTRACE=0")
		out, err := cmd.CombinedOutput()
		text := string(out)
		if err != nil {
			lines := strings.SplitN(text, "\n", 6)
			t.Errorf("%s crashed the process (%v):\n%s", name, err, strings.Join(lines[:min(5, len(lines))], "\n"))
			continue
		}
		if !strings.Contains(text, "CHILD-RESULT: "+want[name]+"\n") {
			t.Errorf("%s: child reported %q, want CHILD-RESULT: %s", name, strings.TrimSpace(text), want[name])
		}
	}
}

var zeroValueScenarios = map[string]func() any{
	"GreetWith(&RustGreeter{})":      func() any { _, err := callbacks.GreetWith(&callbacks.RustGreeter{}, "x"); return err },
	"(&RustGreeter{}).Greet":         func() any { return (&callbacks.RustGreeter{}).Greet("x") },
	"DescribeWith(&RustDescriber{})": func() any { _, err := callbacks.DescribeWith(&callbacks.RustDescriber{}); return err },
	"(&Counter{}).Get":               func() any { _, err := (&callbacks.Counter{}).Get(); return err },
}

// The object types are exported structs, so `&callbacks.RustGreeter{}` compiles and is a valid
// Greeter. Its zero value holds handle 0, which no Rust object has; using it must fail like a nil
// or closed object (ErrClosed), not hand handle 0 to Rust, which dereferences it and kills the
// process with SIGSEGV.
func TestZeroValueObjectsDoNotCrash(t *testing.T) {
	if inChild(zeroValueScenarios) {
		return
	}
	want := map[string]string{}
	for name := range zeroValueScenarios {
		want[name] = "ErrClosed"
	}
	runScenarios(t, "TestZeroValueObjectsDoNotCrash", zeroValueScenarios, want)
}

var nilErrorPanicScenarios = map[string]func() any{
	"sync callback": func() any {
		e := newEchoer()
		e.failIf = func(bool) (string, error) { var me *myError; panic(me) }
		r, _ := callbacks.NewRelay(e)
		_, err := r.FailIf(true)
		return err
	},
	"host call": func() any {
		h := &goHost{fetch: func(context.Context, string) (string, error) { var me *myError; panic(me) }}
		_, err := callbacks.HostFetch(context.Background(), h, "k")
		return err
	},
}

// A panic in a Go callback never unwinds into Rust and is reported as an unexpected error, even
// when the panic value is a nil *T error whose Error method itself panics: describing the value
// must not panic a second time inside the deferred recover (in a sync callback that would unwind
// through the Rust frames, in a host call it would kill the process).
func TestPanicWithNilErrorPointerDoesNotCrash(t *testing.T) {
	if inChild(nilErrorPanicScenarios) {
		return
	}
	runScenarios(t, "TestPanicWithNilErrorPointerDoesNotCrash", nilErrorPanicScenarios, map[string]string{
		"sync callback": "CallbackErrorUnexpected",
		"host call":     "HostErrorUnexpected",
	})
}

// Rust lifts the message of an undeclared error (status code 2) into a String without checking
// UTF-8 (uniffi_core's String::try_lift uses from_utf8_unchecked: the foreign side must send
// valid UTF-8), so the bindings replace invalid UTF-8 in error and panic messages; otherwise a Go
// error message that is not UTF-8 would become an invalid Rust
// String (undefined behaviour). It is seen here as a Reason that is not UTF-8 coming back from
// Rust, which Rust itself could never produce from a valid String. The invalid byte sits in the
// middle of the message, and only fallible methods are used, so Rust only moves the bytes.
func TestUndeclaredErrorMessageReachesRustAsValidUTF8(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	for name, fail := range map[string]func() (string, error){
		"error": func() (string, error) { return "", errors.New("bad\xffmsg") },
		"panic": func() (string, error) { panic("bad\xffmsg") },
	} {
		e.failIf = func(bool) (string, error) { return fail() }
		_, err := r.FailIf(true)
		var ue callbacks.CallbackErrorUnexpected
		if !errors.As(err, &ue) {
			t.Errorf("%s: FailIf = %v (%T), want CallbackErrorUnexpected", name, err, err)
			continue
		}
		if !utf8.ValidString(ue.Reason) {
			t.Errorf("sync callback %s: Rust held a non-UTF-8 String: Reason %q", name, ue.Reason)
		}
	}
	h := &goHost{fetch: func(context.Context, string) (string, error) { return "", errors.New("bad\xffmsg") }}
	_, err := callbacks.HostFetch(testCtx(t), h, "k")
	var he callbacks.HostErrorUnexpected
	if !errors.As(err, &he) {
		t.Errorf("HostFetch = %v (%T), want HostErrorUnexpected", err, err)
	} else if !utf8.ValidString(he.Reason) {
		t.Errorf("host call error: Rust held a non-UTF-8 String: Reason %q", he.Reason)
	}
}

// hugeGreeter answers with a string longer than uniffi can pass back (its length crosses as an
// i32). Its bytes are never written, so the OS backs them with no memory.
type hugeGreeter struct{ answer string }

func (g hugeGreeter) Greet(string) string { return g.answer }
func (g hugeGreeter) Calls() uint32       { return 0 }

// A Go callback returning more than 2 GiB - 1 bytes fails like a callback that panics: the Rust
// call reports it as an error naming the size, and nothing is cut short.
func TestCallbackResultBeyondTwoGiBIsAnError(t *testing.T) {
	if testing.Short() {
		t.Skip("maps 2 GiB of address space")
	}
	huge := make([]byte, 1<<31)
	_, err := callbacks.GreetWith(hugeGreeter{answer: unsafe.String(&huge[0], len(huge))}, "x")
	var internal *callbacks.InternalError
	if !errors.As(err, &internal) || !strings.Contains(internal.Message, "a string a Go callback returned is 2147483648 bytes") {
		t.Fatalf("GreetWith(a greeter answering 2 GiB) err = %v, want an *InternalError giving the size", err)
	}
	if got, err := callbacks.GreetWith(hugeGreeter{answer: "ok"}, "x"); err != nil || got != "ok" {
		t.Fatalf("GreetWith after the failure = %q, %v", got, err)
	}
}
