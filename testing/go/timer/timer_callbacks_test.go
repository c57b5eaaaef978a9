package timer_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"uniffi-go.test/generated/timer"
)

// newCallbackTimer creates a timer for a callback test and checks, when the test ends and the
// timer is closed, that Rust released every Go listener and provider it held and that no host
// call is pending.
func newCallbackTimer(t *testing.T, name string) *timer.Timer {
	t.Helper()
	tm, err := timer.NewTimer(timer.TimerConfig{Name: name})
	if err != nil {
		t.Fatalf("NewTimer: %v", err)
	}
	t.Cleanup(func() {
		tm.Close()
		waitFor(t, "Rust to release every Go callback handle", func() bool {
			return timer.LiveCallbackHandles() == 0
		})
		if n := timer.PendingHostCalls(); n != 0 {
			t.Errorf("PendingHostCalls = %d after the test", n)
		}
	})
	return tm
}

// waitFor polls cond until it holds, failing the test after two seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Errorf("timed out waiting for %s", what)
			return
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

// recordingListener records echo events and the goroutine-independent fact of being called.
type recordingListener struct {
	events chan timer.EchoEvent
}

func (l recordingListener) OnEchoFired(event timer.EchoEvent) { l.events <- event }

func TestEchoListenerReceivesEventsInOrder(t *testing.T) {
	tm := newCallbackTimer(t, "events")
	listener := recordingListener{events: make(chan timer.EchoEvent, 16)}
	if err := tm.SetEchoListener(listener); err != nil {
		t.Fatalf("SetEchoListener: %v", err)
	}
	if n := timer.LiveCallbackHandles(); n != 1 {
		t.Fatalf("LiveCallbackHandles = %d with one listener set", n)
	}
	messages := []string{"first", "", "drei ✓"}
	for _, m := range messages {
		if _, err := tm.Echo(timer.EchoRequest{Message: m}); err != nil {
			t.Fatalf("Echo(%q): %v", m, err)
		}
	}
	for i, want := range messages {
		select {
		case ev := <-listener.events:
			if ev.Message != want || ev.EchoCount != uint64(i+1) {
				t.Fatalf("event %d = %+v, want message %q count %d", i, ev, want, i+1)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("event %d did not arrive", i)
		}
	}
}

func TestReplacingTheListenerReleasesTheOldOne(t *testing.T) {
	tm := newCallbackTimer(t, "replace")
	first := recordingListener{events: make(chan timer.EchoEvent, 4)}
	second := recordingListener{events: make(chan timer.EchoEvent, 4)}
	if err := tm.SetEchoListener(first); err != nil {
		t.Fatal(err)
	}
	if err := tm.SetEchoListener(second); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Echo(timer.EchoRequest{Message: "to second"}); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-second.events:
		if ev.Message != "to second" {
			t.Fatalf("second listener got %+v", ev)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("second listener got no event")
	}
	if len(first.events) != 0 {
		t.Fatalf("the replaced listener still got %d events", len(first.events))
	}
	waitFor(t, "the replaced listener to be released", func() bool {
		return timer.LiveCallbackHandles() == 1
	})
}

// panickyListener panics in the callback: the timer's event thread must survive it.
type panickyListener struct{ calls chan struct{} }

func (l panickyListener) OnEchoFired(timer.EchoEvent) {
	l.calls <- struct{}{}
	panic("listener failure")
}

func TestPanicInListenerDoesNotStopTheTimer(t *testing.T) {
	tm := newCallbackTimer(t, "panicky")
	listener := panickyListener{calls: make(chan struct{}, 4)}
	if err := tm.SetEchoListener(listener); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := tm.Echo(timer.EchoRequest{Message: "boom"}); err != nil {
			t.Fatalf("Echo after a panicking callback: %v", err)
		}
		select {
		case <-listener.calls:
		case <-time.After(2 * time.Second):
			t.Fatalf("callback %d was not made", i)
		}
	}
}

// jobRecorder records job runs.
type jobRecorder struct {
	mu   sync.Mutex
	runs []timer.JobEvent
}

