package roundtrip_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"

	"uniffi-go.test/generated/roundtrip"
)

// None of the tests in this package call t.Parallel: several of them compare
// LiveCounters against a baseline, which only works while no other test is
// creating or freeing counters.

// ---- helpers ----------------------------------------------------------------

// identityCase checks that f hands every value back unchanged.
func identityCase[T comparable](t *testing.T, f func(T) (T, error), values ...T) {
	t.Helper()
	for _, v := range values {
		t.Run(fmt.Sprintf("%v", v), func(t *testing.T) {
			got, err := f(v)
			if err != nil {
				t.Fatalf("sent %v: %v", v, err)
			}
			if got != v {
				t.Fatalf("sent %v, got %v back", v, got)
			}
		})
	}
}

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

// internalError checks that err is a *roundtrip.InternalError and returns it.
func internalError(t *testing.T, err error) *roundtrip.InternalError {
	t.Helper()
	var ie *roundtrip.InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not a *roundtrip.InternalError", err, err)
	}
	return ie
}

// liveCounters returns roundtrip.LiveCounters, failing the test on an error.
func liveCounters(t testing.TB) uint64 {
	t.Helper()
	return must(roundtrip.LiveCounters())(t)
}

// closeAll closes counters when the test ends, so that no test leaves a
// counter for the garbage collector to free while a later test measures.
func closeAll(t *testing.T, counters ...*roundtrip.Counter) {
	t.Helper()
	t.Cleanup(func() {
		for _, c := range counters {
			_ = c.Close()
		}
	})
}

func newCounter(t *testing.T, start int64) *roundtrip.Counter {
	t.Helper()
	c, err := roundtrip.NewCounter(start)
	if err != nil {
		t.Fatalf("NewCounter(%d): %v", start, err)
	}
	closeAll(t, c)
	return c
}

func mustGet(t *testing.T, c *roundtrip.Counter) int64 {
	t.Helper()
	v, err := c.Get()
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return v
}

func mustHistory(t *testing.T, c *roundtrip.Counter) []int64 {
	t.Helper()
	h, err := c.History()
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	return h
}

// settledLiveCounters lets earlier garbage be collected and returns the live
// counter count once it has stopped moving.
func settledLiveCounters(t *testing.T) uint64 {
	t.Helper()
	last := liveCounters(t)
	stable := 0
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && stable < 3; {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		now := liveCounters(t)
		if now == last {
			stable++
		} else {
			stable, last = 0, now
		}
	}
	return last
}

// waitForLiveCounters runs the garbage collector until LiveCounters reaches
// want, for at most timeout, and returns the last value seen.
func waitForLiveCounters(t *testing.T, want uint64, timeout time.Duration) uint64 {
	t.Helper()
	got := liveCounters(t)
	for deadline := time.Now().Add(timeout); got != want && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		got = liveCounters(t)
	}
	return got
}

// ---- scalars ----------------------------------------------------------------

func TestIntegersRoundTrip(t *testing.T) {
	t.Run("u8", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripU8, 0, 1, 0x7f, 0x80, 0xa5, math.MaxUint8-1, math.MaxUint8)
	})
	t.Run("i8", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripI8, math.MinInt8, math.MinInt8+1, -1, 0, 1, 0x5a, math.MaxInt8)
	})
	t.Run("u16", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripU16, 0, 1, 0xff, 0x100, 0x8000, 0xa55a, math.MaxUint16)
	})
	t.Run("i16", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripI16, math.MinInt16, -256, -1, 0, 1, 255, math.MaxInt16)
	})
	t.Run("u32", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripU32, 0, 1, 0xffff, 0x10000, 0x80000000, 0xdeadbeef, math.MaxUint32)
	})
	t.Run("i32", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripI32, math.MinInt32, math.MinInt32+1, -65536, -1, 0, 1, 65536, math.MaxInt32)
	})
	t.Run("u64", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripU64, 0, 1, math.MaxUint32, math.MaxUint32+1, 1<<63, 0x0123456789abcdef, math.MaxUint64-1, math.MaxUint64)
	})
	t.Run("i64", func(t *testing.T) {
		identityCase(t, roundtrip.RoundtripI64, math.MinInt64, math.MinInt64+1, math.MinInt32-1, -1, 0, 1, math.MaxInt32+1, math.MaxInt64)
	})
}

func TestFloat64RoundTrip(t *testing.T) {
	cases := []struct {
		name string
		v    float64
	}{
		{"zero", 0},
		{"negative zero", math.Copysign(0, -1)},
		{"one and a half", 1.5},
		{"minus pi", -math.Pi},
		{"one tenth", 0.1},
		{"max", math.MaxFloat64},
		{"lowest", -math.MaxFloat64},
		{"smallest normal", 0x1p-1022},
		{"smallest subnormal", math.SmallestNonzeroFloat64},
		{"negative smallest subnormal", -math.SmallestNonzeroFloat64},
		{"+Inf", math.Inf(1)},
		{"-Inf", math.Inf(-1)},
		{"NaN", math.NaN()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := must(roundtrip.RoundtripF64(tc.v))(t)
			if math.IsNaN(tc.v) {
				if !math.IsNaN(got) {
					t.Fatalf("sent NaN, got %v", got)
				}
				return
			}
			if math.Float64bits(got) != math.Float64bits(tc.v) {
				t.Fatalf("sent %v (%#x), got %v (%#x)", tc.v, math.Float64bits(tc.v), got, math.Float64bits(got))
			}
			if math.Signbit(got) != math.Signbit(tc.v) {
				t.Fatalf("sign bit changed: sent %v, got %v", tc.v, got)
			}
		})
	}
}

