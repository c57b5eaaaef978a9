package safety_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"uniffi-go.test/generated/safety"
)

// Every Rust panic below must come back as an *InternalError carrying Rust's panic message, the
// process must live on, and the next call must work.

func TestPanicInFunction(t *testing.T) {
	got, err := safety.PanicInfallible("in a function")
	if got != 0 {
		t.Errorf("PanicInfallible returned %d alongside its error, want 0", got)
	}
	wantInternalError(t, "PanicInfallible", err, "expected panic: in a function")
	stillWorks(t)
	if got, err := safety.PanicInfallible(""); err != nil || got != 7 {
		t.Fatalf("PanicInfallible(\"\") = %d, %v; want 7, nil", got, err)
	}
}

func TestPanicInFunctionWithDeclaredError(t *testing.T) {
	_, err := safety.PanicFallible("in a throwing function", true)
	wantInternalError(t, "PanicFallible", err, "expected panic: in a throwing function")
	stillWorks(t)
	// The declared error and the value still come through.
	if _, err := safety.PanicFallible("", false); !errors.Is(err, safety.SafetyErrorRefused{}) {
		t.Fatalf("PanicFallible(\"\", false) error = %v, want SafetyErrorRefused", err)
	}
	if got, err := safety.PanicFallible("abcd", false); err != nil || got != 4 {
		t.Fatalf("PanicFallible(\"abcd\", false) = %d, %v; want 4, nil", got, err)
	}
}

func TestPanicWithANonStringPayload(t *testing.T) {
	_, err := safety.PanicWithNumberPayload()
	wantInternalError(t, "PanicWithNumberPayload", err)
	stillWorks(t)
}

func TestPanicCaughtInsideRustIsNotAnError(t *testing.T) {
	if got, err := safety.PanicCaughtInRust(); err != nil || got != 1 {
		t.Fatalf("PanicCaughtInRust() = %d, %v; want 1, nil", got, err)
	}
}

func TestPanicInMethod(t *testing.T) {
	expectNoLeaks(t)
	r, err := safety.NewResource("methods")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	id, err := r.ID()
	if err != nil || id == 0 {
		t.Fatalf("ID() = %d, %v", id, err)
	}
	_, err = r.PanicMethod("in a method")
	wantInternalError(t, "PanicMethod", err, "expected panic: in a method")
	_, err = r.PanicMethodFallible(true)
	wantInternalError(t, "PanicMethodFallible", err, "expected panic: method_fallible")
	// The object survives its method's panic.
	if got, err := r.PanicMethod(""); err != nil || got != id {
		t.Fatalf("PanicMethod(\"\") after a panic = %d, %v; want %d, nil", got, err, id)
	}
	if got, err := r.PanicMethodFallible(false); err != nil || got != id {
		t.Fatalf("PanicMethodFallible(false) = %d, %v; want %d, nil", got, err, id)
	}
	stillWorks(t)
}

func TestPanicInConstructor(t *testing.T) {
	expectNoLeaks(t)
	base := liveResources(t)
	r, err := safety.NewResourcePanicking("in a constructor")
	if r != nil {
		t.Errorf("NewResourcePanicking returned a non-nil object alongside its error")
	}
	wantInternalError(t, "NewResourcePanicking", err, "expected panic: in a constructor")

	r, err = safety.NewResourceTryNew("panic in a throwing constructor")
	if r != nil {
		t.Errorf("NewResourceTryNew(panic) returned a non-nil object")
	}
	wantInternalError(t, "NewResourceTryNew", err, "expected panic: panic in a throwing constructor")
	if _, err := safety.NewResourceTryNew(""); !errors.Is(err, safety.SafetyErrorRefused{}) {
		t.Fatalf("NewResourceTryNew(\"\") error = %v, want SafetyErrorRefused", err)
	}
	if n := liveResources(t); n != base {
		t.Fatalf("failed constructors left %d resources alive, want %d", n, base)
	}
	r, err = safety.NewResourceTryNew("fine")
	if err != nil {
		t.Fatalf("NewResourceTryNew(\"fine\"): %v", err)
	}
	if name, err := r.Name(); err != nil || name != "fine" {
		t.Fatalf("Name() = %q, %v", name, err)
	}
	r.Close()
	stillWorks(t)
}

