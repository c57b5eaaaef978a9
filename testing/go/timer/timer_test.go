package timer_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"uniffi-go.test/generated/timer"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when Rust still holds a Go callback, or a host call or Rust future is
// pending, after the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", timer.LiveCallbackHandles),
		testutil.Count("PendingHostCalls", timer.PendingHostCalls),
		testutil.Count("PendingRustFutures", timer.PendingRustFutures),
	))
}

func newTimer(t *testing.T, name string) *timer.Timer {
	t.Helper()
	tm, err := timer.NewTimer(timer.TimerConfig{Name: name})
	if err != nil {
		t.Fatalf("NewTimer(%q): %v", name, err)
	}
	t.Cleanup(func() { _ = tm.Close() })
	return tm
}

func ptr[T any](v T) *T { return &v }

func TestVersion(t *testing.T) {
	if got, err := timer.Version(); err != nil || got != "timer v0.1.0" {
		t.Fatalf("Version() = %q, %v; want %q", got, err, "timer v0.1.0")
	}
}

func TestName(t *testing.T) {
	for _, name := range []string{"main", "", "tïmer ⏱ 時計", "with\x00nul"} {
		t.Run(fmt.Sprintf("%q", name), func(t *testing.T) {
			tm := newTimer(t, name)
			got, err := tm.Name()
			if err != nil {
				t.Fatalf("Name: %v", err)
			}
			if got != name {
				t.Fatalf("Name() = %q, want %q", got, name)
			}
		})
	}
}

func TestEcho(t *testing.T) {
	tm := newTimer(t, "echoer")
	cases := []struct {
		name string
		msg  string
	}{
		{"empty", ""},
		{"ascii", "hello"},
		{"non-ascii", "héllo wörld 😀 漢字"},
		{"embedded NUL", "a\x00b"},
		{"64 KiB", strings.Repeat("0123456789abcdeé", 64*1024/17)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := tm.Echo(timer.EchoRequest{Message: tc.msg})
			if err != nil {
				t.Fatalf("Echo: %v", err)
			}
			if resp.Echoed != tc.msg {
				t.Fatalf("Echoed %d bytes, want %d bytes back unchanged", len(resp.Echoed), len(tc.msg))
			}
			if resp.TimerName != "echoer" {
				t.Fatalf("TimerName = %q, want %q", resp.TimerName, "echoer")
			}
		})
	}
}

func TestEchoHonoursDelay(t *testing.T) {
	tm := newTimer(t, "slow")
	for _, delay := range []uint64{0, 30, 80} {
		t.Run(fmt.Sprintf("%dms", delay), func(t *testing.T) {
			start := time.Now()
			resp, err := tm.Echo(timer.EchoRequest{Message: "wait", DelayMs: delay})
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("Echo: %v", err)
			}
			if resp.Echoed != "wait" {
				t.Fatalf("Echoed = %q", resp.Echoed)
			}
			if elapsed < time.Duration(delay)*time.Millisecond {
				t.Fatalf("Echo with DelayMs=%d answered after %v", delay, elapsed)
			}
		})
	}
}

func TestComplex(t *testing.T) {
	tm := newTimer(t, "complex")
	two := []timer.EchoRequest{{Message: "one"}, {Message: "two", DelayMs: 5}}
	many := make([]timer.EchoRequest, 1000)
	cases := []struct {
		name    string
		req     timer.ComplexRequest
		count   uint32
		hasNote bool
		summary string
	}{
		{
			"note and retries",
			timer.ComplexRequest{Messages: two, Tags: []string{"x"}, Note: ptr("urgent"), Retries: ptr(int64(3))},
			2, true, "received 2 messages, note=urgent, retries=3",
		},
		{
			"neither",
			timer.ComplexRequest{},
			0, false, "received 0 messages, note=<none>, retries=0",
		},
		{
			"note only",
			timer.ComplexRequest{Messages: two[:1], Note: ptr("ünïcode 🚀")},
			1, true, "received 1 messages, note=ünïcode 🚀, retries=0",
		},
		{
			"retries only",
			timer.ComplexRequest{Tags: []string{"", "b"}, Retries: ptr(int64(-5))},
			0, false, "received 0 messages, note=<none>, retries=-5",
		},
		{
			"empty note is still a note",
			timer.ComplexRequest{Note: ptr(""), Retries: ptr(int64(0))},
			0, true, "received 0 messages, note=, retries=0",
		},
		{
			"extreme retries",
			timer.ComplexRequest{Messages: many, Retries: ptr(int64(math.MinInt64))},
			1000, false, "received 1000 messages, note=<none>, retries=-9223372036854775808",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := tm.Complex(tc.req)
			if err != nil {
				t.Fatalf("Complex: %v", err)
			}
			if resp.ItemCount != tc.count {
				t.Errorf("ItemCount = %d, want %d", resp.ItemCount, tc.count)
			}
			if resp.HasNote != tc.hasNote {
				t.Errorf("HasNote = %v, want %v", resp.HasNote, tc.hasNote)
			}
			if resp.Summary != tc.summary {
				t.Errorf("Summary = %q, want %q", resp.Summary, tc.summary)
			}
		})
	}
}

