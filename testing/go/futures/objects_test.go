package futures_test

import (
	"context"
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
)

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
