package roundtrip_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

func TestStringRoundTrip(t *testing.T) {
	mib := strings.Repeat("ab€😀xyzéQ\x00", 1<<20/16) // 16 bytes per repetition
	if len(mib) != 1<<20 {
		t.Fatalf("test setup: big string is %d bytes", len(mib))
	}
	cases := []struct {
		name      string
		s         string
		wantBytes uint32
	}{
		{"empty", "", 0},
		{"ascii", "hello, world", 12},
		{"latin accents", "héllo wörld", 13},
		{"emoji", "😀👍🏽", 12},
		{"cjk", "漢字テスト", 15},
		{"mixed scripts", "aβ😀", 7},
		{"embedded NUL", "a\x00b\x00\x00c", 6},
		{"only NUL", "\x00", 1},
		{"one MiB", mib, 1 << 20},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := testutil.Must(roundtrip.RoundtripString(tc.s))(t)
			if got != tc.s {
				t.Fatalf("string changed: sent %d bytes, got %d bytes back (%.40q)", len(tc.s), len(got), got)
			}
			if n, err := roundtrip.StringLenBytes(tc.s); err != nil || n != tc.wantBytes {
				t.Fatalf("Rust counted %d UTF-8 bytes (%v), want %d", n, err, tc.wantBytes)
			}
		})
	}
}

func TestConcatStrings(t *testing.T) {
	cases := []struct {
		name  string
		parts []string
		want  string
	}{
		{"nil", nil, ""},
		{"only empty parts", []string{"", "", ""}, ""},
		{"mixed", []string{"a", "β", "", "😀", "\x00", "z"}, "aβ😀\x00z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := roundtrip.ConcatStrings(tc.parts); err != nil || got != tc.want {
				t.Fatalf("ConcatStrings(%q) = %q, %v; want %q", tc.parts, got, err, tc.want)
			}
		})
	}
}

// A Rust String is always valid UTF-8, while a Go string may hold any bytes.
// Whatever the bindings do with invalid UTF-8 (reject it with an
// *InternalError, or replace the bad bytes), a String built by Rust must never
// come back holding invalid UTF-8.
func TestInvalidUTF8NeverBecomesARustString(t *testing.T) {
	bad := "ok\xc3\x28\xff"
	cases := []struct {
		name string
		call func() (string, error)
	}{
		{"top-level argument", func() (string, error) { return roundtrip.RoundtripString(bad) }},
		{"inside a sequence", func() (string, error) {
			v, err := roundtrip.RoundtripSequenceString([]string{bad})
			return strings.Join(v, ""), err
		}},
		{"inside a record", func() (string, error) {
			v, err := roundtrip.RoundtripRecordAll(roundtrip.AllTypes{AString: bad, AnEnum: roundtrip.WeekdayMonday})
			return v.AString, err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.call()
			if err != nil {
				testutil.As[*roundtrip.InternalError](t, tc.name, err)
				if got != "" {
					t.Fatalf("value with an error = %q", got)
				}
				return
			}
			if !utf8.ValidString(got) {
				t.Fatalf("Rust handed back a String holding invalid UTF-8: %q", got)
			}
		})
	}
}

func TestBytesRoundTrip(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = byte(i*131 + i>>8)
	}
	cases := []struct {
		name string
		b    []byte
	}{
		{"nil", nil},
		{"empty", []byte{}},
		{"single zero", []byte{0}},
		// With its 4-byte length, a 60-byte result is the largest the C helper returns inline.
		{"60 bytes", all[:60]},
		{"61 bytes", all[:61]},
		{"all 256 values", all},
		{"one MiB", big},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := testutil.Must(roundtrip.RoundtripBytes(tc.b))(t)
			if len(got) != len(tc.b) || !bytes.Equal(got, tc.b) {
				t.Fatalf("sent %d bytes, got %d back (equal=%v)", len(tc.b), len(got), bytes.Equal(got, tc.b))
			}
		})
	}
	t.Run("result is a copy", func(t *testing.T) {
		in := []byte{1, 2, 3}
		out := testutil.Must(roundtrip.RoundtripBytes(in))(t)
		out[0] = 99
		if in[0] != 1 {
			t.Fatal("the returned slice shares memory with the argument")
		}
	})
}

func TestOptionalStringRoundTrip(t *testing.T) {
	if got := testutil.Must(roundtrip.RoundtripOptionalString(nil))(t); got != nil {
		t.Fatalf("nil came back as %q", *got)
	}
	for _, s := range []string{"", "x", "héllo\x00"} {
		t.Run(strconv.Quote(s), func(t *testing.T) {
			in := s
			got := testutil.Must(roundtrip.RoundtripOptionalString(&in))(t)
			if got == nil {
				t.Fatalf("pointer to %q came back as nil", s)
			}
			if *got != s {
				t.Fatalf("pointer to %q came back as pointer to %q", s, *got)
			}
		})
	}
}
