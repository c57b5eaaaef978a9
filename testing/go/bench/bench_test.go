// Benchmarks of the generated Go bindings (the bench fixture) against bare cgo baselines (package
// baseline, which calls hand-written `extern "C"` functions of the same library).
//
// Every case is a sub-benchmark, BenchmarkUniffi/<case>, and every baseline one of
// BenchmarkBaseline/<baseline>; testing/bench.sh runs both in one `go test -bench` and pairs them
// (see its table). The cases are tables, uniffiCases and baselineCases, run by benchCase.run:
// whatever a case needs is made before the timer starts, and the timed loop only calls the
// operation measured. Besides ns/op, B/op and allocs/op each benchmark reports:
//
//   - cgo-calls/op: Go -> C crossings per operation, measured with runtime.NumCgoCall (which
//     counts every cgo call the process makes, on any goroutine);
//   - callbacks/op (Rust -> Go cases only): how often Rust called the Go implementation per
//     operation, counted by the implementation itself.
package bench_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"uniffi-go.test/bench/baseline"
	"uniffi-go.test/generated/bench"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when Rust still holds a Go callback, or a host call or Rust future is
// pending, after the tests or benchmarks.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", bench.LiveCallbackHandles),
		testutil.Count("PendingHostCalls", bench.PendingHostCalls),
		testutil.Count("PendingRustFutures", bench.PendingRustFutures),
	))
}

// ---- inputs -------------------------------------------------------------------------------

var (
	str16    = "0123456789abcdef"
	str64k   = strings.Repeat("uniffi-bindgen-go benchmark text ", 2048)[:64<<10]
	bytes16  = []byte(str16)
	bytes64k = []byte(str64k)

	record4  = bench.Record4{A: -1, B: 1 << 40, C: 1.5, D: true}
	baseRec4 = baseline.Record4{A: -1, B: 1 << 40, C: 1.5, D: true}

	note        = "a note"
	largeRecord = bench.LargeRecord{
		ID:      42,
		Name:    "Ada Lovelace",
		Email:   "ada@example.com",
		Age:     36,
		Score:   99.5,
		Ratio:   0.25,
		Active:  true,
		Level:   bench.LevelHigh,
		Tags:    []string{"math", "engines", "poetry"},
		Note:    &note,
		Payload: []byte{1, 2, 3, 4, 5, 6, 7, 8},
		Delta:   -7,
	}

	shape = bench.ShapeLabelled{Label: "origin", X: 3, Y: -4}

	map10 = func() map[string]string {
		m := make(map[string]string, 10)
		for i := range 10 {
			m["key-"+string(rune('a'+i))] = "value-" + string(rune('a'+i))
		}
		return m
	}()

	vecI32Small = []int32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	vecI32Large = func() []int32 {
		v := make([]int32, 1000)
		for i := range v {
			v[i] = int32(i * 7)
		}
		return v
	}()
	vecRecord = func() []bench.Record4 {
		v := make([]bench.Record4, 1000)
		for i := range v {
			v[i] = bench.Record4{A: int32(i), B: uint64(i) << 20, C: float64(i) / 2, D: i%2 == 0}
		}
		return v
	}()
)

// ---- Go implementations called from Rust ---------------------------------------------------

// callback implements bench.Callback: returns v+1 and counts its calls. Rust calls it on the
// thread of the Go -> Rust call, so the goroutine that reads calls is the one that made it: the
// count needs no atomic (and costs next to nothing, like the baseline's Go function).
type callback struct{ calls int64 }

func (c *callback) Call(v int32) int32 {
	c.calls++
	return v + 1
}

// host implements bench.Host: answers v+1 at once and counts its calls.
type host struct{ calls atomic.Int64 }

func (h *host) Get(_ context.Context, v int32) (int32, error) {
	h.calls.Add(1)
	return v + 1, nil
}

// ---- the harness -------------------------------------------------------------------------------

