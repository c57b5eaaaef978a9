package safety_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"uniffi-go.test/generated/safety"
)

// A Go string may hold any bytes; a Rust String must be UTF-8. Every path a Go string takes to
// Rust must refuse invalid UTF-8 with an *InternalError, never hand Rust a broken String (which
// would be undefined behaviour in Rust) and never come back holding one.

// invalidStrings are not UTF-8; utf8.ValidString agrees (checked below).
var invalidStrings = map[string]string{
	"lone continuation byte": "a\x80b",
	"0xff":                   "\xff",
	"truncated 2-byte":       "abc\xc3",
	"truncated 4-byte":       "\xf0\x9f\x98",
	"overlong NUL":           "\xc0\x80",
	"overlong slash":         "\xe0\x80\xaf",
	"UTF-16 surrogate":       "\xed\xa0\x80",
	"beyond U+10FFFF":        "\xf4\x90\x80\x80",
	"invalid after 1 KiB":    strings.Repeat("x", 1024) + "\xfe",
}

// validStrings are UTF-8, including the corner cases next to the invalid ones above.
var validStrings = map[string]string{
	"empty":            "",
	"NUL":              "\x00",
	"ascii":            "hello",
	"2-byte":           "é",
	"3-byte":           "€",
	"4-byte":           "😀",
	"U+FFFD":           "\uFFFD",
	"max code point":   "\U0010FFFF",
	"last before surr": "\ud7ff",
	"first after surr": "\ue000",
	"64 KiB mixed":     strings.Repeat("aé€😀", 64*1024/10),
}

func TestTheTestStringsAreWhatTheySay(t *testing.T) {
	for name, s := range invalidStrings {
		if utf8.ValidString(s) {
			t.Errorf("%s: %q is valid UTF-8", name, s)
		}
	}
	for name, s := range validStrings {
		if !utf8.ValidString(s) {
			t.Errorf("%s: %q is not valid UTF-8", name, s)
		}
	}
}

// stringPaths are every way the fixture takes a Go string to Rust: a top-level argument of a
// function, a constructor, a method, an async function and a host call; and strings nested in
// a sequence, an option, a map key, a map value, a record field and an enum variant. Each
// returns what came back, or the error.
func stringPaths(t *testing.T, r *safety.Resource) map[string]func(s string) (string, error) {
	ctx := context.Background()
	return map[string]func(string) (string, error){
		"function": func(s string) (string, error) { return safety.EchoString(s) },
		"function (length)": func(s string) (string, error) {
			n, err := safety.StringLen(s)
			if err == nil && int(n) != len(s) {
				t.Errorf("StringLen = %d, want %d", n, len(s))
			}
			return s, err
		},
		"constructor": func(s string) (string, error) {
			obj, err := safety.NewResource(s)
			if err != nil {
				return "", err
			}
			defer obj.Close()
			return obj.Name()
		},
		"method": func(s string) (string, error) {
			_, err := r.PanicMethod(s) // panics in Rust for any non-empty valid s
			if s == "" {
				return s, err
			}
			var ie *safety.InternalError
			if errors.As(err, &ie) && strings.Contains(ie.Message, "expected panic: ") {
				return strings.TrimPrefix(ie.Message, "expected panic: "), nil
			}
			return "", err
		},
		"async function": func(s string) (string, error) { return safety.EchoStringAsync(ctx, s) },
		"host call key": func(s string) (string, error) {
			got, err := safety.HostFetch(ctx, panicHost{answer: "v:"}, s)
			return strings.TrimPrefix(got, "v:"), err
		},
		"sequence": func(s string) (string, error) {
			v, err := safety.EchoStrings([]string{"ok", s})
			if err != nil {
				return "", err
			}
			if len(v) != 2 || v[0] != "ok" {
				t.Errorf("EchoStrings = %q", v)
			}
			return v[1], nil
		},
		"option": func(s string) (string, error) {
			v, err := safety.EchoOptionalString(&s)
			if err != nil {
				return "", err
			}
			if v == nil {
				t.Errorf("EchoOptionalString(&s) = nil")
				return "", nil
			}
			return *v, nil
		},
		"map key": func(s string) (string, error) {
			m, err := safety.EchoStringMap(map[string]string{s: "value", "other": "x"})
			if err != nil {
				return "", err
			}
			if m[s] != "value" || len(m) != 2 {
				t.Errorf("EchoStringMap = %q", m)
			}
			return s, nil
		},
		"map value": func(s string) (string, error) {
			m, err := safety.EchoStringMap(map[string]string{"k": s})
			if err != nil {
				return "", err
			}
			return m["k"], nil
		},
		"record field": func(s string) (string, error) {
			v, err := safety.EchoLabeled(safety.Labeled{Label: "l", Tags: []string{s}, Note: &s})
			if err != nil {
				return "", err
			}
			if v.Label != "l" || len(v.Tags) != 1 || v.Note == nil || *v.Note != v.Tags[0] {
				t.Errorf("EchoLabeled = %+v", v)
				return "", nil
			}
			return v.Tags[0], nil
		},
		"enum field": func(s string) (string, error) {
			v, err := safety.EchoToken(safety.TokenText{Text: s})
			if err != nil {
				return "", err
			}
			text, ok := v.(safety.TokenText)
			if !ok {
				t.Errorf("EchoToken = %#v", v)
			}
			return text.Text, nil
		},
	}
}

