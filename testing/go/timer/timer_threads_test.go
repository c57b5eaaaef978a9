package timer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"uniffi-go.test/generated/timer"
)

// osThreads is the process's OS thread count, from Linux's /proc/self/status.
func osThreads(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatalf("reading the thread count: %v", err)
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("/proc/self/status: %q: %v", line, err)
			}
			return n
		}
	}
	t.Fatal("/proc/self/status has no Threads: line")
	return 0
}

// Thousands of pending async delays (each EchoAsync and Sleep awaits one in Rust) are served by
// the timer's one delay thread, not a thread each: the OS thread count stays within a small
// bound while they are pending, the cancelled ones return at once, and every other one completes
// with its own answer.
func TestManyPendingDelaysShareAFewThreads(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skipf("the OS thread count is read from Linux's /proc/self/status; not available on %s", runtime.GOOS)
	}
	const (
		echoes = 4000
		// Sleeps of an hour, cancelled once everything is pending.
		sleeps = 1000
		// Long enough for every call to be pending before the first echo is due, also under -race
		// on a loaded machine.
		echoDelay = 3 * time.Second
		// The Go runtime adds threads of its own under load (goroutines in cgo calls, the race
		// detector); a thread per delay would add thousands.
		threadSlack = 32
	)
	tm := newAsyncTimer(t)
	base := osThreads(t)

	var wg sync.WaitGroup
	errs := make(chan error, echoes+sleeps)
	start := time.Now()
	for i := range echoes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := "echo " + strconv.Itoa(i)
			resp, err := tm.EchoAsync(context.Background(), timer.EchoRequest{Message: msg, DelayMs: uint64(echoDelay.Milliseconds())})
			switch {
			case err != nil:
				errs <- fmt.Errorf("EchoAsync(%q): %w", msg, err)
			case resp.Echoed != msg || resp.TimerName != "async":
				errs <- fmt.Errorf("EchoAsync(%q) = %+v", msg, resp)
			case time.Since(start) < echoDelay:
				errs <- fmt.Errorf("EchoAsync(%q) returned after %v, before its delay", msg, time.Since(start))
			}
		}()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelled sync.WaitGroup
	for range sleeps {
		cancelled.Add(1)
		go func() {
			defer cancelled.Done()
			if err := tm.Sleep(ctx, uint64(time.Hour.Milliseconds())); !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("Sleep(1h) with a cancelled context: %v, want context.Canceled", err)
			}
		}()
	}

	// Watch the thread count until every call is pending.
	peak := base
	for timer.PendingRustFutures() < echoes+sleeps {
		peak = max(peak, osThreads(t))
		if time.Since(start) > echoDelay*2/3 {
			t.Fatalf("only %d of %d calls pending after %v", timer.PendingRustFutures(), echoes+sleeps, time.Since(start))
		}
		time.Sleep(5 * time.Millisecond)
	}
	peak = max(peak, osThreads(t))
	t.Logf("%d delays pending after %v: %d OS threads, %d before, peak %d", echoes+sleeps, time.Since(start).Round(time.Millisecond), osThreads(t), base, peak)
	if peak > base+threadSlack {
		t.Errorf("%d OS threads while %d delays were pending, %d before (at most %d more allowed)", peak, echoes+sleeps, base, threadSlack)
	}

	cancelledAt := time.Now()
	cancel()
	cancelled.Wait()
	if elapsed := time.Since(cancelledAt); elapsed > 2*time.Second {
		t.Errorf("the cancelled sleeps took %v to return", elapsed)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := timer.PendingRustFutures(); n != 0 {
		t.Errorf("PendingRustFutures = %d after every call returned", n)
	}
}
