package testutil

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// fakeT records the failures a helper reports. Its Fatalf stops the helper the way t.Fatalf
// does (by not returning), with a panic that run recovers.
type fakeT struct {
	testing.TB
	fatal, errs []string
}

type stopped struct{}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.fatal = append(f.fatal, fmt.Sprintf(format, args...))
	panic(stopped{})
}
func (f *fakeT) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

// run calls body with a fresh fakeT and returns it, once body returned or was stopped.
func run(body func(t testing.TB)) (f *fakeT) {
	f = &fakeT{}
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(stopped); !ok {
				panic(p)
			}
		}
	}()
	body(f)
	return f
}

// internalError has the shape of a generated package's InternalError.
type internalError struct{ Message string }

func (e *internalError) Error() string { return "pkg: internal error: " + e.Message }

type otherError struct{}

func (otherError) Error() string { return "other" }

func TestMust(t *testing.T) {
	if f := run(func(t testing.TB) {
		if got := Must(7, nil)(t); got != 7 {
			panic(fmt.Sprint("Must returned ", got))
		}
	}); len(f.fatal) != 0 {
		t.Errorf("Must failed on a nil error: %v", f.fatal)
	}
	f := run(func(t testing.TB) {
		Must(0, errors.New("boom"))(t)
		panic("Must returned after an error")
	})
	if len(f.fatal) != 1 || !strings.Contains(f.fatal[0], "boom") {
		t.Errorf("Must on an error reported %v, want one fatal failure naming it", f.fatal)
	}
}

func TestAs(t *testing.T) {
	wrapped := fmt.Errorf("call: %w", &internalError{"panic in Go callback: oops"})
	f := run(func(t testing.TB) {
		ie := As[*internalError](t, "call", wrapped, "panic in Go callback", "oops")
		if ie == nil || ie.Message != "panic in Go callback: oops" {
			panic("As returned the wrong error")
		}
	})
	if len(f.fatal)+len(f.errs) != 0 {
		t.Errorf("As failed on a matching error: %v %v", f.fatal, f.errs)
	}
	for name, c := range map[string]struct {
		err   error
		parts []string
		want  string
	}{
		"nil":             {nil, nil, "want a *testutil.internalError"},
		"other type":      {otherError{}, nil, "want a *testutil.internalError"},
		"missing part":    {wrapped, []string{"oops", "absent"}, `does not contain "absent"`},
		"only in Error()": {wrapped, []string{"internal error"}, `does not contain "internal error"`},
	} {
		f := run(func(t testing.TB) {
			As[*internalError](t, "call", c.err, c.parts...)
			panic("As returned after a mismatch")
		})
		if len(f.fatal) != 1 || !strings.Contains(f.fatal[0], c.want) || !strings.HasPrefix(f.fatal[0], "call: ") {
			t.Errorf("%s: As reported %q, want one fatal failure containing %q", name, f.fatal, c.want)
		}
		f = run(func(t testing.TB) {
			if _, ok := Expect[*internalError](t, "call", c.err, c.parts...); ok {
				panic("Expect accepted a mismatch")
			}
		})
		if len(f.fatal) != 0 || len(f.errs) != 1 || !strings.Contains(f.errs[0], c.want) {
			t.Errorf("%s: Expect reported %q, %q; want one non-fatal failure containing %q", name, f.fatal, f.errs, c.want)
		}
	}
}

func TestNotAs(t *testing.T) {
	if f := run(func(t testing.TB) { NotAs[otherError](t, "call", &internalError{}) }); len(f.fatal) != 0 {
		t.Errorf("NotAs failed on an error of another type: %v", f.fatal)
	}
	f := run(func(t testing.TB) {
		NotAs[otherError](t, "call", fmt.Errorf("w: %w", otherError{}))
		panic("NotAs returned after a match")
	})
	if len(f.fatal) != 1 {
		t.Errorf("NotAs on a matching error reported %v, want one fatal failure", f.fatal)
	}
}

func TestCheckLeaks(t *testing.T) {
	n := 3
	counters := []Counter{
		Count("Handles", func() int { return 0 }),
		CountErr("Live", func() (uint64, error) { return uint64(n), nil }),
	}
	var out strings.Builder
	if err := CheckLeaks(&out, 0, counters...); err == nil || !strings.Contains(out.String(), "Live = 3") ||
		strings.Contains(out.String(), "Handles") {
		t.Errorf("CheckLeaks with a live count: %v, wrote %q", err, out.String())
	}
	// A count that drops while CheckLeaks polls is no leak.
	polls := 0
	dropping := Count("Dropping", func() int64 {
		polls++
		if polls > 2 {
			return 0
		}
		return 1
	})
	out.Reset()
	if err := CheckLeaks(&out, LeakWait, dropping); err != nil || out.Len() != 0 {
		t.Errorf("CheckLeaks with a count that drops: %v, wrote %q", err, out.String())
	}
	failing := CountErr("Broken", func() (int64, error) { return 0, errors.New("cannot read") })
	out.Reset()
	if err := CheckLeaks(&out, 0, failing); err == nil || !strings.Contains(out.String(), "Broken: cannot read") {
		t.Errorf("CheckLeaks with a failing counter: %v, wrote %q", err, out.String())
	}
}
