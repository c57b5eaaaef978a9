package features_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"uniffi-go.test/generated/featureset"
	"uniffi-go.test/internal/testutil"
)

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// intFuncs are the Rust functions of one integer type.
type intFuncs[T integer] struct {
	min, max            T
	rustMin, rustMax    func() (T, error)
	roundtrip, inc, dec func(T) (T, error)
	show                func(T) (string, error)
}

func checkInts[T integer](t *testing.T, f intFuncs[T]) {
	t.Helper()
	if got := testutil.Must(f.rustMin())(t); got != f.min {
		t.Errorf("Rust's minimum arrived as %d, want %d", got, f.min)
	}
	if got := testutil.Must(f.rustMax())(t); got != f.max {
		t.Errorf("Rust's maximum arrived as %d, want %d", got, f.max)
	}
	for _, v := range []T{f.min, f.min + 1, 0, 1, f.max - 1, f.max} {
		if got := testutil.Must(f.roundtrip(v))(t); got != v {
			t.Errorf("roundtrip(%d) = %d", v, got)
		}
		// Rust formats what it received.
		if got := testutil.Must(f.show(v))(t); got != fmt.Sprint(v) {
			t.Errorf("Rust saw %s, want %d", got, v)
		}
		// Rust computes on it: Go's wrapping arithmetic must agree.
		if got := testutil.Must(f.inc(v))(t); got != v+1 {
			t.Errorf("inc(%d) = %d, want %d", v, got, v+1)
		}
		if got := testutil.Must(f.dec(v))(t); got != v-1 {
			t.Errorf("dec(%d) = %d, want %d", v, got, v-1)
		}
	}
	if got := testutil.Must(f.inc(f.max))(t); got != f.min {
		t.Errorf("inc(max) = %d, want the minimum %d", got, f.min)
	}
	if got := testutil.Must(f.dec(f.min))(t); got != f.max {
		t.Errorf("dec(min) = %d, want the maximum %d", got, f.max)
	}
}

func TestIntegerLimitsAsScalars(t *testing.T) {
	t.Run("u8", func(t *testing.T) {
		checkInts(t, intFuncs[uint8]{0, math.MaxUint8, featureset.U8Min, featureset.U8Max, featureset.U8Roundtrip, featureset.U8Inc, featureset.U8Dec, featureset.U8Show})
	})
	t.Run("i8", func(t *testing.T) {
		checkInts(t, intFuncs[int8]{math.MinInt8, math.MaxInt8, featureset.I8Min, featureset.I8Max, featureset.I8Roundtrip, featureset.I8Inc, featureset.I8Dec, featureset.I8Show})
	})
	t.Run("u16", func(t *testing.T) {
		checkInts(t, intFuncs[uint16]{0, math.MaxUint16, featureset.U16Min, featureset.U16Max, featureset.U16Roundtrip, featureset.U16Inc, featureset.U16Dec, featureset.U16Show})
	})
	t.Run("i16", func(t *testing.T) {
		checkInts(t, intFuncs[int16]{math.MinInt16, math.MaxInt16, featureset.I16Min, featureset.I16Max, featureset.I16Roundtrip, featureset.I16Inc, featureset.I16Dec, featureset.I16Show})
	})
	t.Run("u32", func(t *testing.T) {
		checkInts(t, intFuncs[uint32]{0, math.MaxUint32, featureset.U32Min, featureset.U32Max, featureset.U32Roundtrip, featureset.U32Inc, featureset.U32Dec, featureset.U32Show})
	})
	t.Run("i32", func(t *testing.T) {
		checkInts(t, intFuncs[int32]{math.MinInt32, math.MaxInt32, featureset.I32Min, featureset.I32Max, featureset.I32Roundtrip, featureset.I32Inc, featureset.I32Dec, featureset.I32Show})
	})
	t.Run("u64", func(t *testing.T) {
		checkInts(t, intFuncs[uint64]{0, math.MaxUint64, featureset.U64Min, featureset.U64Max, featureset.U64Roundtrip, featureset.U64Inc, featureset.U64Dec, featureset.U64Show})
	})
	t.Run("i64", func(t *testing.T) {
		checkInts(t, intFuncs[int64]{math.MinInt64, math.MaxInt64, featureset.I64Min, featureset.I64Max, featureset.I64Roundtrip, featureset.I64Inc, featureset.I64Dec, featureset.I64Show})
	})
}