func TestFloat32RoundTrip(t *testing.T) {
	cases := []struct {
		name string
		v    float32
	}{
		{"zero", 0},
		{"negative zero", float32(math.Copysign(0, -1))},
		{"one tenth", 0.1},
		{"minus e", -math.E},
		{"max", math.MaxFloat32},
		{"lowest", -math.MaxFloat32},
		{"smallest normal", 0x1p-126},
		{"smallest subnormal", math.SmallestNonzeroFloat32},
		{"negative smallest subnormal", -math.SmallestNonzeroFloat32},
		{"+Inf", float32(math.Inf(1))},
		{"-Inf", float32(math.Inf(-1))},
		{"NaN", float32(math.NaN())},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := must(roundtrip.RoundtripF32(tc.v))(t)
			if math.IsNaN(float64(tc.v)) {
				if !math.IsNaN(float64(got)) {
					t.Fatalf("sent NaN, got %v", got)
				}
				return
			}
			if math.Float32bits(got) != math.Float32bits(tc.v) {
				t.Fatalf("sent %v (%#x), got %v (%#x)", tc.v, math.Float32bits(tc.v), got, math.Float32bits(got))
			}
			if math.Signbit(float64(got)) != math.Signbit(float64(tc.v)) {
				t.Fatalf("sign bit changed: sent %v, got %v", tc.v, got)
			}
		})
	}
}

func TestBoolRoundTrip(t *testing.T) {
	if got, err := roundtrip.RoundtripBool(true); err != nil || got != true {
		t.Fatalf("true came back as %v, %v", got, err)
	}
	if got, err := roundtrip.RoundtripBool(false); err != nil || got != false {
		t.Fatalf("false came back as %v, %v", got, err)
	}
}

// ---- strings and bytes --------------------------------------------------------

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
			got := must(roundtrip.RoundtripString(tc.s))(t)
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
				internalError(t, err)
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
			got := must(roundtrip.RoundtripBytes(tc.b))(t)
			if len(got) != len(tc.b) || !bytes.Equal(got, tc.b) {
				t.Fatalf("sent %d bytes, got %d back (equal=%v)", len(tc.b), len(got), bytes.Equal(got, tc.b))
			}
		})
	}
	t.Run("result is a copy", func(t *testing.T) {
		in := []byte{1, 2, 3}
		out := must(roundtrip.RoundtripBytes(in))(t)
		out[0] = 99
		if in[0] != 1 {
			t.Fatal("the returned slice shares memory with the argument")
		}
	})
}

func TestOptionalStringRoundTrip(t *testing.T) {
	if got := must(roundtrip.RoundtripOptionalString(nil))(t); got != nil {
		t.Fatalf("nil came back as %q", *got)
	}
	for _, s := range []string{"", "x", "héllo\x00"} {
		t.Run(strconv.Quote(s), func(t *testing.T) {
			in := s
			got := must(roundtrip.RoundtripOptionalString(&in))(t)
			if got == nil {
				t.Fatalf("pointer to %q came back as nil", s)
			}
			if *got != s {
				t.Fatalf("pointer to %q came back as pointer to %q", s, *got)
			}
		})
	}
}

// ---- sequences and maps ---------------------------------------------------------

func TestSequenceI32RoundTrip(t *testing.T) {
	large := make([]int32, 100_000)
	for i := range large {
		large[i] = int32(i*2654435761) ^ int32(i)
	}
	cases := []struct {
		name string
		v    []int32
	}{
		{"nil", nil},
		{"empty", []int32{}},
		{"extremes", []int32{math.MinInt32, -1, 0, 1, math.MaxInt32}},
		{"100k", large},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := must(roundtrip.RoundtripSequenceI32(tc.v))(t)
			if !slices.Equal(got, tc.v) {
				t.Fatalf("sent %d items, got %d back (first difference matters)", len(tc.v), len(got))
			}
		})
	}
}

func TestMakeAndSumSequence(t *testing.T) {
	t.Run("make 100k", func(t *testing.T) {
		seq := must(roundtrip.MakeSequence(100_000))(t)
		if len(seq) != 100_000 {
			t.Fatalf("got %d items, want 100000", len(seq))
		}
		for i, v := range seq {
			if v != int64(i) {
				t.Fatalf("item %d = %d", i, v)
			}
		}
		if s, err := roundtrip.SumSequence(seq); err != nil || s != 4_999_950_000 {
			t.Fatalf("sum of Rust's own sequence = %d, %v; want 4999950000", s, err)
		}
	})
	t.Run("make zero", func(t *testing.T) {
		if seq, err := roundtrip.MakeSequence(0); err != nil || len(seq) != 0 {
			t.Fatalf("MakeSequence(0) has %d items, %v", len(seq), err)
		}
	})
	t.Run("sum 100k built in Go", func(t *testing.T) {
		v := make([]int64, 100_000)
		var want int64
		for i := range v {
			v[i] = int64(i)*int64(i) - 3_000_000_000
			want += v[i]
		}
		if got, err := roundtrip.SumSequence(v); err != nil || got != want {
			t.Fatalf("SumSequence = %d, %v; want %d", got, err, want)
		}
	})
	t.Run("sum edge cases", func(t *testing.T) {
		cases := []struct {
			v    []int64
			want int64
		}{
			{nil, 0},
			{[]int64{}, 0},
			{[]int64{-5, 3}, -2},
			{[]int64{math.MaxInt64, 1}, math.MinInt64}, // wraps
			{[]int64{math.MinInt64, -1}, math.MaxInt64},
		}
		for _, tc := range cases {
			if got, err := roundtrip.SumSequence(tc.v); err != nil || got != tc.want {
				t.Errorf("SumSequence(%v) = %d, %v; want %d", tc.v, got, err, tc.want)
			}
		}
	})
}

func TestSequenceStringRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		v    []string
	}{
		{"nil", nil},
		{"one empty string", []string{""}},
		{"only empty strings", []string{"", "", ""}},
		{"mixed", []string{"", "a", "", "héllo wörld", "😀", "漢字", "\x00", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := must(roundtrip.RoundtripSequenceString(tc.v))(t)
			if !slices.Equal(got, tc.v) {
				t.Fatalf("sent %q, got %q", tc.v, got)
			}
		})
	}
	t.Run("10k items", func(t *testing.T) {
		v := make([]string, 10_000)
		for i := range v {
			v[i] = strings.Repeat("é", i%7) + strconv.Itoa(i)
		}
		if got := must(roundtrip.RoundtripSequenceString(v))(t); !slices.Equal(got, v) {
			t.Fatalf("10k strings changed (got %d back)", len(got))
		}
	})
}

