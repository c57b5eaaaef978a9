package futures_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
)

// ---- leak checks ------------------------------------------------------------

// goroutineSlack is how many goroutines more than at the start of a test may still be
// around at its end (runtime helpers such as the cleanup goroutine start lazily).
const goroutineSlack = 3

// expectNoLeaks records the number of live Rust futures and of goroutines now, and checks
// when the test ends that every future created meanwhile was dropped, that no Go-side
// future is still pending and that the goroutines started meanwhile have exited.
func expectNoLeaks(t *testing.T) {
	t.Helper()
	live := liveFutures(t)
	goroutines := runtime.NumGoroutine()
	t.Cleanup(func() {
		// Every async call frees its Rust future before it returns, so the count must be
		// back to its start value at once, without waiting.
		if got := liveFutures(t); got != live {
			t.Errorf("LiveFutures = %d after the calls returned, want %d", got, live)
		}
		if n := futures.PendingRustFutures(); n != 0 {
			t.Errorf("PendingRustFutures = %d after the calls returned, want 0", n)
		}
		got := runtime.NumGoroutine()
		for deadline := time.Now().Add(time.Second); got > goroutines+goroutineSlack && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
			got = runtime.NumGoroutine()
		}
		if got > goroutines+goroutineSlack {
			t.Errorf("%d goroutines after the test, %d before it", got, goroutines)
		}
	})
}

// waitFor polls cond every millisecond for at most timeout.
func waitFor(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); ; {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}

func ptr[T any](v T) *T { return &v }

// liveFutures returns futures.LiveFutures, failing the test on an error.
func liveFutures(t testing.TB) uint64 {
	t.Helper()
	n, err := futures.LiveFutures()
	if err != nil {
		t.Fatalf("LiveFutures: %v", err)
	}
	return n
}

// ---- the counters themselves ------------------------------------------------

// The leak checks below would prove nothing if the counters never moved: a call in flight
// must show up in both.
func TestCountersSeeACallInFlight(t *testing.T) {
	expectNoLeaks(t)
	live := liveFutures(t)
	type result struct {
		v   uint64
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := futures.ThreadSleep(context.Background(), 200)
		done <- result{v, err}
	}()
	if !waitFor(time.Second, func() bool {
		return futures.PendingRustFutures() == 1 && liveFutures(t) == live+1
	}) {
		t.Errorf("while ThreadSleep(200) runs: PendingRustFutures = %d, LiveFutures = %d (want 1 and %d)",
			futures.PendingRustFutures(), liveFutures(t), live+1)
	}
	r := <-done
	if r.err != nil || r.v != 200 {
		t.Fatalf("ThreadSleep(200) = %d, %v", r.v, r.err)
	}
}

// ---- every return type ------------------------------------------------------

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

// ---- objects ----------------------------------------------------------------

func TestAccumulatorFromAsyncFunction(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	acc, err := futures.MakeAccumulator(ctx, 10)
	if err != nil || acc == nil {
		t.Fatalf("MakeAccumulator(10) = %v, %v", acc, err)
	}
	defer acc.Close()
	if total, err := acc.Total(); err != nil || total != 10 {
		t.Fatalf("Total = %d, %v; want 10", total, err)
	}
	if total, err := acc.AddAfter(ctx, 5, 1); err != nil || total != 15 {
		t.Fatalf("AddAfter(5) = %d, %v; want 15", total, err)
	}
	if total, err := acc.AddAfter(ctx, -20, 0); err != nil || total != -5 {
		t.Fatalf("AddAfter(-20) = %d, %v; want -5", total, err)
	}
	if total, err := acc.Total(); err != nil || total != -5 {
		t.Fatalf("Total = %d, %v; want -5", total, err)
	}
	// Two accumulators are two objects.
	other, err := futures.MakeAccumulator(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.AddAfter(ctx, 1, 0); err != nil {
		t.Fatal(err)
	}
	if total, _ := acc.Total(); total != -5 {
		t.Errorf("adding to one accumulator changed another: Total = %d", total)
	}
}

func TestAccumulatorAsyncConstructor(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	acc, err := futures.NewAccumulator(ctx, math.MaxInt64-3)
	if err != nil || acc == nil {
		t.Fatalf("NewAccumulator = %v, %v", acc, err)
	}
	defer acc.Close()
	for i, want := range []int64{math.MaxInt64 - 2, math.MaxInt64 - 1, math.MaxInt64} {
		got, err := acc.AddAfter(ctx, 1, uint64(i))
		if err != nil || got != want {
			t.Fatalf("AddAfter #%d = %d, %v; want %d", i, got, err, want)
		}
	}
	if total, err := acc.Total(); err != nil || total != math.MaxInt64 {
		t.Fatalf("Total = %d, %v", total, err)
	}
}

func TestAccumulatorConcurrentAddAfter(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	acc, err := futures.NewAccumulator(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer acc.Close()
	const calls = 100
	seen := make([]atomic.Bool, calls+1)
	var wg sync.WaitGroup
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := acc.AddAfter(ctx, 1, 2)
			switch {
			case err != nil:
				t.Errorf("AddAfter: %v", err)
			case got < 1 || got > calls:
				t.Errorf("AddAfter returned total %d, outside 1..%d", got, calls)
			case seen[got].Swap(true):
				t.Errorf("two AddAfter calls returned the same total %d", got)
			}
		}()
	}
	wg.Wait()
	if total, err := acc.Total(); err != nil || total != calls {
		t.Fatalf("Total = %d, %v; want %d", total, err, calls)
	}
}

