// Tests of the Go bindings for callback interfaces and foreign traits (the callbacks fixture):
// sync callbacks (Echoer through Relay), errors and panics in Go callbacks, and the Greeter and
// Describer traits. Host calls (the async Host trait) are in host_test.go, and tests showing
// generator bugs in bugs_test.go.
package callbacks_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/callbacks"
)

// ---- leak checks ------------------------------------------------------------

// goroutineSlack is how many goroutines more than at the start of a test may still be
// around at its end (runtime helpers such as the cleanup goroutine start lazily).
const goroutineSlack = 3

// counters is a snapshot of every diagnostic counter the bindings and the fixture expose.
type counters struct {
	handles, hostCalls, rustFutures int
	relays, holders, liveHostCalls  uint64
}

func readCounters(t testing.TB) counters {
	t.Helper()
	return counters{
		handles:       callbacks.LiveCallbackHandles(),
		hostCalls:     callbacks.PendingHostCalls(),
		rustFutures:   callbacks.PendingRustFutures(),
		relays:        must(callbacks.LiveRelays())(t),
		holders:       must(callbacks.LiveGreeterHolders())(t),
		liveHostCalls: must(callbacks.LiveHostCalls())(t),
	}
}

func (c counters) zero() bool { return c == counters{} }

func (c counters) String() string {
	return fmt.Sprintf("LiveCallbackHandles=%d PendingHostCalls=%d PendingRustFutures=%d LiveRelays=%d LiveGreeterHolders=%d LiveHostCalls=%d",
		c.handles, c.hostCalls, c.rustFutures, c.relays, c.holders, c.liveHostCalls)
}

// expectNoLeaks checks that every counter is zero when the test starts, and that, when it
// ends (after the cleanups registered later, which close the test's objects, have run),
// every counter comes back to zero and the goroutines the test started have exited.
// Objects a test leaves to the garbage collector are collected while polling.
func expectNoLeaks(t *testing.T) {
	t.Helper()
	if c := readCounters(t); !c.zero() {
		// An earlier test leaked; wait for the collector before blaming this one.
		if !waitFor(5*time.Second, func() bool { runtime.GC(); return readCounters(t).zero() }) {
			t.Fatalf("counters not zero when the test starts: %v", readCounters(t))
		}
	}
	goroutines := runtime.NumGoroutine()
	t.Cleanup(func() {
		if !waitFor(10*time.Second, func() bool { runtime.GC(); return readCounters(t).zero() }) {
			t.Errorf("leak after the test: %v", readCounters(t))
		}
		got := runtime.NumGoroutine()
		for deadline := time.Now().Add(10 * time.Second); got > goroutines+goroutineSlack && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
			got = runtime.NumGoroutine()
		}
		if got > goroutines+goroutineSlack {
			t.Errorf("%d goroutines after the test, %d before it", got, goroutines)
		}
	})
}

// expectZeroNow checks, without waiting or collecting garbage, that nothing is in flight:
// after an async call returned, its host call, its Rust future and the handle Rust held to
// the Go host must all be gone already.
func expectZeroNow(t *testing.T, what string) {
	t.Helper()
	c := readCounters(t)
	if c.hostCalls != 0 || c.rustFutures != 0 || c.liveHostCalls != 0 {
		t.Errorf("%s: still in flight right after the call returned: %v", what, c)
	}
}