func TestInvalidUTF8IsRefusedOnEveryPath(t *testing.T) {
	expectNoLeaks(t)
	r, err := safety.NewResource("strings")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	base := liveResources(t)
	for path, call := range stringPaths(t, r) {
		for name, s := range validStrings {
			got, err := call(s)
			if err != nil || got != s {
				t.Errorf("%s, %s: got %q, %v; want the string back", path, name, got, err)
			}
		}
		for name, s := range invalidStrings {
			got, err := call(s)
			if err == nil {
				t.Errorf("%s, %s: %q was accepted (came back as %q)", path, name, s, got)
				continue
			}
			var ie *safety.InternalError
			if !errors.As(err, &ie) {
				t.Errorf("%s, %s: error = %v (%T), want *InternalError", path, name, err, err)
			}
		}
	}
	if n := liveResources(t); n != base {
		t.Errorf("refused constructors left %d resources alive, want %d", n, base)
	}
}

// Top-level string arguments are checked in Go, before any call into Rust: the error names the
// argument. Strings nested in records, sequences, maps, options and enums are checked by Rust
// when it reads the serialized argument.
func TestWhereInvalidUTF8IsCaught(t *testing.T) {
	_, err := safety.StringLen("a\xffb")
	wantInternalError(t, "StringLen (top-level)", err, "argument s is not valid UTF-8")
	_, err = safety.EchoStringAsync(context.Background(), "a\xffb")
	wantInternalError(t, "EchoStringAsync (top-level)", err, "argument s is not valid UTF-8")
	_, err = safety.EchoStrings([]string{"a\xffb"})
	wantInternalError(t, "EchoStrings (nested)", err, "Failed to convert arg 'v'", "invalid utf-8")
	_, err = safety.EchoLabeled(safety.Labeled{Label: "\xff"})
	wantInternalError(t, "EchoLabeled (nested)", err, "Failed to convert arg 'v'", "invalid utf-8")
}

// countingHost counts its calls; it answers with a fixed string.
type countingHost struct {
	calls  *atomic.Int64
	answer string
}

func (h countingHost) Fetch(context.Context, string) (string, error) {
	h.calls.Add(1)
	return h.answer, nil
}

func (h countingHost) Number(context.Context) (uint32, error) {
	h.calls.Add(1)
	return 1, nil
}

// Strings Go hands Rust as callback results are checked in Go too: Rust sees a failed callback.
func TestInvalidUTF8FromGoCallbacks(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for name, s := range invalidStrings {
		// A sync callback without an error type: Rust panics, the call returns the panic.
		_, err := safety.LabelOf(constSource{label: s})
		wantInternalError(t, "LabelOf("+name+")", err, "not valid UTF-8")

		// A host call with a declared error: Rust gets the "unexpected" variant.
		var calls atomic.Int64
		_, err = safety.HostFetch(ctx, countingHost{calls: &calls, answer: s}, "k")
		var unexpected safety.SafetyErrorUnexpected
		if !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "not valid UTF-8") {
			t.Errorf("HostFetch answering %s: error = %v, want SafetyErrorUnexpected about UTF-8", name, err)
		}
		if calls.Load() != 1 {
			t.Errorf("the host was called %d times, want 1", calls.Load())
		}

		// A declared error whose field is not UTF-8 cannot cross either.
		_, err = safety.FallibleValue(fallibleSource{err: safety.SafetyErrorRefused{Reason: s}})
		if !errors.As(err, &unexpected) {
			t.Errorf("FallibleValue returning Refused{%s}: error = %v, want SafetyErrorUnexpected", name, err)
		}
	}
	// An invalid key never reaches the Go host.
	var calls atomic.Int64
	if _, err := safety.HostFetch(ctx, countingHost{calls: &calls, answer: "x"}, "\xff"); err == nil {
		t.Errorf("HostFetch with an invalid key succeeded")
	}
	if calls.Load() != 0 {
		t.Errorf("an invalid key reached the host")
	}
	if got, err := safety.LabelOf(constSource{label: "ok ✓"}); err != nil || got != "ok ✓" {
		t.Fatalf("LabelOf(valid) = %q, %v", got, err)
	}
}