// callbackBatch is how many callbacks Rust makes per Go -> Rust call in the callback benchmarks.
// The call into Rust (about 1/callbackBatch of a crossing per callback) is the same on both
// sides. Batches keep each call short: in a cgo call longer than about 20µs the runtime's sysmon
// takes the P away from the thread, and callbacks then pay for getting one back, erratically.
const callbackBatch = 100

// benchCase is one sub-benchmark: BenchmarkUniffi/<name> or BenchmarkBaseline/<name>.
type benchCase struct {
	name string
	// op is the operation measured, for a case that needs nothing made beforehand; setup
	// returns it for a case that does.
	op    operation
	setup func(b *testing.B) measured
	// bytes, when not zero, is handed to b.SetBytes (MB/s in the output).
	bytes int
	// batch, when not zero, makes one call of the operation perform up to batch operations: the
	// timed loop hands b.N out in batches instead of calling it once per iteration.
	batch int
	// callbacksPerOp, when not zero, is reported as callbacks/op, for a case whose callbacks
	// cannot be counted without slowing them down (the baseline's exported Go function).
	callbacksPerOp float64
}

// operation makes the call that is measured and checks its answer (b.Fatal on a wrong one). n
// is the iteration number, or for a batched case the number of operations to make.
type operation func(b *testing.B, n int)

// measured is what a case's setup returns: the operation and, when not nil, calls, which says
// how often Rust has called the Go implementation so far (the case then reports callbacks/op).
type measured struct {
	op    operation
	calls func() int64
}

// runCases runs every case as a sub-benchmark of b, in order.
func runCases(b *testing.B, cases []benchCase) {
	for _, c := range cases {
		b.Run(c.name, c.run)
	}
}

// run measures the case. Whatever the case makes (objects, Go implementations, the operation
// itself) is made before the timer starts; the timed loop only calls the operation. Besides
// ns/op, B/op and allocs/op it reports cgo-calls/op, the Go -> C crossings per operation
// (runtime.NumCgoCall counts every cgo call the process makes, on any goroutine), and
// callbacks/op when the case counts the Rust -> Go calls.
func (c benchCase) run(b *testing.B) {
	m := measured{op: c.op}
	if c.setup != nil {
		m = c.setup(b)
	}
	op := m.op
	b.ReportAllocs()
	if c.bytes != 0 {
		b.SetBytes(int64(c.bytes))
	}
	var calls int64
	if m.calls != nil {
		calls = m.calls()
	}
	start := runtime.NumCgoCall()
	ops := 0
	if c.batch == 0 {
		for b.Loop() {
			op(b, ops)
			ops++
		}
	} else {
		b.ResetTimer()
		for ops < b.N {
			n := min(c.batch, b.N-ops)
			op(b, n)
			ops += n
		}
		b.StopTimer()
	}
	if ops == 0 {
		return
	}
	b.ReportMetric(float64(runtime.NumCgoCall()-start)/float64(ops), "cgo-calls/op")
	switch {
	case m.calls != nil:
		b.ReportMetric(float64(m.calls()-calls)/float64(ops), "callbacks/op")
	case c.callbacksPerOp != 0:
		b.ReportMetric(c.callbacksPerOp, "callbacks/op")
	}
}

// ---- the generated bindings ----------------------------------------------------------------