func TestPanicInAsyncCalls(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()

	_, err := safety.PanicAsyncFirstPoll(ctx, "at the first poll")
	wantInternalError(t, "PanicAsyncFirstPoll", err, "expected panic: at the first poll")
	if got, err := safety.PanicAsyncFirstPoll(ctx, ""); err != nil || got != 11 {
		t.Fatalf("PanicAsyncFirstPoll(\"\") = %d, %v; want 11, nil", got, err)
	}

	_, err = safety.PanicAsyncLaterPoll(ctx, "at a later poll", 5)
	wantInternalError(t, "PanicAsyncLaterPoll", err, "expected panic: at a later poll")
	if got, err := safety.PanicAsyncLaterPoll(ctx, "", 3); err != nil || got != 3 {
		t.Fatalf("PanicAsyncLaterPoll(\"\", 3) = %d, %v; want 3, nil", got, err)
	}

	r, err := safety.NewResource("async")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	id, _ := r.ID()
	_, err = r.PanicMethodAsync(ctx, "in an async method", 2)
	wantInternalError(t, "PanicMethodAsync", err, "expected panic: in an async method")
	if got, err := r.PanicMethodAsync(ctx, "", 1); err != nil || got != id {
		t.Fatalf("PanicMethodAsync(\"\") = %d, %v; want %d, nil", got, err, id)
	}

	nr, err := safety.NewResourceAsync(ctx, "panic in an async constructor")
	if nr != nil {
		t.Errorf("NewResourceAsync(panic) returned a non-nil object")
	}
	wantInternalError(t, "NewResourceAsync", err, "expected panic: panic in an async constructor")
	nr, err = safety.NewResourceAsync(ctx, "async-made")
	if err != nil {
		t.Fatalf("NewResourceAsync: %v", err)
	}
	if name, err := nr.Name(); err != nil || name != "async-made" {
		t.Fatalf("Name() = %q, %v", name, err)
	}
	nr.Close()
	stillWorks(t)
}

// panicSource is a Go Source whose methods panic with a Go value.
type panicSource struct{}

func (panicSource) Value() uint32 { panic("go source exploded") }
func (panicSource) Label() string { panic(fmt.Errorf("go label exploded")) }

// constSource answers a fixed value and label.
type constSource struct {
	value uint32
	label string
}

func (s constSource) Value() uint32 { return s.value }
func (s constSource) Label() string { return s.label }

func TestPanicsOnCallbackDrivenPaths(t *testing.T) {
	expectNoLeaks(t)

	// A Go panic in a callback without an error type: Rust panics in turn, and the Rust call
	// that made the callback returns an error.
	_, err := safety.SumValues(panicSource{}, 3)
	wantInternalError(t, "SumValues(panicking Go source)", err, "go source exploded")
	_, err = safety.LabelOf(panicSource{})
	wantInternalError(t, "LabelOf(panicking Go source)", err, "go label exploded")
	if got, err := safety.SumValues(constSource{value: 4}, 3); err != nil || got != 12 {
		t.Fatalf("SumValues(4 x 3) = %d, %v; want 12, nil", got, err)
	}

	// The same from a thread Rust created for the callback.
	_, err = safety.ValueOnThread(panicSource{})
	wantInternalError(t, "ValueOnThread(panicking Go source)", err, "go source exploded")
	if got, err := safety.ValueOnThread(constSource{value: 9}); err != nil || got != 9 {
		t.Fatalf("ValueOnThread(9) = %d, %v; want 9, nil", got, err)
	}

	// A Rust panic caused by what the callback answered.
	_, err = safety.CheckedValue(constSource{value: 0})
	wantInternalError(t, "CheckedValue(0)", err, "expected panic: the source answered 0")
	if got, err := safety.CheckedValue(constSource{value: 5}); err != nil || got != 5 {
		t.Fatalf("CheckedValue(5) = %d, %v; want 5, nil", got, err)
	}
	stillWorks(t)
}