// The same limits inside a record: written and read by the Go buffer code, not passed as C
// scalars.
func TestIntegerLimitsInsideBuffers(t *testing.T) {
	mins := featureset.IntLimits{U8: 0, I8: math.MinInt8, U16: 0, I16: math.MinInt16, U32: 0, I32: math.MinInt32, U64: 0, I64: math.MinInt64}
	maxs := featureset.IntLimits{U8: math.MaxUint8, I8: math.MaxInt8, U16: math.MaxUint16, I16: math.MaxInt16, U32: math.MaxUint32, I32: math.MaxInt32, U64: math.MaxUint64, I64: math.MaxInt64}
	if got := testutil.Must(featureset.IntLimitsMin())(t); got != mins {
		t.Fatalf("IntLimitsMin() = %+v, want %+v", got, mins)
	}
	if got := testutil.Must(featureset.IntLimitsMax())(t); got != maxs {
		t.Fatalf("IntLimitsMax() = %+v, want %+v", got, maxs)
	}
	if got := testutil.Must(featureset.IntLimitsShow(maxs))(t); got != "u8=255 i8=127 u16=65535 i16=32767 u32=4294967295 i32=2147483647 u64=18446744073709551615 i64=9223372036854775807" {
		t.Fatalf("Rust saw %s", got)
	}
	if got := testutil.Must(featureset.IntLimitsShow(mins))(t); got != "u8=0 i8=-128 u16=0 i16=-32768 u32=0 i32=-2147483648 u64=0 i64=-9223372036854775808" {
		t.Fatalf("Rust saw %s", got)
	}
	// max + 1 wraps to min in Rust.
	if got := testutil.Must(featureset.IntLimitsInc(maxs))(t); got != mins {
		t.Fatalf("IntLimitsInc(max) = %+v, want %+v", got, mins)
	}
	wantMinPlusOne := featureset.IntLimits{U8: 1, I8: math.MinInt8 + 1, U16: 1, I16: math.MinInt16 + 1, U32: 1, I32: math.MinInt32 + 1, U64: 1, I64: math.MinInt64 + 1}
	if got := testutil.Must(featureset.IntLimitsInc(mins))(t); got != wantMinPlusOne {
		t.Fatalf("IntLimitsInc(min) = %+v", got)
	}

	coll := featureset.IntCollections{
		I64s:     []int64{math.MinInt64, -1, 0, math.MaxInt64},
		U64s:     []uint64{0, math.MaxUint64, math.MaxUint64},
		MaybeI8:  ptr[int8](math.MinInt8),
		MaybeU32: ptr[uint32](math.MaxUint32),
	}
	if got := testutil.Must(featureset.RoundtripIntCollections(coll))(t); !reflect.DeepEqual(got, coll) {
		t.Fatalf("RoundtripIntCollections = %+v", got)
	}
	if got := testutil.Must(featureset.IntCollectionsSums(coll))(t); got != "-2 36893488147419103230" {
		t.Fatalf("Rust's sums = %s", got)
	}
}

type floatCase struct {
	name  string
	bits  uint64 // f64 bits
	class string
}

var (
	f64NaN       = math.Float64bits(math.NaN())
	f64Signaling = uint64(0x7ff0_0000_0000_0001)
	f64NegNaN    = uint64(0xfff8_0000_0000_0000)
)

var f64Cases = []floatCase{
	{"NaN", f64NaN, "nan"},
	{"signaling NaN", f64Signaling, "nan"},
	{"negative NaN", f64NegNaN, "nan"},
	{"+Inf", math.Float64bits(math.Inf(1)), "+inf"},
	{"-Inf", math.Float64bits(math.Inf(-1)), "-inf"},
	{"-0", math.Float64bits(math.Copysign(0, -1)), "-zero"},
	{"+0", 0, "+zero"},
	{"smallest subnormal", math.Float64bits(math.SmallestNonzeroFloat64), "+subnormal"},
	{"-smallest subnormal", math.Float64bits(-math.SmallestNonzeroFloat64), "-subnormal"},
	{"largest subnormal", 0x000f_ffff_ffff_ffff, "+subnormal"},
	{"smallest normal", 0x0010_0000_0000_0000, "+normal"},
	{"max", math.Float64bits(math.MaxFloat64), "+normal"},
	{"-max", math.Float64bits(-math.MaxFloat64), "-normal"},
	{"0.1", math.Float64bits(0.1), "+normal"},
}

var f32Cases = []struct {
	name  string
	bits  uint32
	class string
}{
	{"NaN", math.Float32bits(float32(math.NaN())), "nan"},
	{"signaling NaN", 0x7f80_0001, "nan"},
	{"negative NaN", 0xffc0_0000, "nan"},
	{"+Inf", math.Float32bits(float32(math.Inf(1))), "+inf"},
	{"-Inf", math.Float32bits(float32(math.Inf(-1))), "-inf"},
	{"-0", 0x8000_0000, "-zero"},
	{"+0", 0, "+zero"},
	{"smallest subnormal", math.Float32bits(math.SmallestNonzeroFloat32), "+subnormal"},
	{"-smallest subnormal", math.Float32bits(-math.SmallestNonzeroFloat32), "-subnormal"},
	{"largest subnormal", 0x007f_ffff, "+subnormal"},
	{"smallest normal", 0x0080_0000, "+normal"},
	{"max", math.Float32bits(math.MaxFloat32), "+normal"},
	{"-max", math.Float32bits(-math.MaxFloat32), "-normal"},
	{"0.1", math.Float32bits(0.1), "+normal"},
}

