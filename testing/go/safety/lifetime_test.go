package safety_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/safety"
)

func TestMethodsOnAClosedObjectReturnErrClosed(t *testing.T) {
	expectNoLeaks(t)
	base := liveResources(t)
	r, err := safety.NewResource("closing")
	if err != nil {
		t.Fatal(err)
	}
	if n := liveResources(t); n != base+1 {
		t.Fatalf("live resources = %d after NewResource, want %d", n, base+1)
	}
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if n := liveResources(t); n != base {
		t.Fatalf("live resources = %d after Close, want %d", n, base)
	}
	ctx := context.Background()
	calls := map[string]func() error{
		"ID":                  func() error { _, err := r.ID(); return err },
		"Name":                func() error { _, err := r.Name(); return err },
		"Hold":                func() error { _, err := r.Hold(0); return err },
		"PanicMethod":         func() error { _, err := r.PanicMethod("never runs"); return err },
		"PanicMethodFallible": func() error { _, err := r.PanicMethodFallible(true); return err },
		"PanicMethodAsync":    func() error { _, err := r.PanicMethodAsync(ctx, "never runs", 0); return err },
		"HoldAsync":           func() error { _, err := r.HoldAsync(ctx, 0); return err },
		"Same":                func() error { _, err := r.Same(); return err },
		"ResourceID(closed)":  func() error { _, err := safety.ResourceID(r); return err },
		"SumIds([closed])":    func() error { _, err := safety.SumIds([]*safety.Resource{r}); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, safety.ErrClosed) {
			t.Errorf("%s on a closed object: error = %v, want ErrClosed", name, err)
		}
	}
}

func TestNilAndZeroObjects(t *testing.T) {
	var nilResource *safety.Resource
	if _, err := nilResource.ID(); !errors.Is(err, safety.ErrClosed) {
		t.Errorf("ID on a nil *Resource: %v, want ErrClosed", err)
	}
	if err := nilResource.Close(); err != nil {
		t.Errorf("Close on a nil *Resource: %v", err)
	}
	var zero safety.Resource
	if _, err := zero.Name(); !errors.Is(err, safety.ErrClosed) {
		t.Errorf("Name on a zero Resource: %v, want ErrClosed", err)
	}
	if err := zero.Close(); err != nil {
		t.Errorf("Close on a zero Resource: %v", err)
	}
	if _, err := safety.ResourceID(nil); !errors.Is(err, safety.ErrClosed) {
		t.Errorf("ResourceID(nil): %v, want ErrClosed", err)
	}
}

func TestCloseTwiceIsANoOp(t *testing.T) {
	expectNoLeaks(t)
	base, dropped := liveResources(t), droppedResources(t)
	r, err := safety.NewResource("twice")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if err := r.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
	}
	if n := liveResources(t); n != base {
		t.Fatalf("live resources = %d, want %d", n, base)
	}
	if d := droppedResources(t) - dropped; d != 1 {
		t.Fatalf("closing three times dropped the Rust object %d times, want once", d)
	}
	// Closed objects do not come back to life through the garbage collector.
	runtime.GC()
	runtime.GC()
	if d := droppedResources(t) - dropped; d != 1 {
		t.Fatalf("after GC the Rust object was dropped %d times, want once", d)
	}
}

// Close called while other goroutines are inside methods frees nothing under them: the calls in
// flight finish with their real results, later calls get ErrClosed, and the Rust object is
// dropped exactly once, after the last call returned.
func TestCloseWhileCallsAreInFlight(t *testing.T) {
	expectNoLeaks(t)
	base, dropped := liveResources(t), droppedResources(t)
	r, err := safety.NewResource("in-flight")
	if err != nil {
		t.Fatal(err)
	}
	const holders = 8
	var started, wg sync.WaitGroup
	results := make(chan error, holders)
	for range holders {
		started.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Done()
			n, err := r.Hold(150)
			if err == nil && (n < 1 || n > holders) {
				err = fmt.Errorf("Hold returned %d, want 1..%d", n, holders)
			}
			results <- err
		}()
	}
	started.Wait()
	time.Sleep(50 * time.Millisecond) // the holders are now sleeping inside Rust
	r.Close()
	if _, err := r.ID(); !errors.Is(err, safety.ErrClosed) {
		t.Fatalf("ID after Close with calls in flight: %v, want ErrClosed", err)
	}
	if d := droppedResources(t) - dropped; d != 0 {
		t.Fatalf("the Rust object was dropped while %d calls were in flight", holders)
	}
	if n := liveResources(t); n != base+1 {
		t.Fatalf("live resources = %d while calls are in flight, want %d", n, base+1)
	}
	wg.Wait()
	close(results)
	for err := range results {
		if err != nil {
			t.Errorf("a call in flight during Close failed: %v", err)
		}
	}
	if d := droppedResources(t) - dropped; d != 1 {
		t.Fatalf("after the last call the Rust object was dropped %d times, want once", d)
	}
	if n := liveResources(t); n != base {
		t.Fatalf("live resources = %d after the last call, want %d", n, base)
	}
}

