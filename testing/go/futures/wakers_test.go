package futures_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
)

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
