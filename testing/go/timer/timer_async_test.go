package timer_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"uniffi-go.test/generated/timer"
)

func newAsyncTimer(t *testing.T) *timer.Timer {
	t.Helper()
	tm, err := timer.NewTimer(timer.TimerConfig{Name: "async"})
	if err != nil {
		t.Fatalf("NewTimer: %v", err)
	}
	t.Cleanup(func() { tm.Close() })
	return tm
}

func TestSleepWaitsForTheDelay(t *testing.T) {
	tm := newAsyncTimer(t)
	for _, ms := range []uint64{0, 1, 30} {
		start := time.Now()
		if err := tm.Sleep(context.Background(), ms); err != nil {
			t.Fatalf("Sleep(%d): %v", ms, err)
		}
		if elapsed := time.Since(start); elapsed < time.Duration(ms)*time.Millisecond {
			t.Fatalf("Sleep(%d) returned after %v", ms, elapsed)
		}
	}
	if n := timer.PendingRustFutures(); n != 0 {
		t.Fatalf("PendingRustFutures = %d after the calls returned", n)
	}
}

func TestSleepGivesUpAtTheDeadline(t *testing.T) {
	tm := newAsyncTimer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := tm.Sleep(ctx, 5000)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Sleep with deadline: got %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Fatalf("Sleep gave up only after %v", elapsed)
	}
	// The timer is still usable after a cancelled call.
	if err := tm.Sleep(context.Background(), 1); err != nil {
		t.Fatalf("Sleep after cancellation: %v", err)
	}
	if n := timer.PendingRustFutures(); n != 0 {
		t.Fatalf("PendingRustFutures = %d after the calls returned", n)
	}
}

func TestSleepWithCancelledContext(t *testing.T) {
	tm := newAsyncTimer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := tm.Sleep(ctx, 5000); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestEchoAsync(t *testing.T) {
	tm := newAsyncTimer(t)
	start := time.Now()
	resp, err := tm.EchoAsync(context.Background(), timer.EchoRequest{Message: "later ✓", DelayMs: 20})
	if err != nil {
		t.Fatalf("EchoAsync: %v", err)
	}
	if resp.Echoed != "later ✓" || resp.TimerName != "async" {
		t.Fatalf("EchoAsync = %+v", resp)
	}
	if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
		t.Fatalf("EchoAsync returned after %v, before its delay", elapsed)
	}
}

func TestConcurrentEchoAsyncDoesNotBlockThreads(t *testing.T) {
	tm := newAsyncTimer(t)
	const calls = 200
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	start := time.Now()
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := string(rune('a' + i%26))
			resp, err := tm.EchoAsync(context.Background(), timer.EchoRequest{Message: msg, DelayMs: 50})
			if err != nil {
				errs <- err
				return
			}
			if resp.Echoed != msg {
				errs <- errors.New("wrong echo " + resp.Echoed + " for " + msg)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// 200 calls of 50 ms each would take 10 s one after the other.
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("%d concurrent EchoAsync calls took %v", calls, elapsed)
	}
	if n := timer.PendingRustFutures(); n != 0 {
		t.Fatalf("PendingRustFutures = %d after the calls returned", n)
	}
}

func TestAsyncMethodOnClosedTimer(t *testing.T) {
	tm, err := timer.NewTimer(timer.TimerConfig{Name: "closed"})
	if err != nil {
		t.Fatal(err)
	}
	tm.Close()
	if err := tm.Sleep(context.Background(), 1); !errors.Is(err, timer.ErrClosed) {
		t.Fatalf("Sleep on closed timer: got %v, want ErrClosed", err)
	}
}
