// Benchmarks of the generated Go bindings (the bench fixture) against their uniffi floor (package
// floor: the same uniffi scaffolding calls made from a C loop) and bare cgo baselines (package
// baseline, which calls hand-written `extern "C"` functions of the same library).
//
// Every case is a group of sub-benchmarks run one after the other, BenchmarkCase/<case>/<what>:
// "ours" (the generated bindings), "floor" (the C loop, where C can make the calls alone), and
// the bare baselines it is compared with ("noop", the bare cgo crossing, always; "callback_go"
// for cases where Rust calls Go; a hand-written counterpart where there is one). Measuring them
// together, and rerunning the group in rounds, keeps each comparison within the same moment of a
// shared machine; with BENCH_REVERSE set the group runs in the opposite order. testing/bench.sh
// runs one group per process (`-bench '^BenchmarkCase$/^<case>$'`) and interleaves the rounds.
//
// The tables uniffiCases, floorCases and baselineCases are run by benchCase.run: whatever a case
// needs is made before the timer starts, and the timed loop only calls the operation measured.
// Besides ns/op, B/op and allocs/op each benchmark reports:
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
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"uniffi-go.test/bench/baseline"
	"uniffi-go.test/bench/floor"
	"uniffi-go.test/generated/bench"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when Rust still holds a Go callback, or a host call or Rust future is
