// Package roundtrip_test checks the roundtrip fixture (testing/fixtures/roundtrip, a UDL crate):
// every builtin type, strings and bytes, sequences and maps, records, enums, errors and objects
// sent through Rust and back, and Rust panics. This file holds the helpers and TestMain.
package roundtrip_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

// None of the tests in this package call t.Parallel: several of them compare
// LiveCounters against a baseline, which only works while no other test is
// creating or freeing counters.

// TestMain fails the run when a Counter outlives the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m, testutil.CountErr("LiveCounters", roundtrip.LiveCounters)))
}

// ---- helpers ----------------------------------------------------------------

// identityCase checks that f hands every value back unchanged.
func identityCase[T comparable](t *testing.T, f func(T) (T, error), values ...T) {
	t.Helper()
	for _, v := range values {
		t.Run(fmt.Sprintf("%v", v), func(t *testing.T) {
			got, err := f(v)
			if err != nil {
				t.Fatalf("sent %v: %v", v, err)
			}
			if got != v {
				t.Fatalf("sent %v, got %v back", v, got)
			}
		})
	}
}

// liveCounters returns roundtrip.LiveCounters, failing the test on an error.
func liveCounters(t testing.TB) uint64 {
	t.Helper()
	return testutil.Must(roundtrip.LiveCounters())(t)
}

// closeAll closes counters when the test ends, so that no test leaves a
// counter for the garbage collector to free while a later test measures.
func closeAll(t *testing.T, counters ...*roundtrip.Counter) {
	t.Helper()
	t.Cleanup(func() {
		for _, c := range counters {
			_ = c.Close()
		}
	})
}

func newCounter(t *testing.T, start int64) *roundtrip.Counter {
	t.Helper()
	c, err := roundtrip.NewCounter(start)
	if err != nil {
		t.Fatalf("NewCounter(%d): %v", start, err)
	}
	closeAll(t, c)
	return c
}

func mustGet(t *testing.T, c *roundtrip.Counter) int64 {
	t.Helper()
	v, err := c.Get()
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	return v
}

func mustHistory(t *testing.T, c *roundtrip.Counter) []int64 {
	t.Helper()
	h, err := c.History()
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	return h
}

// settledLiveCounters lets earlier garbage be collected and returns the live
// counter count once it has stopped moving.
func settledLiveCounters(t *testing.T) uint64 {
	t.Helper()
	last := liveCounters(t)
	stable := 0
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline) && stable < 3; {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		now := liveCounters(t)
		if now == last {
			stable++
		} else {
			stable, last = 0, now
		}
	}
	return last
}

// waitForLiveCounters runs the garbage collector until LiveCounters reaches
// want, for at most timeout, and returns the last value seen.
func waitForLiveCounters(t *testing.T, want uint64, timeout time.Duration) uint64 {
	t.Helper()
	got := liveCounters(t)
	for deadline := time.Now().Add(timeout); got != want && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		got = liveCounters(t)
	}
	return got
}