// The Go object keeps its own reference to the Rust object until the last call in flight has
// returned, even when Close came first: seen from inside that call, two references exist (the
// call's and the Go object's), and the Rust object is dropped right after the call returns.
func TestCloseReleasesTheGoReferenceAfterTheLastCall(t *testing.T) {
	expectNoLeaks(t)
	dropped := droppedResources(t)
	r, err := safety.NewResource("last-call")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := r.ReferencesAfter(0); err != nil || n != 2 {
		t.Fatalf("ReferencesAfter(0) = %d, %v; want 2 (the call's and the Go object's)", n, err)
	}
	result := make(chan uint64, 1)
	go func() {
		n, err := r.ReferencesAfter(100)
		if err != nil {
			t.Errorf("ReferencesAfter during Close: %v", err)
		}
		result <- n
	}()
	time.Sleep(30 * time.Millisecond)
	r.Close()
	if n := <-result; n != 2 {
		t.Fatalf("the call in flight during Close saw %d references, want 2: Close released the Go reference under it", n)
	}
	if d := droppedResources(t) - dropped; d != 1 {
		t.Fatalf("after the last call returned the Rust object was dropped %d times, want once", d)
	}
}

// Close races with a storm of calls from other goroutines, many times over. Every call either
// answers correctly or returns ErrClosed; each object is dropped exactly once.
// Calls that keep coming after Close race with the calls in flight as they end, the last of
// which frees the handle. Every late call must fail with ErrClosed (none may succeed after one
// did), and every object be dropped exactly once.
func TestLateCallsRaceWithTheLastRelease(t *testing.T) {
	expectNoLeaks(t)
	base, dropped := liveResources(t), droppedResources(t)
	const rounds, callers, lateCalls = 200, 8, 50
	var unexpected atomic.Int64
	var firstErr atomic.Value
	for range rounds {
		r, err := safety.NewResource("late")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for late := 0; late < lateCalls; {
					_, err := r.ID()
					if errors.Is(err, safety.ErrClosed) {
						late++
						continue
					}
					if err == nil && late > 0 {
						err = errors.New("a call succeeded after another returned ErrClosed")
					}
					if err != nil {
						unexpected.Add(1)
						firstErr.CompareAndSwap(nil, err)
						return
					}
				}
			}()
		}
		runtime.Gosched()
		r.Close()
		wg.Wait()
	}
	if n := unexpected.Load(); n != 0 {
		t.Fatalf("%d calls racing with Close failed; first: %v", n, firstErr.Load())
	}
	if n := liveResources(t); n != base {
		t.Fatalf("live resources = %d after every object was closed, want %d", n, base)
	}
	if d := droppedResources(t) - dropped; d != rounds {
		t.Fatalf("%d Rust objects dropped, want %d (one per object)", d, rounds)
	}
}

func TestCloseRacesWithCalls(t *testing.T) {
	expectNoLeaks(t)
	base, dropped := liveResources(t), droppedResources(t)
	const rounds, callers = 200, 8
	var unexpected atomic.Int64
	var firstErr atomic.Value
	for round := range rounds {
		r, err := safety.NewResource("race")
		if err != nil {
			t.Fatal(err)
		}
		id, err := r.ID()
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for c := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					var err error
					switch (c + i) % 4 {
					case 0:
						var got uint64
						if got, err = r.ID(); err == nil && got != id {
							err = fmt.Errorf("ID = %d, want %d", got, id)
						}
					case 1:
						var got string
						if got, err = r.Name(); err == nil && got != "race" {
							err = fmt.Errorf("Name = %q", got)
						}
					case 2:
						var got uint64
						if got, err = safety.ResourceID(r); err == nil && got != id {
							err = fmt.Errorf("ResourceID = %d, want %d", got, id)
						}
					case 3:
						var same *safety.Resource
						if same, err = r.Same(); err == nil {
							var got uint64
							if got, err = same.ID(); err == nil && got != id {
								err = fmt.Errorf("Same().ID = %d, want %d", got, id)
							}
							same.Close()
						}
					}
					if errors.Is(err, safety.ErrClosed) {
						return
					}
					if err != nil {
						unexpected.Add(1)
						firstErr.CompareAndSwap(nil, err)
						return
					}
				}
			}()
		}
		if round%2 == 0 {
			runtime.Gosched()
		}
		r.Close()
		r.Close()
		wg.Wait()
	}
	if n := unexpected.Load(); n != 0 {
		t.Fatalf("%d calls racing with Close failed; first: %v", n, firstErr.Load())
	}
	if n := liveResources(t); n != base {
		t.Fatalf("live resources = %d after every object was closed, want %d", n, base)
	}
	if d := droppedResources(t) - dropped; d != rounds {
		t.Fatalf("%d Rust objects dropped, want %d (one per object)", d, rounds)
	}
}

