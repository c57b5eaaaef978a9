package collections_test

import (
	"math"
	"slices"
	"testing"

	"uniffi-go.test/generated/collections"
	"uniffi-go.test/internal/testutil"
)

// Counts on both sides of the 64 bytes a result carries itself, for every item width, and large
// ones that the C helper copies in pairs and leaves an odd item over.
var numberCounts = []int{0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000, 4099}

// integerItem is the fixture's integer formula: the extremes, then a hash of the index.
func integerItem[T int8 | uint16 | int16 | uint32 | int32 | uint64 | int64](i int, lowest, highest T) T {
	switch i {
	case 0:
		return lowest
	case 1:
		return highest
	}
	return T(uint64(i) * 0x9E3779B97F4A7C15)
}

func integers[T int8 | uint16 | int16 | uint32 | int32 | uint64 | int64](n int, lowest, highest T) []T {
	v := make([]T, n)
	for i := range v {
		v[i] = integerItem(i, lowest, highest)
	}
	return v
}

// numberSequence runs one item type through the fixture's three functions: what Rust makes must be
// what Go computes, what Go sends must be what Rust expects, and an echo must come back equal.
func numberSequence[T comparable](t *testing.T, want func(n int) []T, equal func(a, b T) bool,
	make func(uint32) ([]T, error), check func([]T, uint32) (bool, error), echo func([]T) ([]T, error)) {
	t.Helper()
	for _, n := range numberCounts {
		expected := want(n)
		got := testutil.Must(make(uint32(n)))(t)
		if !slices.EqualFunc(got, expected, equal) {
			t.Fatalf("n=%d: Rust made %v, want %v", n, head(got), head(expected))
		}
		if ok := testutil.Must(check(expected, uint32(n)))(t); !ok {
			t.Fatalf("n=%d: Rust did not receive the items Go sent", n)
		}
		back := testutil.Must(echo(expected))(t)
		if !slices.EqualFunc(back, expected, equal) {
			t.Fatalf("n=%d: echo returned %v, want %v", n, head(back), head(expected))
		}
		if got == nil || back == nil {
			t.Fatalf("n=%d: a returned Vec came back as a nil slice", n)
		}
	}
	// An empty slice and a nil one both arrive as an empty Vec.
	for _, v := range [][]T{nil, {}} {
		if ok := testutil.Must(check(v, 0))(t); !ok {
			t.Fatalf("%#v did not arrive as an empty Vec", v)
		}
	}
}

func head[T any](v []T) []T { return v[:min(len(v), 8)] }

func same[T comparable](a, b T) bool { return a == b }

func TestIntegerSequencesCrossUnchanged(t *testing.T) {
	t.Run("i8", func(t *testing.T) {
		numberSequence(t, func(n int) []int8 { return integers[int8](n, math.MinInt8, math.MaxInt8) }, same,
			collections.NumbersI8, collections.CheckI8, collections.EchoI8)
	})
	t.Run("u16", func(t *testing.T) {
		numberSequence(t, func(n int) []uint16 { return integers[uint16](n, 0, math.MaxUint16) }, same,
			collections.NumbersU16, collections.CheckU16, collections.EchoU16)
	})
	t.Run("i16", func(t *testing.T) {
		numberSequence(t, func(n int) []int16 { return integers[int16](n, math.MinInt16, math.MaxInt16) }, same,
			collections.NumbersI16, collections.CheckI16, collections.EchoI16)
	})
	t.Run("u32", func(t *testing.T) {
		numberSequence(t, func(n int) []uint32 { return integers[uint32](n, 0, math.MaxUint32) }, same,
			collections.NumbersU32, collections.CheckU32, collections.EchoU32)
	})
	t.Run("i32", func(t *testing.T) {
		numberSequence(t, func(n int) []int32 { return integers[int32](n, math.MinInt32, math.MaxInt32) }, same,
			collections.NumbersI32, collections.CheckI32, collections.EchoI32)
	})
	t.Run("u64", func(t *testing.T) {
		numberSequence(t, func(n int) []uint64 { return integers[uint64](n, 0, math.MaxUint64) }, same,
			collections.NumbersU64, collections.CheckU64, collections.EchoU64)
	})
	t.Run("i64", func(t *testing.T) {
		numberSequence(t, func(n int) []int64 { return integers[int64](n, math.MinInt64, math.MaxInt64) }, same,
			collections.NumbersI64, collections.CheckI64, collections.EchoI64)
	})
}

// float32Item and float64Item are the fixture's float formula; items are compared by their bits,
// so the NaN's payload and the zero's sign count.
func float32Item(i int) float32 {
	switch i {
	case 0:
		return float32(math.Copysign(0, -1))
	case 1:
		return float32(math.Inf(1))
	case 2:
		return float32(math.Inf(-1))
	case 3:
		return math.Float32frombits(1)
	case 4:
		return math.Float32frombits(0x7fc01234)
	}
	return float32(i)*1.5 - 1000.25
}

func float64Item(i int) float64 {
	switch i {
	case 0:
		return math.Copysign(0, -1)
	case 1:
		return math.Inf(1)
	case 2:
		return math.Inf(-1)
	case 3:
		return math.Float64frombits(1)
	case 4:
		return math.Float64frombits(0x7ff8000000001234)
	}
	return float64(i)*1.5 - 1000.25
}

func TestFloatSequencesKeepEveryBit(t *testing.T) {
	t.Run("f32", func(t *testing.T) {
		numberSequence(t, func(n int) []float32 {
			v := make([]float32, n)
			for i := range v {
				v[i] = float32Item(i)
			}
			return v
		}, func(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) },
			collections.NumbersF32, collections.CheckF32, collections.EchoF32)
	})
	t.Run("f64", func(t *testing.T) {
		numberSequence(t, func(n int) []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = float64Item(i)
			}
			return v
		}, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) },
			collections.NumbersF64, collections.CheckF64, collections.EchoF64)
	})
}

// A sub-slice lends Rust only its own items, from its own start.
func TestNumberSubSliceSendsOnlyItsItems(t *testing.T) {
	all := []int64{1 << 40, -7, 9, 1 << 62, 5}
	if got := testutil.Must(collections.SumI64(all[1:4]))(t); got != -7+9+1<<62 {
		t.Fatalf("SumI64(all[1:4]) = %d", got)
	}
	if got := testutil.Must(collections.SumI64(all[:0]))(t); got != 0 {
		t.Fatalf("SumI64 of an empty sub-slice = %d", got)
	}
}

// Sequences of numbers inside other values still go through the Go writer and reader.
func TestNumbersInsideValues(t *testing.T) {
	in := collections.Samples{Values: integers[int16](40, math.MinInt16, math.MaxInt16), Maybe: &[]float64{-0.5, 2e300}}
	out := testutil.Must(collections.RoundtripSamples(in))(t)
	if !slices.Equal(out.Values, in.Values) || out.Maybe == nil || !slices.Equal(*out.Maybe, *in.Maybe) {
		t.Fatalf("RoundtripSamples = %+v, want %+v", out, in)
	}
	for _, v := range []*[]uint32{nil, {}, {math.MaxUint32, 0, 7}} {
		got := testutil.Must(collections.RoundtripOptionalU32s(v))(t)
		if (got == nil) != (v == nil) || (v != nil && !slices.Equal(*got, *v)) {
			t.Fatalf("RoundtripOptionalU32s(%v) = %v", v, got)
		}
	}
}
