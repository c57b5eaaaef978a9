package futures_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
)

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