// The cost of the Go-side check: utf8.ValidString is one linear pass over the string (with an
// ASCII fast path), next to the copy Rust makes of the string anyway. Compare ValidString alone
// with a whole call that takes the string (StringLen).
func BenchmarkStringArgument(b *testing.B) {
	texts := map[string]string{"ascii": "a", "mixed": "aé€😀"} // 1, 2, 3 and 4-byte characters
	for _, kind := range []string{"ascii", "mixed"} {
		for _, size := range []int{16, 1024, 64 * 1024} {
			unit := texts[kind]
			s := strings.Repeat(unit, size/len(unit))
			name := kind + "/" + strconv.Itoa(len(s)) + "B"
			b.Run("ValidString/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					if !utf8.ValidString(s) {
						b.Fatal("invalid")
					}
				}
			})
			b.Run("StringLen/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					if n, err := safety.StringLen(s); err != nil || int(n) != len(s) {
						b.Fatal(n, err)
					}
				}
			})
		}
	}
}

// Results of up to 64 bytes come back inside the C helper's result struct (Rust's buffer is freed
// in C); larger ones are read from Rust's buffer and freed from Go. Both paths, and the sizes on
// either side of the limit, must give back exactly what went in, in strings that stay valid after
// later calls reuse the same stack space.
func TestResultsAroundTheInlineSize(t *testing.T) {
	sizes := []int{0, 1, 2, 31, 32, 59, 60, 61, 63, 64, 65, 66, 100, 1000, 70000}
	ctx := context.Background()
	var kept []string
	for _, n := range sizes {
		s := strings.Repeat("é", n/2) + strings.Repeat("x", n%2) // n bytes, 2-byte runes
		got, err := safety.EchoString(s)
		if err != nil || got != s {
			t.Fatalf("EchoString(%d bytes) = %d bytes, %v", n, len(got), err)
		}
		kept = append(kept, got)
		got, err = safety.EchoStringAsync(ctx, s)
		if err != nil || got != s {
			t.Fatalf("EchoStringAsync(%d bytes) = %d bytes, %v", n, len(got), err)
		}
		// A sequence's encoding adds 4 bytes of count and 4 of length: it crosses the limit
		// 8 bytes earlier than the string alone.
		list, err := safety.EchoStrings([]string{s})
		if err != nil || len(list) != 1 || list[0] != s {
			t.Fatalf("EchoStrings(one of %d bytes) = %q, %v", n, list, err)
		}
		kept = append(kept, list[0])
		note := s
		rec := safety.Labeled{Label: s, Tags: []string{s, ""}, Note: &note}
		back, err := safety.EchoLabeled(rec)
		if err != nil || back.Label != s || len(back.Tags) != 2 || back.Tags[0] != s || back.Note == nil || *back.Note != s {
			t.Fatalf("EchoLabeled(%d-byte fields) = %+v, %v", n, back, err)
		}
	}
	for i, n := range sizes {
		want := strings.Repeat("é", n/2) + strings.Repeat("x", n%2)
		if kept[2*i] != want || kept[2*i+1] != want {
			t.Fatalf("a %d-byte result changed after later calls", n)
		}
	}
}

// Checks that cannot clone handles run before lowerings that do: a refused string after a list
// of objects returns its error without having cloned (and so leaked) the objects' handles.
func TestRefusedArgumentDoesNotLeakEarlierObjects(t *testing.T) {
	expectNoLeaks(t)
	rs, err := safety.MakeResources("labeled", 3)
	if err != nil {
		t.Fatal(err)
	}
	got, err := safety.SumIdsLabeled(rs, "ids ")
	if err != nil || !strings.HasPrefix(got, "ids ") {
		t.Fatalf("SumIdsLabeled = %q, %v", got, err)
	}
	for range 100 {
		var internal *safety.InternalError
		if _, err := safety.SumIdsLabeled(rs, "bad \xff"); !errors.As(err, &internal) {
			t.Fatalf("SumIdsLabeled(invalid UTF-8) err = %v, want *InternalError", err)
		}
	}
	before := droppedResources(t)
	for _, r := range rs {
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// Close frees the last reference at once: nothing else may hold one.
	if d := droppedResources(t) - before; d != 3 {
		t.Fatalf("%d of 3 resources dropped at Close: a refused call leaked their handles", d)
	}
}