func TestAccumulatorAfterClose(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	acc, err := futures.NewAccumulator(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := acc.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := acc.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if v, err := acc.Total(); !errors.Is(err, futures.ErrClosed) || v != 0 {
		t.Errorf("Total after Close = %d, %v; want ErrClosed", v, err)
	}
	live := liveFutures(t)
	if v, err := acc.AddAfter(ctx, 1, 0); !errors.Is(err, futures.ErrClosed) || v != 0 {
		t.Errorf("AddAfter after Close = %d, %v; want ErrClosed", v, err)
	}
	if got := liveFutures(t); got != live {
		t.Errorf("AddAfter on a closed object left LiveFutures at %d, want %d", got, live)
	}
	var none *futures.Accumulator
	if _, err := none.AddAfter(ctx, 1, 0); !errors.Is(err, futures.ErrClosed) {
		t.Errorf("AddAfter on nil = %v; want ErrClosed", err)
	}
	if _, err := none.Total(); !errors.Is(err, futures.ErrClosed) {
		t.Errorf("Total on nil = %v; want ErrClosed", err)
	}
}

func TestAccumulatorCloseDuringAddAfter(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	acc, err := futures.MakeAccumulator(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		v   int64
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := acc.AddAfter(ctx, 1, 50)
		done <- result{v, err}
	}()
	if !waitFor(time.Second, func() bool { return futures.PendingRustFutures() == 1 }) {
		t.Fatal("AddAfter never became pending")
	}
	acc.Close()
	// The call in flight keeps the object alive and finishes normally.
	if r := <-done; r.err != nil || r.v != 101 {
		t.Fatalf("AddAfter in flight during Close = %d, %v; want 101", r.v, r.err)
	}
	if _, err := acc.AddAfter(ctx, 1, 0); !errors.Is(err, futures.ErrClosed) {
		t.Fatalf("AddAfter after Close = %v; want ErrClosed", err)
	}
}

// ---- declared errors --------------------------------------------------------

func TestCheckLimitTooBig(t *testing.T) {
	expectNoLeaks(t)
	v, err := futures.CheckLimit(context.Background(), 5, 3)
	if err == nil {
		t.Fatalf("CheckLimit(5, 3) = %d, nil; want an error", v)
	}
	if v != 0 {
		t.Errorf("CheckLimit(5, 3) returned %d along with its error", v)
	}
	var tooBig futures.FutureErrorTooBig
	if !errors.As(err, &tooBig) {
		t.Fatalf("CheckLimit(5, 3) error %T %v is not a FutureErrorTooBig", err, err)
	}
	if tooBig != (futures.FutureErrorTooBig{Value: 5, Limit: 3}) {
		t.Errorf("CheckLimit(5, 3) error = %+v, want {Value:5 Limit:3}", tooBig)
	}
	var declared futures.FutureError
	if !errors.As(err, &declared) {
		t.Errorf("CheckLimit(5, 3) error %T does not match the FutureError interface", err)
	}
	if !errors.Is(err, futures.FutureErrorTooBig{}) {
		t.Errorf("errors.Is(%v, FutureErrorTooBig{}) = false", err)
	}
	if errors.Is(err, futures.FutureErrorEmpty{}) {
		t.Errorf("errors.Is(%v, FutureErrorEmpty{}) = true", err)
	}
	var internal *futures.InternalError
	if errors.As(err, &internal) {
		t.Errorf("a declared error came back as an InternalError: %v", err)
	}
	// Still recognisable when wrapped by the caller.
	if wrapped := fmt.Errorf("checking: %w", err); !errors.Is(wrapped, futures.FutureErrorTooBig{}) {
		t.Errorf("wrapped error no longer matches FutureErrorTooBig")
	}
}

func TestCheckLimitWithinLimit(t *testing.T) {
	expectNoLeaks(t)
	for _, c := range [][2]uint32{{3, 3}, {0, 0}, {2, 9}, {math.MaxUint32, math.MaxUint32}} {
		v, err := futures.CheckLimit(context.Background(), c[0], c[1])
		if err != nil || v != c[0] {
			t.Errorf("CheckLimit(%d, %d) = %d, %v", c[0], c[1], v, err)
		}
	}
}

func TestRequireText(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	got, err := futures.RequireText(ctx, "")
	if !errors.Is(err, futures.FutureErrorEmpty{}) {
		t.Fatalf("RequireText(\"\") = %q, %v; want FutureErrorEmpty", got, err)
	}
	var empty futures.FutureErrorEmpty
	if !errors.As(err, &empty) {
		t.Errorf("RequireText(\"\") error %T is not a FutureErrorEmpty", err)
	}
	if errors.Is(err, futures.FutureErrorTooBig{}) {
		t.Errorf("RequireText(\"\") error matches FutureErrorTooBig")
	}
	for _, s := range []string{"x", "some text ✓"} {
		got, err := futures.RequireText(ctx, s)
		if err != nil || got != s {
			t.Errorf("RequireText(%q) = %q, %v", s, got, err)
		}
	}
}

// ---- how futures are woken --------------------------------------------------

func TestWakeCounts(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, times := range []uint32{0, 1, 2, 1000} {
		polls, err := futures.WakeMany(ctx, times)
		if err != nil || polls != times+1 {
			t.Errorf("WakeMany(%d) = %d, %v; want %d polls", times, polls, err, times+1)
		}
	}
}

func TestThreadWokenFuture(t *testing.T) {
	expectNoLeaks(t)
	for _, ms := range []uint64{0, 1, 30} {
		start := time.Now()
		got, err := futures.ThreadSleep(context.Background(), ms)
		if err != nil || got != ms {
			t.Fatalf("ThreadSleep(%d) = %d, %v", ms, got, err)
		}
		if elapsed := time.Since(start); elapsed < time.Duration(ms)*time.Millisecond {
			t.Errorf("ThreadSleep(%d) returned after %v", ms, elapsed)
		}
	}
}

func TestTokioFuture(t *testing.T) {
	expectNoLeaks(t)
	for _, ms := range []uint64{0, 1, 30} {
		start := time.Now()
		got, err := futures.TokioSleep(context.Background(), ms)
		if err != nil || got != ms {
			t.Fatalf("TokioSleep(%d) = %d, %v", ms, got, err)
		}
		if elapsed := time.Since(start); elapsed < time.Duration(ms)*time.Millisecond {
			t.Errorf("TokioSleep(%d) returned after %v", ms, elapsed)
		}
	}
}

// Many sleeps at once take about as long as one: waiting holds neither a goroutine's
// thread nor the Go scheduler.
func TestSleepsOverlap(t *testing.T) {
	expectNoLeaks(t)
	const calls = 50
	start := time.Now()
	var wg sync.WaitGroup
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var got uint64
			var err error
			if i%2 == 0 {
				got, err = futures.TokioSleep(context.Background(), 100)
			} else {
				got, err = futures.ThreadSleep(context.Background(), 100)
			}
			if err != nil || got != 100 {
				t.Errorf("sleep #%d = %d, %v", i, got, err)
			}
		}()
	}
	wg.Wait()
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("%d concurrent 100 ms sleeps took %v", calls, elapsed)
	}
}

