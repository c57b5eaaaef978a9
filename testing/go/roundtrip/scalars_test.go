package roundtrip_test

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

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
			got := testutil.Must(roundtrip.RoundtripF64(tc.v))(t)
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
			got := testutil.Must(roundtrip.RoundtripF32(tc.v))(t)
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

// TestTenThousandConcurrentCalls starts 10,000 calls at once from as many goroutines (8,000 under
// the race detector, which allows 8,128 live goroutines); each must get its own answer (over the
// remote transport they share one connection, matched by id).
func TestTenThousandConcurrentCalls(t *testing.T) {
	const calls = concurrentCalls
	var wg sync.WaitGroup
	wrong := make(chan string, calls)
	for i := range uint64(calls) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := roundtrip.CheckedAdd(i, 1_000_000)
			if err != nil || got != i+1_000_000 {
				wrong <- fmt.Sprintf("CheckedAdd(%d, 1000000) = %d, %v", i, got, err)
			}
		}()
	}
	wg.Wait()
	close(wrong)
	for msg := range wrong {
		t.Fatal(msg)
	}
}
