package callbacks_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

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
	testutil.Expect[*callbacks.InternalError](t, "EchoLevel with a Go callback returning Level(7)", err)
	if got != 0 {
		t.Errorf("EchoLevel returned %v along with its error", got)
	}
	e.echoLevel = nil

	e.echoKind = func(callbacks.Kind) callbacks.Kind { return nil }
	_, err = r.EchoKind(callbacks.KindPlain{})
	testutil.Expect[*callbacks.InternalError](t, "EchoKind with a Go callback returning nil", err)
	e.echoKind = nil

	e.echoString = func(string) string { return "bad\xffutf8" }
	s, err := r.EchoString("ok")
	testutil.Expect[*callbacks.InternalError](t, "EchoString with a Go callback returning invalid UTF-8", err, "UTF-8")
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
	testutil.Expect[*callbacks.InternalError](t, "EchoCounter with a Go callback returning nil", err)
	e.echoCounter = func(v *callbacks.Counter) *callbacks.Counter { v.Close(); return v }
	_, err = r.EchoCounter(c)
	testutil.Expect[*callbacks.InternalError](t, "EchoCounter with a Go callback returning a closed Counter", err)
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
