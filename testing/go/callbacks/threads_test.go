package callbacks_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"uniffi-go.test/generated/callbacks"
)

func TestEchoStringOnThread(t *testing.T) {
	expectNoLeaks(t)
	e := newEchoer()
	r := newRelay(t, e)
	for _, s := range []string{"", "from a Rust thread ✓", strings.Repeat("日", 10000)} {
		got, err := r.EchoStringOnThread(s)
		if err != nil || got != s {
			t.Errorf("EchoStringOnThread(%.20q) = %.20q, %v", s, got, err)
		}
		if _, arg := e.seen("EchoString"); arg != s {
			t.Errorf("EchoStringOnThread(%.20q): the Go Echoer received %.20q", s, arg)
		}
	}
	// Many goroutines, each making Rust spawn a thread that calls Go.
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				want := fmt.Sprintf("g%d-i%d", g, i)
				if got, err := r.EchoStringOnThread(want); err != nil || got != want {
					errs <- fmt.Errorf("EchoStringOnThread(%q) = %q, %v", want, got, err)
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
}

func TestNotifyFromThreads(t *testing.T) {
	expectNoLeaks(t)
	const threads, perThread = 8, 200
	var mu sync.Mutex
	seen := map[string]int{}
	e := newEchoer()
	e.notify = func(msg string) {
		mu.Lock()
		seen[msg]++
		mu.Unlock()
	}
	r := newRelay(t, e)
	if err := r.NotifyFromThreads(threads, perThread); err != nil {
		t.Fatalf("NotifyFromThreads: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != threads*perThread {
		t.Errorf("%d distinct messages, want %d", len(seen), threads*perThread)
	}
	for th := range threads {
		for i := range perThread {
			if msg := fmt.Sprintf("%d:%d", th, i); seen[msg] != 1 {
				t.Errorf("message %q arrived %d times, want once", msg, seen[msg])
			}
		}
	}
	if n, _ := e.seen("Notify"); n != threads*perThread {
		t.Errorf("Notify ran %d times, want %d", n, threads*perThread)
	}
}

// Close while callbacks are running on Rust threads: the Relay (and Rust's handle to the Go
// Echoer) lives until the call in flight ends, then is freed; new calls fail with ErrClosed.
func TestRelayClosedDuringACall(t *testing.T) {
	expectNoLeaks(t)
	entered := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	e := newEchoer()
	e.notify = func(string) {
		once.Do(func() { close(entered) })
		<-release
	}
	r, err := callbacks.NewRelay(e)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.NotifyFromThreads(4, 5) }()
	<-entered
	r.Close()
	if _, err := r.EchoU8(1); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("EchoU8 after Close = %v, want ErrClosed", err)
	}
	if c := readCounters(t); c.relays != 1 || c.handles != 1 {
		t.Errorf("closed during a call: %v; want the Relay and its handle alive until the call ends", c)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("NotifyFromThreads: %v", err)
	}
	if n, _ := e.seen("Notify"); n != 20 {
		t.Errorf("Notify ran %d times, want 20", n)
	}
	if c := readCounters(t); c.relays != 0 || c.handles != 0 {
		t.Errorf("after the call ended: %v; want the Relay freed", c)
	}
}
