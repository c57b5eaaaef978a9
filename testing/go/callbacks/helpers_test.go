// Package callbacks_test checks the Go bindings for callback interfaces and foreign traits (the
// callbacks fixture, testing/fixtures/callbacks). This file holds the leak checks and helpers,
// impls_test.go the Go implementations Rust calls; counters_test.go checks the counters the leak
// checks read; echo_test.go sends every type through a Go callback (Echoer through Relay);
// threads_test.go calls Go from Rust threads; errors_test.go covers errors and panics in Go
// callbacks; greeter_test.go and describer_test.go the Greeter and Describer traits; host_test.go
// host calls (the async Host trait); robustness_test.go invalid arguments and crashes, checked in
// child processes.
package callbacks_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when anything the bindings or the fixture count outlives the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", callbacks.LiveCallbackHandles),
		testutil.Count("PendingHostCalls", callbacks.PendingHostCalls),
		testutil.Count("PendingRustFutures", callbacks.PendingRustFutures),
		testutil.CountErr("LiveRelays", callbacks.LiveRelays),
		testutil.CountErr("LiveGreeterHolders", callbacks.LiveGreeterHolders),
		testutil.CountErr("LiveHostCalls", callbacks.LiveHostCalls),
	))
}

// ---- leak checks ------------------------------------------------------------

// goroutineSlack is how many goroutines more than at the start of a test may still be
// around at its end (runtime helpers such as the cleanup goroutine start lazily).
const goroutineSlack = 3

// counters is a snapshot of every diagnostic counter the bindings and the fixture expose.
type counters struct {
	handles, hostCalls, rustFutures int
	relays, holders, liveHostCalls  uint64
}

func readCounters(t testing.TB) counters {
	t.Helper()
	return counters{
		handles:       callbacks.LiveCallbackHandles(),
		hostCalls:     callbacks.PendingHostCalls(),
		rustFutures:   callbacks.PendingRustFutures(),
		relays:        testutil.Must(callbacks.LiveRelays())(t),
		holders:       testutil.Must(callbacks.LiveGreeterHolders())(t),
		liveHostCalls: testutil.Must(callbacks.LiveHostCalls())(t),
	}
}

func (c counters) zero() bool { return c == counters{} }

func (c counters) String() string {
	return fmt.Sprintf("LiveCallbackHandles=%d PendingHostCalls=%d PendingRustFutures=%d LiveRelays=%d LiveGreeterHolders=%d LiveHostCalls=%d",
		c.handles, c.hostCalls, c.rustFutures, c.relays, c.holders, c.liveHostCalls)
}

// expectNoLeaks checks that every counter is zero when the test starts, and that, when it
// ends (after the cleanups registered later, which close the test's objects, have run),
// every counter comes back to zero and the goroutines the test started have exited.
// Objects a test leaves to the garbage collector are collected while polling.
func expectNoLeaks(t *testing.T) {
	t.Helper()
	if c := readCounters(t); !c.zero() {
		// An earlier test leaked; wait for the collector before blaming this one.
		if !waitFor(5*time.Second, func() bool { runtime.GC(); return readCounters(t).zero() }) {
			t.Fatalf("counters not zero when the test starts: %v", readCounters(t))
		}
	}
	goroutines := runtime.NumGoroutine()
	t.Cleanup(func() {
		if !waitFor(10*time.Second, func() bool { runtime.GC(); return readCounters(t).zero() }) {
			t.Errorf("leak after the test: %v", readCounters(t))
		}
		got := runtime.NumGoroutine()
		for deadline := time.Now().Add(10 * time.Second); got > goroutines+goroutineSlack && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
			got = runtime.NumGoroutine()
		}
		if got > goroutines+goroutineSlack {
			t.Errorf("%d goroutines after the test, %d before it", got, goroutines)
		}
	})
}

// expectZeroNow checks, without waiting or collecting garbage, that nothing is in flight:
// after an async call returned, its host call, its Rust future and the handle Rust held to
// the Go host must all be gone already.
func expectZeroNow(t *testing.T, what string) {
	t.Helper()
	c := readCounters(t)
	if c.hostCalls != 0 || c.rustFutures != 0 || c.liveHostCalls != 0 {
		t.Errorf("%s: still in flight right after the call returned: %v", what, c)
	}
}

// waitFor polls cond every 2ms for at most timeout.
func waitFor(timeout time.Duration, cond func() bool) bool {
	for deadline := time.Now().Add(timeout); ; {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func ptr[T any](v T) *T { return &v }

// recoverPanic runs f and returns the value it panicked with, or nil.
func recoverPanic(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}
