package roundtrip_test

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

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
			got := testutil.Must(roundtrip.RoundtripSequenceI32(tc.v))(t)
			if !slices.Equal(got, tc.v) {
				t.Fatalf("sent %d items, got %d back (first difference matters)", len(tc.v), len(got))
			}
		})
	}
}

func TestMakeAndSumSequence(t *testing.T) {
	t.Run("make 100k", func(t *testing.T) {
		seq := testutil.Must(roundtrip.MakeSequence(100_000))(t)
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
			got := testutil.Must(roundtrip.RoundtripSequenceString(tc.v))(t)
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
		if got := testutil.Must(roundtrip.RoundtripSequenceString(v))(t); !slices.Equal(got, v) {
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
			if got := testutil.Must(roundtrip.RoundtripSequenceRecord(tc.v))(t); !slices.Equal(got, tc.v) {
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
			got := testutil.Must(roundtrip.RoundtripMapStringI64(tc.m))(t)
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
	got := testutil.Must(roundtrip.RoundtripMapI32Record(in))(t)
	if !maps.Equal(got, in) {
		t.Fatalf("sent %d entries, got %d back", len(in), len(got))
	}
	if got := testutil.Must(roundtrip.RoundtripMapI32Record(nil))(t); len(got) != 0 {
		t.Fatalf("nil map came back with %d entries", len(got))
	}
}
