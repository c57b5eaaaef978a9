package timer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/timer"
)

// Load: 64 goroutines make mixed calls against one Timer — sync calls, declared errors,
// callbacks from Rust's event thread, host calls answered by Go, async calls and object churn —
// and every answer is checked. Afterwards the Go heap, the goroutine count and what Rust holds
// (Go callback handles, host calls, futures) must be back to their baseline, and a watchdog
// fails the test with a goroutine dump if the calls stop making progress.
//
// UNIFFI_GO_LOAD_CALLS sets the calls per goroutine: 300 by default so that ordinary test runs
// stay quick; testing/safety.sh runs 100000 (6.4 million calls). UNIFFI_GO_LOAD_TIMEOUT (a Go
// duration, default 10m) bounds the whole run.

const (
	loadGoroutines = 64
	// loadStall is how long the calls may make no progress at all before the watchdog fires.
	loadStall = 60 * time.Second
)

// loadHost is the token provider: it answers "TOK-<key>", or fails for keys starting with "x".
type loadHost struct{ calls *atomic.Int64 }

func (h loadHost) FetchToken(_ context.Context, key string) (string, error) {
	h.calls.Add(1)
	if key != "" && key[0] == 'x' {
		return "", timer.HostErrorFailed{Reason: "refused " + key}
	}
	return "TOK-" + key, nil
}

// loadListener checks that echo events arrive in order, counted from 1, and counts them.
type loadListener struct {
	received atomic.Uint64
	outOfOrd atomic.Uint64
}

func (l *loadListener) OnEchoFired(ev timer.EchoEvent) {
	if n := l.received.Add(1); ev.EchoCount != n {
		l.outOfOrd.Add(1)
	}
}

func loadCallsPerGoroutine(t *testing.T) int {
	s := os.Getenv("UNIFFI_GO_LOAD_CALLS")
	if s == "" {
		return 300
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("UNIFFI_GO_LOAD_CALLS=%q: want a positive integer", s)
	}
	return n
}

func loadTimeout(t *testing.T) time.Duration {
	s := os.Getenv("UNIFFI_GO_LOAD_TIMEOUT")
	if s == "" {
		return 10 * time.Minute
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatalf("UNIFFI_GO_LOAD_TIMEOUT=%q: %v", s, err)
	}
	return d
}

// startWatchdog dumps every goroutine and ends the process when done is not closed within
// limit, or when progress stops changing for loadStall: a deadlock must fail, not hang.
func startWatchdog(limit time.Duration, progress *atomic.Int64, done <-chan struct{}) {
	go func() {
		deadline := time.NewTimer(limit)
		defer deadline.Stop()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		last, lastChange := progress.Load(), time.Now()
		for {
			var why string
			select {
			case <-done:
				return
			case <-deadline.C:
				why = fmt.Sprintf("not finished after %v", limit)
			case now := <-tick.C:
				if p := progress.Load(); p != last {
					last, lastChange = p, now
					continue
				}
				if now.Sub(lastChange) < loadStall {
					continue
				}
				why = fmt.Sprintf("no call finished for %v", loadStall)
			}
			fmt.Fprintf(os.Stderr, "--- FAIL: TestLoadMixedCalls: %s (%d calls done); goroutines:\n", why, progress.Load())
			_ = pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
			fmt.Fprintf(os.Stderr, "timer: LiveCallbackHandles=%d PendingHostCalls=%d PendingRustFutures=%d\n",
				timer.LiveCallbackHandles(), timer.PendingHostCalls(), timer.PendingRustFutures())
			os.Exit(3)
		}
	}()
}

