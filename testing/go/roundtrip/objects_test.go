package roundtrip_test

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

func TestCounterMethods(t *testing.T) {
	t.Run("step one", func(t *testing.T) {
		c := newCounter(t, 5)
		if v := mustGet(t, c); v != 5 {
			t.Fatalf("Get = %d, want 5", v)
		}
		if v, err := c.Increment(); err != nil || v != 6 {
			t.Fatalf("Increment = %d, %v; want 6", v, err)
		}
		if err := c.Add(10); err != nil {
			t.Fatalf("Add: %v", err)
		}
		if v, err := c.CheckedAddTo(-20); err != nil || v != -4 {
			t.Fatalf("CheckedAddTo(-20) = %d, %v; want -4", v, err)
		}
		if h := mustHistory(t, c); !slices.Equal(h, []int64{5, 6, 16, -4}) {
			t.Fatalf("History = %v", h)
		}
	})
	t.Run("with step", func(t *testing.T) {
		c, err := roundtrip.NewCounterWithStep(10, 5)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, c)
		if v, _ := c.Increment(); v != 15 {
			t.Fatalf("Increment = %d, want 15", v)
		}
		if v, _ := c.Increment(); v != 20 {
			t.Fatalf("second Increment = %d, want 20", v)
		}
		if h := mustHistory(t, c); !slices.Equal(h, []int64{10, 15, 20}) {
			t.Fatalf("History = %v", h)
		}
		neg, err := roundtrip.NewCounterWithStep(0, -3)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, neg)
		if v, _ := neg.Increment(); v != -3 {
			t.Fatalf("negative step Increment = %d, want -3", v)
		}
	})
	t.Run("increment wraps", func(t *testing.T) {
		c, err := roundtrip.NewCounterWithStep(math.MaxInt64, 1)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, c)
		if v, err := c.Increment(); err != nil || v != math.MinInt64 {
			t.Fatalf("Increment at max = %d, %v; want min", v, err)
		}
	})
	t.Run("checked add overflow leaves the value", func(t *testing.T) {
		c := newCounter(t, math.MaxInt64-1)
		if v, err := c.CheckedAddTo(1); err != nil || v != math.MaxInt64 {
			t.Fatalf("CheckedAddTo(1) = %d, %v", v, err)
		}
		v, err := c.CheckedAddTo(1)
		if err == nil {
			t.Fatalf("CheckedAddTo past max = %d, want an error", v)
		}
		var overflow roundtrip.ArithmeticErrorIntegerOverflow
		if !errors.As(err, &overflow) {
			t.Fatalf("error %v (%T) is not IntegerOverflow", err, err)
		}
		if !strings.Contains(err.Error(), "integer overflow: 9223372036854775807 + 1") {
			t.Fatalf("Error() = %q", err.Error())
		}
		if errors.Is(err, roundtrip.ErrClosed) {
			t.Fatal("overflow reported as ErrClosed")
		}
		if got := mustGet(t, c); got != math.MaxInt64 {
			t.Fatalf("value after failed add = %d, want max", got)
		}
		if h := mustHistory(t, c); !slices.Equal(h, []int64{math.MaxInt64 - 1, math.MaxInt64}) {
			t.Fatalf("History after failed add = %v", h)
		}
		if _, err := c.CheckedAddTo(math.MinInt64); err != nil {
			t.Fatalf("counter unusable after an error: %v", err)
		}
	})
	t.Run("clone is independent", func(t *testing.T) {
		c, err := roundtrip.NewCounterWithStep(1, 2)
		if err != nil {
			t.Fatal(err)
		}
		closeAll(t, c)
		_, _ = c.Increment()
		cp, err := c.CloneCounter()
		if err != nil {
			t.Fatalf("CloneCounter: %v", err)
		}
		closeAll(t, cp)
		if cp == c {
			t.Fatal("CloneCounter returned the same Go object")
		}
		if v, _ := cp.Increment(); v != 5 {
			t.Fatalf("clone Increment = %d, want 5 (step copied)", v)
		}
		if v := mustGet(t, c); v != 3 {
			t.Fatalf("original changed by clone: %d", v)
		}
		if h := mustHistory(t, cp); !slices.Equal(h, []int64{1, 3, 5}) {
			t.Fatalf("clone History = %v", h)
		}
		_ = c.Close()
		if v := mustGet(t, cp); v != 5 {
			t.Fatalf("closing the original affected the clone: %d", v)
		}
	})
	t.Run("free functions", func(t *testing.T) {
		c := newCounter(t, -12)
		if v, err := roundtrip.CounterValue(c); err != nil || v != -12 {
			t.Fatalf("CounterValue = %d, %v", v, err)
		}
		if v, err := roundtrip.CounterValue(c); err != nil || v != -12 {
			t.Fatalf("second CounterValue = %d, %v (passing the object must not consume it)", v, err)
		}
		m := testutil.Must(roundtrip.MakeCounter(7))(t)
		closeAll(t, m)
		if v, _ := m.Increment(); v != 8 {
			t.Fatalf("MakeCounter(7).Increment = %d, want 8", v)
		}
		if v, err := roundtrip.SumCounters([]*roundtrip.Counter{c, m, m}); err != nil || v != -12+8+8 {
			t.Fatalf("SumCounters = %d, %v; want 4", v, err)
		}
		if v, err := roundtrip.SumCounters(nil); err != nil || v != 0 {
			t.Fatalf("SumCounters(nil) = %d, %v", v, err)
		}
		if mc, err := roundtrip.MaybeCounter(false, 3); err != nil || mc != nil {
			_ = mc.Close()
			t.Fatalf("MaybeCounter(false) returned a counter, %v", err)
		}
		mc := testutil.Must(roundtrip.MaybeCounter(true, 3))(t)
		if mc == nil {
			t.Fatal("MaybeCounter(true) returned nil")
		}
		closeAll(t, mc)
		if v := mustGet(t, mc); v != 3 {
			t.Fatalf("MaybeCounter(true, 3).Get = %d", v)
		}
	})
}