func TestFloat64SpecialValues(t *testing.T) {
	for _, tc := range f64Cases {
		t.Run(tc.name, func(t *testing.T) {
			v := math.Float64frombits(tc.bits)
			// Every bit arrives, NaN payload and sign included, both ways.
			if got := testutil.Must(featureset.F64Bits(v))(t); got != tc.bits {
				t.Fatalf("Rust saw bits %#016x, want %#016x", got, tc.bits)
			}
			if got := testutil.Must(featureset.F64Roundtrip(v))(t); math.Float64bits(got) != tc.bits {
				t.Fatalf("roundtrip gave bits %#016x, want %#016x", math.Float64bits(got), tc.bits)
			}
			if got := testutil.Must(featureset.F64FromBits(tc.bits))(t); math.Float64bits(got) != tc.bits {
				t.Fatalf("Rust's value arrived with bits %#016x, want %#016x", math.Float64bits(got), tc.bits)
			}
			if got := testutil.Must(featureset.F64Classify(v))(t); got != tc.class {
				t.Fatalf("Rust classifies it as %s, want %s", got, tc.class)
			}
			if got := testutil.Must(featureset.F64IsNan(v))(t); got != math.IsNaN(v) {
				t.Fatalf("Rust's is_nan = %v", got)
			}
		})
	}
	// Rust computes on the special values.
	half := testutil.Must(featureset.F64Half(math.SmallestNonzeroFloat64))(t)
	if half != 0 || math.Signbit(half) {
		t.Errorf("smallest subnormal / 2 = %v, want +0", half)
	}
	half = testutil.Must(featureset.F64Half(math.Copysign(0, -1)))(t)
	if half != 0 || !math.Signbit(half) {
		t.Errorf("-0 / 2 = %v (signbit %v), want -0", half, math.Signbit(half))
	}
	if got := testutil.Must(featureset.F64Recip(math.Copysign(0, -1)))(t); !math.IsInf(got, -1) {
		t.Errorf("1 / -0 = %v, want -Inf", got)
	}
	if got := testutil.Must(featureset.F64Recip(0))(t); !math.IsInf(got, 1) {
		t.Errorf("1 / +0 = %v, want +Inf", got)
	}
	if got := testutil.Must(featureset.F64Recip(math.Inf(-1)))(t); got != 0 || !math.Signbit(got) {
		t.Errorf("1 / -Inf = %v, want -0", got)
	}
	if got := testutil.Must(featureset.F64Half(math.NaN()))(t); !math.IsNaN(got) {
		t.Errorf("NaN / 2 = %v", got)
	}
	if got := testutil.Must(featureset.F64Half(math.MaxFloat64))(t); got != math.MaxFloat64/2 {
		t.Errorf("max / 2 = %v", got)
	}
}

func TestFloat32SpecialValues(t *testing.T) {
	for _, tc := range f32Cases {
		t.Run(tc.name, func(t *testing.T) {
			v := math.Float32frombits(tc.bits)
			if got := testutil.Must(featureset.F32Bits(v))(t); got != tc.bits {
				t.Fatalf("Rust saw bits %#08x, want %#08x", got, tc.bits)
			}
			if got := testutil.Must(featureset.F32Roundtrip(v))(t); math.Float32bits(got) != tc.bits {
				t.Fatalf("roundtrip gave bits %#08x, want %#08x", math.Float32bits(got), tc.bits)
			}
			if got := testutil.Must(featureset.F32FromBits(tc.bits))(t); math.Float32bits(got) != tc.bits {
				t.Fatalf("Rust's value arrived with bits %#08x, want %#08x", math.Float32bits(got), tc.bits)
			}
			if got := testutil.Must(featureset.F32Classify(v))(t); got != tc.class {
				t.Fatalf("Rust classifies it as %s, want %s", got, tc.class)
			}
			if got := testutil.Must(featureset.F32IsNan(v))(t); got != (v != v) {
				t.Fatalf("Rust's is_nan = %v", got)
			}
		})
	}
	half := testutil.Must(featureset.F32Half(math.SmallestNonzeroFloat32))(t)
	if half != 0 || math.Signbit(float64(half)) {
		t.Errorf("smallest subnormal / 2 = %v, want +0", half)
	}
	negZero := math.Float32frombits(0x8000_0000)
	if got := testutil.Must(featureset.F32Recip(negZero))(t); !math.IsInf(float64(got), -1) {
		t.Errorf("1 / -0 = %v, want -Inf", got)
	}
	if got := testutil.Must(featureset.F32Half(negZero))(t); math.Float32bits(got) != 0x8000_0000 {
		t.Errorf("-0 / 2 has bits %#08x, want -0", math.Float32bits(got))
	}
}