// waitFor polls cond every 2ms for at most timeout.
func waitFor(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); ; {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func ptr[T any](v T) *T { return &v }

// must returns v, failing the test if err is set. Call it as must(F(x))(t).
func must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// recoverPanic runs f and returns the value it panicked with, or nil.
func recoverPanic(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// mustInternalError checks that p (a panic value or an error) is a *callbacks.InternalError whose
// message contains every one of parts, and returns it.
func mustInternalError(t *testing.T, what string, p any, parts ...string) *callbacks.InternalError {
	t.Helper()
	err, ok := p.(error)
	if !ok {
		t.Errorf("%s: got %T %v, want an *InternalError", what, p, p)
		return nil
	}
	var ie *callbacks.InternalError
	if !errors.As(err, &ie) {
		t.Errorf("%s: got %T %v, want an *InternalError", what, err, err)
		return nil
	}
	for _, part := range parts {
		if !strings.Contains(ie.Message, part) {
			t.Errorf("%s: InternalError message %q does not mention %q", what, ie.Message, part)
		}
	}
	return ie
}

// ---- a Go Echoer ------------------------------------------------------------

// echoer is a Go implementation of callbacks.Echoer: every method records its argument and
// returns it, unless a hook replaces it.
type echoer struct {
	mu    sync.Mutex
	calls map[string]int
	last  map[string]any
	notes []string

	// Hooks; nil means "echo".
	failIf      func(bool) (string, error)
	echoU8      func(uint8) uint8
	echoString  func(string) string
	echoKind    func(callbacks.Kind) callbacks.Kind
	echoLevel   func(callbacks.Level) callbacks.Level
	echoCounter func(*callbacks.Counter) *callbacks.Counter
	notify      func(string)
}

func newEchoer() *echoer {
	return &echoer{calls: map[string]int{}, last: map[string]any{}}
}

func (e *echoer) record(method string, v any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls[method]++
	e.last[method] = v
}

// seen returns how often method ran and the argument of its last call.
func (e *echoer) seen(method string) (int, any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[method], e.last[method]
}

func (e *echoer) EchoU8(v uint8) uint8 {
	e.record("EchoU8", v)
	if e.echoU8 != nil {
		return e.echoU8(v)
	}
	return v
}
func (e *echoer) EchoI8(v int8) int8        { e.record("EchoI8", v); return v }
func (e *echoer) EchoU16(v uint16) uint16   { e.record("EchoU16", v); return v }
func (e *echoer) EchoI16(v int16) int16     { e.record("EchoI16", v); return v }
func (e *echoer) EchoU32(v uint32) uint32   { e.record("EchoU32", v); return v }
func (e *echoer) EchoI32(v int32) int32     { e.record("EchoI32", v); return v }
func (e *echoer) EchoU64(v uint64) uint64   { e.record("EchoU64", v); return v }
func (e *echoer) EchoI64(v int64) int64     { e.record("EchoI64", v); return v }
func (e *echoer) EchoF32(v float32) float32 { e.record("EchoF32", v); return v }
func (e *echoer) EchoF64(v float64) float64 { e.record("EchoF64", v); return v }
func (e *echoer) EchoBool(v bool) bool      { e.record("EchoBool", v); return v }
func (e *echoer) EchoString(v string) string {
	e.record("EchoString", v)
	if e.echoString != nil {
		return e.echoString(v)
	}
	return v
}
func (e *echoer) EchoBytes(v []byte) []byte { e.record("EchoBytes", v); return v }
func (e *echoer) EchoOptional(v *string) *string {
	e.record("EchoOptional", v)
	return v
}
func (e *echoer) EchoList(v []int32) []int32 { e.record("EchoList", v); return v }
func (e *echoer) EchoMap(v map[string]int32) map[string]int32 {
	e.record("EchoMap", v)
	return v
}
func (e *echoer) EchoPayload(v callbacks.Payload) callbacks.Payload {
	e.record("EchoPayload", v)
	return v
}
func (e *echoer) EchoKind(v callbacks.Kind) callbacks.Kind {
	e.record("EchoKind", v)
	if e.echoKind != nil {
		return e.echoKind(v)
	}
	return v
}
func (e *echoer) EchoLevel(v callbacks.Level) callbacks.Level {
	e.record("EchoLevel", v)
	if e.echoLevel != nil {
		return e.echoLevel(v)
	}
	return v
}
func (e *echoer) EchoCounter(v *callbacks.Counter) *callbacks.Counter {
	e.record("EchoCounter", v)
	if e.echoCounter != nil {
		return e.echoCounter(v)
	}
	return v
}
func (e *echoer) Notify(message string) {
	e.record("Notify", message)
	if e.notify != nil {
		e.notify(message)
	}
}
func (e *echoer) FailIf(fail bool) (string, error) {
	e.record("FailIf", fail)
	if e.failIf != nil {
		return e.failIf(fail)
	}
	if fail {
		return "", callbacks.CallbackErrorRejected{Reason: "asked to fail"}
	}
	return "fine", nil
}

// newRelay wraps e in a Relay that the test closes when it ends.
func newRelay(t *testing.T, e callbacks.Echoer) *callbacks.Relay {
	t.Helper()
	r, err := callbacks.NewRelay(e)
	if err != nil {
		t.Fatalf("NewRelay: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// ---- a Go Greeter -----------------------------------------------------------

type goGreeter struct {
	prefix string
	calls  atomic.Uint32
	// greet replaces the greeting when set.
	greet func(name string) string
}

func (g *goGreeter) Greet(name string) string {
	g.calls.Add(1)
	if g.greet != nil {
		return g.greet(name)
	}
	return g.prefix + ", " + name + " (from Go)"
}

func (g *goGreeter) Calls() uint32 { return g.calls.Load() }

// goDescriber is a Go implementation of a trait only Rust may implement.
type goDescriber struct{}

func (goDescriber) Describe() string { return "from Go" }

// ---- the counters themselves ------------------------------------------------

// The leak checks would prove nothing if the counters never moved: a Relay holds one handle to
// its Go Echoer until it is closed, and a GreeterHolder one to its Go Greeter.
func TestCountersSeeHeldCallbacks(t *testing.T) {
	expectNoLeaks(t)
	r, err := callbacks.NewRelay(newEchoer())
	if err != nil {
		t.Fatal(err)
	}
	if c := readCounters(t); c.relays != 1 || c.handles != 1 {
		t.Errorf("with one Relay alive: %v; want LiveRelays=1 LiveCallbackHandles=1", c)
	}
	h, err := callbacks.NewGreeterHolder(&goGreeter{prefix: "Hi"})
	if err != nil {
		t.Fatal(err)
	}
	if c := readCounters(t); c.holders != 1 || c.handles != 2 {
		t.Errorf("with a GreeterHolder too: %v; want LiveGreeterHolders=1 LiveCallbackHandles=2", c)
	}
	r.Close()
	h.Close()
	// Closing frees the Rust objects at once, and with them Rust's handles to the Go values.
	if c := readCounters(t); !c.zero() {
		t.Errorf("right after Close: %v", c)
	}
}

// A Relay that is never closed is freed once it is unreachable, and Rust's handle to the Go
// Echoer with it.
func TestRelayCollectedWithoutClose(t *testing.T) {
	expectNoLeaks(t)
	func() {
		r, err := callbacks.NewRelay(newEchoer())
		if err != nil {
			t.Fatal(err)
		}
		if v, err := r.EchoI32(7); err != nil || v != 7 {
			t.Fatalf("EchoI32(7) = %d, %v", v, err)
		}
	}()
	if !waitFor(5*time.Second, func() bool {
		runtime.GC()
		return must(callbacks.LiveRelays())(t) == 0 && callbacks.LiveCallbackHandles() == 0
	}) {
		t.Errorf("unreachable Relay not freed: %v", readCounters(t))
	}
}

// ---- every type through a Go callback ---------------------------------------

// checkEcho checks that a Relay call returned want without error and that the Go Echoer saw
// exactly one more call of method, with argument want.
func checkEcho[T any](t *testing.T, e *echoer, method string, callsBefore int, got T, err error, want T, same func(a, b T) bool) {
	t.Helper()
	n, arg := e.seen(method)
	if n != callsBefore+1 {
		t.Errorf("%s(%v): the Go Echoer ran %d times, want once", method, want, n-callsBefore)
		return
	}
	if argT, ok := arg.(T); !ok || !same(argT, want) {
		t.Errorf("%s(%v): the Go Echoer received %#v", method, want, arg)
	}
	if err != nil || !same(got, want) {
		t.Errorf("%s(%v) = %#v, %v", method, want, got, err)
	}
}

func eq[T comparable](a, b T) bool { return a == b }

func echoAll[T any](t *testing.T, e *echoer, method string, call func(T) (T, error), same func(a, b T) bool, values ...T) {
	t.Helper()
	for _, v := range values {
		n, _ := e.seen(method)
		got, err := call(v)
		checkEcho(t, e, method, n, got, err, v, same)
	}
}

func TestEchoerIntegers(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	echoAll(t, e, "EchoU8", r.EchoU8, eq, 0, 1, 0x7f, 0x80, math.MaxUint8)
	echoAll(t, e, "EchoI8", r.EchoI8, eq, 0, 1, -1, math.MinInt8, math.MaxInt8)
	echoAll(t, e, "EchoU16", r.EchoU16, eq, 0, 1, 0x8000, math.MaxUint16)
	echoAll(t, e, "EchoI16", r.EchoI16, eq, 0, -1, math.MinInt16, math.MaxInt16)
	echoAll(t, e, "EchoU32", r.EchoU32, eq, 0, 1, 0x80000000, math.MaxUint32)
	echoAll(t, e, "EchoI32", r.EchoI32, eq, 0, -1, math.MinInt32, math.MaxInt32)
	echoAll(t, e, "EchoU64", r.EchoU64, eq, 0, 1, 1<<63, math.MaxUint64-1, math.MaxUint64)
	echoAll(t, e, "EchoI64", r.EchoI64, eq, 0, -1, math.MinInt64, math.MinInt64+1, math.MaxInt64)
}

func TestEchoerFloats(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	same32 := func(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) }
	same64 := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	echoAll(t, e, "EchoF32", r.EchoF32, same32,
		0, float32(math.Copysign(0, -1)), 1.5, -2.25, math.MaxFloat32, -math.MaxFloat32,
		math.SmallestNonzeroFloat32, float32(math.Inf(1)), float32(math.Inf(-1)),
		math.Float32frombits(0x7fc00000), math.Float32frombits(0x7fc00123), math.Float32frombits(0xffc00001))
	echoAll(t, e, "EchoF64", r.EchoF64, same64,
		0, math.Copysign(0, -1), math.Pi, -1e300, math.MaxFloat64, -math.MaxFloat64,
		math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1),
		math.NaN(), math.Float64frombits(0x7ff8000000000123), math.Float64frombits(0xfff8000000000001))
	// NaN compares unequal to itself: check explicitly that NaN came back as NaN.
	if v, err := r.EchoF32(float32(math.NaN())); err != nil || !math.IsNaN(float64(v)) {
		t.Errorf("EchoF32(NaN) = %v, %v", v, err)
	}
	if v, err := r.EchoF64(math.NaN()); err != nil || !math.IsNaN(v) {
		t.Errorf("EchoF64(NaN) = %v, %v", v, err)
	}
}

func TestEchoerBoolAndStrings(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	echoAll(t, e, "EchoBool", r.EchoBool, eq, true, false)
	big := strings.Repeat("aé✓日🎉", 20000)
	echoAll(t, e, "EchoString", r.EchoString, eq,
		"", "hello", "héllo wörld ✓ 日本語 🎉", "nul\x00inside", big)
}

func TestEchoerBytes(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	for _, in := range [][]byte{nil, {}} {
		n, _ := e.seen("EchoBytes")
		got, err := r.EchoBytes(in)
		if err != nil || len(got) != 0 {
			t.Errorf("EchoBytes(%#v) = %#v, %v; want no bytes", in, got, err)
		}
		if m, arg := e.seen("EchoBytes"); m != n+1 || len(arg.([]byte)) != 0 {
			t.Errorf("EchoBytes(%#v): the Go Echoer ran %d times with %#v", in, m-n, arg)
		}
	}
	all := make([]byte, 256*64)
	for i := range all {
		all[i] = byte(i)
	}
	echoAll(t, e, "EchoBytes", r.EchoBytes, bytes.Equal, all, []byte{0}, []byte{0xff, 0, 0xfe})
	// The result is Go memory of its own, not a view of the argument.
	got, err := r.EchoBytes(all)
	if err != nil {
		t.Fatal(err)
	}
	all[0] = 0xaa
	if got[0] != 0 {
		t.Errorf("EchoBytes result changed with its argument")
	}
}

func TestEchoerOptional(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	sameOpt := func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	echoAll(t, e, "EchoOptional", r.EchoOptional, sameOpt, nil, ptr(""), ptr("x"), ptr("ünï ✓ 日本"))
}

func TestEchoerListAndMap(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	sameList := func(a, b []int32) bool { return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b)) }
	long := make([]int32, 10000)
	for i := range long {
		long[i] = int32(i*7919) - 5000
	}
	echoAll(t, e, "EchoList", r.EchoList, sameList, nil, []int32{}, []int32{0, -1, math.MinInt32, math.MaxInt32}, long)

	sameMap := func(a, b map[string]int32) bool { return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b)) }
	many := map[string]int32{}
	for i := range 1000 {
		many[fmt.Sprintf("key-%d-✓", i)] = int32(i) - 500
	}
	echoAll(t, e, "EchoMap", r.EchoMap, sameMap, nil, map[string]int32{},
		map[string]int32{"": 0, "min": math.MinInt32, "max": math.MaxInt32, "日本": -1}, many)
}

