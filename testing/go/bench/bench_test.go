// Benchmarks of the generated Go bindings (the bench fixture) against bare cgo baselines (package
// baseline, which calls hand-written `extern "C"` functions of the same library).
//
// Every case is a sub-benchmark, BenchmarkUniffi/<case>, and every baseline one of
// BenchmarkBaseline/<baseline>; testing/bench.sh runs both in one `go test -bench` and pairs them
// (see its table). Besides ns/op, B/op and allocs/op each benchmark reports:
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
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"uniffi-go.test/bench/baseline"
	"uniffi-go.test/generated/bench"
)

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

// ---- helpers -------------------------------------------------------------------------------

// callbackBatch is how many callbacks Rust makes per Go -> Rust call in the callback benchmarks.
// The call into Rust (about 1/callbackBatch of a crossing per callback) is the same on both
// sides. Batches keep each call short: in a cgo call longer than about 20µs the runtime's sysmon
// takes the P away from the thread, and callbacks then pay for getting one back, erratically.
const callbackBatch = 100

// cgoMeter reports Go -> C crossings per operation.
type cgoMeter struct {
	b     *testing.B
	start int64
}

func meter(b *testing.B) cgoMeter {
	b.ReportAllocs()
	return cgoMeter{b: b, start: runtime.NumCgoCall()}
}

func (m cgoMeter) done(ops int) {
	if ops > 0 {
		m.b.ReportMetric(float64(runtime.NumCgoCall()-m.start)/float64(ops), "cgo-calls/op")
	}
}

func reportCallbacks(b *testing.B, calls int64, ops int) {
	if ops > 0 {
		b.ReportMetric(float64(calls)/float64(ops), "callbacks/op")
	}
}

// ---- the generated bindings ----------------------------------------------------------------