// Objects that are never closed are freed by the cleanups the bindings attach to them once
// the garbage collector finds them unreachable: the Rust live count returns to where it was.
func TestForgottenObjectsAreFreedByCleanups(t *testing.T) {
	base, dropped := liveResources(t), droppedResources(t)
	const single, batches, perBatch = 300, 10, 20
	func() {
		for i := range single {
			r, err := safety.NewResource(fmt.Sprint("forgotten", i))
			if err != nil {
				t.Fatal(err)
			}
			if i%3 == 0 {
				// A second Go wrapper of the same Rust object, forgotten too.
				if _, err := r.Same(); err != nil {
					t.Fatal(err)
				}
			}
		}
		for range batches {
			rs, err := safety.MakeResources("batch", perBatch)
			if err != nil || len(rs) != perBatch {
				t.Fatalf("MakeResources = %d objects, %v", len(rs), err)
			}
		}
	}()
	want := int64(single + batches*perBatch)
	if n := liveResources(t); n < base+1 || n > base+want {
		t.Fatalf("live resources = %d right after creating %d, want between %d and %d", n, want, base+1, base+want)
	}
	if !eventually(func() bool { n, _ := safety.LiveResources(); return n == base }) {
		t.Fatalf("live resources = %d after GC, want %d: forgotten objects were not freed", liveResources(t), base)
	}
	if d := droppedResources(t) - dropped; d != uint64(want) {
		t.Fatalf("%d Rust objects dropped, want %d", d, want)
	}
}

func TestObjectsPassedAndReturned(t *testing.T) {
	expectNoLeaks(t)
	base := liveResources(t)
	rs, err := safety.MakeResources("p", 5)
	if err != nil {
		t.Fatal(err)
	}
	var want uint64
	for i, r := range rs {
		id, err := r.ID()
		if err != nil {
			t.Fatal(err)
		}
		if name, _ := r.Name(); name != fmt.Sprint("p", i) {
			t.Fatalf("resource %d is named %q", i, name)
		}
		want += id
	}
	if got, err := safety.SumIds(rs); err != nil || got != want {
		t.Fatalf("SumIds = %d, %v; want %d", got, err, want)
	}
	// Passing an object to Rust lends it: the Go object stays usable.
	if got, err := safety.ResourceID(rs[0]); err != nil {
		t.Fatal(err)
	} else if id, _ := rs[0].ID(); got != id {
		t.Fatalf("ResourceID = %d, want %d", got, id)
	}
	// A second Go object for the same Rust object keeps it alive after the first is closed.
	same, err := rs[0].Same()
	if err != nil {
		t.Fatal(err)
	}
	rs[0].Close()
	if n := liveResources(t); n != base+5 {
		t.Fatalf("live resources = %d, want %d while a second reference is open", n, base+5)
	}
	if name, err := same.Name(); err != nil || name != "p0" {
		t.Fatalf("Name through the second reference = %q, %v", name, err)
	}
	// A closed object in a list stops the call; the handles already cloned are given back.
	if _, err := safety.SumIds([]*safety.Resource{rs[1], rs[2], rs[0]}); !errors.Is(err, safety.ErrClosed) {
		t.Fatalf("SumIds with a closed object: %v, want ErrClosed", err)
	}
	same.Close()
	for _, r := range rs[1:] {
		r.Close()
	}
	if n := liveResources(t); n != base {
		t.Fatalf("live resources = %d after closing all, want %d", n, base)
	}
}
