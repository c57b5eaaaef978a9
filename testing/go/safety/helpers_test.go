// Package safety_test checks what the Go bindings promise when things go wrong: Rust panics on
// every call path reach Go as errors, objects are freed exactly once whatever the order of
// Close, calls and garbage collection, and strings Rust cannot accept are refused. The Rust
// side is testing/fixtures/safety, which counts its live objects.
package safety_test

import (
	"os"
	"runtime"
	"testing"
	"time"

	"uniffi-go.test/generated/safety"
	"uniffi-go.test/internal/testutil"
)

func TestMain(m *testing.M) {
	// The fixture's deliberate panics would each print a backtrace hint; any other panic
	// still prints.
	if err := safety.SilenceExpectedPanics(); err != nil {
		panic(err)
	}
	// Fails the run when a Resource, a Bomb, a Go callback handle, a host call or a Rust future
	// outlives the suite.
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", safety.LiveCallbackHandles),
		testutil.Count("PendingHostCalls", safety.PendingHostCalls),
		testutil.Count("PendingRustFutures", safety.PendingRustFutures),
		testutil.CountErr("LiveResources", safety.LiveResources),
		testutil.CountErr("LiveBombs", safety.LiveBombs),
	))
}

// wantInternalError fails the test unless err is a *safety.InternalError whose message contains
// every one of want, and does not also match the declared SafetyError.
func wantInternalError(t *testing.T, what string, err error, want ...string) *safety.InternalError {
	t.Helper()
	ie := testutil.As[*safety.InternalError](t, what, err, want...)
	testutil.NotAs[safety.SafetyError](t, what, err)
	return ie
}

// stillWorks checks that the library answers ordinary calls: a function, a constructor and a
// method.
func stillWorks(t *testing.T) {
	t.Helper()
	if got, err := safety.Add(2, 3); err != nil || got != 5 {
		t.Fatalf("Add(2, 3) = %d, %v after a panic; want 5, nil", got, err)
	}
	r, err := safety.NewResource("probe")
	if err != nil {
		t.Fatalf("NewResource after a panic: %v", err)
	}
	defer r.Close()
	if name, err := r.Name(); err != nil || name != "probe" {
		t.Fatalf("Name() = %q, %v after a panic; want \"probe\", nil", name, err)
	}
}

// liveResources is the fixture's count of Resource objects alive in Rust.
func liveResources(t *testing.T) int64 {
	t.Helper()
	n, err := safety.LiveResources()
	if err != nil {
		t.Fatalf("LiveResources: %v", err)
	}
	return n
}

// droppedResources is how many Resource objects Rust has dropped so far.
func droppedResources(t *testing.T) uint64 {
	t.Helper()
	n, err := safety.DroppedResources()
	if err != nil {
		t.Fatalf("DroppedResources: %v", err)
	}
	return n
}

// eventually polls cond, collecting garbage in between, until it holds or 5 s have passed.
func eventually(cond func() bool) bool {
	deadline := time.Now().Add(5 * time.Second)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		runtime.GC()
		time.Sleep(2 * time.Millisecond)
	}
}

// expectNoLeaks checks, when the test ends, that every Resource the test created is freed, that
// Rust holds no Go callback value and that no Rust future or host call is pending.
func expectNoLeaks(t *testing.T) {
	t.Helper()
	base := liveResources(t)
	t.Cleanup(func() {
		ok := eventually(func() bool {
			n, _ := safety.LiveResources()
			return n == base && safety.LiveCallbackHandles() == 0 &&
				safety.PendingHostCalls() == 0 && safety.PendingRustFutures() == 0
		})
		if !ok {
			n, _ := safety.LiveResources()
			t.Errorf("leak: live resources %d (want %d), callback handles %d, host calls %d, futures %d",
				n, base, safety.LiveCallbackHandles(), safety.PendingHostCalls(), safety.PendingRustFutures())
		}
	})
}
