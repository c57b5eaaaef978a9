// Package testutil holds the helpers the Go test suites share: unwrapping a (value, error) pair,
// matching an error of a generated package (every generated package has its own InternalError,
// so the helpers are generic), and the end-of-suite leak check run from TestMain.
package testutil

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Must returns v, failing the test at once (t.Fatalf) if err is set. Go passes the results of a
// call on only as a whole argument list, so the test comes in a second call:
//
//	got := testutil.Must(roundtrip.RoundtripU8(7))(t)
func Must[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v (%T)", err, err)
		}
		return v
	}
}

// As returns the E that err holds (found with errors.As) and checks that E's message contains
// every one of parts; it fails the test at once (t.Fatalf) otherwise. what names the call for the
// failure message. E's message is its Message field when it has one (the generated
// InternalError's), and its Error() text otherwise.
func As[E error](t testing.TB, what string, err error, parts ...string) E {
	t.Helper()
	e, problem := match[E](err, parts)
	if problem != "" {
		t.Fatalf("%s: %s", what, problem)
	}
	return e
}

// Expect is As for checks after which the test goes on: it reports a mismatch with t.Errorf
// (so it may also be called from other goroutines) and returns false.
func Expect[E error](t testing.TB, what string, err error, parts ...string) (E, bool) {
	t.Helper()
	e, problem := match[E](err, parts)
	if problem != "" {
		t.Errorf("%s: %s", what, problem)
		return e, false
	}
	return e, true
}

// NotAs fails the test at once when err holds an E. E must be an interface type or a type
// implementing error, as errors.As requires.
func NotAs[E any](t testing.TB, what string, err error) {
	t.Helper()
	var e E
	if errors.As(err, &e) {
		t.Fatalf("%s: error %v (%T) must not match %T", what, err, err, e)
	}
}

func match[E error](err error, parts []string) (E, string) {
	var e E
	if !errors.As(err, &e) {
		return e, fmt.Sprintf("error = %v (%T), want a %s", err, err, typeName[E]())
	}
	msg := Message(e)
	var missing []string
	for _, part := range parts {
		if !strings.Contains(msg, part) {
			missing = append(missing, fmt.Sprintf("%q", part))
		}
	}
	if len(missing) > 0 {
		return e, fmt.Sprintf("%s message %q does not contain %s", typeName[E](), msg, strings.Join(missing, ", "))
	}
	return e, ""
}

// Message is err's Message field when it is (a pointer to) a struct with a string field of that
// name, as the generated InternalError is, and err.Error() otherwise.
func Message(err error) string {
	v := reflect.ValueOf(err)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("Message"); f.IsValid() && f.Kind() == reflect.String {
			return f.String()
		}
	}
	return err.Error()
}

func typeName[E any]() string {
	return reflect.TypeFor[E]().String()
}

// ---- leak check at the end of a suite --------------------------------------------------------

// Counter is one count of things that must all be gone when a suite ends: Go callback handles,
// pending host calls or Rust futures of a generated package, or live objects a fixture counts.
type Counter struct {
	Name string
	Read func() (int64, error)
}

// Count is a counter of a generated package that cannot fail, such as LiveCallbackHandles.
func Count[N ~int | ~int64 | ~uint64](name string, read func() N) Counter {
	return Counter{name, func() (int64, error) { return int64(read()), nil }}
}

// CountErr is a counter a fixture exports as a Rust function, such as LiveCounters.
func CountErr[N ~int | ~int64 | ~uint64](name string, read func() (N, error)) Counter {
	return Counter{name, func() (int64, error) {
		n, err := read()
		return int64(n), err
	}}
}

// LeakWait is how long CheckLeaks waits for asynchronous drops (garbage-collected objects, Rust
// futures and handles released from other threads) before it calls a counter a leak.
const LeakWait = 2 * time.Second

// RunAndCheckLeaks runs the suite, then checks that every counter is zero, collecting garbage
// and polling for up to LeakWait. It returns the exit code for os.Exit: the suite's own when it
// failed, 1 when a counter stayed above zero (naming it on stderr), 0 otherwise.
//
//	func TestMain(m *testing.M) {
//		os.Exit(testutil.RunAndCheckLeaks(m, testutil.Count("LiveCallbackHandles", pkg.LiveCallbackHandles)))
//	}
func RunAndCheckLeaks(m *testing.M, counters ...Counter) int {
	code := m.Run()
	if err := CheckLeaks(os.Stderr, LeakWait, counters...); err != nil && code == 0 {
		code = 1
	}
	return code
}

// CheckLeaks polls the counters until all are zero, running the garbage collector between
// reads, for at most wait. When some stay above zero, or cannot be read, it writes one line per
// counter to w and returns an error naming them.
func CheckLeaks(w io.Writer, wait time.Duration, counters ...Counter) error {
	var bad []string
	for deadline := time.Now().Add(wait); ; {
		bad = bad[:0]
		for _, c := range counters {
			n, err := c.Read()
			switch {
			case err != nil:
				bad = append(bad, fmt.Sprintf("%s: %v", c.Name, err))
			case n != 0:
				bad = append(bad, fmt.Sprintf("%s = %d", c.Name, n))
			}
		}
		if len(bad) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			break
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	for _, b := range bad {
		fmt.Fprintf(w, "leak check: %s after the suite (waited %v), want 0\n", b, wait)
	}
	return fmt.Errorf("leak check failed: %s", strings.Join(bad, "; "))
}