// ---- panics -----------------------------------------------------------------

func TestPanicInsideFuture(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, msg := range []string{"boom", "kaboom ✓ with unicode"} {
		v, err := futures.PanicAsync(ctx, msg)
		var internal *futures.InternalError
		if !errors.As(err, &internal) {
			t.Fatalf("PanicAsync(%q) = %d, %v (%T); want an *InternalError", msg, v, err, err)
		}
		if !strings.Contains(internal.Message, msg) || !strings.Contains(err.Error(), msg) {
			t.Errorf("PanicAsync(%q) error %q does not carry the panic message", msg, err)
		}
		if v != 0 {
			t.Errorf("PanicAsync returned %d along with its error", v)
		}
		var declared futures.FutureError
		if errors.As(err, &declared) {
			t.Errorf("a panic came back as a declared error: %v", err)
		}
		// The library keeps working after the panic.
		if got, err := futures.ReadyU32(ctx, 7); err != nil || got != 7 {
			t.Fatalf("ReadyU32 after a panic = %d, %v", got, err)
		}
		if got, err := futures.ThreadSleep(ctx, 1); err != nil || got != 1 {
			t.Fatalf("ThreadSleep after a panic = %d, %v", got, err)
		}
	}
}

// ---- cancellation -----------------------------------------------------------

