package collections_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"uniffi-go.test/generated/collections"
	"uniffi-go.test/internal/testutil"
)

// Records whose fields are all numbers and bools cross into Rust as their fields, which the C
// helper writes into Rust's buffer: Rust reports the bits it received, field by field.

var samples = []collections.Sample{
	{Tiny: math.MinInt8, Byte: 0, Short: math.MinInt16, Ushort: 0, Int: math.MinInt32, Uint: 0,
		Long: math.MinInt64, Ulong: 0, Single: float32(math.Copysign(0, -1)), Double: math.Inf(-1), Flag: false},
	{Tiny: math.MaxInt8, Byte: math.MaxUint8, Short: math.MaxInt16, Ushort: math.MaxUint16, Int: math.MaxInt32,
		Uint: math.MaxUint32, Long: math.MaxInt64, Ulong: math.MaxUint64, Single: math.Float32frombits(0x7fc01234),
		Double: math.Float64frombits(0x7ff8000000001234), Flag: true},
	{Tiny: -2, Byte: 0x81, Short: 0x1234, Ushort: 0xfedc, Int: 0x01020304, Uint: 0xa1b2c3d4,
		Long: 0x0102030405060708, Ulong: 0xf1e2d3c4b5a69788, Single: 1.5, Double: -1000.25, Flag: true},
}

// sampleBits is what sample_bits returns for s: each field's bits, in declaration order.
func sampleBits(s collections.Sample) []uint64 {
	flag := uint64(0)
	if s.Flag {
		flag = 1
	}
	return []uint64{
		uint64(uint8(s.Tiny)), uint64(s.Byte), uint64(uint16(s.Short)), uint64(s.Ushort),
		uint64(uint32(s.Int)), uint64(s.Uint), uint64(s.Long), s.Ulong,
		uint64(math.Float32bits(s.Single)), math.Float64bits(s.Double), flag,
	}
}

// sameSample compares floats by their bits, so NaN payloads and the sign of zero count.
func sameSample(a, b collections.Sample) bool {
	return slices.Equal(sampleBits(a), sampleBits(b))
}

func TestFixedRecordReachesRustFieldByField(t *testing.T) {
	for _, s := range samples {
		got := testutil.Must(collections.SampleBits(s))(t)
		if want := sampleBits(s); !slices.Equal(got, want) {
			t.Errorf("Rust received %#x, want %#x", got, want)
		}
		back := testutil.Must(collections.EchoSample(s))(t)
		if !sameSample(back, s) {
			t.Errorf("EchoSample(%+v) = %+v", s, back)
		}
		later := testutil.Must(collections.EchoSampleLater(context.Background(), s))(t)
		if !sameSample(later, s) {
			t.Errorf("EchoSampleLater(%+v) = %+v", s, later)
		}
	}
}

func TestFixedRecordsAmongOtherArguments(t *testing.T) {
	s := samples[2]
	reading := collections.Reading{At: samples[0], Toggle: collections.Toggle{On: true}}
	got := testutil.Must(collections.DescribeMixed("ü", s, []int32{1, 2, 3, -10}, collections.Toggle{On: true}, reading))(t)
	if want := "ü:16909060:true:-4:-2147483648"; got != want {
		t.Fatalf("DescribeMixed = %q, want %q", got, want)
	}
	// A record's fields cross after a string Go refuses: the call fails before any buffer is made.
	if _, err := collections.DescribeMixed("bad \xff", s, nil, collections.Toggle{}, reading); err == nil {
		t.Fatal("DescribeMixed accepted invalid UTF-8")
	}
}

func TestFixedRecordsInConstructorsAndMethods(t *testing.T) {
	b := testutil.Must(collections.NewSampleBox(samples[0]))(t)
	defer b.Close()
	for i := 1; i <= len(samples); i++ {
		prev := testutil.Must(b.Swap(samples[i%len(samples)]))(t)
		if !sameSample(prev, samples[i-1]) {
			t.Fatalf("Swap returned %+v, want %+v", prev, samples[i-1])
		}
	}
	b.Close()
	if _, err := b.Swap(samples[0]); err == nil {
		t.Fatal("Swap on a closed box succeeded")
	}
}