func TestEchoerPayload(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	samePayload := func(a, b callbacks.Payload) bool {
		return a.Name == b.Name && len(a.Values) == len(b.Values) &&
			(len(a.Values) == 0 || reflect.DeepEqual(a.Values, b.Values)) &&
			(a.Note == nil) == (b.Note == nil) && (a.Note == nil || *a.Note == *b.Note)
	}
	echoAll(t, e, "EchoPayload", r.EchoPayload, samePayload,
		callbacks.Payload{},
		callbacks.Payload{Name: "p ✓", Values: []int64{math.MinInt64, -1, 0, math.MaxInt64}, Note: ptr("note")},
		callbacks.Payload{Name: "", Values: []int64{}, Note: ptr("")},
	)
}

func TestEchoerKindAndLevel(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	echoAll[callbacks.Kind](t, e, "EchoKind", r.EchoKind, func(a, b callbacks.Kind) bool { return a == b },
		callbacks.KindPlain{},
		callbacks.KindTagged{Tag: "t ✓", Weight: 42},
		callbacks.KindTagged{Tag: "", Weight: math.MinInt32},
		callbacks.KindTagged{Tag: "max", Weight: math.MaxInt32},
	)
	echoAll(t, e, "EchoLevel", r.EchoLevel, eq, callbacks.LevelLow, callbacks.LevelHigh)
}