// endlessWakes makes WakeMany run for seconds (one cgo round trip per wake), far past the
// deadlines used with it, yet still end if cancellation were ignored.
const endlessWakes = 10_000_000

func cancelledContext() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestCancelledBeforeTheCall(t *testing.T) {
	expectNoLeaks(t)
	ctx := cancelledContext()
	acc, err := futures.NewAccumulator(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	defer acc.Close()

	calls := map[string]func() error{
		"ThreadSleep": func() error {
			v, err := futures.ThreadSleep(ctx, 2000)
			if v != 0 {
				return fmt.Errorf("value %d", v)
			}
			return err
		},
		"TokioSleep": func() error {
			v, err := futures.TokioSleep(ctx, 2000)
			if v != 0 {
				return fmt.Errorf("value %d", v)
			}
			return err
		},
		"SleepVoid": func() error { return futures.SleepVoid(ctx, 2000) },
		"AddAfter": func() error {
			v, err := acc.AddAfter(ctx, 1, 2000)
			if v != 0 {
				return fmt.Errorf("value %d", v)
			}
			return err
		},
		"WakeMany": func() error {
			v, err := futures.WakeMany(ctx, endlessWakes)
			if v != 0 {
				return fmt.Errorf("value %d", v)
			}
			return err
		},
	}
	for name, call := range calls {
		start := time.Now()
		err := call()
		elapsed := time.Since(start)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v; want context.Canceled", name, err)
		}
		if elapsed > 500*time.Millisecond {
			t.Errorf("%s with a cancelled context took %v", name, elapsed)
		}
	}
	if total, err := acc.Total(); err != nil || total != 7 {
		t.Errorf("Total after a cancelled AddAfter = %d, %v; want 7", total, err)
	}

	// A future that is ready at its first poll may finish before the cancellation is seen;
	// then its result is returned. Either way the answer is never wrong.
	for i := range uint32(20) {
		v, err := futures.ReadyU32(ctx, i+1)
		if !(err == nil && v == i+1) && !(errors.Is(err, context.Canceled) && v == 0) {
			t.Errorf("ReadyU32(%d) with a cancelled context = %d, %v", i+1, v, err)
		}
	}
}

func TestDeadlineWhilePending(t *testing.T) {
	expectNoLeaks(t)
	const timeout = 20 * time.Millisecond
	calls := map[string]func(ctx context.Context) error{
		"ThreadSleep": func(ctx context.Context) error {
			v, err := futures.ThreadSleep(ctx, 2000)
			if v != 0 {
				return fmt.Errorf("value %d", v)
			}
			return err
		},
		"TokioSleep": func(ctx context.Context) error {
			v, err := futures.TokioSleep(ctx, 2000)
			if v != 0 {
				return fmt.Errorf("value %d", v)
			}
			return err
		},
		"SleepVoid": func(ctx context.Context) error { return futures.SleepVoid(ctx, 2000) },
		// Always ready to be polled again: cancellation must still get through.
		"WakeMany": func(ctx context.Context) error {
			v, err := futures.WakeMany(ctx, endlessWakes)
			if v != 0 {
				return fmt.Errorf("value %d", v)
			}
			return err
		},
	}
	for name, call := range calls {
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		err := call(ctx)
		elapsed := time.Since(start)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s past its deadline: %v; want context.DeadlineExceeded", name, err)
		}
		if elapsed < timeout || elapsed > time.Second {
			t.Errorf("%s with a %v deadline returned after %v", name, timeout, elapsed)
		}
		if n := futures.PendingRustFutures(); n != 0 {
			t.Errorf("%s: PendingRustFutures = %d after it returned", name, n)
		}
	}
}