func BenchmarkUniffi(b *testing.B) {
	b.Run("call_only", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			if err := bench.Noop(); err != nil {
				b.Fatal(err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("primitives_i32", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.AddI32(int32(n), 1)
			if err != nil || v != int32(n)+1 {
				b.Fatal("wrong sum", v, err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("fallible_ok", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			if v, err := bench.TryI32(int32(n), true); err != nil || v != int32(n) {
				b.Fatal(v, err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("method_i32", func(b *testing.B) {
		c, err := bench.NewCounter()
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		m, n := meter(b), 0
		for b.Loop() {
			if _, err := c.Add(1); err != nil {
				b.Fatal(err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("object_create_close", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			c, err := bench.NewCounter()
			if err != nil {
				b.Fatal(err)
			}
			c.Close()
			n++
		}
		m.done(n)
	})

	b.Run("string_16b", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoString(str16)
			if err != nil || len(v) != len(str16) {
				b.Fatal("wrong length", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("string_64k", func(b *testing.B) {
		m, n := meter(b), 0
		b.SetBytes(int64(len(str64k)))
		for b.Loop() {
			v, err := bench.EchoString(str64k)
			if err != nil || len(v) != len(str64k) {
				b.Fatal("wrong length", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("bytes_16b", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoBytes(bytes16)
			if err != nil || len(v) != len(bytes16) {
				b.Fatal("wrong length", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("bytes_64k", func(b *testing.B) {
		m, n := meter(b), 0
		b.SetBytes(int64(len(bytes64k)))
		for b.Loop() {
			v, err := bench.EchoBytes(bytes64k)
			if err != nil || len(v) != len(bytes64k) {
				b.Fatal("wrong length", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("record_4", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoRecord4(record4)
			if err != nil || v != record4 {
				b.Fatal("wrong record", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("record_large", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoLargeRecord(largeRecord)
			if err != nil || v.Delta != largeRecord.Delta {
				b.Fatal("wrong record", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("enum_data", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoEnum(shape)
			if err != nil || v != bench.Shape(shape) {
				b.Fatal("wrong enum", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("map_10", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoMap(map10)
			if err != nil || len(v) != len(map10) {
				b.Fatal("wrong map", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("vec_i32_10", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoVecI32(vecI32Small)
			if err != nil || len(v) != len(vecI32Small) {
				b.Fatal("wrong vec", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("vec_i32_1000", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoVecI32(vecI32Large)
			if err != nil || len(v) != len(vecI32Large) {
				b.Fatal("wrong vec", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("vec_record_1000", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.EchoVecRecord(vecRecord)
			if err != nil || len(v) != len(vecRecord) {
				b.Fatal("wrong vec", err)
			}
			n++
		}
		m.done(n)
	})

	b.Run("error_return", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			if err := bench.Fail(); err == nil {
				b.Fatal("no error")
			}
			n++
		}
		m.done(n)
	})

	// One Rust -> Go call per operation: Rust calls the callback callbackBatch times inside each
	// Go -> Rust call, on a runner that already holds the callback's handle.
	b.Run("callback_sync", func(b *testing.B) {
		cb := &callback{}
		runner, err := bench.NewCallbackRunner(cb)
		if err != nil {
			b.Fatal(err)
		}
		defer runner.Close()
		b.ReportAllocs()
		start, calls := runtime.NumCgoCall(), cb.calls
		b.ResetTimer()
		for done := 0; done < b.N; done += callbackBatch {
			n := min(callbackBatch, b.N-done)
			if sum, err := runner.Run(uint32(n), 1); err != nil || sum != int32(2*n) {
				b.Fatal(sum, err)
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(runtime.NumCgoCall()-start)/float64(b.N), "cgo-calls/op")
		reportCallbacks(b, cb.calls-calls, b.N)
	})

	// A Go -> Rust call passing a callback that Rust calls once: handle creation, one callback
	// and the handle's release.
	b.Run("callback_pass_once", func(b *testing.B) {
		cb := &callback{}
		m, n := meter(b), 0
		for b.Loop() {
			v, err := bench.CallCallback(cb, 1, 1)
			if err != nil || v != 2 {
				b.Fatal("wrong answer", v, err)
			}
			n++
		}
		m.done(n)
		reportCallbacks(b, cb.calls, n)
	})

	// An async Rust function awaiting one call of an async Go method (a host call).
	b.Run("host_call", func(b *testing.B) {
		ctx := context.Background()
		h := &host{}
		m, n := meter(b), 0
		for b.Loop() {
			if v, err := bench.CallHost(ctx, h, 1); err != nil || v != 2 {
				b.Fatal(v, err)
			}
			n++
		}
		m.done(n)
		reportCallbacks(b, h.calls.Load(), n)
	})

	// An async Rust function ready on its first poll.
	b.Run("async_ready", func(b *testing.B) {
		ctx := context.Background()
		m, n := meter(b), 0
		for b.Loop() {
			if v, err := bench.Ready(ctx); err != nil || v != 42 {
				b.Fatal(v, err)
			}
			n++
		}
		m.done(n)
	})
}

// ---- bare cgo baselines --------------------------------------------------------------------

func BenchmarkBaseline(b *testing.B) {
	b.Run("noop", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			baseline.Noop()
			n++
		}
		m.done(n)
	})

	b.Run("add_i32", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			if baseline.AddI32(int32(n), 1) != int32(n)+1 {
				b.Fatal("wrong sum")
			}
			n++
		}
		m.done(n)
	})

	b.Run("counter_add", func(b *testing.B) {
		c := baseline.NewCounter()
		defer c.Free()
		m, n := meter(b), 0
		for b.Loop() {
			c.Add(1)
			n++
		}
		m.done(n)
	})

	b.Run("counter_new_free", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			baseline.NewCounter().Free()
			n++
		}
		m.done(n)
	})

	b.Run("string_16b", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			if len(baseline.EchoString(str16)) != len(str16) {
				b.Fatal("wrong length")
			}
			n++
		}
		m.done(n)
	})

	b.Run("string_64k", func(b *testing.B) {
		m, n := meter(b), 0
		b.SetBytes(int64(len(str64k)))
		for b.Loop() {
			if len(baseline.EchoString(str64k)) != len(str64k) {
				b.Fatal("wrong length")
			}
			n++
		}
		m.done(n)
	})

	b.Run("bytes_16b", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			if len(baseline.EchoBytes(bytes16)) != len(bytes16) {
				b.Fatal("wrong length")
			}
			n++
		}
		m.done(n)
	})

	b.Run("bytes_64k", func(b *testing.B) {
		m, n := meter(b), 0
		b.SetBytes(int64(len(bytes64k)))
		for b.Loop() {
			if len(baseline.EchoBytes(bytes64k)) != len(bytes64k) {
				b.Fatal("wrong length")
			}
			n++
		}
		m.done(n)
	})

	b.Run("record_4", func(b *testing.B) {
		m, n := meter(b), 0
		for b.Loop() {
			if baseline.EchoRecord4(baseRec4) != baseRec4 {
				b.Fatal("wrong record")
			}
			n++
		}
		m.done(n)
	})

	// One bare C -> Go callback per operation: Rust calls an exported Go function through a C
	// function pointer callbackBatch times inside each cgo call.
	b.Run("callback_go", func(b *testing.B) {
		b.ReportAllocs()
		start := runtime.NumCgoCall()
		b.ResetTimer()
		for done := 0; done < b.N; done += callbackBatch {
			n := min(callbackBatch, b.N-done)
			if sum := baseline.CallGo(uint32(n), 1); sum != int32(2*n) {
				b.Fatal("wrong sum", sum)
			}
		}
		b.StopTimer()
		b.ReportMetric(float64(runtime.NumCgoCall()-start)/float64(b.N), "cgo-calls/op")
		b.ReportMetric(1, "callbacks/op")
	})
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