// A value Go returns that Rust cannot take (an enum value that is no variant, a nil enum, a
// string that is not UTF-8) fails the call with an *InternalError, and the relay keeps working.
func TestEchoerReturnsInvalidValue(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)

	e.echoLevel = func(callbacks.Level) callbacks.Level { return callbacks.Level(7) }
	got, err := r.EchoLevel(callbacks.LevelLow)
	mustInternalError(t, "EchoLevel with a Go callback returning Level(7)", err)
	if got != 0 {
		t.Errorf("EchoLevel returned %v along with its error", got)
	}
	e.echoLevel = nil

	e.echoKind = func(callbacks.Kind) callbacks.Kind { return nil }
	_, err = r.EchoKind(callbacks.KindPlain{})
	mustInternalError(t, "EchoKind with a Go callback returning nil", err)
	e.echoKind = nil

	e.echoString = func(string) string { return "bad\xffutf8" }
	s, err := r.EchoString("ok")
	mustInternalError(t, "EchoString with a Go callback returning invalid UTF-8", err, "UTF-8")
	if s != "" {
		t.Errorf("EchoString returned %q along with its error", s)
	}
	e.echoString = nil

	if v, err := r.EchoLevel(callbacks.LevelHigh); err != nil || v != callbacks.LevelHigh {
		t.Errorf("EchoLevel after the failures = %v, %v", v, err)
	}
	if v, err := r.EchoString("still ✓"); err != nil || v != "still ✓" {
		t.Errorf("EchoString after the failures = %q, %v", v, err)
	}
}