func (r *jobRecorder) OnJobFired(event timer.JobEvent) {
	r.mu.Lock()
	r.runs = append(r.runs, event)
	r.mu.Unlock()
}

func (r *jobRecorder) snapshot() []timer.JobEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]timer.JobEvent(nil), r.runs...)
}

func TestJobsFireUntilClose(t *testing.T) {
	tm, err := timer.NewTimer(timer.TimerConfig{Name: "jobs"})
	if err != nil {
		t.Fatal(err)
	}
	rec := &jobRecorder{}
	id, err := tm.StartJob(timer.JobSpec{Name: "tick", IntervalMs: 2}, rec)
	if err != nil {
		t.Fatalf("StartJob: %v", err)
	}
	if id != "jobs:tick" {
		t.Fatalf("job id = %q", id)
	}
	waitFor(t, "five runs", func() bool { return len(rec.snapshot()) >= 5 })
	tm.Close()
	// Close frees the Rust timer, whose drop stops and joins the job thread.
	waitFor(t, "the job listener to be released", func() bool { return timer.LiveCallbackHandles() == 0 })
	stopped := len(rec.snapshot())
	time.Sleep(30 * time.Millisecond)
	runs := rec.snapshot()
	if len(runs) != stopped {
		t.Fatalf("the job ran %d more times after Close", len(runs)-stopped)
	}
	for i, ev := range runs {
		if ev.JobID != "jobs:tick" || ev.Run != uint64(i+1) {
			t.Fatalf("run %d = %+v", i, ev)
		}
	}
}

func TestStartJobRejectsAnEmptyName(t *testing.T) {
	tm := newCallbackTimer(t, "jobs")
	_, err := tm.StartJob(timer.JobSpec{Name: "", IntervalMs: 5}, &jobRecorder{})
	if !errors.Is(err, timer.TimerErrorEmptyJobName{}) {
		t.Fatalf("StartJob with an empty name: %v", err)
	}
}

// tokenHost answers from another goroutine after delay, or fails with failWith.
type tokenHost struct {
	delay     time.Duration
	failWith  error
	cancelled chan struct{}
}

func (h tokenHost) FetchToken(ctx context.Context, key string) (string, error) {
	answer := make(chan string, 1)
	go func() {
		time.Sleep(h.delay)
		answer <- "TOK-" + key
	}()
	select {
	case token := <-answer:
		if h.failWith != nil {
			return "", h.failWith
		}
		return token, nil
	case <-ctx.Done():
		if h.cancelled != nil {
			close(h.cancelled)
		}
		return "", ctx.Err()
	}
}