func TestCounterClose(t *testing.T) {
	c := newCounter(t, 1)
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	checkClosed := func(t *testing.T, c *roundtrip.Counter) {
		t.Helper()
		calls := []struct {
			name string
			call func() error
		}{
			{"Get", func() error { _, err := c.Get(); return err }},
			{"Increment", func() error { _, err := c.Increment(); return err }},
			{"Add", func() error { return c.Add(1) }},
			{"CheckedAddTo", func() error { _, err := c.CheckedAddTo(1); return err }},
			{"CloneCounter", func() error {
				cp, err := c.CloneCounter()
				if cp != nil {
					_ = cp.Close()
					return errors.New("CloneCounter returned a counter")
				}
				return err
			}},
			{"History", func() error { _, err := c.History(); return err }},
		}
		for _, m := range calls {
			if err := m.call(); !errors.Is(err, roundtrip.ErrClosed) {
				t.Errorf("%s: error = %v, want ErrClosed", m.name, err)
			}
		}
	}
	t.Run("closed", func(t *testing.T) { checkClosed(t, c) })
	t.Run("nil", func(t *testing.T) {
		var nilCounter *roundtrip.Counter
		checkClosed(t, nilCounter)
		if err := nilCounter.Close(); err != nil {
			t.Fatalf("Close on nil: %v", err)
		}
	})
	t.Run("closed counter as an argument", func(t *testing.T) {
		for name, arg := range map[string]*roundtrip.Counter{"closed": c, "nil": nil} {
			if v, err := roundtrip.CounterValue(arg); !errors.Is(err, roundtrip.ErrClosed) || v != 0 {
				t.Errorf("%s: CounterValue = %d, %v; want ErrClosed", name, v, err)
			}
			if v, err := roundtrip.SumCounters([]*roundtrip.Counter{arg}); !errors.Is(err, roundtrip.ErrClosed) || v != 0 {
				t.Errorf("%s: SumCounters = %d, %v; want ErrClosed", name, v, err)
			}
		}
	})
}

// A sequence argument whose later element is closed must not leak the Rust
// references taken for the earlier elements.
func TestRejectedSequenceArgumentDoesNotLeak(t *testing.T) {
	base := settledLiveCounters(t)
	open := testutil.Must(roundtrip.MakeCounter(1))(t)
	closed := testutil.Must(roundtrip.MakeCounter(2))(t)
	_ = closed.Close()
	for range 10 {
		if v, err := roundtrip.SumCounters([]*roundtrip.Counter{open, open, closed}); !errors.Is(err, roundtrip.ErrClosed) {
			t.Fatalf("SumCounters with a closed element = %d, %v; want ErrClosed", v, err)
		}
	}
	if v := mustGet(t, open); v != 1 {
		t.Fatalf("open counter changed: %d", v)
	}
	_ = open.Close()
	if got := liveCounters(t); got != base {
		t.Fatalf("LiveCounters = %d after closing everything, want %d: references taken for the rejected call were never released", got, base)
	}
}

func TestCounterConcurrentIncrements(t *testing.T) {
	const goroutines, perGoroutine = 64, 1000
	const start = int64(-1000)
	c := newCounter(t, start)
	results := make([][]int64, goroutines)
	errs := make(chan error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := make([]int64, 0, perGoroutine)
			for range perGoroutine {
				v, err := c.Increment()
				if err != nil {
					errs <- err
					return
				}
				out = append(out, v)
			}
			results[g] = out
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Increment failed: %v", err)
	}
	const total = goroutines * perGoroutine
	if got := mustGet(t, c); got != start+total {
		t.Fatalf("final value %d, want %d", got, start+total)
	}
	// Every increment saw a distinct value.
	seen := make([]bool, total+1)
	for _, out := range results {
		for _, v := range out {
			i := v - start
			if i < 1 || i > total || seen[i] {
				t.Fatalf("value %d returned twice or out of range", v)
			}
			seen[i] = true
		}
	}
	if h := mustHistory(t, c); len(h) != total+1 {
		t.Fatalf("History has %d entries, want %d", len(h), total+1)
	}
}