func TestDeadlineDuringAddAfter(t *testing.T) {
	expectNoLeaks(t)
	acc, err := futures.MakeAccumulator(context.Background(), 40)
	if err != nil {
		t.Fatal(err)
	}
	defer acc.Close()
	live := liveFutures(t)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	v, err := acc.AddAfter(ctx, 2, 100)
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) || v != 0 {
		t.Fatalf("AddAfter past its deadline = %d, %v; want context.DeadlineExceeded", v, err)
	}
	if elapsed > time.Second {
		t.Errorf("AddAfter with a 20ms deadline returned after %v", elapsed)
	}
	// The future was dropped, not left running: its live guard is gone at once ...
	if got := liveFutures(t); got != live {
		t.Errorf("LiveFutures = %d right after the cancelled AddAfter, want %d", got, live)
	}
	// ... and even after its delay has passed, nothing was added.
	time.Sleep(150 * time.Millisecond)
	if total, err := acc.Total(); err != nil || total != 40 {
		t.Fatalf("Total after a cancelled AddAfter = %d, %v; want 40", total, err)
	}
	// The object is still usable.
	if total, err := acc.AddAfter(context.Background(), 2, 0); err != nil || total != 42 {
		t.Fatalf("AddAfter after a cancelled one = %d, %v; want 42", total, err)
	}
}

func TestCancelAfterCompletion(t *testing.T) {
	expectNoLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	n, err := futures.ReadyU32(ctx, 99)
	s, err2 := futures.EchoString(ctx, "kept ✓")
	r, err3 := futures.EchoReading(ctx, futures.Reading{Sensor: "s", Values: []int32{3}, Note: ptr("n")})
	acc, err4 := futures.MakeAccumulator(ctx, 5)
	cancel()
	if err := errors.Join(err, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	defer acc.Close()
	runtime.GC()
	if n != 99 || s != "kept ✓" || r.Sensor != "s" || len(r.Values) != 1 || r.Values[0] != 3 || r.Note == nil || *r.Note != "n" {
		t.Errorf("results changed after the context was cancelled: %d %q %+v", n, s, r)
	}
	if total, err := acc.AddAfter(context.Background(), 1, 0); err != nil || total != 6 {
		t.Errorf("accumulator made under a since-cancelled context: AddAfter = %d, %v", total, err)
	}
}

// raceOutcome counts the two acceptable outcomes of a call whose deadline falls around the
// time its future completes.
type raceOutcome struct {
	ok, expired atomic.Int64
}

func (o *raceOutcome) record(t *testing.T, what string, okValue bool, err error) {
	t.Helper()
	switch {
	case err == nil && okValue:
		o.ok.Add(1)
	case errors.Is(err, context.DeadlineExceeded) && !okValue:
		o.expired.Add(1)
	default:
		t.Errorf("%s: unexpected outcome (value ok: %v), error %v", what, okValue, err)
	}
}

func TestDeadlineRacesCompletion(t *testing.T) {
	expectNoLeaks(t)
	// The calls run in small batches so that, even under the race detector on few CPUs,
	// their completion times stay close to the deadlines, which spread from 2 to 18 ms.
	const (
		calls = 200
		batch = 20
	)
	deadlineFor := func(i int) time.Duration { return time.Duration(2000+(i*7%17)*1000) * time.Microsecond }

	acc, err := futures.NewAccumulator(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer acc.Close()

	var threads, tokio, wakes, adds raceOutcome
	var added sync.Map
	var wg sync.WaitGroup
	for i := range calls {
		if i%batch == 0 {
			wg.Wait()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), deadlineFor(i))
			defer cancel()
			switch i % 4 {
			case 0:
				v, err := futures.ThreadSleep(ctx, 8)
				threads.record(t, fmt.Sprintf("ThreadSleep(8) = %d", v), v == 8, err)
				if err != nil && v != 0 {
					t.Errorf("ThreadSleep returned %d with error %v", v, err)
				}
			case 1:
				v, err := futures.TokioSleep(ctx, 8)
				tokio.record(t, fmt.Sprintf("TokioSleep(8) = %d", v), v == 8, err)
				if err != nil && v != 0 {
					t.Errorf("TokioSleep returned %d with error %v", v, err)
				}
			case 2:
				v, err := futures.WakeMany(ctx, 2000)
				wakes.record(t, fmt.Sprintf("WakeMany(2000) = %d", v), v == 2001, err)
				if err != nil && v != 0 {
					t.Errorf("WakeMany returned %d with error %v", v, err)
				}
			case 3:
				v, err := acc.AddAfter(ctx, 1, 8)
				adds.record(t, fmt.Sprintf("AddAfter(1) = %d", v), err == nil && v >= 1 && v <= calls, err)
				if err == nil {
					if _, dup := added.LoadOrStore(v, true); dup {
						t.Errorf("two AddAfter calls returned the same total %d", v)
					}
				} else if v != 0 {
					t.Errorf("AddAfter returned %d with error %v", v, err)
				}
			}
		}()
	}
	wg.Wait()
	for name, o := range map[string]*raceOutcome{"ThreadSleep": &threads, "TokioSleep": &tokio, "WakeMany": &wakes, "AddAfter": &adds} {
		t.Logf("%s: %d completed, %d past their deadline", name, o.ok.Load(), o.expired.Load())
	}
	// Every AddAfter that reported success added exactly once; every one that reported the
	// deadline added nothing.
	if total, err := acc.Total(); err != nil || total != adds.ok.Load() {
		t.Errorf("Total = %d, %v; want %d, the number of AddAfter calls that succeeded", total, err, adds.ok.Load())
	}
	time.Sleep(30 * time.Millisecond)
	if total, _ := acc.Total(); total != adds.ok.Load() {
		t.Errorf("Total changed to %d after the calls returned; want %d", total, adds.ok.Load())
	}
}

