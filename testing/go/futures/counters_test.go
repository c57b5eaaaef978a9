package futures_test

import (
	"context"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
)

// The leak checks below would prove nothing if the counters never moved: a call in flight
// must show up in both.
func TestCountersSeeACallInFlight(t *testing.T) {
	expectNoLeaks(t)
	live := liveFutures(t)
	type result struct {
		v   uint64
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := futures.ThreadSleep(context.Background(), 200)
		done <- result{v, err}
	}()
	if !waitFor(time.Second, func() bool {
		return futures.PendingRustFutures() == 1 && liveFutures(t) == live+1
	}) {
		t.Errorf("while ThreadSleep(200) runs: PendingRustFutures = %d, LiveFutures = %d (want 1 and %d)",
			futures.PendingRustFutures(), liveFutures(t), live+1)
	}
	r := <-done
	if r.err != nil || r.v != 200 {
		t.Fatalf("ThreadSleep(200) = %d, %v", r.v, r.err)
	}
}