// The Counter object passes Go -> Rust -> Go callback -> Rust -> Go; the Go callback can use
// the Counter it receives (calling back into Rust from inside a callback), and the Counter
// returned at the end is the very same Rust object.
func TestEchoerCounter(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	var insideGet, insideInc uint64
	var insideErr error
	e.echoCounter = func(c *callbacks.Counter) *callbacks.Counter {
		if insideGet, insideErr = c.Get(); insideErr != nil {
			return c
		}
		insideInc, insideErr = c.Increment()
		return c
	}
	r := newRelay(t, e)
	c, err := callbacks.NewCounter(41)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := r.EchoCounter(c)
	if err != nil || got == nil {
		t.Fatalf("EchoCounter = %v, %v", got, err)
	}
	defer got.Close()
	if insideErr != nil || insideGet != 41 || insideInc != 42 {
		t.Errorf("inside the Go callback: Get = %d, Increment = %d, err = %v; want 41, 42", insideGet, insideInc, insideErr)
	}
	if v, err := got.Increment(); err != nil || v != 43 {
		t.Errorf("returned Counter: Increment = %d, %v; want 43", v, err)
	}
	if v, err := c.Get(); err != nil || v != 43 {
		t.Errorf("original Counter: Get = %d, %v; want 43 (the same Rust object)", v, err)
	}
	// Closing the returned Counter leaves the original usable: each has its own reference.
	got.Close()
	if _, err := got.Get(); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("Get on the closed returned Counter = %v, want ErrClosed", err)
	}
	if v, err := c.Increment(); err != nil || v != 44 {
		t.Errorf("original Counter after closing the returned one: Increment = %d, %v", v, err)
	}

	// A Go callback returning a nil or closed Counter fails the call; nothing breaks.
	e.echoCounter = func(*callbacks.Counter) *callbacks.Counter { return nil }
	_, err = r.EchoCounter(c)
	mustInternalError(t, "EchoCounter with a Go callback returning nil", err)
	e.echoCounter = func(v *callbacks.Counter) *callbacks.Counter { v.Close(); return v }
	_, err = r.EchoCounter(c)
	mustInternalError(t, "EchoCounter with a Go callback returning a closed Counter", err)
	e.echoCounter = nil
	if again, err := r.EchoCounter(c); err != nil {
		t.Errorf("EchoCounter after the failures: %v", err)
	} else if v, err := again.Get(); err != nil || v != 44 {
		t.Errorf("EchoCounter after the failures: Get = %d, %v", v, err)
	}
	// Passing a closed Counter is refused before Rust is called.
	closed, _ := callbacks.NewCounter(0)
	closed.Close()
	n, _ := e.seen("EchoCounter")
	if _, err := r.EchoCounter(closed); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("EchoCounter(closed) = %v, want ErrClosed", err)
	}
	if m, _ := e.seen("EchoCounter"); m != n {
		t.Errorf("EchoCounter(closed) reached the Go callback")
	}
}

// A Go callback may call back into Rust, which calls Go again: Go -> Rust -> Go -> Rust -> Go.
func TestEchoerReentrant(t *testing.T) {
	expectNoLeaks(t)
	inner := newEchoer()
	innerRelay := newRelay(t, inner)
	outer := newEchoer()
	var innerGot string
	var innerErr error
	outer.notify = func(msg string) {
		innerGot, innerErr = innerRelay.EchoStringOnThread("inner:" + msg)
	}
	outerRelay := newRelay(t, outer)
	if err := outerRelay.Notify("hello ✓"); err != nil {
		t.Fatalf("Notify: %v", err)
	}
	if innerErr != nil || innerGot != "inner:hello ✓" {
		t.Errorf("nested EchoStringOnThread = %q, %v", innerGot, innerErr)
	}
	if n, arg := inner.seen("EchoString"); n != 1 || arg != "inner:hello ✓" {
		t.Errorf("inner Echoer: %d EchoString calls, last %v", n, arg)
	}
}

// ---- calls from Rust threads ------------------------------------------------

