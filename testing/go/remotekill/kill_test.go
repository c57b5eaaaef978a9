//go:build uniffi_remote

package remotekill

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"uniffi-go.test/generated/timer"
)

// hostPID finds the uniffi-go-host child this process started.
func hostPID(t *testing.T) int {
	t.Helper()
	self := strconv.Itoa(os.Getpid())
	entries, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	for _, stat := range entries {
		b, err := os.ReadFile(stat)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		fields := strings.Fields(s[end+1:])
		if s[open+1:end] == "uniffi-go-host" && len(fields) > 1 && fields[0] != "Z" && fields[1] == self {
			pid, _ := strconv.Atoi(strings.TrimSpace(s[:open]))
			return pid
		}
	}
	t.Fatal("no uniffi-go-host child process")
	return 0
}

// TestHostKilledWithCallsInFlight kills the host (SIGKILL) while 1,000 async calls wait in it:
// each must return an error saying the connection ended within a second; an object of the dead
// host then fails at once, while a call naming no object starts a new host that works; and no
// goroutine may be left behind.
func TestHostKilledWithCallsInFlight(t *testing.T) {
	tm, err := timer.NewTimer(timer.TimerConfig{Name: "doomed"})
	if err != nil {
		t.Fatalf("NewTimer: %v", err)
	}
	before := runtime.NumGoroutine()

	const calls = 1000
	errs := make(chan error, calls)
	var started sync.WaitGroup
	started.Add(calls)
	for range calls {
		go func() {
			started.Done()
			errs <- tm.Sleep(context.Background(), 60_000)
		}()
	}
	started.Wait()
	// Until Rust holds every future.
	deadline := time.Now().Add(10 * time.Second)
	for timer.PendingRustFutures() < calls && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := timer.PendingRustFutures(); n < calls {
		t.Fatalf("only %d calls in flight", n)
	}

	pid := hostPID(t)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	for i := range calls {
		select {
		case err := <-errs:
			var internal *timer.InternalError
			if !errors.As(err, &internal) || !strings.Contains(internal.Message, "connection to the timer host ended") {
				t.Fatalf("call %d: %v, want an *InternalError saying the connection ended", i, err)
			}
		case <-time.After(time.Second - time.Since(killed)):
			t.Fatalf("%d of %d calls still waiting a second after the host was killed", calls-i, calls)
		}
	}

	// The timer lived in the host that died: its calls fail at once, and never reach the new host.
	if err := tm.Sleep(context.Background(), 1); err == nil || !strings.Contains(err.Error(), "connection to the timer host that ended") {
		t.Fatalf("Sleep on an object of the dead host: %v", err)
	}
	if err := tm.Close(); err != nil {
		t.Fatalf("Close after the host died: %v", err)
	}
	// A call that names no object starts a new host.
	if v, err := timer.Version(); err != nil || !strings.HasPrefix(v, "timer v") {
		t.Fatalf("Version after the host died: %q, %v; want a new connection to answer", v, err)
	}
	fresh, err := timer.NewTimer(timer.TimerConfig{Name: "fresh"})
	if err != nil {
		t.Fatalf("NewTimer on the new connection: %v", err)
	}
	if err := fresh.Sleep(context.Background(), 1); err != nil {
		t.Fatalf("Sleep on the new connection: %v", err)
	}
	fresh.Close()
	if pid2 := hostPID(t); pid2 == pid {
		t.Fatalf("the host was not replaced (pid %d)", pid)
	}
	if n := timer.PendingRustFutures(); n != 0 {
		t.Fatalf("PendingRustFutures = %d after every call returned", n)
	}
	deadline = time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after the calls returned, %d before they started", n, before)
	}
}

// waitingProvider answers no FetchToken until its context ends.
type waitingProvider struct {
	started   chan struct{}
	cancelled chan struct{}
}

func (p *waitingProvider) FetchToken(ctx context.Context, key string) (string, error) {
	p.started <- struct{}{}
	<-ctx.Done()
	p.cancelled <- struct{}{}
	return "", ctx.Err()
}

// TestHostKilledDuringHostCalls kills the host while Rust waits for async Go methods (host calls
// by callId): their contexts are cancelled within a second and nothing stays pending, since no
// one waits for their answers any more; and a new host then works.
func TestHostKilledDuringHostCalls(t *testing.T) {
	// The reconnection of an earlier test may be less than a second old.
	var tm *timer.Timer
	deadline := time.Now().Add(5 * time.Second)
	for {
		var err error
		if tm, err = timer.NewTimer(timer.TimerConfig{Name: "host calls"}); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("NewTimer: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	defer tm.Close()
	const calls = 5
	p := &waitingProvider{started: make(chan struct{}, calls), cancelled: make(chan struct{}, calls)}
	if err := tm.SetTokenProvider(p); err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, calls)
	for range calls {
		go func() {
			_, err := tm.UseToken(context.Background(), "k", 60_000)
			errs <- err
		}()
	}
	for i := range calls {
		select {
		case <-p.started:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d host calls reached Go", i, calls)
		}
	}
	if err := syscall.Kill(hostPID(t), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	for i := range calls {
		select {
		case <-p.cancelled:
		case <-time.After(time.Second - time.Since(killed)):
			t.Fatalf("%d of %d host calls' contexts still live a second after the host was killed", calls-i, calls)
		}
		if err := <-errs; err == nil {
			t.Fatalf("UseToken returned no error after the host was killed")
		}
	}
	if n := timer.PendingHostCalls(); n != 0 {
		t.Fatalf("PendingHostCalls = %d after the host was killed", n)
	}
	deadline = time.Now().Add(5 * time.Second)
	for {
		v, err := timer.Version()
		if err == nil && strings.HasPrefix(v, "timer v") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Version after the host died: %q, %v; want a new connection to answer", v, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