func TestSchedule(t *testing.T) {
	tm := newTimer(t, "main")
	policy := timer.RetryPolicy{MaxAttempts: 3, BackoffMs: 250}
	t.Run("full result", func(t *testing.T) {
		got, err := tm.Schedule(
			timer.JobSpec{Name: "backup", IntervalMs: 15_000, Payload: ptr("data")},
			policy,
			timer.ScheduleConfig{StartAtMs: 1_000, JitterMs: 50},
		)
		if err != nil {
			t.Fatalf("Schedule: %v", err)
		}
		want := timer.ScheduleResult{JobID: "main:backup", WillRunCount: 4, FirstRunAtMs: 1_050, EffectiveBackoffMs: 250}
		if got != want {
			t.Fatalf("Schedule = %+v, want %+v", got, want)
		}
	})
	t.Run("will run count", func(t *testing.T) {
		cases := []struct{ interval, want uint64 }{
			{0, 1},
			{1, 60_000},
			{7, 8_571},
			{5_000, 12},
			{30_000, 2},
			{59_999, 1},
			{60_000, 1},
			{60_001, 1},
			{100_000, 1},
			{math.MaxUint64, 1},
		}
		for _, tc := range cases {
			got, err := tm.Schedule(timer.JobSpec{Name: "j", IntervalMs: tc.interval}, policy, timer.ScheduleConfig{})
			if err != nil {
				t.Fatalf("interval %d: %v", tc.interval, err)
			}
			if got.WillRunCount != tc.want {
				t.Errorf("interval %d: WillRunCount = %d, want %d", tc.interval, got.WillRunCount, tc.want)
			}
		}
	})
	t.Run("first run", func(t *testing.T) {
		cases := []struct{ start, jitter, want uint64 }{
			{0, 0, 0},
			{1_000, 0, 1_000},
			{0, 75, 75},
			{1_700_000_000_000, 123, 1_700_000_000_123},
			{math.MaxUint64 - 10, 10, math.MaxUint64},
			{math.MaxUint64, 1, math.MaxUint64}, // saturates
		}
		for _, tc := range cases {
			got, err := tm.Schedule(timer.JobSpec{Name: "j"}, policy, timer.ScheduleConfig{StartAtMs: tc.start, JitterMs: tc.jitter})
			if err != nil {
				t.Fatalf("start %d jitter %d: %v", tc.start, tc.jitter, err)
			}
			if got.FirstRunAtMs != tc.want {
				t.Errorf("start %d + jitter %d: FirstRunAtMs = %d, want %d", tc.start, tc.jitter, got.FirstRunAtMs, tc.want)
			}
		}
	})
	t.Run("effective backoff", func(t *testing.T) {
		for _, backoff := range []uint64{0, 1, 250, math.MaxUint64} {
			got, err := tm.Schedule(timer.JobSpec{Name: "j"}, timer.RetryPolicy{MaxAttempts: 1, BackoffMs: backoff}, timer.ScheduleConfig{})
			if err != nil {
				t.Fatalf("backoff %d: %v", backoff, err)
			}
			if got.EffectiveBackoffMs != backoff {
				t.Errorf("EffectiveBackoffMs = %d, want %d", got.EffectiveBackoffMs, backoff)
			}
		}
	})
	t.Run("job id", func(t *testing.T) {
		other := newTimer(t, "tïmer")
		got, err := other.Schedule(timer.JobSpec{Name: "nightly 🌙"}, timer.RetryPolicy{MaxAttempts: math.MaxInt32}, timer.ScheduleConfig{})
		if err != nil {
			t.Fatalf("Schedule: %v", err)
		}
		if got.JobID != "tïmer:nightly 🌙" {
			t.Fatalf("JobID = %q", got.JobID)
		}
	})
}