func TestEchoStringOnThread(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	for _, s := range []string{"", "from a Rust thread ✓", strings.Repeat("日", 10000)} {
		got, err := r.EchoStringOnThread(s)
		if err != nil || got != s {
			t.Errorf("EchoStringOnThread(%.20q) = %.20q, %v", s, got, err)
		}
		if _, arg := e.seen("EchoString"); arg != s {
			t.Errorf("EchoStringOnThread(%.20q): the Go Echoer received %.20q", s, arg)
		}
	}
	// Many goroutines, each making Rust spawn a thread that calls Go.
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				want := fmt.Sprintf("g%d-i%d", g, i)
				if got, err := r.EchoStringOnThread(want); err != nil || got != want {
					errs <- fmt.Errorf("EchoStringOnThread(%q) = %q, %v", want, got, err)
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
}

func TestNotifyFromThreads(t *testing.T) {
	expectNoLeaks(t)
	const threads, perThread = 8, 200
	var mu sync.Mutex
	seen := map[string]int{}
	e := newEchoer()
	e.notify = func(msg string) {
		mu.Lock()
		seen[msg]++
		mu.Unlock()
	}
	r := newRelay(t, e)
	if err := r.NotifyFromThreads(threads, perThread); err != nil {
		t.Fatalf("NotifyFromThreads: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != threads*perThread {
		t.Errorf("%d distinct messages, want %d", len(seen), threads*perThread)
	}
	for th := range threads {
		for i := range perThread {
			if msg := fmt.Sprintf("%d:%d", th, i); seen[msg] != 1 {
				t.Errorf("message %q arrived %d times, want once", msg, seen[msg])
			}
		}
	}
	if n, _ := e.seen("Notify"); n != threads*perThread {
		t.Errorf("Notify ran %d times, want %d", n, threads*perThread)
	}
}

// Close while callbacks are running on Rust threads: the Relay (and Rust's handle to the Go
// Echoer) lives until the call in flight ends, then is freed; new calls fail with ErrClosed.
func TestRelayClosedDuringACall(t *testing.T) {
	expectNoLeaks(t)
	entered := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	e := newEchoer()
	e.notify = func(string) {
		once.Do(func() { close(entered) })
		<-release
	}
	r, err := callbacks.NewRelay(e)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.NotifyFromThreads(4, 5) }()
	<-entered
	r.Close()
	if _, err := r.EchoU8(1); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("EchoU8 after Close = %v, want ErrClosed", err)
	}
	if c := readCounters(t); c.relays != 1 || c.handles != 1 {
		t.Errorf("closed during a call: %v; want the Relay and its handle alive until the call ends", c)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("NotifyFromThreads: %v", err)
	}
	if n, _ := e.seen("Notify"); n != 20 {
		t.Errorf("Notify ran %d times, want 20", n)
	}
	if c := readCounters(t); c.relays != 0 || c.handles != 0 {
		t.Errorf("after the call ended: %v; want the Relay freed", c)
	}
}

// ---- errors from Go callbacks -----------------------------------------------

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
		mustInternalError(t, fmt.Sprintf("EchoU8 panicking with %T", pv), err, "panic in Go callback", fmt.Sprint(pv))
		if got != 0 {
			t.Errorf("EchoU8 returned %d along with its error", got)
		}
	}
	// The same from a Rust thread: the thread panics, and so does the joining Rust function.
	e.echoString = func(string) string { panic("thread callback exploded") }
	_, err := r.EchoStringOnThread("x")
	mustInternalError(t, "EchoStringOnThread with a panicking callback", err)
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
	mustInternalError(t, "NotifyFromThreads with a panicking callback", err)
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
	mustInternalError(t, "GreetWith with a panicking Go Greeter", err, "greeter exploded for Zed")
	if got != "" {
		t.Errorf("GreetWith returned %q along with its error", got)
	}
	got, err = callbacks.GreetOnThread(g, "Yan")
	mustInternalError(t, "GreetOnThread with a panicking Go Greeter", err)
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

// ---- Greeter: a trait implemented in Go or in Rust --------------------------

func TestGoGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Hello"}
	if got, err := callbacks.GreetWith(g, "Ann ✓"); err != nil || got != "Hello, Ann ✓ (from Go)" {
		t.Errorf("GreetWith = %q, %v", got, err)
	}
	if got, err := callbacks.GreetOnThread(g, "Bob"); err != nil || got != "Hello, Bob (from Go)" {
		t.Errorf("GreetOnThread = %q, %v", got, err)
	}
	if n := g.Calls(); n != 2 {
		t.Errorf("the Go Greeter ran %d times, want 2", n)
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("LiveCallbackHandles = %d after the calls returned", h)
	}
}

// A Go value handed to Rust and back is the very same Go value.
func TestSameGreeterKeepsGoIdentity(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Hey"}
	back := must(callbacks.SameGreeter(g))(t)
	if back != callbacks.Greeter(g) {
		t.Fatalf("SameGreeter(goGreeter) = %T %p, want the same value %p", back, back, g)
	}
	if gg, ok := back.(*goGreeter); !ok || gg != g {
		t.Errorf("SameGreeter returned %T, want the *goGreeter itself", back)
	}
	// Twice through Rust, and on a Rust thread afterwards.
	if twice, err := callbacks.SameGreeter(must(callbacks.SameGreeter(g))(t)); err != nil || twice != callbacks.Greeter(g) {
		t.Errorf("SameGreeter(SameGreeter(g)) is not g (%v)", err)
	}
	if got, err := callbacks.GreetOnThread(back, "Cy"); err != nil || got != "Hey, Cy (from Go)" || g.Calls() != 1 {
		t.Errorf("GreetOnThread(returned greeter) = %q, %v, calls %d", got, err, g.Calls())
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("LiveCallbackHandles = %d after the calls returned", h)
	}
}

func TestGreeterHolderWithGoGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Yo"}
	h, err := callbacks.NewGreeterHolder(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	for range 3 {
		got, err := h.Get()
		if err != nil || got != callbacks.Greeter(g) {
			t.Fatalf("GreeterHolder.Get() = %T %v, %v; want the Go greeter itself", got, got, err)
		}
	}
	if got, err := h.Greet("Di"); err != nil || got != "Yo, Di (from Go)" {
		t.Errorf("GreeterHolder.Greet = %q, %v", got, err)
	}
	if n := callbacks.LiveCallbackHandles(); n != 1 {
		t.Errorf("LiveCallbackHandles = %d while the holder holds the greeter, want 1", n)
	}
	h.Close()
	if n := callbacks.LiveCallbackHandles(); n != 0 {
		t.Errorf("LiveCallbackHandles = %d after closing the holder, want 0", n)
	}
	if _, err := h.Get(); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("Get after Close = %v, want ErrClosed", err)
	}
	if _, err := callbacks.NewGreeterHolder(nil); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("NewGreeterHolder(nil) = %v, want ErrClosed", err)
	}
}

// Many goroutines calling one Go greeter through Rust, directly and from Rust threads.
func TestGoGreeterConcurrently(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Hi"}
	h, err := callbacks.NewGreeterHolder(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	const goroutines, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan string, goroutines*each)
	for i := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				name := fmt.Sprintf("%d/%d", i, j)
				want := "Hi, " + name + " (from Go)"
				var got string
				var err error
				switch j % 3 {
				case 0:
					got, err = callbacks.GreetWith(g, name)
				case 1:
					got, err = callbacks.GreetOnThread(g, name)
				default:
					got, err = h.Greet(name)
				}
				if err != nil || got != want {
					errs <- fmt.Sprintf("%q, %v; want %q", got, err, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := g.Calls(); n != goroutines*each {
		t.Errorf("the Go Greeter ran %d times, want %d", n, goroutines*each)
	}
}

func TestRustGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := must(callbacks.NewRustGreeter("Hi"))(t)
	rg, ok := g.(*callbacks.RustGreeter)
	if !ok {
		t.Fatalf("NewRustGreeter returned %T, want *callbacks.RustGreeter", g)
	}
	t.Cleanup(func() { rg.Close() })
	if got := g.Greet("Ann"); got != "Hi, Ann!" {
		t.Errorf("RustGreeter.Greet = %q", got)
	}
	if got, err := callbacks.GreetWith(g, "Bob"); err != nil || got != "Hi, Bob!" {
		t.Errorf("GreetWith(RustGreeter) = %q, %v", got, err)
	}
	if got, err := callbacks.GreetOnThread(g, "Cy"); err != nil || got != "Hi, Cy!" {
		t.Errorf("GreetOnThread(RustGreeter) = %q, %v", got, err)
	}
	if n := g.Calls(); n != 3 {
		t.Errorf("RustGreeter.Calls = %d, want 3", n)
	}
	same := must(callbacks.SameGreeter(g))(t)
	rs, ok := same.(*callbacks.RustGreeter)
	if !ok {
		t.Fatalf("SameGreeter(RustGreeter) = %T, want *callbacks.RustGreeter", same)
	}
	t.Cleanup(func() { rs.Close() })
	if got := rs.Greet("Di"); got != "Hi, Di!" {
		t.Errorf("greeter from SameGreeter: Greet = %q", got)
	}
	// Both wrap the same Rust object, which counts the calls made through either.
	if a, b := g.Calls(), rs.Calls(); a != 4 || b != 4 {
		t.Errorf("Calls = %d and %d through the two wrappers, want 4 and 4", a, b)
	}
	holder, err := callbacks.NewGreeterHolder(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Close() })
	held, err := holder.Get()
	if err != nil {
		t.Fatal(err)
	}
	if hr, ok := held.(*callbacks.RustGreeter); !ok {
		t.Errorf("GreeterHolder(RustGreeter).Get() = %T", held)
	} else {
		defer hr.Close()
		if got := hr.Greet("Ed"); got != "Hi, Ed!" || g.Calls() != 5 {
			t.Errorf("held RustGreeter: Greet = %q, Calls = %d", got, g.Calls())
		}
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("a Rust greeter took a Go handle: LiveCallbackHandles = %d", h)
	}
}