// fallibleSource answers with err, or panics when panicWith is set.
type fallibleSource struct {
	value     uint32
	err       error
	panicWith any
}

func (s fallibleSource) Value() (uint32, error) {
	if s.panicWith != nil {
		panic(s.panicWith)
	}
	return s.value, s.err
}

func TestCallbackWithDeclaredError(t *testing.T) {
	expectNoLeaks(t)
	// A Go panic in a callback that declares an error reaches Rust as the declared error's
	// "unexpected" variant (uniffi's UnexpectedUniFFICallbackError conversion).
	_, err := safety.FallibleValue(fallibleSource{panicWith: "fallible exploded"})
	var unexpected safety.SafetyErrorUnexpected
	if !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "fallible exploded") {
		t.Fatalf("FallibleValue(panicking) error = %v, want SafetyErrorUnexpected mentioning the panic", err)
	}
	_, err = safety.FallibleValue(fallibleSource{err: errors.New("not declared")})
	if !errors.As(err, &unexpected) || unexpected.Reason != "not declared" {
		t.Fatalf("FallibleValue(undeclared error) = %v, want SafetyErrorUnexpected{not declared}", err)
	}
	_, err = safety.FallibleValue(fallibleSource{err: safety.SafetyErrorRefused{Reason: "no"}})
	var refused safety.SafetyErrorRefused
	if !errors.As(err, &refused) || refused.Reason != "no" {
		t.Fatalf("FallibleValue(declared error) = %v, want SafetyErrorRefused{no}", err)
	}
	if got, err := safety.FallibleValue(fallibleSource{value: 17}); err != nil || got != 17 {
		t.Fatalf("FallibleValue(17) = %d, %v", got, err)
	}
}

// goWorker is a Go Worker; it panics when asked for 13.
type goWorker struct{}

func (goWorker) Work(input uint32) uint32 {
	if input == 13 {
		panic("unlucky")
	}
	return input + 100
}

func TestPanicsThroughTraitObjects(t *testing.T) {
	expectNoLeaks(t)
	// A Rust implementation that panics, called by Rust.
	w, err := safety.PanickingWorker()
	if err != nil {
		t.Fatal(err)
	}
	_, err = safety.RunWorker(w, 3)
	wantInternalError(t, "RunWorker(Rust worker)", err, "expected panic: worker asked for 3")

	// The same implementation called from Go: Worker.Work has no error result (Go
	// implementations share the interface), so the panic is a Go panic whose value is the
	// *InternalError.
	p := recoverFrom(func() { w.Work(4) })
	perr, ok := p.(error)
	if !ok {
		t.Fatalf("RustWorker.Work panicked with %v (%T), want an error", p, p)
	}
	wantInternalError(t, "RustWorker.Work", perr, "expected panic: worker asked for 4")
	w.(*safety.RustWorker).Close()
	// Closed, the same method panics with ErrClosed; passing it to Rust returns ErrClosed.
	if p := recoverFrom(func() { w.Work(5) }); p != safety.ErrClosed {
		t.Fatalf("RustWorker.Work after Close panicked with %v, want ErrClosed", p)
	}
	if _, err := safety.RunWorker(w, 5); !errors.Is(err, safety.ErrClosed) {
		t.Fatalf("RunWorker(closed worker) error = %v, want ErrClosed", err)
	}

	d, err := safety.DoublingWorker()
	if err != nil {
		t.Fatal(err)
	}
	defer d.(*safety.RustWorker).Close()
	if got := d.Work(21); got != 42 {
		t.Fatalf("DoublingWorker.Work(21) = %d, want 42", got)
	}
	if got, err := safety.RunWorker(d, 8); err != nil || got != 16 {
		t.Fatalf("RunWorker(doubling, 8) = %d, %v", got, err)
	}

	// A Go implementation that panics, called by Rust.
	_, err = safety.RunWorker(goWorker{}, 13)
	wantInternalError(t, "RunWorker(Go worker)", err, "unlucky")
	if got, err := safety.RunWorker(goWorker{}, 1); err != nil || got != 101 {
		t.Fatalf("RunWorker(Go worker, 1) = %d, %v; want 101, nil", got, err)
	}
	stillWorks(t)
}

