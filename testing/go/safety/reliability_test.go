package safety_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/safety"
)

// ---- panic values that panic when printed --------------------------------------------------

// errorBomb is an error whose Error method panics with another errorBomb: fmt recovers the first
// panic and then panics again, so a message made with fmt alone escapes any recover.
type errorBomb struct{}

func (errorBomb) Error() string { panic(errorBomb{}) }

// stringBomb is the same for a fmt.Stringer.
type stringBomb struct{}

func (stringBomb) String() string { panic(stringBomb{}) }

// bombSource panics with its value from every method.
type bombSource struct{ with any }

func (s bombSource) Value() uint32 { panic(s.with) }
func (s bombSource) Label() string { panic(s.with) }

// bombHost panics with its value from every method.
type bombHost struct{ with any }

func (h bombHost) Fetch(context.Context, string) (string, error) { panic(h.with) }
func (h bombHost) Number(context.Context) (uint32, error)        { panic(h.with) }

// errorHost answers every call with err.
type errorHost struct{ err error }

func (h errorHost) Fetch(context.Context, string) (string, error) { return "", h.err }
func (h errorHost) Number(context.Context) (uint32, error)        { return 0, h.err }

// A panic value whose Error or String method panics itself must still become an error in Rust,
// on every callback path: on the caller's thread, on a thread Rust created, in a host call's
// goroutine, and as the error a callback returns.
func TestPanicValuesThatPanicWhenPrinted(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, v := range []any{errorBomb{}, stringBomb{}} {
		_, err := safety.SumValues(bombSource{v}, 1)
		wantInternalError(t, "SumValues(bomb on the caller's thread)", err, "panic in Go callback")
		_, err = safety.ValueOnThread(bombSource{v})
		wantInternalError(t, "ValueOnThread(bomb on a Rust thread)", err, "panic in Go callback")
		_, err = safety.HostNumber(ctx, bombHost{v})
		wantInternalError(t, "HostNumber(bomb in a host call)", err, "panic in Go callback")
		_, err = safety.HostFetch(ctx, bombHost{v}, "k")
		var unexpected safety.SafetyErrorUnexpected
		if !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "panic in Go callback") {
			t.Fatalf("HostFetch(bomb) error = %v, want SafetyErrorUnexpected", err)
		}
	}
	_, err := safety.FallibleValue(fallibleSource{err: errorBomb{}})
	var unexpected safety.SafetyErrorUnexpected
	if !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "Error method panicked") {
		t.Fatalf("FallibleValue(error whose Error panics) = %v, want SafetyErrorUnexpected", err)
	}
	_, err = safety.HostNumber(ctx, errorHost{errorBomb{}})
	wantInternalError(t, "HostNumber(error whose Error panics)", err, "Error method panicked")
	stillWorks(t)
}

// ---- runtime.Goexit in callbacks -----------------------------------------------------------

// goexitSource calls runtime.Goexit (what t.FailNow and t.Fatal do) from every method.
type goexitSource struct{}

func (goexitSource) Value() uint32 { runtime.Goexit(); return 0 }
func (goexitSource) Label() string { runtime.Goexit(); return "" }

// goexitHost calls runtime.Goexit from every method.
type goexitHost struct{}

func (goexitHost) Fetch(context.Context, string) (string, error) { runtime.Goexit(); return "", nil }
func (goexitHost) Number(context.Context) (uint32, error)        { runtime.Goexit(); return 0, nil }

type goexitWorker struct{}

func (goexitWorker) Work(uint32) uint32 { runtime.Goexit(); return 0 }

// within runs f on its own goroutine and fails the test when f does not return within 10 s.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not return", what)
	}
}

// runtime.Goexit in an async Go method (a host call) ends only the method's goroutine: Rust still
// gets an answer, an error naming the cause, and the call returns instead of hanging.
func TestGoexitInHostCalls(t *testing.T) {
	expectNoLeaks(t)
	within(t, "HostNumber(Goexit host)", func() {
		_, err := safety.HostNumber(context.Background(), goexitHost{})
		wantInternalError(t, "HostNumber(Goexit host)", err, "runtime.Goexit")
	})
	within(t, "HostFetch(Goexit host)", func() {
		_, err := safety.HostFetch(context.Background(), goexitHost{}, "k")
		var unexpected safety.SafetyErrorUnexpected
		if !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "runtime.Goexit") {
			t.Errorf("HostFetch(Goexit host) error = %v, want SafetyErrorUnexpected", err)
		}
	})
	if n := safety.PendingHostCalls(); n != 0 {
		t.Fatalf("PendingHostCalls() = %d after the host calls returned", n)
	}
	stillWorks(t)
}

// ---- nil contexts -----------------------------------------------------------------------------

// A nil context.Context is refused before any Rust work starts, with an error as
// net/http.NewRequestWithContext refuses one: an *InternalError naming the nil Context, and no
// Rust future, host call or object left behind.
func TestNilContextStartsNothing(t *testing.T) {
	expectNoLeaks(t)
	r, err := safety.NewResource("nil-ctx")
	if err != nil {
		t.Fatal(err)
	}
	dropped := droppedResources(t)
	var nilCtx context.Context
	calls := []struct {
		what string
		call func() error
	}{
		{"Resource.HoldAsync", func() error { _, err := r.HoldAsync(nilCtx, 50); return err }},
		{"HostNumber", func() error { _, err := safety.HostNumber(nilCtx, panicHost{answer: "x"}); return err }},
		{"NewResourceAsync", func() error { _, err := safety.NewResourceAsync(nilCtx, "x"); return err }},
	}
	for _, c := range calls {
		var err error
		if p := recoverFrom(func() { err = c.call() }); p != nil {
			t.Errorf("%s(nil, ...) panicked: %v", c.what, p)
			continue
		}
		wantInternalError(t, c.what+"(nil, ...)", err, "nil Context")
		if n := safety.PendingRustFutures(); n != 0 {
			t.Errorf("%s: PendingRustFutures() = %d after a call with a nil context", c.what, n)
		}
	}
	r.Close()
	if !eventually(func() bool { return droppedResources(t) == dropped+1 }) {
		t.Fatalf("the resource a nil-context call was made on is still alive after Close")
	}
}
