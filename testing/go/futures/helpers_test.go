// Package futures_test checks async Rust functions and methods through the Go bindings (the futures
// fixture, testing/fixtures/futures): every return type, objects, declared errors, how futures are
// woken, panics, cancellation and many calls at once. This file holds TestMain and the leak checks;
// zz_end_test.go runs last.
package futures_test

import (
	"os"
	"runtime"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when a Rust future outlives the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("PendingRustFutures", futures.PendingRustFutures),
		testutil.CountErr("LiveFutures", futures.LiveFutures),
	))
}

// ---- leak checks ------------------------------------------------------------

// goroutineSlack is how many goroutines more than at the start of a test may still be
// around at its end (runtime helpers such as the cleanup goroutine start lazily).
const goroutineSlack = 3

// expectNoLeaks records the number of live Rust futures and of goroutines now, and checks
// when the test ends that every future created meanwhile was dropped, that no Go-side
// future is still pending and that the goroutines started meanwhile have exited.
func expectNoLeaks(t *testing.T) {
	t.Helper()
	live := liveFutures(t)
	goroutines := runtime.NumGoroutine()
	t.Cleanup(func() {
		// Every async call frees its Rust future before it returns, so the count must be
		// back to its start value at once, without waiting.
		if got := liveFutures(t); got != live {
			t.Errorf("LiveFutures = %d after the calls returned, want %d", got, live)
		}
		if n := futures.PendingRustFutures(); n != 0 {
			t.Errorf("PendingRustFutures = %d after the calls returned, want 0", n)
		}
		got := runtime.NumGoroutine()
		for deadline := time.Now().Add(time.Second); got > goroutines+goroutineSlack && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
			got = runtime.NumGoroutine()
		}
		if got > goroutines+goroutineSlack {
			t.Errorf("%d goroutines after the test, %d before it", got, goroutines)
		}
	})
}

// waitFor polls cond every millisecond for at most timeout.
func waitFor(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); ; {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}

func ptr[T any](v T) *T { return &v }

// liveFutures returns futures.LiveFutures, failing the test on an error.
func liveFutures(t testing.TB) uint64 {
	t.Helper()
	n, err := futures.LiveFutures()
	if err != nil {
		t.Fatalf("LiveFutures: %v", err)
	}
	return n
}