func TestSequenceRecordRoundTrip(t *testing.T) {
	many := make([]roundtrip.Point, 10_000)
	for i := range many {
		many[i] = roundtrip.Point{X: int32(i), Y: -int32(i) * 3}
	}
	cases := []struct {
		name string
		v    []roundtrip.Point
	}{
		{"nil", nil},
		{"zero point", []roundtrip.Point{{}}},
		{"extremes", []roundtrip.Point{{X: math.MinInt32, Y: math.MaxInt32}, {X: math.MaxInt32, Y: math.MinInt32}, {X: -1, Y: 1}}},
		{"10k", many},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := must(roundtrip.RoundtripSequenceRecord(tc.v))(t); !slices.Equal(got, tc.v) {
				t.Fatalf("sent %d points, got %v", len(tc.v), got)
			}
		})
	}
}

func TestMapStringI64RoundTrip(t *testing.T) {
	many := make(map[string]int64, 5_000)
	for i := range 5_000 {
		many["key-"+strconv.Itoa(i)+"-ü"] = int64(i) * -1_000_003
	}
	many[""] = math.MinInt64
	many["\x00"] = math.MaxInt64
	cases := []struct {
		name string
		m    map[string]int64
	}{
		{"nil", nil},
		{"empty", map[string]int64{}},
		{"one", map[string]int64{"k": -1}},
		{"many", many},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := must(roundtrip.RoundtripMapStringI64(tc.m))(t)
			if !maps.Equal(got, tc.m) {
				t.Fatalf("sent %d entries, got %d back", len(tc.m), len(got))
			}
		})
	}
}

func TestMapI32RecordRoundTrip(t *testing.T) {
	in := map[int32]roundtrip.Point{
		math.MinInt32: {X: 1, Y: 2},
		-1:            {X: math.MinInt32, Y: math.MaxInt32},
		0:             {},
		math.MaxInt32: {X: -7, Y: 7},
	}
	for i := int32(1); i <= 1000; i++ {
		in[i*1000] = roundtrip.Point{X: i, Y: -i}
	}
	got := must(roundtrip.RoundtripMapI32Record(in))(t)
	if !maps.Equal(got, in) {
		t.Fatalf("sent %d entries, got %d back", len(in), len(got))
	}
	if got := must(roundtrip.RoundtripMapI32Record(nil))(t); len(got) != 0 {
		t.Fatalf("nil map came back with %d entries", len(got))
	}
}

// ---- records ----------------------------------------------------------------------

// normalizeAllTypes maps empty slices and maps to nil so that the comparison
// does not depend on whether an empty value comes back as nil.
func normalizeAllTypes(v roundtrip.AllTypes) roundtrip.AllTypes {
	if len(v.ABytes) == 0 {
		v.ABytes = nil
	}
	if len(v.ASequence) == 0 {
		v.ASequence = nil
	}
	if len(v.AMap) == 0 {
		v.AMap = nil
	}
	return v
}

func TestAllTypesRoundTrip(t *testing.T) {
	note := "optional ✓"
	emptyNote := ""
	cases := []struct {
		name string
		v    roundtrip.AllTypes
	}{
		{"every field set", roundtrip.AllTypes{
			AU8:        math.MaxUint8,
			AI8:        math.MinInt8,
			AU16:       math.MaxUint16,
			AI16:       math.MinInt16,
			AU32:       math.MaxUint32,
			AI32:       math.MinInt32,
			AU64:       math.MaxUint64,
			AI64:       math.MinInt64,
			AF32:       -1.25e-30,
			AF64:       6.02214076e23,
			ABool:      true,
			AString:    "héllo 😀\x00",
			ABytes:     []byte{0, 1, 254, 255},
			AnOptional: &note,
			ASequence:  []int32{math.MinInt32, 0, math.MaxInt32},
			AMap:       map[string]int64{"a": 1, "": -1, "ß": math.MaxInt64},
			ARecord:    roundtrip.Point{X: -3, Y: 4},
			AnEnum:     roundtrip.WeekdaySunday,
		}},
		{"positive extremes", roundtrip.AllTypes{
			AI8:        math.MaxInt8,
			AI16:       math.MaxInt16,
			AI32:       math.MaxInt32,
			AI64:       math.MaxInt64,
			AF32:       math.SmallestNonzeroFloat32,
			AF64:       math.Inf(-1),
			AnOptional: &emptyNote,
			AnEnum:     roundtrip.WeekdayWednesday,
		}},
		// The zero value of every field, except the enum: Weekday's zero value
		// is not one of its variants.
		{"zero values", roundtrip.AllTypes{AnEnum: roundtrip.WeekdayMonday}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := must(roundtrip.RoundtripRecordAll(tc.v))(t)
			if !reflect.DeepEqual(normalizeAllTypes(got), normalizeAllTypes(tc.v)) {
				t.Fatalf("record changed:\n sent %+v\n  got %+v", tc.v, got)
			}
			if (got.AnOptional == nil) != (tc.v.AnOptional == nil) {
				t.Fatalf("optional presence changed: sent %v, got %v", tc.v.AnOptional, got.AnOptional)
			}
			if math.Signbit(got.AF64) != math.Signbit(tc.v.AF64) {
				t.Fatalf("f64 sign changed")
			}
		})
	}
	t.Run("NaN fields", func(t *testing.T) {
		got := must(roundtrip.RoundtripRecordAll(roundtrip.AllTypes{
			AF32:   float32(math.NaN()),
			AF64:   math.NaN(),
			AnEnum: roundtrip.WeekdayFriday,
		}))(t)
		if !math.IsNaN(float64(got.AF32)) || !math.IsNaN(got.AF64) {
			t.Fatalf("NaN fields came back as %v, %v", got.AF32, got.AF64)
		}
		if got.AnEnum != roundtrip.WeekdayFriday {
			t.Fatalf("enum after NaN fields = %v", got.AnEnum)
		}
	})
}

func TestDescribeRequestUsesInitialisms(t *testing.T) {
	cases := []struct {
		req  roundtrip.HTTPRequest
		want string
	}{
		{
			roundtrip.HTTPRequest{URL: "https://example.invalid/a?b=c", UserID: "u-1", JobID: 42},
			"GET https://example.invalid/a?b=c user=u-1 job=42",
		},
		{
			roundtrip.HTTPRequest{URL: "", UserID: "ümlaut-ß", JobID: math.MaxUint64},
			"GET  user=ümlaut-ß job=18446744073709551615",
		},
		{roundtrip.HTTPRequest{}, "GET  user= job=0"},
	}
	for _, tc := range cases {
		if got, err := roundtrip.DescribeRequest(tc.req); err != nil || got != tc.want {
			t.Errorf("DescribeRequest(%+v) = %q, %v; want %q", tc.req, got, err, tc.want)
		}
	}
}