func TestScheduleErrors(t *testing.T) {
	tm := newTimer(t, "main")
	t.Run("empty job name", func(t *testing.T) {
		got, err := tm.Schedule(timer.JobSpec{Name: "", IntervalMs: 1_000}, timer.RetryPolicy{MaxAttempts: 3}, timer.ScheduleConfig{})
		if err == nil {
			t.Fatalf("Schedule with an empty name = %+v, want an error", got)
		}
		if got != (timer.ScheduleResult{}) {
			t.Fatalf("result with an error = %+v, want the zero value", got)
		}
		var te timer.TimerError
		if !errors.As(err, &te) {
			t.Fatalf("error %v (%T) is not a TimerError", err, err)
		}
		var empty timer.TimerErrorEmptyJobName
		if !errors.As(err, &empty) {
			t.Fatalf("error %v (%T) is not EmptyJobName", err, err)
		}
		if !errors.Is(err, timer.TimerErrorEmptyJobName{}) {
			t.Fatal("errors.Is(err, EmptyJobName{}) = false")
		}
		if errors.Is(err, timer.TimerErrorInvalidMaxAttempts{}) {
			t.Fatal("errors.Is(err, InvalidMaxAttempts{}) = true for an empty name")
		}
		if errors.Is(err, timer.ErrClosed) {
			t.Fatal("a declared error matches ErrClosed")
		}
		if !strings.Contains(err.Error(), "job name must not be empty") {
			t.Fatalf("Error() = %q", err.Error())
		}
		var ie *timer.InternalError
		if errors.As(err, &ie) {
			t.Fatal("a declared error is also an *InternalError")
		}
	})
	for _, attempts := range []int32{0, -1, math.MinInt32} {
		t.Run(fmt.Sprintf("max attempts %d", attempts), func(t *testing.T) {
			_, err := tm.Schedule(timer.JobSpec{Name: "backup"}, timer.RetryPolicy{MaxAttempts: attempts, BackoffMs: 10}, timer.ScheduleConfig{})
			var invalid timer.TimerErrorInvalidMaxAttempts
			if !errors.As(err, &invalid) {
				t.Fatalf("error %v (%T) is not InvalidMaxAttempts", err, err)
			}
			var te timer.TimerError
			if !errors.As(err, &te) {
				t.Fatal("not a TimerError")
			}
			if !errors.Is(err, timer.TimerErrorInvalidMaxAttempts{}) || errors.Is(err, timer.TimerErrorEmptyJobName{}) {
				t.Fatal("errors.Is matches the wrong variant")
			}
			want := fmt.Sprintf("max_attempts must be positive, got %d", attempts)
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("Error() = %q, want it to contain %q", err.Error(), want)
			}
		})
	}
	t.Run("name checked before attempts", func(t *testing.T) {
		_, err := tm.Schedule(timer.JobSpec{}, timer.RetryPolicy{MaxAttempts: 0}, timer.ScheduleConfig{})
		if !errors.Is(err, timer.TimerErrorEmptyJobName{}) {
			t.Fatalf("error = %v, want EmptyJobName", err)
		}
	})
	t.Run("one attempt is enough", func(t *testing.T) {
		if _, err := tm.Schedule(timer.JobSpec{Name: "x"}, timer.RetryPolicy{MaxAttempts: 1}, timer.ScheduleConfig{}); err != nil {
			t.Fatalf("MaxAttempts 1 rejected: %v", err)
		}
	})
}

