package futures_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
)

func TestReadyU32(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, v := range []uint32{0, 1, 42, 0x80000000, math.MaxUint32 - 1, math.MaxUint32} {
		got, err := futures.ReadyU32(ctx, v)
		if err != nil || got != v {
			t.Errorf("ReadyU32(%d) = %d, %v", v, got, err)
		}
	}
}

func TestEchoString(t *testing.T) {
	expectNoLeaks(t)
	var big strings.Builder
	for i := 0; big.Len() < 100*1024; i++ {
		fmt.Fprintf(&big, "%05d:aé✓日🎉|", i)
	}
	cases := map[string]string{
		"empty":     "",
		"ascii":     "hello",
		"non-ASCII": "héllo wörld ✓ 日本語 🎉 \u0000 nul inside",
		"100 KiB":   big.String(),
	}
	for name, s := range cases {
		got, err := futures.EchoString(context.Background(), s)
		if err != nil {
			t.Errorf("%s: EchoString: %v", name, err)
			continue
		}
		if got != s {
			t.Errorf("%s: EchoString returned %d bytes differing from the %d sent", name, len(got), len(s))
		}
	}
}

func TestEchoStringRejectsInvalidUTF8(t *testing.T) {
	expectNoLeaks(t)
	got, err := futures.EchoString(context.Background(), "ok\xffno")
	var internal *futures.InternalError
	if !errors.As(err, &internal) {
		t.Fatalf("EchoString(invalid UTF-8) = %q, %v; want an *InternalError", got, err)
	}
	if got != "" {
		t.Errorf("EchoString(invalid UTF-8) returned %q along with its error", got)
	}
}

// Strings inside records and collections are checked by Rust when it lifts the arguments;
// a bad one fails the call with an *InternalError before the function body runs.
func TestNestedInvalidUTF8(t *testing.T) {
	expectNoLeaks(t)
	live := liveFutures(t)
	ctx := context.Background()
	m, err := futures.EchoMap(ctx, map[string][]float64{"bad\xfe": {1}})
	var internal *futures.InternalError
	if !errors.As(err, &internal) || m != nil {
		t.Errorf("EchoMap(invalid UTF-8 key) = %v, %v (%T); want an *InternalError", m, err, err)
	}
	r, err := futures.EchoReading(ctx, futures.Reading{Sensor: "ok", Note: ptr("\xc3")})
	if !errors.As(err, &internal) {
		t.Errorf("EchoReading(invalid UTF-8 note) = %+v, %v (%T); want an *InternalError", r, err, err)
	}
	if got := liveFutures(t); got != live {
		t.Errorf("a call whose arguments failed to lift ran its body: LiveFutures = %d, want %d", got, live)
	}
	// The library still works.
	if v, err := futures.EchoMap(ctx, map[string][]float64{"ok": {2}}); err != nil || len(v["ok"]) != 1 || v["ok"][0] != 2 {
		t.Errorf("EchoMap after a failed call = %v, %v", v, err)
	}
}

func TestEchoBytes(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, in := range [][]byte{nil, {}} {
		got, err := futures.EchoBytes(ctx, in)
		if err != nil || len(got) != 0 {
			t.Errorf("EchoBytes(%#v) = %#v, %v; want no bytes", in, got, err)
		}
	}
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	got, err := futures.EchoBytes(ctx, all)
	if err != nil || !bytes.Equal(got, all) {
		t.Fatalf("EchoBytes(0..255) = %v, %v", got, err)
	}
	// The result is Go memory of its own, not a view of the argument.
	all[0] = 0xff
	if got[0] != 0 {
		t.Errorf("EchoBytes result changed with its argument")
	}
}

func TestEchoOptional(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	got, err := futures.EchoOptional(ctx, nil)
	if err != nil || got != nil {
		t.Errorf("EchoOptional(nil) = %v, %v", got, err)
	}
	for _, v := range []int64{0, 1, -1, math.MinInt64, math.MinInt64 + 1, math.MaxInt64} {
		got, err := futures.EchoOptional(ctx, ptr(v))
		if err != nil || got == nil || *got != v {
			t.Errorf("EchoOptional(&%d) = %v, %v", v, got, err)
		}
	}
}