// ---- enums ------------------------------------------------------------------------

func TestWeekday(t *testing.T) {
	cases := []struct {
		day  roundtrip.Weekday
		name string
		next roundtrip.Weekday
	}{
		{roundtrip.WeekdayMonday, "Monday", roundtrip.WeekdayTuesday},
		{roundtrip.WeekdayTuesday, "Tuesday", roundtrip.WeekdayWednesday},
		{roundtrip.WeekdayWednesday, "Wednesday", roundtrip.WeekdayThursday},
		{roundtrip.WeekdayThursday, "Thursday", roundtrip.WeekdayFriday},
		{roundtrip.WeekdayFriday, "Friday", roundtrip.WeekdaySaturday},
		{roundtrip.WeekdaySaturday, "Saturday", roundtrip.WeekdaySunday},
		{roundtrip.WeekdaySunday, "Sunday", roundtrip.WeekdayMonday},
	}
	seen := map[roundtrip.Weekday]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if seen[tc.day] {
				t.Fatalf("%s shares its value %d with another variant", tc.name, int32(tc.day))
			}
			seen[tc.day] = true
			if got := tc.day.String(); got != tc.name {
				t.Fatalf("String() = %q, want %q", got, tc.name)
			}
			if got, err := roundtrip.RoundtripWeekday(tc.day); err != nil || got != tc.day {
				t.Fatalf("RoundtripWeekday(%v) = %v, %v", tc.day, got, err)
			}
			if got, err := roundtrip.NextWeekday(tc.day); err != nil || got != tc.next {
				t.Fatalf("NextWeekday(%v) = %v, %v; want %v", tc.day, got, err, tc.next)
			}
		})
	}
	t.Run("invalid value", func(t *testing.T) {
		if got := roundtrip.Weekday(0).String(); got != "Weekday(0)" {
			t.Fatalf("Weekday(0).String() = %q", got)
		}
		for _, bad := range []roundtrip.Weekday{0, 8, -1} {
			got, err := roundtrip.RoundtripWeekday(bad)
			internalError(t, err)
			if got != 0 {
				t.Fatalf("RoundtripWeekday(%d) returned %v with its error", int32(bad), got)
			}
		}
		// The library still works afterwards.
		if got, err := roundtrip.NextWeekday(roundtrip.WeekdaySunday); err != nil || got != roundtrip.WeekdayMonday {
			t.Fatalf("NextWeekday(Sunday) after a rejected value = %v, %v", got, err)
		}
	})
}

func TestShapeRoundTripAndArea(t *testing.T) {
	nested := roundtrip.ShapeGroup{Parts: []roundtrip.Shape{
		roundtrip.ShapeRectangle{Width: 1, Height: 2},
		roundtrip.ShapeGroup{Parts: []roundtrip.Shape{
			roundtrip.ShapeRectangle{Width: 3, Height: 3},
			roundtrip.ShapeLabeled{Label: "inner ✓"},
			roundtrip.ShapeGroup{Parts: []roundtrip.Shape{roundtrip.ShapeCircle{Radius: 1}}},
		}},
		roundtrip.ShapeEmpty{},
	}}
	cases := []struct {
		name  string
		shape roundtrip.Shape
		area  float64
	}{
		{"circle", roundtrip.ShapeCircle{Radius: 2}, 4 * math.Pi},
		{"circle radius zero", roundtrip.ShapeCircle{Radius: 0}, 0},
		{"rectangle", roundtrip.ShapeRectangle{Width: 2, Height: 3.5}, 7},
		{"empty", roundtrip.ShapeEmpty{}, 0},
		{"labeled", roundtrip.ShapeLabeled{Label: "héllo"}, 0},
		{"labeled empty label", roundtrip.ShapeLabeled{Label: ""}, 0},
		{"empty group", roundtrip.ShapeGroup{Parts: []roundtrip.Shape{}}, 0},
		{"nested group", nested, 2 + 9 + math.Pi},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := must(roundtrip.RoundtripShape(tc.shape))(t)
			if !reflect.DeepEqual(got, tc.shape) {
				t.Fatalf("shape changed:\n sent %#v\n  got %#v", tc.shape, got)
			}
			if area, err := roundtrip.ShapeArea(tc.shape); err != nil || math.Abs(area-tc.area) > 1e-12 {
				t.Fatalf("ShapeArea = %v, %v; want %v", area, err, tc.area)
			}
		})
	}
	t.Run("group with nil parts", func(t *testing.T) {
		got, ok := must(roundtrip.RoundtripShape(roundtrip.ShapeGroup{}))(t).(roundtrip.ShapeGroup)
		if !ok {
			t.Fatalf("group came back as another variant")
		}
		if len(got.Parts) != 0 {
			t.Fatalf("group came back with %d parts", len(got.Parts))
		}
	})
	t.Run("nil shape", func(t *testing.T) {
		_, err := roundtrip.ShapeArea(nil)
		internalError(t, err)
		if area, err := roundtrip.ShapeArea(roundtrip.ShapeCircle{Radius: 1}); err != nil || area != math.Pi {
			t.Fatalf("ShapeArea after a rejected nil = %v, %v", area, err)
		}
	})
}

// ---- errors -------------------------------------------------------------------------