func TestUseTokenAsksTheGoHost(t *testing.T) {
	tm := newCallbackTimer(t, "tokens")
	if err := tm.SetTokenProvider(tokenHost{delay: 5 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	got, err := tm.UseToken(context.Background(), "session", 2000)
	if err != nil || got != "token[TOK-session]" {
		t.Fatalf("UseToken = %q, %v", got, err)
	}
	if n := timer.PendingHostCalls(); n != 0 {
		t.Fatalf("PendingHostCalls = %d after the answer", n)
	}
}

func TestUseTokenManyAtOnce(t *testing.T) {
	tm := newCallbackTimer(t, "tokens")
	if err := tm.SetTokenProvider(tokenHost{delay: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			key := fmt.Sprintf("k%d", i)
			got, err := tm.UseToken(context.Background(), key, 5000)
			if err != nil || got != "token[TOK-"+key+"]" {
				errs <- fmt.Errorf("UseToken(%s) = %q, %v", key, got, err)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestUseTokenWithoutProvider(t *testing.T) {
	tm := newCallbackTimer(t, "none")
	_, err := tm.UseToken(context.Background(), "k", 100)
	if !errors.Is(err, timer.TimerErrorNoTokenProvider{}) {
		t.Fatalf("UseToken without a provider: %v", err)
	}
}

func TestHostErrorReachesRustAsTheDeclaredError(t *testing.T) {
	tm := newCallbackTimer(t, "failing")
	host := tokenHost{failWith: timer.HostErrorFailed{Reason: "vault locked"}}
	if err := tm.SetTokenProvider(host); err != nil {
		t.Fatal(err)
	}
	_, err := tm.UseToken(context.Background(), "k", 2000)
	var failed timer.TimerErrorHostFailed
	if !errors.As(err, &failed) || !strings.Contains(failed.Message, "vault locked") {
		t.Fatalf("UseToken with a failing host: %v", err)
	}
}

func TestUndeclaredHostErrorIsUnexpected(t *testing.T) {
	tm := newCallbackTimer(t, "undeclared")
	if err := tm.SetTokenProvider(tokenHost{failWith: errors.New("disk on fire")}); err != nil {
		t.Fatal(err)
	}
	_, err := tm.UseToken(context.Background(), "k", 2000)
	var failed timer.TimerErrorHostFailed
	if !errors.As(err, &failed) || !strings.Contains(failed.Message, "disk on fire") {
		t.Fatalf("UseToken with an undeclared host error: %v", err)
	}
}

func TestHostThatNeverAnswersTimesOutAndIsCancelled(t *testing.T) {
	tm := newCallbackTimer(t, "slow")
	cancelled := make(chan struct{})
	if err := tm.SetTokenProvider(tokenHost{delay: time.Hour, cancelled: cancelled}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := tm.UseToken(context.Background(), "k", 30)
	if !errors.Is(err, timer.TimerErrorHostTimeout{}) {
		t.Fatalf("UseToken against a silent host: %v", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Fatalf("the timeout took %v", elapsed)
	}
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Fatal("the host's context was not cancelled when Rust dropped the call")
	}
	waitFor(t, "no pending host call", func() bool { return timer.PendingHostCalls() == 0 })
}

// lateHost ignores cancellation and answers after Rust stopped waiting.
type lateHost struct{ answered chan struct{} }

func (h lateHost) FetchToken(ctx context.Context, key string) (string, error) {
	time.Sleep(60 * time.Millisecond)
	defer close(h.answered)
	return "late-" + key, nil
}

func TestLateAnswerAfterTimeoutIsHarmless(t *testing.T) {
	tm := newCallbackTimer(t, "late")
	host := lateHost{answered: make(chan struct{})}
	if err := tm.SetTokenProvider(host); err != nil {
		t.Fatal(err)
	}
	_, err := tm.UseToken(context.Background(), "k", 10)
	if !errors.Is(err, timer.TimerErrorHostTimeout{}) {
		t.Fatalf("UseToken: %v", err)
	}
	if n := timer.PendingHostCalls(); n != 0 {
		t.Fatalf("PendingHostCalls = %d once Rust dropped the call", n)
	}
	<-host.answered
	// The timer still works after the discarded answer.
	if err := tm.SetTokenProvider(tokenHost{}); err != nil {
		t.Fatal(err)
	}
	if got, err := tm.UseToken(context.Background(), "again", 2000); err != nil || got != "token[TOK-again]" {
		t.Fatalf("UseToken after a late answer = %q, %v", got, err)
	}
}

func TestCancellingUseTokenCancelsTheHostCall(t *testing.T) {
	tm := newCallbackTimer(t, "cancel")
	cancelled := make(chan struct{})
	if err := tm.SetTokenProvider(tokenHost{delay: time.Hour, cancelled: cancelled}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := tm.UseToken(ctx, "k", 60_000)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("UseToken with a 20ms deadline: %v", err)
	}
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Fatal("the host's context was not cancelled when the Go caller gave up")
	}
}

func TestRustCanUseGoProviderAfterTheGoSideForgetsIt(t *testing.T) {
	tm := newCallbackTimer(t, "forgotten")
	func() {
		// The only reference to the host is the handle Rust holds.
		if err := tm.SetTokenProvider(tokenHost{}); err != nil {
			t.Fatal(err)
		}
	}()
	runtime.GC()
	runtime.GC()
	if got, err := tm.UseToken(context.Background(), "gc", 2000); err != nil || got != "token[TOK-gc]" {
		t.Fatalf("UseToken after GC = %q, %v", got, err)
	}
}