// uniffiCases are the sub-benchmarks of BenchmarkUniffi, in the order they run.
var uniffiCases = []benchCase{
	{name: "call_only", op: func(b *testing.B, _ int) {
		if err := bench.Noop(); err != nil {
			b.Fatal(err)
		}
	}},
	{name: "primitives_i32", op: func(b *testing.B, n int) {
		v, err := bench.AddI32(int32(n), 1)
		if err != nil || v != int32(n)+1 {
			b.Fatal("wrong sum", v, err)
		}
	}},
	{name: "fallible_ok", op: func(b *testing.B, n int) {
		if v, err := bench.TryI32(int32(n), true); err != nil || v != int32(n) {
			b.Fatal(v, err)
		}
	}},
	{name: "method_i32", setup: func(b *testing.B) measured {
		c, err := bench.NewCounter()
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { c.Close() })
		return measured{op: func(b *testing.B, _ int) {
			if _, err := c.Add(1); err != nil {
				b.Fatal(err)
			}
		}}
	}},
	{name: "object_create_close", op: func(b *testing.B, _ int) {
		c, err := bench.NewCounter()
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}},
	{name: "string_16b", op: func(b *testing.B, _ int) {
		v, err := bench.EchoString(str16)
		if err != nil || len(v) != len(str16) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "string_64k", bytes: len(str64k), op: func(b *testing.B, _ int) {
		v, err := bench.EchoString(str64k)
		if err != nil || len(v) != len(str64k) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "bytes_16b", op: func(b *testing.B, _ int) {
		v, err := bench.EchoBytes(bytes16)
		if err != nil || len(v) != len(bytes16) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "bytes_64k", bytes: len(bytes64k), op: func(b *testing.B, _ int) {
		v, err := bench.EchoBytes(bytes64k)
		if err != nil || len(v) != len(bytes64k) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "record_4", op: func(b *testing.B, _ int) {
		v, err := bench.EchoRecord4(record4)
		if err != nil || v != record4 {
			b.Fatal("wrong record", err)
		}
	}},
	{name: "record_large", op: func(b *testing.B, _ int) {
		v, err := bench.EchoLargeRecord(largeRecord)
		if err != nil || v.Delta != largeRecord.Delta {
			b.Fatal("wrong record", err)
		}
	}},
	{name: "enum_data", op: func(b *testing.B, _ int) {
		v, err := bench.EchoEnum(shape)
		if err != nil || v != bench.Shape(shape) {
			b.Fatal("wrong enum", err)
		}
	}},
	{name: "map_10", op: func(b *testing.B, _ int) {
		v, err := bench.EchoMap(map10)
		if err != nil || len(v) != len(map10) {
			b.Fatal("wrong map", err)
		}
	}},
	{name: "vec_i32_10", op: func(b *testing.B, _ int) {
		v, err := bench.EchoVecI32(vecI32Small)
		if err != nil || len(v) != len(vecI32Small) {
			b.Fatal("wrong vec", err)
		}
	}},
	{name: "vec_i32_1000", op: func(b *testing.B, _ int) {
		v, err := bench.EchoVecI32(vecI32Large)
		if err != nil || len(v) != len(vecI32Large) {
			b.Fatal("wrong vec", err)
		}
	}},
	{name: "vec_record_1000", op: func(b *testing.B, _ int) {
		v, err := bench.EchoVecRecord(vecRecord)
		if err != nil || len(v) != len(vecRecord) {
			b.Fatal("wrong vec", err)
		}
	}},
	{name: "error_return", op: func(b *testing.B, _ int) {
		if err := bench.Fail(); err == nil {
			b.Fatal("no error")
		}
	}},
	// One Rust -> Go call per operation: Rust calls the callback callbackBatch times inside each
	// Go -> Rust call, on a runner that already holds the callback's handle.
	{name: "callback_sync", batch: callbackBatch, setup: func(b *testing.B) measured {
		cb := &callback{}
		runner, err := bench.NewCallbackRunner(cb)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { runner.Close() })
		return measured{
			op: func(b *testing.B, n int) {
				if sum, err := runner.Run(uint32(n), 1); err != nil || sum != int32(2*n) {
					b.Fatal(sum, err)
				}
			},
			calls: func() int64 { return cb.calls },
		}
	}},
	// A Go -> Rust call passing a callback that Rust calls once: handle creation, one callback
	// and the handle's release.
	{name: "callback_pass_once", setup: func(b *testing.B) measured {
		cb := &callback{}
		return measured{
			op: func(b *testing.B, _ int) {
				v, err := bench.CallCallback(cb, 1, 1)
				if err != nil || v != 2 {
					b.Fatal("wrong answer", v, err)
				}
			},
			calls: func() int64 { return cb.calls },
		}
	}},
	// An async Rust function awaiting one call of an async Go method (a host call).
	{name: "host_call", setup: func(b *testing.B) measured {
		ctx := context.Background()
		h := &host{}
		return measured{
			op: func(b *testing.B, _ int) {
				if v, err := bench.CallHost(ctx, h, 1); err != nil || v != 2 {
					b.Fatal(v, err)
				}
			},
			calls: h.calls.Load,
		}
	}},
	// An async Rust function ready on its first poll.
	{name: "async_ready", setup: func(b *testing.B) measured {
		ctx := context.Background()
		return measured{op: func(b *testing.B, _ int) {
			if v, err := bench.Ready(ctx); err != nil || v != 42 {
				b.Fatal(v, err)
			}
		}}
	}},
}

func BenchmarkUniffi(b *testing.B) { runCases(b, uniffiCases) }

// ---- bare cgo baselines --------------------------------------------------------------------

// baselineCases are the sub-benchmarks of BenchmarkBaseline, in the order they run.
var baselineCases = []benchCase{
	{name: "noop", op: func(*testing.B, int) { baseline.Noop() }},
	{name: "add_i32", op: func(b *testing.B, n int) {
		if baseline.AddI32(int32(n), 1) != int32(n)+1 {
			b.Fatal("wrong sum")
		}
	}},
	{name: "counter_add", setup: func(b *testing.B) measured {
		c := baseline.NewCounter()
		b.Cleanup(c.Free)
		return measured{op: func(*testing.B, int) { c.Add(1) }}
	}},
	{name: "counter_new_free", op: func(*testing.B, int) { baseline.NewCounter().Free() }},
	{name: "string_16b", op: func(b *testing.B, _ int) {
		if len(baseline.EchoString(str16)) != len(str16) {
			b.Fatal("wrong length")
		}
	}},
	{name: "string_64k", bytes: len(str64k), op: func(b *testing.B, _ int) {
		if len(baseline.EchoString(str64k)) != len(str64k) {
			b.Fatal("wrong length")
		}
	}},
	{name: "bytes_16b", op: func(b *testing.B, _ int) {
		if len(baseline.EchoBytes(bytes16)) != len(bytes16) {
			b.Fatal("wrong length")
		}
	}},
	{name: "bytes_64k", bytes: len(bytes64k), op: func(b *testing.B, _ int) {
		if len(baseline.EchoBytes(bytes64k)) != len(bytes64k) {
			b.Fatal("wrong length")
		}
	}},
	{name: "record_4", op: func(b *testing.B, _ int) {
		if baseline.EchoRecord4(baseRec4) != baseRec4 {
			b.Fatal("wrong record")
		}
	}},
	// One bare C -> Go callback per operation: Rust calls an exported Go function through a C
	// function pointer callbackBatch times inside each cgo call.
	{name: "callback_go", batch: callbackBatch, callbacksPerOp: 1, op: func(b *testing.B, n int) {
		if sum := baseline.CallGo(uint32(n), 1); sum != int32(2*n) {
			b.Fatal("wrong sum", sum)
		}
	}},
}

func BenchmarkBaseline(b *testing.B) { runCases(b, baselineCases) }

// ---- correctness: every case returns what it was given --------------------------------------

// TestCases runs each benchmarked call once and checks its answer, so `go test` (without -bench)
// keeps the benchmarks honest.
func TestCases(t *testing.T) {
	if err := bench.Noop(); err != nil {
		t.Errorf("Noop: %v", err)
	}
	if got, err := bench.AddI32(2, 3); err != nil || got != 5 {
		t.Errorf("AddI32 = %d, %v", got, err)
	}
	if got, err := bench.EchoString(str64k); err != nil || got != str64k {
		t.Errorf("EchoString(64 KiB) differs (%v)", err)
	}
	if got := baseline.EchoString(str64k); got != str64k {
		t.Error("baseline.EchoString(64 KiB) differs")
	}
	if got := baseline.EchoString(""); got != "" {
		t.Errorf("baseline.EchoString(\"\") = %q", got)
	}
	if got, err := bench.EchoBytes(bytes64k); err != nil || !bytes.Equal(got, bytes64k) {
		t.Errorf("EchoBytes(64 KiB) differs (%v)", err)
	}
	if got := baseline.EchoBytes(bytes16); !bytes.Equal(got, bytes16) {
		t.Error("baseline.EchoBytes differs")
	}
	if got, err := bench.EchoRecord4(record4); err != nil || got != record4 {
		t.Errorf("EchoRecord4 = %+v, %v", got, err)
	}
	if got := baseline.EchoRecord4(baseRec4); got != baseRec4 {
		t.Errorf("baseline.EchoRecord4 = %+v", got)
	}
	got, err := bench.EchoLargeRecord(largeRecord)
	if err != nil {
		t.Fatalf("EchoLargeRecord: %v", err)
	}
	if got.Name != largeRecord.Name || *got.Note != note || !bytes.Equal(got.Payload, largeRecord.Payload) ||
		strings.Join(got.Tags, ",") != strings.Join(largeRecord.Tags, ",") || got.Level != largeRecord.Level {
		t.Errorf("EchoLargeRecord = %+v", got)
	}
	if got, err := bench.EchoEnum(shape); err != nil || got != bench.Shape(shape) {
		t.Errorf("EchoEnum = %+v, %v", got, err)
	}
	if got, err := bench.EchoMap(map10); err != nil || len(got) != 10 || got["key-c"] != "value-c" {
		t.Errorf("EchoMap = %v, %v", got, err)
	}
	if got, err := bench.EchoVecI32(vecI32Large); err != nil || len(got) != 1000 || got[999] != vecI32Large[999] {
		t.Errorf("EchoVecI32 differs (%v)", err)
	}
	if got, err := bench.EchoVecRecord(vecRecord); err != nil || len(got) != 1000 || got[999] != vecRecord[999] {
		t.Errorf("EchoVecRecord differs (%v)", err)
	}
	var benchErr bench.BenchErrorFailed
	if err := bench.Fail(); err == nil || !errors.As(err, &benchErr) || benchErr.Code != 7 {
		t.Errorf("Fail = %v", err)
	}

	c, err := bench.NewCounter()
	if err != nil {
		t.Fatal(err)
	}
	if v, err := c.Add(2); err != nil || v != 2 {
		t.Errorf("Add = %d, %v", v, err)
	}
	c.Close()
	bc := baseline.NewCounter()
	if v := bc.Add(3); v != 3 {
		t.Errorf("baseline Add = %d", v)
	}
	bc.Free()

	cb := &callback{}
	if got, err := bench.CallCallback(cb, 10, 1); err != nil || got != 20 || cb.calls != 10 {
		t.Errorf("CallCallback = %d, %v after %d calls", got, err, cb.calls)
	}
	runner, err := bench.NewCallbackRunner(cb)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := runner.Run(5, 2); err != nil || got != 15 {
		t.Errorf("Run = %d, %v", got, err)
	}
	runner.Close()
	if got := baseline.CallGo(10, 1); got != 20 {
		t.Errorf("baseline.CallGo = %d", got)
	}

	ctx := context.Background()
	if v, err := bench.CallHost(ctx, &host{}, 41); err != nil || v != 42 {
		t.Errorf("CallHost = %d, %v", v, err)
	}
	if v, err := bench.Ready(ctx); err != nil || v != 42 {
		t.Errorf("Ready = %d, %v", v, err)
	}
}