func heapInUse() uint64 {
	for range 3 {
		runtime.GC()
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func TestLoadMixedCalls(t *testing.T) {
	perGoroutine := loadCallsPerGoroutine(t)
	if testing.Short() && perGoroutine > 300 {
		perGoroutine = 300
	}

	// Baselines, before any timer of this test exists.
	baseHandles := timer.LiveCallbackHandles()
	baseGoroutines := runtime.NumGoroutine()
	baseHeap := heapInUse()

	var progress atomic.Int64
	done := make(chan struct{})
	startWatchdog(loadTimeout(t), &progress, done)
	defer close(done)

	var hostCalls atomic.Int64
	host := loadHost{calls: &hostCalls}
	listener := &loadListener{}
	tm, err := timer.NewTimer(timer.TimerConfig{Name: "load"})
	if err != nil {
		t.Fatal(err)
	}
	if err := tm.SetEchoListener(listener); err != nil {
		t.Fatal(err)
	}
	if err := tm.SetTokenProvider(host); err != nil {
		t.Fatal(err)
	}

	var (
		echoes, hostOK, hostFailed, churned atomic.Int64
		failures                            atomic.Int64
		firstFailure                        atomic.Value
	)
	fail := func(format string, args ...any) {
		if failures.Add(1) == 1 {
			firstFailure.Store(fmt.Sprintf(format, args...))
		}
	}
	ctx := context.Background()
	start := time.Now()

	var wg sync.WaitGroup
	for g := range loadGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perGoroutine {
				if failures.Load() > 0 {
					return
				}
				key := strconv.Itoa(g) + "-" + strconv.Itoa(i)
				switch op := (g + i) % 10; op {
				case 0, 1: // sync call with a record in and out; fires a callback from Rust's thread
					res, err := tm.Echo(timer.EchoRequest{Message: key})
					if err != nil || res.Echoed != key || res.TimerName != "load" {
						fail("Echo(%q) = %+v, %v", key, res, err)
					}
					echoes.Add(1)
				case 2: // sequences and options
					req := timer.ComplexRequest{
						Messages: []timer.EchoRequest{{Message: key}, {Message: "b"}},
						Tags:     []string{key},
						Note:     &key,
						Retries:  ptr(int64(i)),
					}
					want := fmt.Sprintf("received 2 messages, note=%s, retries=%d", key, i)
					res, err := tm.Complex(req)
					if err != nil || res.ItemCount != 2 || !res.HasNote || res.Summary != want {
						fail("Complex = %+v, %v; want %q", res, err, want)
					}
				case 3: // a result and, every other time, a declared error
					job := timer.JobSpec{Name: key, IntervalMs: uint64(i%100 + 1)}
					if i%2 == 1 {
						job.Name = ""
					}
					res, err := tm.Schedule(job, timer.RetryPolicy{MaxAttempts: 3, BackoffMs: 7},
						timer.ScheduleConfig{StartAtMs: uint64(i), JitterMs: 2})
					switch {
					case job.Name == "":
						if !errors.Is(err, timer.TimerErrorEmptyJobName{}) {
							fail("Schedule(empty name) error = %v", err)
						}
					case err != nil || res.JobID != "load:"+key || res.FirstRunAtMs != uint64(i)+2 ||
						res.WillRunCount != max(1, 60000/job.IntervalMs) || res.EffectiveBackoffMs != 7:
						fail("Schedule(%q) = %+v, %v", key, res, err)
					}
				case 4: // small sync calls
					name, err := tm.Name()
					if err != nil || name != "load" {
						fail("Name() = %q, %v", name, err)
					}
					if v, err := timer.Version(); err != nil || v != "timer v0.1.0" {
						fail("Version() = %q, %v", v, err)
					}
				case 5: // async method
					res, err := tm.EchoAsync(ctx, timer.EchoRequest{Message: key})
					if err != nil || res.Echoed != key {
						fail("EchoAsync(%q) = %+v, %v", key, res, err)
					}
					echoes.Add(1)
				case 6: // async method without a result
					if err := tm.Sleep(ctx, 0); err != nil {
						fail("Sleep(0): %v", err)
					}
				case 7, 8: // host call: Rust awaits the Go token provider
					if i%5 == 0 {
						_, err := tm.UseToken(ctx, "x"+key, 60_000)
						var hf timer.TimerErrorHostFailed
						if !errors.As(err, &hf) {
							fail("UseToken(x%s) error = %v, want HostFailed", key, err)
						}
						hostFailed.Add(1)
						break
					}
					got, err := tm.UseToken(ctx, key, 60_000)
					if want := "token[TOK-" + key + "]"; err != nil || got != want {
						fail("UseToken(%q) = %q, %v; want %q", key, got, err, want)
					}
					hostOK.Add(1)
				case 9: // object churn: a timer holding a Go provider, closed or left to the GC
					nt, err := timer.NewTimer(timer.TimerConfig{Name: key})
					if err != nil {
						fail("NewTimer: %v", err)
						break
					}
					if err := nt.SetTokenProvider(host); err != nil {
						fail("SetTokenProvider: %v", err)
					}
					if name, err := nt.Name(); err != nil || name != key {
						fail("Name() = %q, %v; want %q", name, err, key)
					}
					if i%2 == 0 {
						nt.Close()
						if _, err := nt.Name(); !errors.Is(err, timer.ErrClosed) {
							fail("Name() after Close: %v", err)
						}
					}
					churned.Add(1)
				}
				progress.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d calls failed; first: %v", n, firstFailure.Load())
	}
	total := progress.Load()
	if want := int64(loadGoroutines * perGoroutine); total != want {
		t.Fatalf("%d calls made, want %d", total, want)
	}
	t.Logf("%d calls in %v (%.0f calls/s): %d echoes, %d host calls answered, %d refused, %d timers churned",
		total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(),
		echoes.Load(), hostOK.Load(), hostFailed.Load(), churned.Load())
	if got, want := hostCalls.Load(), hostOK.Load()+hostFailed.Load(); got != want {
		t.Errorf("the Go host was called %d times for %d host calls", got, want)
	}

	// Every echo reaches the listener, in order.
	wantEvents := uint64(echoes.Load())
	waitForLoad(t, "every echo event to reach the listener", 2*time.Minute, &progress, func() bool {
		return listener.received.Load() >= wantEvents
	})
	if got := listener.received.Load(); got != wantEvents {
		t.Errorf("the listener got %d events, want %d", got, wantEvents)
	}
	if n := listener.outOfOrd.Load(); n != 0 {
		t.Errorf("%d echo events arrived out of order", n)
	}

	// Back to the baseline: each churned timer held a Go provider handle until Rust dropped it,
	// so a handle count back at its baseline proves every Rust Timer was dropped, the ones left to
	// the garbage collector included.
	tm.Close()
	waitForLoad(t, "Rust to drop every timer and release its Go callbacks", time.Minute, &progress, func() bool {
		return timer.LiveCallbackHandles() == baseHandles &&
			timer.PendingHostCalls() == 0 && timer.PendingRustFutures() == 0
	})
	if n := timer.LiveCallbackHandles(); n != baseHandles {
		t.Errorf("LiveCallbackHandles = %d, want %d: Rust still holds Go values (a timer was not freed)", n, baseHandles)
	}
	if n := timer.PendingHostCalls(); n != 0 {
		t.Errorf("PendingHostCalls = %d, want 0", n)
	}
	if n := timer.PendingRustFutures(); n != 0 {
		t.Errorf("PendingRustFutures = %d, want 0", n)
	}
	// +1: the watchdog, until this test returns.
	waitForLoad(t, "goroutines to finish", 30*time.Second, &progress, func() bool {
		return runtime.NumGoroutine() <= baseGoroutines+1
	})
	if n := runtime.NumGoroutine(); n > baseGoroutines+1 {
		t.Errorf("%d goroutines left, baseline %d", n, baseGoroutines)
	}
	const heapSlack = 4 << 20
	if heap := heapInUse(); heap > baseHeap+heapSlack {
		t.Errorf("Go heap in use %d bytes after the run, baseline %d (+%d allowed)", heap, baseHeap, heapSlack)
	}
}

// waitForLoad polls cond, collecting garbage in between, for up to limit; it keeps the
// watchdog's progress counter moving meanwhile.
func waitForLoad(t *testing.T, what string, limit time.Duration, progress *atomic.Int64, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Errorf("timed out after %v waiting for %s", limit, what)
			return
		}
		progress.Add(1)
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