// A closed RustGreeter: its methods panic with ErrClosed (their signature is the Greeter
// interface's, which has no error result), while the functions it is passed to return ErrClosed
// before reaching Rust. Other wrappers of the same Rust object are unaffected.
func TestClosedRustGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := must(callbacks.NewRustGreeter("Hi"))(t)
	rg := g.(*callbacks.RustGreeter)
	other := must(callbacks.SameGreeter(g))(t).(*callbacks.RustGreeter)
	defer other.Close()
	rg.Close()
	rg.Close() // twice is harmless
	for name, f := range map[string]func(){
		"Greet": func() { rg.Greet("x") },
		"Calls": func() { rg.Calls() },
	} {
		p := recoverPanic(f)
		if err, ok := p.(error); !ok || !errors.Is(err, callbacks.ErrClosed) {
			t.Errorf("%s on a closed RustGreeter: panic %v (%T), want ErrClosed", name, p, p)
		}
	}
	for name, f := range map[string]func() error{
		"GreetWith":     func() error { _, err := callbacks.GreetWith(rg, "x"); return err },
		"GreetOnThread": func() error { _, err := callbacks.GreetOnThread(rg, "x"); return err },
		"SameGreeter": func() error {
			back, err := callbacks.SameGreeter(rg)
			if back != nil {
				return fmt.Errorf("returned %T %v", back, back)
			}
			return err
		},
		"GreetWith nil": func() error { _, err := callbacks.GreetWith(nil, "x"); return err },
	} {
		var err error
		if p := recoverPanic(func() { err = f() }); p != nil {
			t.Errorf("%s on a closed RustGreeter panicked with %v (%T), want the error ErrClosed", name, p, p)
		} else if !errors.Is(err, callbacks.ErrClosed) {
			t.Errorf("%s on a closed RustGreeter: error %v (%T), want ErrClosed", name, err, err)
		}
	}
	if _, err := callbacks.NewGreeterHolder(rg); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("NewGreeterHolder(closed) = %v, want ErrClosed", err)
	}
	if got, err := callbacks.GreetWith(other, "still"); err != nil || got != "Hi, still!" {
		t.Errorf("other wrapper after Close: GreetWith = %q, %v", got, err)
	}
}

// ---- Describer: a trait only Rust implements ---------------------------------

func TestDescriber(t *testing.T) {
	expectNoLeaks(t)
	d := must(callbacks.NewRustDescriber("a Rust thing ✓"))(t)
	rd, ok := d.(*callbacks.RustDescriber)
	if !ok {
		t.Fatalf("NewRustDescriber returned %T", d)
	}
	if got := d.Describe(); got != "a Rust thing ✓" {
		t.Errorf("Describe = %q", got)
	}
	if got, err := callbacks.DescribeWith(d); err != nil || got != "a Rust thing ✓" {
		t.Errorf("DescribeWith(RustDescriber) = %q, %v", got, err)
	}
	// A Go implementation cannot be passed to Rust: the function returns an *InternalError
	// before calling Rust, and takes no handle.
	got, err := callbacks.DescribeWith(goDescriber{})
	mustInternalError(t, "DescribeWith(Go implementation)", err, "only Rust implementations of Describer")
	if got != "" {
		t.Errorf("DescribeWith(Go implementation) returned %q along with its error", got)
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("LiveCallbackHandles = %d after the refused call", h)
	}
	if _, err := callbacks.DescribeWith(nil); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("DescribeWith(nil): error %v, want ErrClosed", err)
	}
	rd.Close()
	if _, err := callbacks.DescribeWith(rd); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("DescribeWith(closed): error %v, want ErrClosed", err)
	}
	// Describe is a method of the Describer interface, without an error result: it panics.
	p := recoverPanic(func() { rd.Describe() })
	if err, ok := p.(error); !ok || !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("Describe after Close: panic %v, want ErrClosed", p)
	}
	empty := must(callbacks.NewRustDescriber(""))(t)
	defer empty.(*callbacks.RustDescriber).Close()
	if got, err := callbacks.DescribeWith(empty); err != nil || got != "" {
		t.Errorf("DescribeWith(empty) = %q, %v", got, err)
	}
}

// mapStore is a Go implementation of the foreign-only Store trait.
type mapStore struct {
	mu     sync.Mutex
	values map[string]string
}

func (s *mapStore) Get(key string) *string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	if !ok {
		return nil
	}
	return &v
}

func (s *mapStore) Put(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[key] = value
}

// A foreign-only trait (#[uniffi::export(foreign)]) has no Rust implementations: Go values go in
// and come back out as themselves.
func TestForeignOnlyTrait(t *testing.T) {
	expectNoLeaks(t)
	store := &mapStore{values: map[string]string{}}
	got, err := callbacks.StoreRoundtrip(store, "k", "v ✓")
	if err != nil || got == nil || *got != "v ✓" {
		t.Fatalf("StoreRoundtrip = %v, %v", got, err)
	}
	if store.values["k"] != "v ✓" {
		t.Fatalf("the Go store holds %q", store.values["k"])
	}
	if back, err := callbacks.SameStore(store); err != nil || back != callbacks.Store(store) {
		t.Fatalf("SameStore returned %#v, %v; not the Go store", back, err)
	}
	if got, err := callbacks.StoreRoundtrip(nil, "k", "v"); !errors.Is(err, callbacks.ErrClosed) || got != nil {
		t.Fatalf("StoreRoundtrip(nil) = %v, %v; want ErrClosed", got, err)
	}
}