// sameFloats compares float slices bit for bit, so that -0.0 and 0.0 differ.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func TestEchoMap(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	got, err := futures.EchoMap(ctx, map[string][]float64{})
	if err != nil || len(got) != 0 {
		t.Errorf("EchoMap(empty) = %v, %v", got, err)
	}
	got, err = futures.EchoMap(ctx, nil)
	if err != nil || len(got) != 0 {
		t.Errorf("EchoMap(nil) = %v, %v", got, err)
	}
	in := map[string][]float64{
		"":          {},
		"one":       {1},
		"ünï ✓ 日本":  {-0.5, 1e300, -1e-300, 3.141592653589793},
		"extremes":  {math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1)},
		"zeros":     {0, math.Copysign(0, -1)},
		"long list": make([]float64, 1000),
	}
	for i := range in["long list"] {
		in["long list"][i] = float64(i) / 7
	}
	got, err = futures.EchoMap(ctx, in)
	if err != nil {
		t.Fatalf("EchoMap: %v", err)
	}
	if len(got) != len(in) {
		t.Fatalf("EchoMap returned %d entries, want %d: %v", len(got), len(in), got)
	}
	for k, want := range in {
		v, ok := got[k]
		if !ok {
			t.Errorf("EchoMap lost key %q", k)
			continue
		}
		if !sameFloats(v, want) {
			t.Errorf("EchoMap[%q] = %v, want %v", k, v, want)
		}
	}
}

func TestEchoF64(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, v := range []float64{
		0, math.Copysign(0, -1), 1.5, -2.25, math.Pi,
		math.Inf(1), math.Inf(-1),
		math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64,
	} {
		got, err := futures.EchoF64(ctx, v)
		if err != nil || math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("EchoF64(%v) = %v (sign bit %v), %v", v, got, math.Signbit(got), err)
		}
	}
	for _, bits := range []uint64{0x7ff8000000000000, 0x7ff8000000000123, 0xfff8000000000001} {
		nan := math.Float64frombits(bits)
		got, err := futures.EchoF64(ctx, nan)
		if err != nil || math.Float64bits(got) != bits {
			t.Errorf("EchoF64(NaN %#x) = %#x, %v", bits, math.Float64bits(got), err)
		}
	}
}

func TestNegate(t *testing.T) {
	expectNoLeaks(t)
	for _, v := range []bool{true, false} {
		got, err := futures.Negate(context.Background(), v)
		if err != nil || got != !v {
			t.Errorf("Negate(%v) = %v, %v", v, got, err)
		}
	}
}

func TestEchoReading(t *testing.T) {
	expectNoLeaks(t)
	cases := []futures.Reading{
		{Sensor: "t1", Values: []int32{1, -2, math.MaxInt32, math.MinInt32}, Note: ptr("calibrated ✓")},
		{Sensor: "no note", Values: []int32{0}, Note: nil},
		{Sensor: "", Values: []int32{}, Note: ptr("")},
	}
	for _, in := range cases {
		got, err := futures.EchoReading(context.Background(), in)
		if err != nil {
			t.Errorf("EchoReading(%+v): %v", in, err)
			continue
		}
		if got.Sensor != in.Sensor || len(got.Values) != len(in.Values) {
			t.Errorf("EchoReading(%+v) = %+v", in, got)
			continue
		}
		for i := range in.Values {
			if got.Values[i] != in.Values[i] {
				t.Errorf("EchoReading(%+v).Values = %v", in, got.Values)
				break
			}
		}
		switch {
		case in.Note == nil && got.Note != nil:
			t.Errorf("EchoReading: note %q appeared", *got.Note)
		case in.Note != nil && got.Note == nil:
			t.Errorf("EchoReading: note %q lost", *in.Note)
		case in.Note != nil && *got.Note != *in.Note:
			t.Errorf("EchoReading: note %q, want %q", *got.Note, *in.Note)
		}
	}
}

func TestClassify(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, v := range []int64{1, 7, math.MaxUint32} {
		got, err := futures.Classify(ctx, v)
		if err != nil {
			t.Errorf("Classify(%d): %v", v, err)
			continue
		}
		done, ok := got.(futures.OutcomeDone)
		if !ok || int64(done.Value) != v {
			t.Errorf("Classify(%d) = %#v, want OutcomeDone{Value: %d}", v, got, v)
		}
	}
	for _, v := range []int64{0, -1, math.MinInt64} {
		got, err := futures.Classify(ctx, v)
		if err != nil {
			t.Errorf("Classify(%d): %v", v, err)
			continue
		}
		if _, ok := got.(futures.OutcomeSkipped); !ok {
			t.Errorf("Classify(%d) = %#v, want OutcomeSkipped", v, got)
		}
	}
}

func TestSleepVoid(t *testing.T) {
	expectNoLeaks(t)
	start := time.Now()
	if err := futures.SleepVoid(context.Background(), 20); err != nil {
		t.Fatalf("SleepVoid(20): %v", err)
	}
	if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
		t.Errorf("SleepVoid(20) returned after %v", elapsed)
	}
	if err := futures.SleepVoid(context.Background(), 0); err != nil {
		t.Errorf("SleepVoid(0): %v", err)
	}
}
