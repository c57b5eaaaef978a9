package futures_test

import (
	"testing"

	"uniffi-go.test/generated/futures"
)

// Runs last: Go runs a package's tests in the order of its files' names, and this file's name
// sorts last. Whatever ran before, no Rust future is left alive. (TestMain checks the same
// counters once more after every test, with a wait for asynchronous drops.)
func TestNoFutureOutlivesTheSuite(t *testing.T) {
	if n := liveFutures(t); n != 0 {
		t.Errorf("LiveFutures = %d after all tests, want 0", n)
	}
	if n := futures.PendingRustFutures(); n != 0 {
		t.Errorf("PendingRustFutures = %d after all tests, want 0", n)
	}
}