// pending, after the tests or benchmarks. With BENCH_LIST_CASES set it only prints the cases'
// names, one a line, for testing/bench.sh.
func TestMain(m *testing.M) {
	if os.Getenv("BENCH_LIST_CASES") != "" {
		for _, c := range uniffiCases {
			fmt.Println(c.name)
		}
		return
	}
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

// benchCase is one sub-benchmark of a group: BenchmarkCase/<case>/<what>.
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
type operation func(b testing.TB, n int)

// measured is what a case's setup returns: the operation and, when not nil, calls, which says
// how often Rust has called the Go implementation so far (the case then reports callbacks/op).
type measured struct {
	op    operation
	calls func() int64
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

// uniffiCases are the cases, in the order they run: BenchmarkCase/<name>/ours.
var uniffiCases = []benchCase{
	{name: "call_only", op: func(b testing.TB, _ int) {
		if err := bench.Noop(); err != nil {
			b.Fatal(err)
		}
	}},
	{name: "primitives_i32", op: func(b testing.TB, n int) {
		v, err := bench.AddI32(int32(n), 1)
		if err != nil || v != int32(n)+1 {
			b.Fatal("wrong sum", v, err)
		}
	}},
	{name: "fallible_ok", op: func(b testing.TB, n int) {
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
		return measured{op: func(b testing.TB, _ int) {
			if _, err := c.Add(1); err != nil {
				b.Fatal(err)
			}
		}}
	}},
	{name: "object_create_close", op: func(b testing.TB, _ int) {
		c, err := bench.NewCounter()
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}},
	{name: "string_16b", op: func(b testing.TB, _ int) {
		v, err := bench.EchoString(str16)
		if err != nil || len(v) != len(str16) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "string_64k", bytes: len(str64k), op: func(b testing.TB, _ int) {
		v, err := bench.EchoString(str64k)
		if err != nil || len(v) != len(str64k) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "bytes_16b", op: func(b testing.TB, _ int) {
		v, err := bench.EchoBytes(bytes16)
		if err != nil || len(v) != len(bytes16) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "bytes_64k", bytes: len(bytes64k), op: func(b testing.TB, _ int) {
		v, err := bench.EchoBytes(bytes64k)
		if err != nil || len(v) != len(bytes64k) {
			b.Fatal("wrong length", err)
		}
	}},
	{name: "record_4", op: func(b testing.TB, _ int) {
		v, err := bench.EchoRecord4(record4)
		if err != nil || v != record4 {
			b.Fatal("wrong record", err)
		}
	}},
	{name: "record_large", op: func(b testing.TB, _ int) {
		v, err := bench.EchoLargeRecord(largeRecord)
		if err != nil || v.Delta != largeRecord.Delta {
			b.Fatal("wrong record", err)
		}
	}},
	{name: "enum_data", op: func(b testing.TB, _ int) {
		v, err := bench.EchoEnum(shape)
		if err != nil || v != bench.Shape(shape) {
			b.Fatal("wrong enum", err)
		}
	}},
	{name: "map_10", op: func(b testing.TB, _ int) {
		v, err := bench.EchoMap(map10)
		if err != nil || len(v) != len(map10) {
			b.Fatal("wrong map", err)
		}
	}},
	{name: "vec_i32_10", op: func(b testing.TB, _ int) {
		v, err := bench.EchoVecI32(vecI32Small)
		if err != nil || len(v) != len(vecI32Small) {
			b.Fatal("wrong vec", err)
		}
	}},
	{name: "vec_i32_1000", op: func(b testing.TB, _ int) {
		v, err := bench.EchoVecI32(vecI32Large)
		if err != nil || len(v) != len(vecI32Large) {
			b.Fatal("wrong vec", err)
		}
	}},
	{name: "vec_record_1000", op: func(b testing.TB, _ int) {
		v, err := bench.EchoVecRecord(vecRecord)
		if err != nil || len(v) != len(vecRecord) {
			b.Fatal("wrong vec", err)
		}
	}},
	{name: "error_return", op: func(b testing.TB, _ int) {
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
			op: func(b testing.TB, n int) {
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
			op: func(b testing.TB, _ int) {
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
			op: func(b testing.TB, _ int) {
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
		return measured{op: func(b testing.TB, _ int) {
			if v, err := bench.Ready(ctx); err != nil || v != 42 {
				b.Fatal(v, err)
			}
		}}
	}},
}

// ---- bare cgo baselines --------------------------------------------------------------------

// baselineCases are the bare baselines, BenchmarkCase/<case>/<name> in the groups of the cases
// caseBaselines names.
var baselineCases = []benchCase{
	{name: "noop", op: func(testing.TB, int) { baseline.Noop() }},
	{name: "add_i32", op: func(b testing.TB, n int) {
		if baseline.AddI32(int32(n), 1) != int32(n)+1 {
			b.Fatal("wrong sum")
		}
	}},
	{name: "counter_add", setup: func(b *testing.B) measured {
		c := baseline.NewCounter()
		b.Cleanup(c.Free)
		return measured{op: func(testing.TB, int) { c.Add(1) }}
	}},
	{name: "counter_new_free", op: func(testing.TB, int) { baseline.NewCounter().Free() }},
	{name: "string_16b", op: func(b testing.TB, _ int) {
		if len(baseline.EchoString(str16)) != len(str16) {
			b.Fatal("wrong length")
		}
	}},
	{name: "string_64k", bytes: len(str64k), op: func(b testing.TB, _ int) {
		if len(baseline.EchoString(str64k)) != len(str64k) {
			b.Fatal("wrong length")
		}
	}},
	{name: "bytes_16b", op: func(b testing.TB, _ int) {
		if len(baseline.EchoBytes(bytes16)) != len(bytes16) {
			b.Fatal("wrong length")
		}
	}},
	{name: "bytes_64k", bytes: len(bytes64k), op: func(b testing.TB, _ int) {
		if len(baseline.EchoBytes(bytes64k)) != len(bytes64k) {
			b.Fatal("wrong length")
		}
	}},
	{name: "record_4", op: func(b testing.TB, _ int) {
		if baseline.EchoRecord4(baseRec4) != baseRec4 {
			b.Fatal("wrong record")
		}
	}},
	// One bare C -> Go callback per operation: Rust calls an exported Go function through a C
	// function pointer callbackBatch times inside each cgo call.
	{name: "callback_go", batch: callbackBatch, callbacksPerOp: 1, op: func(b testing.TB, n int) {
		if sum := baseline.CallGo(uint32(n), 1); sum != int32(2*n) {
			b.Fatal("wrong sum", sum)
		}
	}},
}

// caseBaselines names, for each case, the baselines its group measures besides "noop" (the bare
// cgo crossing every group measures).
var caseBaselines = map[string][]string{
	"primitives_i32":      {"add_i32"},
	"fallible_ok":         {"add_i32"},
	"method_i32":          {"counter_add"},
	"object_create_close": {"counter_new_free"},
	"string_16b":          {"string_16b"},
	"string_64k":          {"string_64k"},
	"bytes_16b":           {"bytes_16b"},
	"bytes_64k":           {"bytes_64k"},
	"record_4":            {"record_4"},
	"callback_sync":       {"callback_go"},
	"callback_pass_once":  {"callback_go"},
	"host_call":           {"callback_go"},
}

// BenchmarkCase measures every case as a group: ours, its floor, its baselines.
func BenchmarkCase(b *testing.B) {
	for _, c := range uniffiCases {
		group := []benchCase{c}
		group[0].name = "ours"
		if f, ok := floorByName(c.name); ok {
			f.name = "floor"
			group = append(group, f)
		}
		group = append(group, baselineByName(b, "noop"))
		for _, name := range caseBaselines[c.name] {
			group = append(group, baselineByName(b, name))
		}
		if os.Getenv("BENCH_REVERSE") != "" {
			slices.Reverse(group)
		}
		b.Run(c.name, func(b *testing.B) {
			for _, sub := range group {
				b.Run(sub.name, sub.run)
			}
		})
	}
}

func floorByName(name string) (benchCase, bool) {
	for _, c := range floorCases {
		if c.name == name {
			return c, true
		}
	}
	return benchCase{}, false
}

func baselineByName(b *testing.B, name string) benchCase {
	for _, c := range baselineCases {
		if c.name == name {
			return c
		}
	}
	b.Fatalf("no baseline %q", name)
	return benchCase{}
}

// ---- the uniffi floor ------------------------------------------------------------------------

// floorBatch is how many iterations one call into a floor loop makes: enough that the crossing
// into C is a small part of each (the floor adds one bare crossing, "noop", instead), few enough
// that a small case's call stays well under the 20µs after which the runtime takes the P away.
const floorBatch = 500

// floorCheck fails the benchmark when a floor loop reported a failed call or a wrong answer.
func floorCheck(b testing.TB, got, want int64) {
	if got != want {
		b.Fatalf("floor loop returned %d, want %d", got, want)
	}
}

// floorBuffer is the floor of a case calling fn with one lowered buffer argument, which fn echoes.
func floorBuffer(name string, fn floor.Echo, lower func(*floor.Writer), batch int) benchCase {
	var w floor.Writer
	lower(&w)
	arg := w.Buf
	return benchCase{name: name, batch: batch, op: func(b testing.TB, n int) {
		floorCheck(b, floor.Buffer(fn, arg, n), int64(len(arg)))
	}}
}

// The lowered arguments of the buffer cases, written as uniffi serializes them.
func lowerRecord4(w *floor.Writer, r bench.Record4) {
	w.I32(r.A)
	w.U64(r.B)
	w.F64(r.C)
	w.Bool(r.D)
}

func lowerLargeRecord(w *floor.Writer) {
	r := largeRecord
	w.U64(r.ID)
	w.String(r.Name)
	w.String(r.Email)
	w.U8(r.Age)
	w.F64(r.Score)
	w.F32(r.Ratio)
	w.Bool(r.Active)
	w.I32(int32(r.Level))
	w.I32(int32(len(r.Tags)))
	for _, t := range r.Tags {
		w.String(t)
	}
	w.U8(1)
	w.String(*r.Note)
	w.Bytes(r.Payload)
	w.I64(r.Delta)
}

// floorCases are the floors of the cases whose uniffi calls C can make alone: every case but the
// ones where Rust calls Go (callback_sync, callback_pass_once, host_call).
var floorCases = []benchCase{
	{name: "call_only", batch: floorBatch, op: func(b testing.TB, n int) { floorCheck(b, floor.Noop(n), 0) }},
	{name: "primitives_i32", batch: floorBatch, op: func(b testing.TB, n int) { floorCheck(b, floor.AddI32(n), int64(n)) }},
	{name: "fallible_ok", batch: floorBatch, op: func(b testing.TB, n int) { floorCheck(b, floor.TryI32(n), int64(n-1)) }},
	{name: "method_i32", batch: floorBatch, setup: func(b *testing.B) measured {
		c := floor.NewCounter()
		b.Cleanup(c.Free)
		return measured{op: func(b testing.TB, n int) {
			if c.Add(n) < 0 {
				b.Fatal("floor loop failed")
			}
		}}
	}},
	{name: "object_create_close", batch: floorBatch, op: func(b testing.TB, n int) { floorCheck(b, floor.CounterNewFree(n), 0) }},
	floorBuffer("string_16b", floor.EchoString, func(w *floor.Writer) { w.Buf = []byte(str16) }, floorBatch),
	floorBuffer("string_64k", floor.EchoString, func(w *floor.Writer) { w.Buf = []byte(str64k) }, 4),
	{name: "bytes_16b", batch: floorBatch, op: func(b testing.TB, n int) { floorCheck(b, floor.Bytes(bytes16, n), 4+16) }},
	{name: "bytes_64k", batch: 4, op: func(b testing.TB, n int) { floorCheck(b, floor.Bytes(bytes64k, n), 4+64<<10) }},
	floorBuffer("record_4", floor.EchoRecord4, func(w *floor.Writer) { lowerRecord4(w, record4) }, floorBatch),
	floorBuffer("record_large", floor.EchoLargeRecord, lowerLargeRecord, 50),
	floorBuffer("enum_data", floor.EchoEnum, func(w *floor.Writer) {
		w.I32(4)
		w.String(shape.Label)
		w.I32(shape.X)
		w.I32(shape.Y)
	}, floorBatch),
	floorBuffer("map_10", floor.EchoMap, func(w *floor.Writer) {
		w.I32(int32(len(map10)))
		for k, v := range map10 {
			w.String(k)
			w.String(v)
		}
	}, 20),
	floorBuffer("vec_i32_10", floor.EchoVecI32, func(w *floor.Writer) {
		w.I32(int32(len(vecI32Small)))
		for _, v := range vecI32Small {
			w.I32(v)
		}
	}, floorBatch),
	floorBuffer("vec_i32_1000", floor.EchoVecI32, func(w *floor.Writer) {
		w.I32(int32(len(vecI32Large)))
		for _, v := range vecI32Large {
			w.I32(v)
		}
	}, 4),
	floorBuffer("vec_record_1000", floor.EchoVecRecord, func(w *floor.Writer) {
		w.I32(int32(len(vecRecord)))
		for _, r := range vecRecord {
			lowerRecord4(w, r)
		}
	}, 4),
	// The error's serialized form: variant index 1 (Failed) and code 7.
	{name: "error_return", batch: floorBatch, op: func(b testing.TB, n int) { floorCheck(b, floor.Fail(n), 8) }},
	{name: "async_ready", batch: floorBatch, op: func(b testing.TB, n int) { floorCheck(b, floor.Ready(n), 42) }},
}

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

// TestFloor runs each floor loop a few times and checks its answer: a lowered argument that is
// not what Rust expects makes the call fail and the loop return -1.
func TestFloor(t *testing.T) {
	check := func(name string, got, want int64) {
		t.Helper()
		if got != want {
			t.Errorf("floor %s returned %d, want %d", name, got, want)
		}
	}
	check("noop", floor.Noop(3), 0)
	check("add_i32", floor.AddI32(3), 3)
	check("try_i32", floor.TryI32(3), 2)
	c := floor.NewCounter()
	check("counter add", c.Add(3), 3)
	c.Free()
	check("counter new+free", floor.CounterNewFree(3), 0)
	check("bytes", floor.Bytes(bytes16, 3), 4+16)
	check("fail", floor.Fail(3), 8)
	check("ready", floor.Ready(3), 42)
	for _, fc := range floorCases {
		if fc.op != nil {
			fc.op(t, 2)
		}
	}
}
