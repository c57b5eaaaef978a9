package callbacks_test

import (
	"runtime"
	"testing"
	"time"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

// The leak checks would prove nothing if the counters never moved: a Relay holds one handle to
// its Go Echoer until it is closed, and a GreeterHolder one to its Go Greeter.
func TestCountersSeeHeldCallbacks(t *testing.T) {
	expectNoLeaks(t)
	r, err := callbacks.NewRelay(newEchoer())
	if err != nil {
		t.Fatal(err)
	}
	if c := readCounters(t); c.relays != 1 || c.handles != 1 {
		t.Errorf("with one Relay alive: %v; want LiveRelays=1 LiveCallbackHandles=1", c)
	}
	h, err := callbacks.NewGreeterHolder(&goGreeter{prefix: "Hi"})
	if err != nil {
		t.Fatal(err)
	}
	if c := readCounters(t); c.holders != 1 || c.handles != 2 {
		t.Errorf("with a GreeterHolder too: %v; want LiveGreeterHolders=1 LiveCallbackHandles=2", c)
	}
	r.Close()
	h.Close()
	// Closing frees the Rust objects at once, and with them Rust's handles to the Go values.
	if c := readCounters(t); !c.zero() {
		t.Errorf("right after Close: %v", c)
	}
}

// A Relay that is never closed is freed once it is unreachable, and Rust's handle to the Go
// Echoer with it.
func TestRelayCollectedWithoutClose(t *testing.T) {
	expectNoLeaks(t)
	func() {
		r, err := callbacks.NewRelay(newEchoer())
		if err != nil {
			t.Fatal(err)
		}
		if v, err := r.EchoI32(7); err != nil || v != 7 {
			t.Fatalf("EchoI32(7) = %d, %v", v, err)
		}
	}()
	if !waitFor(5*time.Second, func() bool {
		runtime.GC()
		return testutil.Must(callbacks.LiveRelays())(t) == 0 && callbacks.LiveCallbackHandles() == 0
	}) {
		t.Errorf("unreachable Relay not freed: %v", readCounters(t))
	}
}