// ---- many calls at once -----------------------------------------------------

func TestTenThousandConcurrentCalls(t *testing.T) {
	expectNoLeaks(t)
	const (
		calls   = 10000
		workers = 200
	)
	var next atomic.Int64
	var failures atomic.Int64
	var kinds [4]atomic.Int64
	var wg sync.WaitGroup
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 10 {
			t.Errorf(format, args...)
		}
	}
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for {
				i := int(next.Add(1)) - 1
				if i >= calls {
					return
				}
				kind := i % 3
				if i%33 == 0 { // about 300 calls, each of which starts a thread in Rust
					kind = 3
				}
				kinds[kind].Add(1)
				switch kind {
				case 0:
					if v, err := futures.ReadyU32(ctx, uint32(i)); err != nil || v != uint32(i) {
						fail("ReadyU32(%d) = %d, %v", i, v, err)
					}
				case 1:
					s := fmt.Sprintf("call %d ✓", i)
					if v, err := futures.EchoString(ctx, s); err != nil || v != s {
						fail("EchoString(%q) = %q, %v", s, v, err)
					}
				case 2:
					if v, err := futures.WakeMany(ctx, 3); err != nil || v != 4 {
						fail("WakeMany(3) = %d, %v", v, err)
					}
				case 3:
					if v, err := futures.ThreadSleep(ctx, 1); err != nil || v != 1 {
						fail("ThreadSleep(1) = %d, %v", v, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d calls (ReadyU32 %d, EchoString %d, WakeMany %d, ThreadSleep %d) in %v",
		calls, kinds[0].Load(), kinds[1].Load(), kinds[2].Load(), kinds[3].Load(), time.Since(start))
	if n := failures.Load(); n != 0 {
		t.Fatalf("%d of %d calls failed", n, calls)
	}
	var total int64
	for i := range kinds {
		total += kinds[i].Load()
	}
	if total != calls {
		t.Fatalf("made %d calls, want %d", total, calls)
	}
}

// ---- at the end -------------------------------------------------------------

// Runs last in this file: whatever ran before, no Rust future is left alive.
func TestNoFutureOutlivesTheSuite(t *testing.T) {
	if n := liveFutures(t); n != 0 {
		t.Errorf("LiveFutures = %d after all tests, want 0", n)
	}
	if n := futures.PendingRustFutures(); n != 0 {
		t.Errorf("PendingRustFutures = %d after all tests, want 0", n)
	}
}