func TestCounterCloseRacesWithCalls(t *testing.T) {
	base := settledLiveCounters(t)
	const rounds, goroutines = 20, 16
	var closedCalls atomic.Int64
	for round := range rounds {
		c := testutil.Must(roundtrip.MakeCounter(0))(t)
		var started, wg sync.WaitGroup
		var mu sync.Mutex
		var failures []string
		fail := func(format string, args ...any) {
			mu.Lock()
			failures = append(failures, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
		started.Add(goroutines)
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				markStarted := sync.OnceFunc(started.Done)
				defer markStarted()
				sawClosed := false
				for i := range 400 {
					if i == 1 {
						markStarted()
					}
					var err error
					switch (g + i) % 4 {
					case 0:
						_, err = c.Increment()
					case 1:
						_, err = c.Get()
					case 2:
						_, err = c.History()
					case 3:
						_, err = roundtrip.CounterValue(c)
					}
					switch {
					case err == nil:
						if sawClosed {
							fail("round %d: a call succeeded after an earlier call saw ErrClosed", round)
							return
						}
					case errors.Is(err, roundtrip.ErrClosed):
						sawClosed = true
						closedCalls.Add(1)
					default:
						fail("round %d: unexpected error %v", round, err)
						return
					}
				}
			}()
		}
		started.Wait()
		// Close from several goroutines at once as well.
		var closers sync.WaitGroup
		for range 3 {
			closers.Add(1)
			go func() {
				defer closers.Done()
				if err := c.Close(); err != nil {
					fail("round %d: Close: %v", round, err)
				}
			}()
		}
		closers.Wait()
		if _, err := c.Get(); !errors.Is(err, roundtrip.ErrClosed) {
			fail("round %d: Get after Close returned %v", round, err)
		}
		wg.Wait()
		if len(failures) > 0 {
			t.Fatal(strings.Join(failures, "\n"))
		}
	}
	// Every goroutine made a successful call before Close; some must also
	// have been turned away by it, or Close never raced with anything.
	if closedCalls.Load() == 0 {
		t.Fatal("no call ever saw ErrClosed: Close did not overlap the calls")
	}
	if got := liveCounters(t); got != base {
		t.Fatalf("LiveCounters = %d after every counter was closed, want %d", got, base)
	}
}

func TestLiveCountersAfterClose(t *testing.T) {
	base := settledLiveCounters(t)
	const n = 40
	counters := make([]*roundtrip.Counter, 0, n)
	for i := range n {
		var c *roundtrip.Counter
		var err error
		switch i % 5 {
		case 0:
			c, err = roundtrip.NewCounter(int64(i))
		case 1:
			c, err = roundtrip.NewCounterWithStep(int64(i), 2)
		case 2:
			c, err = roundtrip.MakeCounter(int64(i))
		case 3:
			c, err = roundtrip.MaybeCounter(true, int64(i))
		case 4:
			c, err = counters[0].CloneCounter()
		}
		if err != nil || c == nil {
			t.Fatalf("creating counter %d: %v", i, err)
		}
		counters = append(counters, c)
	}
	closeAll(t, counters...)
	if got := liveCounters(t); got != base+n {
		t.Fatalf("LiveCounters = %d with %d counters open, want %d", got, n, base+n)
	}
	for i, c := range counters {
		if err := c.Close(); err != nil {
			t.Fatalf("Close %d: %v", i, err)
		}
	}
	if got := liveCounters(t); got != base {
		t.Fatalf("LiveCounters = %d after closing all, want %d", got, base)
	}
}

// makeAndDropCounters creates n counters, uses them and lets them go without
// Close. It reports the live count seen while they were all reachable.
//
//go:noinline
func makeAndDropCounters(n int) (liveWhileHeld uint64, sum int64) {
	held := make([]*roundtrip.Counter, n)
	for i := range held {
		var c *roundtrip.Counter
		var err error
		if i%2 == 0 {
			c, err = roundtrip.MakeCounter(int64(i))
		} else {
			c, err = roundtrip.NewCounter(int64(i))
		}
		if err != nil {
			panic(err)
		}
		held[i] = c
		v, err := held[i].Increment()
		if err != nil {
			panic(err)
		}
		sum += v
	}
	liveWhileHeld, err := roundtrip.LiveCounters()
	if err != nil {
		panic(err)
	}
	runtime.KeepAlive(held)
	return liveWhileHeld, sum
}

func TestUnclosedCountersAreFreedByGC(t *testing.T) {
	base := settledLiveCounters(t)
	const n = 200
	held, sum := makeAndDropCounters(n)
	if held != base+n {
		t.Fatalf("LiveCounters = %d while %d counters were held, want %d", held, n, base+n)
	}
	if want := int64(n * (n + 1) / 2); sum != want {
		t.Fatalf("sum of increments = %d, want %d", sum, want)
	}
	if got := waitForLiveCounters(t, base, 5*time.Second); got != base {
		t.Fatalf("LiveCounters = %d five seconds after the counters became unreachable, want %d", got, base)
	}
}