// panicHost is a Go host whose methods panic, or answer normally when answer is set.
type panicHost struct{ answer string }

func (h panicHost) Fetch(_ context.Context, key string) (string, error) {
	if h.answer == "" {
		panic("host fetch exploded for " + key)
	}
	return h.answer + key, nil
}

func (h panicHost) Number(context.Context) (uint32, error) {
	if h.answer == "" {
		panic("host number exploded")
	}
	return uint32(len(h.answer)), nil
}

func TestPanicInHostCalls(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	// Declared error: the Go panic becomes SafetyError.Unexpected in Rust, returned as is.
	_, err := safety.HostFetch(ctx, panicHost{}, "k")
	var unexpected safety.SafetyErrorUnexpected
	if !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "host fetch exploded for k") {
		t.Fatalf("HostFetch(panicking host) error = %v, want SafetyErrorUnexpected", err)
	}
	// No declared error: Rust panics while polling, and the async call returns the panic.
	_, err = safety.HostNumber(ctx, panicHost{})
	wantInternalError(t, "HostNumber(panicking host)", err, "host number exploded")

	if got, err := safety.HostFetch(ctx, panicHost{answer: "v-"}, "k"); err != nil || got != "v-k" {
		t.Fatalf("HostFetch = %q, %v; want \"v-k\", nil", got, err)
	}
	if got, err := safety.HostNumber(ctx, panicHost{answer: "abc"}); err != nil || got != 3 {
		t.Fatalf("HostNumber = %d, %v; want 3, nil", got, err)
	}
	stillWorks(t)
}

func TestPanicInDrop(t *testing.T) {
	base, err := safety.LiveBombs()
	if err != nil {
		t.Fatal(err)
	}
	b, err := safety.NewDropBomb(5)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := b.Value(); err != nil || v != 5 {
		t.Fatalf("Value() = %d, %v", v, err)
	}
	// Rust's Drop panics inside the free call: Close must survive it.
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n, _ := safety.LiveBombs(); n != base {
		t.Fatalf("LiveBombs = %d after Close, want %d", n, base)
	}
	// And so must the cleanup that frees a forgotten one.
	func() {
		if _, err := safety.NewDropBomb(6); err != nil {
			t.Fatal(err)
		}
	}()
	if !eventually(func() bool { n, _ := safety.LiveBombs(); return n == base }) {
		t.Fatalf("a forgotten DropBomb was not freed")
	}
	stillWorks(t)
}

// Panics from many goroutines at once leave the library working and leak nothing.
func TestConcurrentPanics(t *testing.T) {
	expectNoLeaks(t)
	const goroutines, rounds = 8, 200
	r, err := safety.NewResource("shared")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				msg := fmt.Sprintf("g%d-%d", g, i)
				var err error
				switch i % 4 {
				case 0:
					_, err = safety.PanicInfallible(msg)
				case 1:
					_, err = r.PanicMethod(msg)
				case 2:
					_, err = safety.PanicAsyncLaterPoll(context.Background(), msg, 0)
				case 3:
					_, err = safety.SumValues(panicSource{}, 1)
					msg = "go source exploded"
				}
				var ie *safety.InternalError
				if !errors.As(err, &ie) || !strings.Contains(ie.Message, msg) {
					errs <- fmt.Errorf("call %d of goroutine %d: %v", i, g, err)
					return
				}
				if got, err := safety.Add(uint32(i), 1); err != nil || got != uint32(i+1) {
					errs <- fmt.Errorf("Add after a panic: %d, %v", got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, err := r.Hold(0); err != nil || got != 1 {
		t.Fatalf("Hold(0) after concurrent panics = %d, %v; want 1, nil", got, err)
	}
	runtime.GC()
}

func recoverFrom(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}