// The special values inside a record: written and read by the Go buffer code.
func TestFloatSpecialValuesInsideBuffers(t *testing.T) {
	var in featureset.FloatLimits
	var classes []string
	for _, tc := range f32Cases {
		in.F32s = append(in.F32s, math.Float32frombits(tc.bits))
		classes = append(classes, tc.class)
	}
	for _, tc := range f64Cases {
		in.F64s = append(in.F64s, math.Float64frombits(tc.bits))
		classes = append(classes, tc.class)
	}
	in.MaybeF32 = ptr(math.Float32frombits(0x8000_0000))
	in.MaybeF64 = ptr(math.Float64frombits(f64Signaling))
	classes = append(classes, "-zero", "nan")

	want := ""
	for i, c := range classes {
		if i > 0 {
			want += " "
		}
		want += c
	}
	if got := testutil.Must(featureset.ClassifyFloatLimits(in))(t); got != want {
		t.Fatalf("Rust classifies\n%s\nwant\n%s", got, want)
	}
	f64Bits := testutil.Must(featureset.FloatLimitsF64Bits(in))(t)
	for i, tc := range f64Cases {
		if f64Bits[i] != tc.bits {
			t.Errorf("f64 %s: Rust saw bits %#016x, want %#016x", tc.name, f64Bits[i], tc.bits)
		}
	}
	f32Bits := testutil.Must(featureset.FloatLimitsF32Bits(in))(t)
	for i, tc := range f32Cases {
		if f32Bits[i] != tc.bits {
			t.Errorf("f32 %s: Rust saw bits %#08x, want %#08x", tc.name, f32Bits[i], tc.bits)
		}
	}
	out := testutil.Must(featureset.RoundtripFloatLimits(in))(t)
	for i, tc := range f64Cases {
		if got := math.Float64bits(out.F64s[i]); got != tc.bits {
			t.Errorf("f64 %s came back with bits %#016x", tc.name, got)
		}
	}
	for i, tc := range f32Cases {
		if got := math.Float32bits(out.F32s[i]); got != tc.bits {
			t.Errorf("f32 %s came back with bits %#08x", tc.name, got)
		}
	}
	if out.MaybeF32 == nil || math.Float32bits(*out.MaybeF32) != 0x8000_0000 {
		t.Errorf("MaybeF32 came back as %v", out.MaybeF32)
	}
	if out.MaybeF64 == nil || math.Float64bits(*out.MaybeF64) != f64Signaling {
		t.Errorf("MaybeF64 came back as %v", out.MaybeF64)
	}

	// Made by Rust.
	specials := testutil.Must(featureset.FloatSpecials())(t)
	wantF32 := []uint32{0x7fc0_0000, 0x7f80_0000, 0xff80_0000, 0x8000_0000, 0, 1, 0x007f_ffff, 0x0080_0000, 0x7f7f_ffff, 0xff7f_ffff}
	wantF64 := []uint64{0x7ff8_0000_0000_0000, 0x7ff0_0000_0000_0000, 0xfff0_0000_0000_0000, 0x8000_0000_0000_0000, 0, 1, 0x000f_ffff_ffff_ffff, 0x0010_0000_0000_0000, 0x7fef_ffff_ffff_ffff, 0xffef_ffff_ffff_ffff}
	if len(specials.F32s) != len(wantF32) || len(specials.F64s) != len(wantF64) {
		t.Fatalf("FloatSpecials() = %+v", specials)
	}
	for i, w := range wantF32 {
		if got := math.Float32bits(specials.F32s[i]); got != w {
			t.Errorf("Rust's f32 special %d arrived with bits %#08x, want %#08x", i, got, w)
		}
	}
	for i, w := range wantF64 {
		if got := math.Float64bits(specials.F64s[i]); got != w {
			t.Errorf("Rust's f64 special %d arrived with bits %#016x, want %#016x", i, got, w)
		}
	}
	if specials.MaybeF32 == nil || math.Float32bits(*specials.MaybeF32) != 0x8000_0000 {
		t.Errorf("MaybeF32 = %v, want -0", specials.MaybeF32)
	}
	if specials.MaybeF64 == nil || !math.IsInf(*specials.MaybeF64, -1) {
		t.Errorf("MaybeF64 = %v, want -Inf", specials.MaybeF64)
	}
}