func TestArithmeticErrors(t *testing.T) {
	t.Run("add overflow", func(t *testing.T) {
		v, err := roundtrip.CheckedAdd(math.MaxUint64, 1)
		if err == nil {
			t.Fatalf("CheckedAdd(max, 1) = %d, want an error", v)
		}
		if v != 0 {
			t.Fatalf("value with an error = %d, want 0", v)
		}
		var asInterface roundtrip.ArithmeticError
		if !errors.As(err, &asInterface) {
			t.Fatalf("%v (%T) is not an ArithmeticError", err, err)
		}
		var overflow roundtrip.ArithmeticErrorIntegerOverflow
		if !errors.As(err, &overflow) {
			t.Fatalf("%v (%T) is not an IntegerOverflow", err, err)
		}
		const want = "integer overflow: 18446744073709551615 + 1"
		if overflow.Message != want {
			t.Fatalf("Message = %q, want %q", overflow.Message, want)
		}
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("Error() = %q, want it to contain %q", err.Error(), want)
		}
		if !errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatal("errors.Is(err, IntegerOverflow{}) = false")
		}
		if errors.Is(err, roundtrip.ArithmeticErrorDivisionByZero{}) {
			t.Fatal("errors.Is(err, DivisionByZero{}) = true for an overflow")
		}
		var ie *roundtrip.InternalError
		if errors.As(err, &ie) {
			t.Fatal("a declared error is also an *InternalError")
		}
		wrapped := fmt.Errorf("while adding: %w", err)
		if !errors.Is(wrapped, roundtrip.ArithmeticErrorIntegerOverflow{}) || !errors.As(wrapped, &asInterface) {
			t.Fatal("wrapped error no longer matches its variant")
		}
	})
	t.Run("division by zero", func(t *testing.T) {
		_, err := roundtrip.CheckedDiv(5, 0)
		var div roundtrip.ArithmeticErrorDivisionByZero
		if !errors.As(err, &div) {
			t.Fatalf("CheckedDiv(5, 0) error = %v (%T), want DivisionByZero", err, err)
		}
		if !errors.Is(err, roundtrip.ArithmeticErrorDivisionByZero{}) || errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatal("errors.Is matches the wrong variant")
		}
		if !strings.Contains(err.Error(), "division by zero: 5 / 0") {
			t.Fatalf("Error() = %q", err.Error())
		}
	})
	t.Run("division overflow", func(t *testing.T) {
		_, err := roundtrip.CheckedDiv(math.MinInt64, -1)
		if !errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatalf("CheckedDiv(min, -1) error = %v, want IntegerOverflow", err)
		}
		if !strings.Contains(err.Error(), "-9223372036854775808 / -1") {
			t.Fatalf("Error() = %q", err.Error())
		}
	})
	t.Run("successes", func(t *testing.T) {
		adds := []struct{ a, b, want uint64 }{
			{2, 3, 5},
			{0, 0, 0},
			{math.MaxUint64 - 1, 1, math.MaxUint64},
			{math.MaxUint64, 0, math.MaxUint64},
		}
		for _, tc := range adds {
			got, err := roundtrip.CheckedAdd(tc.a, tc.b)
			if err != nil || got != tc.want {
				t.Errorf("CheckedAdd(%d, %d) = %d, %v; want %d", tc.a, tc.b, got, err, tc.want)
			}
		}
		divs := []struct{ a, b, want int64 }{
			{7, 2, 3},
			{-7, 2, -3},
			{0, -5, 0},
			{math.MinInt64, 1, math.MinInt64},
			{math.MaxInt64, -1, -math.MaxInt64},
		}
		for _, tc := range divs {
			got, err := roundtrip.CheckedDiv(tc.a, tc.b)
			if err != nil || got != tc.want {
				t.Errorf("CheckedDiv(%d, %d) = %d, %v; want %d", tc.a, tc.b, got, err, tc.want)
			}
		}
	})
}