func TestTimerClose(t *testing.T) {
	tm := newTimer(t, "closing")
	if _, err := tm.Name(); err != nil {
		t.Fatalf("Name before Close: %v", err)
	}
	if err := tm.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := tm.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	var nilTimer *timer.Timer
	for label, target := range map[string]*timer.Timer{"closed": tm, "nil": nilTimer} {
		t.Run(label, func(t *testing.T) {
			calls := []struct {
				name string
				call func() error
			}{
				{"Name", func() error { _, err := target.Name(); return err }},
				{"Echo", func() error { _, err := target.Echo(timer.EchoRequest{Message: "x"}); return err }},
				{"Complex", func() error { _, err := target.Complex(timer.ComplexRequest{}); return err }},
				{"Schedule", func() error {
					_, err := target.Schedule(timer.JobSpec{Name: "j"}, timer.RetryPolicy{MaxAttempts: 1}, timer.ScheduleConfig{})
					return err
				}},
			}
			for _, c := range calls {
				if err := c.call(); !errors.Is(err, timer.ErrClosed) {
					t.Errorf("%s: error = %v, want ErrClosed", c.name, err)
				}
			}
		})
	}
	if err := nilTimer.Close(); err != nil {
		t.Fatalf("Close on a nil *Timer: %v", err)
	}
	if got, err := timer.Version(); err != nil || got != "timer v0.1.0" {
		t.Fatalf("Version after Close = %q, %v", got, err)
	}
}

// A call already running when Close is called finishes normally; only later
// calls see ErrClosed.
func TestCloseDuringEcho(t *testing.T) {
	tm, err := timer.NewTimer(timer.TimerConfig{Name: "busy"})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		resp timer.EchoResponse
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := tm.Echo(timer.EchoRequest{Message: "in flight", DelayMs: 150})
		done <- result{resp, err}
	}()
	time.Sleep(40 * time.Millisecond)
	if err := tm.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := tm.Name(); !errors.Is(err, timer.ErrClosed) {
		t.Fatalf("Name right after Close = %v, want ErrClosed", err)
	}
	r := <-done
	if r.err != nil {
		t.Fatalf("in-flight Echo failed: %v", r.err)
	}
	if r.resp.Echoed != "in flight" || r.resp.TimerName != "busy" {
		t.Fatalf("in-flight Echo = %+v", r.resp)
	}
}

func TestConcurrentEcho(t *testing.T) {
	tm := newTimer(t, "shared")
	t.Run("many goroutines", func(t *testing.T) {
		const goroutines, calls = 32, 50
		var wg sync.WaitGroup
		errs := make(chan error, goroutines)
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range calls {
					msg := fmt.Sprintf("g%d-call%d-é", g, i)
					resp, err := tm.Echo(timer.EchoRequest{Message: msg})
					if err != nil {
						errs <- err
						return
					}
					if resp.Echoed != msg || resp.TimerName != "shared" {
						errs <- fmt.Errorf("sent %q, got %+v", msg, resp)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
	t.Run("calls overlap", func(t *testing.T) {
		// Sixteen 50 ms echoes take 800 ms one after another; run side by side
		// they finish in little more than 50 ms.
		const goroutines, delay = 16, 50
		var wg sync.WaitGroup
		errs := make(chan error, goroutines)
		start := time.Now()
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				msg := fmt.Sprint("parallel ", g)
				resp, err := tm.Echo(timer.EchoRequest{Message: msg, DelayMs: delay})
				if err == nil && resp.Echoed != msg {
					err = fmt.Errorf("sent %q, got %q", msg, resp.Echoed)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		elapsed := time.Since(start)
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if serial := goroutines * delay * time.Millisecond; elapsed > serial/2 {
			t.Fatalf("%d concurrent %d ms echoes took %v; calls on one Timer seem to be serialised", goroutines, delay, elapsed)
		}
	})
}

// Error() texts read as Go error strings: the namespace, the error and variant in words, the
// field values; a flat error gives the message Rust sent, or the same words without one.
func TestErrorTexts(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{timer.HostErrorFailed{Reason: "vault locked"}, `timer: host error failed: reason="vault locked"`},
		{timer.HostErrorUnexpected{}, `timer: host error unexpected: reason=""`},
		{timer.TimerErrorEmptyJobName{}, "timer: timer error empty job name"},
		{timer.TimerErrorHostTimeout{Message: "no answer in 5ms"}, "no answer in 5ms"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%T.Error() = %q, want %q", tc.err, got, tc.want)
		}
	}
}