func TestValidationErrors(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		got, err := roundtrip.ValidateName("")
		var ve roundtrip.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("ValidateName(\"\") = %q, %v; want a ValidationError", got, err)
		}
		var empty roundtrip.ValidationErrorEmpty
		if !errors.As(err, &empty) {
			t.Fatalf("error %v (%T) is not Empty", err, err)
		}
		if !errors.Is(err, roundtrip.ValidationErrorEmpty{}) || errors.Is(err, roundtrip.ValidationErrorTooShort{}) {
			t.Fatal("errors.Is matches the wrong variant")
		}
		if got != "" {
			t.Fatalf("value with an error = %q", got)
		}
	})
	tooShort := []struct {
		name   string
		actual uint32
	}{
		{"a", 1},
		{"ab", 2},
		{"zë", 2}, // counted in characters, not bytes
		{"😀😀", 2},
	}
	for _, tc := range tooShort {
		t.Run("too short "+tc.name, func(t *testing.T) {
			_, err := roundtrip.ValidateName(tc.name)
			var ts roundtrip.ValidationErrorTooShort
			if !errors.As(err, &ts) {
				t.Fatalf("error %v (%T) is not TooShort", err, err)
			}
			if ts.Min != 3 || ts.Actual != tc.actual {
				t.Fatalf("TooShort{Min: %d, Actual: %d}, want {3, %d}", ts.Min, ts.Actual, tc.actual)
			}
			if want := fmt.Sprintf("roundtrip: validation error too short: min=3, actual=%d", tc.actual); err.Error() != want {
				t.Fatalf("Error() = %q, want %q", err.Error(), want)
			}
			if !errors.Is(err, roundtrip.ValidationErrorTooShort{}) {
				t.Fatal("errors.Is(err, TooShort{}) = false")
			}
			var asInterface roundtrip.ValidationError
			if !errors.As(err, &asInterface) {
				t.Fatal("not a ValidationError")
			}
		})
	}
	t.Run("forbidden", func(t *testing.T) {
		_, err := roundtrip.ValidateName("root")
		var fb roundtrip.ValidationErrorForbidden
		if !errors.As(err, &fb) {
			t.Fatalf("error %v (%T) is not Forbidden", err, err)
		}
		if fb.Word != "root" {
			t.Fatalf("Forbidden.Word = %q", fb.Word)
		}
		if want := `roundtrip: validation error forbidden: word="root"`; err.Error() != want {
			t.Fatalf("Error() = %q, want %q", err.Error(), want)
		}
		if !errors.Is(err, roundtrip.ValidationErrorForbidden{}) || errors.Is(err, roundtrip.ValidationErrorEmpty{}) {
			t.Fatal("errors.Is matches the wrong variant")
		}
		var ae roundtrip.ArithmeticError
		if errors.As(err, &ae) {
			t.Fatal("a ValidationError also matches ArithmeticError")
		}
	})
	successes := []struct{ in, want string }{
		{"alice", "ALICE"},
		{"zoë", "ZOË"},
		{"Root", "ROOT"},
		{"abc", "ABC"},
		{"straße", "STRASSE"},
	}
	for _, tc := range successes {
		t.Run("accepts "+tc.in, func(t *testing.T) {
			got, err := roundtrip.ValidateName(tc.in)
			if err != nil {
				t.Fatalf("ValidateName(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Fatalf("ValidateName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// ---- objects -----------------------------------------------------------------------------

func TestCounterMethods(t *testing.T) {
	t.Run("step one", func(t *testing.T) {
		c := newCounter(t, 5)
		if v := mustGet(t, c); v != 5 {
			t.Fatalf("Get = %d, want 5", v)
		}
		if v, err := c.Increment(); err != nil || v != 6 {
			t.Fatalf("Increment = %d, %v; want 6", v, err)
		}
		if err := c.Add(10); err != nil {
			t.Fatalf("Add: %v", err)
		}
		if v, err := c.CheckedAddTo(-20); err != nil || v != -4 {
			t.Fatalf("CheckedAddTo(-20) = %d, %v; want -4", v, err)
		}
		if h := mustHistory(t, c); !slices.Equal(h, []int64{5, 6, 16, -4}) {
			t.Fatalf("History = %v", h)
		}
	})
	t.Run("with step", func(t *testing.T) {
		c, err := roundtrip.NewCounterWithStep(10, 5)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, c)
		if v, _ := c.Increment(); v != 15 {
			t.Fatalf("Increment = %d, want 15", v)
		}
		if v, _ := c.Increment(); v != 20 {
			t.Fatalf("second Increment = %d, want 20", v)
		}
		if h := mustHistory(t, c); !slices.Equal(h, []int64{10, 15, 20}) {
			t.Fatalf("History = %v", h)
		}
		neg, err := roundtrip.NewCounterWithStep(0, -3)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, neg)
		if v, _ := neg.Increment(); v != -3 {
			t.Fatalf("negative step Increment = %d, want -3", v)
		}
	})
	t.Run("increment wraps", func(t *testing.T) {
		c, err := roundtrip.NewCounterWithStep(math.MaxInt64, 1)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, c)
		if v, err := c.Increment(); err != nil || v != math.MinInt64 {
			t.Fatalf("Increment at max = %d, %v; want min", v, err)
		}
	})
	t.Run("checked add overflow leaves the value", func(t *testing.T) {
		c := newCounter(t, math.MaxInt64-1)
		if v, err := c.CheckedAddTo(1); err != nil || v != math.MaxInt64 {
			t.Fatalf("CheckedAddTo(1) = %d, %v", v, err)
		}
		v, err := c.CheckedAddTo(1)
		if err == nil {
			t.Fatalf("CheckedAddTo past max = %d, want an error", v)
		}
		var overflow roundtrip.ArithmeticErrorIntegerOverflow
		if !errors.As(err, &overflow) {
			t.Fatalf("error %v (%T) is not IntegerOverflow", err, err)
		}
		if !strings.Contains(err.Error(), "integer overflow: 9223372036854775807 + 1") {
			t.Fatalf("Error() = %q", err.Error())
		}
		if errors.Is(err, roundtrip.ErrClosed) {
			t.Fatal("overflow reported as ErrClosed")
		}
		if got := mustGet(t, c); got != math.MaxInt64 {
			t.Fatalf("value after failed add = %d, want max", got)
		}
		if h := mustHistory(t, c); !slices.Equal(h, []int64{math.MaxInt64 - 1, math.MaxInt64}) {
			t.Fatalf("History after failed add = %v", h)
		}
		if _, err := c.CheckedAddTo(math.MinInt64); err != nil {
			t.Fatalf("counter unusable after an error: %v", err)
		}
	})
	t.Run("clone is independent", func(t *testing.T) {
		c, err := roundtrip.NewCounterWithStep(1, 2)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, c)
		_, _ = c.Increment()
		cp, err := c.CloneCounter()
		if err != nil {
			t.Fatalf("CloneCounter: %v", err)
		}
		closeAll(t, cp)
		if cp == c {
			t.Fatal("CloneCounter returned the same Go object")
		}
		if v, _ := cp.Increment(); v != 5 {
			t.Fatalf("clone Increment = %d, want 5 (step copied)", v)
		}
		if v := mustGet(t, c); v != 3 {
			t.Fatalf("original changed by clone: %d", v)
		}
		if h := mustHistory(t, cp); !slices.Equal(h, []int64{1, 3, 5}) {
			t.Fatalf("clone History = %v", h)
		}
		_ = c.Close()
		if v := mustGet(t, cp); v != 5 {
			t.Fatalf("closing the original affected the clone: %d", v)
		}
	})
	t.Run("free functions", func(t *testing.T) {
		c := newCounter(t, -12)
		if v, err := roundtrip.CounterValue(c); err != nil || v != -12 {
			t.Fatalf("CounterValue = %d, %v", v, err)
		}
		if v, err := roundtrip.CounterValue(c); err != nil || v != -12 {
			t.Fatalf("second CounterValue = %d, %v (passing the object must not consume it)", v, err)
		}
		m := must(roundtrip.MakeCounter(7))(t)
		closeAll(t, m)
		if v, _ := m.Increment(); v != 8 {
			t.Fatalf("MakeCounter(7).Increment = %d, want 8", v)
		}
		if v, err := roundtrip.SumCounters([]*roundtrip.Counter{c, m, m}); err != nil || v != -12+8+8 {
			t.Fatalf("SumCounters = %d, %v; want 4", v, err)
		}
		if v, err := roundtrip.SumCounters(nil); err != nil || v != 0 {
			t.Fatalf("SumCounters(nil) = %d, %v", v, err)
		}
		if mc, err := roundtrip.MaybeCounter(false, 3); err != nil || mc != nil {
			_ = mc.Close()
			t.Fatalf("MaybeCounter(false) returned a counter, %v", err)
		}
		mc := must(roundtrip.MaybeCounter(true, 3))(t)
		if mc == nil {
			t.Fatal("MaybeCounter(true) returned nil")
		}
		closeAll(t, mc)
		if v := mustGet(t, mc); v != 3 {
			t.Fatalf("MaybeCounter(true, 3).Get = %d", v)
		}
	})
}

func TestCounterClose(t *testing.T) {
	c := newCounter(t, 1)
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	checkClosed := func(t *testing.T, c *roundtrip.Counter) {
		t.Helper()
		calls := []struct {
			name string
			call func() error
		}{
			{"Get", func() error { _, err := c.Get(); return err }},
			{"Increment", func() error { _, err := c.Increment(); return err }},
			{"Add", func() error { return c.Add(1) }},
			{"CheckedAddTo", func() error { _, err := c.CheckedAddTo(1); return err }},
			{"CloneCounter", func() error {
				cp, err := c.CloneCounter()
				if cp != nil {
					_ = cp.Close()
					return errors.New("CloneCounter returned a counter")
				}
				return err
			}},
			{"History", func() error { _, err := c.History(); return err }},
		}
		for _, m := range calls {
			if err := m.call(); !errors.Is(err, roundtrip.ErrClosed) {
				t.Errorf("%s: error = %v, want ErrClosed", m.name, err)
			}
		}
	}
	t.Run("closed", func(t *testing.T) { checkClosed(t, c) })
	t.Run("nil", func(t *testing.T) {
		var nilCounter *roundtrip.Counter
		checkClosed(t, nilCounter)
		if err := nilCounter.Close(); err != nil {
			t.Fatalf("Close on nil: %v", err)
		}
	})
	t.Run("closed counter as an argument", func(t *testing.T) {
		for name, arg := range map[string]*roundtrip.Counter{"closed": c, "nil": nil} {
			if v, err := roundtrip.CounterValue(arg); !errors.Is(err, roundtrip.ErrClosed) || v != 0 {
				t.Errorf("%s: CounterValue = %d, %v; want ErrClosed", name, v, err)
			}
			if v, err := roundtrip.SumCounters([]*roundtrip.Counter{arg}); !errors.Is(err, roundtrip.ErrClosed) || v != 0 {
				t.Errorf("%s: SumCounters = %d, %v; want ErrClosed", name, v, err)
			}
		}
	})
}

// A sequence argument whose later element is closed must not leak the Rust
// references taken for the earlier elements.
func TestRejectedSequenceArgumentDoesNotLeak(t *testing.T) {
	base := settledLiveCounters(t)
	open := must(roundtrip.MakeCounter(1))(t)
	closed := must(roundtrip.MakeCounter(2))(t)
	_ = closed.Close()
	for range 10 {
		if v, err := roundtrip.SumCounters([]*roundtrip.Counter{open, open, closed}); !errors.Is(err, roundtrip.ErrClosed) {
			t.Fatalf("SumCounters with a closed element = %d, %v; want ErrClosed", v, err)
		}
	}
	if v := mustGet(t, open); v != 1 {
		t.Fatalf("open counter changed: %d", v)
	}
	_ = open.Close()
	if got := liveCounters(t); got != base {
		t.Fatalf("LiveCounters = %d after closing everything, want %d: references taken for the rejected call were never released", got, base)
	}
}

func TestCounterConcurrentIncrements(t *testing.T) {
	const goroutines, perGoroutine = 64, 1000
	const start = int64(-1000)
	c := newCounter(t, start)
	results := make([][]int64, goroutines)
	errs := make(chan error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := make([]int64, 0, perGoroutine)
			for range perGoroutine {
				v, err := c.Increment()
				if err != nil {
					errs <- err
					return
				}
				out = append(out, v)
			}
			results[g] = out
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Increment failed: %v", err)
	}
	const total = goroutines * perGoroutine
	if got := mustGet(t, c); got != start+total {
		t.Fatalf("final value %d, want %d", got, start+total)
	}
	// Every increment saw a distinct value.
	seen := make([]bool, total+1)
	for _, out := range results {
		for _, v := range out {
			i := v - start
			if i < 1 || i > total || seen[i] {
				t.Fatalf("value %d returned twice or out of range", v)
			}
			seen[i] = true
		}
	}
	if h := mustHistory(t, c); len(h) != total+1 {
		t.Fatalf("History has %d entries, want %d", len(h), total+1)
	}
}

func TestCounterCloseRacesWithCalls(t *testing.T) {
	base := settledLiveCounters(t)
	const rounds, goroutines = 20, 16
	var closedCalls atomic.Int64
	for round := range rounds {
		c := must(roundtrip.MakeCounter(0))(t)
		var started, wg sync.WaitGroup
		var mu sync.Mutex
		var failures []string
		fail := func(format string, args ...any) {
			mu.Lock()
			failures = append(failures, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
		started.Add(goroutines)
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				markStarted := sync.OnceFunc(started.Done)
				defer markStarted()
				sawClosed := false
				for i := range 400 {
					if i == 1 {
						markStarted()
					}
					var err error
					switch (g + i) % 4 {
					case 0:
						_, err = c.Increment()
					case 1:
						_, err = c.Get()
					case 2:
						_, err = c.History()
					case 3:
						_, err = roundtrip.CounterValue(c)
					}
					switch {
					case err == nil:
						if sawClosed {
							fail("round %d: a call succeeded after an earlier call saw ErrClosed", round)
							return
						}
					case errors.Is(err, roundtrip.ErrClosed):
						sawClosed = true
						closedCalls.Add(1)
					default:
						fail("round %d: unexpected error %v", round, err)
						return
					}
				}
			}()
		}
		started.Wait()
		// Close from several goroutines at once as well.
		var closers sync.WaitGroup
		for range 3 {
			closers.Add(1)
			go func() {
				defer closers.Done()
				if err := c.Close(); err != nil {
					fail("round %d: Close: %v", round, err)
				}
			}()
		}
		closers.Wait()
		if _, err := c.Get(); !errors.Is(err, roundtrip.ErrClosed) {
			fail("round %d: Get after Close returned %v", round, err)
		}
		wg.Wait()
		if len(failures) > 0 {
			t.Fatal(strings.Join(failures, "\n"))
		}
	}
	// Every goroutine made a successful call before Close; some must also
	// have been turned away by it, or Close never raced with anything.
	if closedCalls.Load() == 0 {
		t.Fatal("no call ever saw ErrClosed: Close did not overlap the calls")
	}
	if got := liveCounters(t); got != base {
		t.Fatalf("LiveCounters = %d after every counter was closed, want %d", got, base)
	}
}

func TestLiveCountersAfterClose(t *testing.T) {
	base := settledLiveCounters(t)
	const n = 40
	counters := make([]*roundtrip.Counter, 0, n)
	for i := range n {
		var c *roundtrip.Counter
		var err error
		switch i % 5 {
		case 0:
			c, err = roundtrip.NewCounter(int64(i))
		case 1:
			c, err = roundtrip.NewCounterWithStep(int64(i), 2)
		case 2:
			c, err = roundtrip.MakeCounter(int64(i))
		case 3:
			c, err = roundtrip.MaybeCounter(true, int64(i))
		case 4:
			c, err = counters[0].CloneCounter()
		}
		if err != nil || c == nil {
			t.Fatalf("creating counter %d: %v", i, err)
		}
		counters = append(counters, c)
	}
	closeAll(t, counters...)
	if got := liveCounters(t); got != base+n {
		t.Fatalf("LiveCounters = %d with %d counters open, want %d", got, n, base+n)
	}
	for i, c := range counters {
		if err := c.Close(); err != nil {
			t.Fatalf("Close %d: %v", i, err)
		}
	}
	if got := liveCounters(t); got != base {
		t.Fatalf("LiveCounters = %d after closing all, want %d", got, base)
	}
}

// makeAndDropCounters creates n counters, uses them and lets them go without
// Close. It reports the live count seen while they were all reachable.
//
//go:noinline
func makeAndDropCounters(n int) (liveWhileHeld uint64, sum int64) {
	held := make([]*roundtrip.Counter, n)
	for i := range held {
		var c *roundtrip.Counter
		var err error
		if i%2 == 0 {
			c, err = roundtrip.MakeCounter(int64(i))
		} else {
			c, err = roundtrip.NewCounter(int64(i))
		}
		if err != nil {
			panic(err)
		}
		held[i] = c
		v, err := held[i].Increment()
		if err != nil {
			panic(err)
		}
		sum += v
	}
	liveWhileHeld, err := roundtrip.LiveCounters()
	if err != nil {
		panic(err)
	}
	runtime.KeepAlive(held)
	return liveWhileHeld, sum
}

func TestUnclosedCountersAreFreedByGC(t *testing.T) {
	base := settledLiveCounters(t)
	const n = 200
	held, sum := makeAndDropCounters(n)
	if held != base+n {
		t.Fatalf("LiveCounters = %d while %d counters were held, want %d", held, n, base+n)
	}
	if want := int64(n * (n + 1) / 2); sum != want {
		t.Fatalf("sum of increments = %d, want %d", sum, want)
	}
	if got := waitForLiveCounters(t, base, 5*time.Second); got != base {
		t.Fatalf("LiveCounters = %d five seconds after the counters became unreachable, want %d", got, base)
	}
}

// ---- Rust panics ------------------------------------------------------------------------------

func TestRustPanics(t *testing.T) {
	t.Run("function with an error result", func(t *testing.T) {
		v, err := roundtrip.PanicOrAdd(true, 1, 2)
		if err == nil {
			t.Fatalf("PanicOrAdd(true) = %d, want an error", v)
		}
		var ie *roundtrip.InternalError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v (%T) is not *InternalError", err, err)
		}
		if !strings.Contains(ie.Message, "panic_or_add asked to panic") {
			t.Fatalf("Message = %q, want Rust's panic message", ie.Message)
		}
		if !strings.Contains(err.Error(), "panic_or_add asked to panic") {
			t.Fatalf("Error() = %q", err.Error())
		}
		var ae roundtrip.ArithmeticError
		if errors.As(err, &ae) {
			t.Fatal("a panic is reported as a declared ArithmeticError")
		}
		if got, err := roundtrip.PanicOrAdd(false, 1, 2); err != nil || got != 3 {
			t.Fatalf("PanicOrAdd(false, 1, 2) after a panic = %d, %v", got, err)
		}
		if _, err := roundtrip.PanicOrAdd(false, math.MaxUint64, 1); !errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatalf("PanicOrAdd(false, max, 1) error = %v, want IntegerOverflow", err)
		}
	})
	t.Run("function without a declared error", func(t *testing.T) {
		const msg = "boom ✨ with\x00nul"
		err := roundtrip.PanicNow(msg)
		ie := internalError(t, err)
		if !strings.Contains(ie.Message, msg) {
			t.Fatalf("Message = %q, want it to contain %q", ie.Message, msg)
		}
		if !strings.Contains(err.Error(), msg) {
			t.Fatalf("Error() = %q, want it to contain %q", err.Error(), msg)
		}
		if got, err := roundtrip.RoundtripI32(41); err != nil || got != 41 {
			t.Fatalf("call after a panic returned %d, %v", got, err)
		}
	})
	t.Run("repeated panics", func(t *testing.T) {
		for i := range 5 {
			msg := "panic number " + strconv.Itoa(i)
			ie := internalError(t, roundtrip.PanicNow(msg))
			if !strings.Contains(ie.Message, msg) {
				t.Fatalf("Message = %q, want %q", ie.Message, msg)
			}
		}
		if got, err := roundtrip.RoundtripI32(42); err != nil || got != 42 {
			t.Fatalf("call after repeated panics returned %d, %v", got, err)
		}
	})
}

// uniffi passes an argument's length as an i32. A longer string or slice must be refused with an
// error naming the argument, not cut to its length modulo 2^32. The 2 GiB slice is never written,
// so the OS backs it with no memory.
func TestArgumentsBeyondTwoGiBAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("maps 2 GiB of address space")
	}
	huge := make([]byte, 1<<31)
	check := func(what string, err error) {
		t.Helper()
		var internal *roundtrip.InternalError
		if !errors.As(err, &internal) || !strings.Contains(internal.Message, "argument v is 2147483648 bytes") {
			t.Fatalf("%s of 2 GiB: err = %v, want an *InternalError naming the argument and its size", what, err)
		}
	}
	_, err := roundtrip.RoundtripString(unsafe.String(&huge[0], len(huge)))
	check("string", err)
	_, err = roundtrip.RoundtripBytes(huge)
	check("bytes", err)
}
