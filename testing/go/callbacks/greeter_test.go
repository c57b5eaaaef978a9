package callbacks_test

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

func TestGoGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Hello"}
	if got, err := callbacks.GreetWith(g, "Ann ✓"); err != nil || got != "Hello, Ann ✓ (from Go)" {
		t.Errorf("GreetWith = %q, %v", got, err)
	}
	if got, err := callbacks.GreetOnThread(g, "Bob"); err != nil || got != "Hello, Bob (from Go)" {
		t.Errorf("GreetOnThread = %q, %v", got, err)
	}
	if n := g.Calls(); n != 2 {
		t.Errorf("the Go Greeter ran %d times, want 2", n)
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("LiveCallbackHandles = %d after the calls returned", h)
	}
}

// A Go value handed to Rust and back is the very same Go value.
func TestSameGreeterKeepsGoIdentity(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Hey"}
	back := testutil.Must(callbacks.SameGreeter(g))(t)
	if back != callbacks.Greeter(g) {
		t.Fatalf("SameGreeter(goGreeter) = %T %p, want the same value %p", back, back, g)
	}
	if gg, ok := back.(*goGreeter); !ok || gg != g {
		t.Errorf("SameGreeter returned %T, want the *goGreeter itself", back)
	}
	// Twice through Rust, and on a Rust thread afterwards.
	if twice, err := callbacks.SameGreeter(testutil.Must(callbacks.SameGreeter(g))(t)); err != nil || twice != callbacks.Greeter(g) {
		t.Errorf("SameGreeter(SameGreeter(g)) is not g (%v)", err)
	}
	if got, err := callbacks.GreetOnThread(back, "Cy"); err != nil || got != "Hey, Cy (from Go)" || g.Calls() != 1 {
		t.Errorf("GreetOnThread(returned greeter) = %q, %v, calls %d", got, err, g.Calls())
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("LiveCallbackHandles = %d after the calls returned", h)
	}
}

func TestGreeterHolderWithGoGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Yo"}
	h, err := callbacks.NewGreeterHolder(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	for range 3 {
		got, err := h.Get()
		if err != nil || got != callbacks.Greeter(g) {
			t.Fatalf("GreeterHolder.Get() = %T %v, %v; want the Go greeter itself", got, got, err)
		}
	}
	if got, err := h.Greet("Di"); err != nil || got != "Yo, Di (from Go)" {
		t.Errorf("GreeterHolder.Greet = %q, %v", got, err)
	}
	if n := callbacks.LiveCallbackHandles(); n != 1 {
		t.Errorf("LiveCallbackHandles = %d while the holder holds the greeter, want 1", n)
	}
	h.Close()
	if n := callbacks.LiveCallbackHandles(); n != 0 {
		t.Errorf("LiveCallbackHandles = %d after closing the holder, want 0", n)
	}
	if _, err := h.Get(); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("Get after Close = %v, want ErrClosed", err)
	}
	if _, err := callbacks.NewGreeterHolder(nil); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("NewGreeterHolder(nil) = %v, want ErrClosed", err)
	}
}

// Many goroutines calling one Go greeter through Rust, directly and from Rust threads.
func TestGoGreeterConcurrently(t *testing.T) {
	expectNoLeaks(t)
	g := &goGreeter{prefix: "Hi"}
	h, err := callbacks.NewGreeterHolder(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	const goroutines, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan string, goroutines*each)
	for i := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				name := fmt.Sprintf("%d/%d", i, j)
				want := "Hi, " + name + " (from Go)"
				var got string
				var err error
				switch j % 3 {
				case 0:
					got, err = callbacks.GreetWith(g, name)
				case 1:
					got, err = callbacks.GreetOnThread(g, name)
				default:
					got, err = h.Greet(name)
				}
				if err != nil || got != want {
					errs <- fmt.Sprintf("%q, %v; want %q", got, err, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := g.Calls(); n != goroutines*each {
		t.Errorf("the Go Greeter ran %d times, want %d", n, goroutines*each)
	}
}

func TestRustGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := testutil.Must(callbacks.NewRustGreeter("Hi"))(t)
	rg, ok := g.(*callbacks.RustGreeter)
	if !ok {
		t.Fatalf("NewRustGreeter returned %T, want *callbacks.RustGreeter", g)
	}
	t.Cleanup(func() { rg.Close() })
	if got := g.Greet("Ann"); got != "Hi, Ann!" {
		t.Errorf("RustGreeter.Greet = %q", got)
	}
	if got, err := callbacks.GreetWith(g, "Bob"); err != nil || got != "Hi, Bob!" {
		t.Errorf("GreetWith(RustGreeter) = %q, %v", got, err)
	}
	if got, err := callbacks.GreetOnThread(g, "Cy"); err != nil || got != "Hi, Cy!" {
		t.Errorf("GreetOnThread(RustGreeter) = %q, %v", got, err)
	}
	if n := g.Calls(); n != 3 {
		t.Errorf("RustGreeter.Calls = %d, want 3", n)
	}
	same := testutil.Must(callbacks.SameGreeter(g))(t)
	rs, ok := same.(*callbacks.RustGreeter)
	if !ok {
		t.Fatalf("SameGreeter(RustGreeter) = %T, want *callbacks.RustGreeter", same)
	}
	t.Cleanup(func() { rs.Close() })
	if got := rs.Greet("Di"); got != "Hi, Di!" {
		t.Errorf("greeter from SameGreeter: Greet = %q", got)
	}
	// Both wrap the same Rust object, which counts the calls made through either.
	if a, b := g.Calls(), rs.Calls(); a != 4 || b != 4 {
		t.Errorf("Calls = %d and %d through the two wrappers, want 4 and 4", a, b)
	}
	holder, err := callbacks.NewGreeterHolder(g)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { holder.Close() })
	held, err := holder.Get()
	if err != nil {
		t.Fatal(err)
	}
	if hr, ok := held.(*callbacks.RustGreeter); !ok {
		t.Errorf("GreeterHolder(RustGreeter).Get() = %T", held)
	} else {
		defer hr.Close()
		if got := hr.Greet("Ed"); got != "Hi, Ed!" || g.Calls() != 5 {
			t.Errorf("held RustGreeter: Greet = %q, Calls = %d", got, g.Calls())
		}
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("a Rust greeter took a Go handle: LiveCallbackHandles = %d", h)
	}
}

// A closed RustGreeter: its methods panic with ErrClosed (their signature is the Greeter
// interface's, which has no error result), while the functions it is passed to return ErrClosed
// before reaching Rust. Other wrappers of the same Rust object are unaffected.
func TestClosedRustGreeter(t *testing.T) {
	expectNoLeaks(t)
	g := testutil.Must(callbacks.NewRustGreeter("Hi"))(t)
	rg := g.(*callbacks.RustGreeter)
	other := testutil.Must(callbacks.SameGreeter(g))(t).(*callbacks.RustGreeter)
	defer other.Close()
	rg.Close()
	rg.Close() // twice is harmless
	for name, f := range map[string]func(){
		"Greet": func() { rg.Greet("x") },
		"Calls": func() { rg.Calls() },
	} {
		p := recoverPanic(f)
		if err, ok := p.(error); !ok || !errors.Is(err, callbacks.ErrClosed) {
			t.Errorf("%s on a closed RustGreeter: panic %v (%T), want ErrClosed", name, p, p)
		}
	}
	for name, f := range map[string]func() error{
		"GreetWith":     func() error { _, err := callbacks.GreetWith(rg, "x"); return err },
		"GreetOnThread": func() error { _, err := callbacks.GreetOnThread(rg, "x"); return err },
		"SameGreeter": func() error {
			back, err := callbacks.SameGreeter(rg)
			if back != nil {
				return fmt.Errorf("returned %T %v", back, back)
			}
			return err
		},
		"GreetWith nil": func() error { _, err := callbacks.GreetWith(nil, "x"); return err },
	} {
		var err error
		if p := recoverPanic(func() { err = f() }); p != nil {
			t.Errorf("%s on a closed RustGreeter panicked with %v (%T), want the error ErrClosed", name, p, p)
		} else if !errors.Is(err, callbacks.ErrClosed) {
			t.Errorf("%s on a closed RustGreeter: error %v (%T), want ErrClosed", name, err, err)
		}
	}
	if _, err := callbacks.NewGreeterHolder(rg); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("NewGreeterHolder(closed) = %v, want ErrClosed", err)
	}
	if got, err := callbacks.GreetWith(other, "still"); err != nil || got != "Hi, still!" {
		t.Errorf("other wrapper after Close: GreetWith = %q, %v", got, err)
	}
}

// Rust's calls into Go values look their handles up without a lock, while other goroutines add
// and remove handles: the slot table grows by whole chunks past its first 64 slots and is let go
// when the last handle is freed. Every holder must keep reaching its own greeter throughout, and
// after each round no handle may be left.
func TestGreeterHandlesGrowAndShrinkWhileCalled(t *testing.T) {
	expectNoLeaks(t)
	const rounds, holders, callers = 3, 200, 4
	for round := range rounds {
		greeters := make([]*goGreeter, holders)
		held := make([]*callbacks.GreeterHolder, holders)
		var wg sync.WaitGroup
		errs := make(chan string, holders*callers)
		var made atomic.Int32
		// Holders are made on one goroutine while the others call those made so far.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range holders {
				greeters[i] = &goGreeter{prefix: fmt.Sprintf("r%d-g%d", round, i)}
				h, err := callbacks.NewGreeterHolder(greeters[i])
				if err != nil {
					errs <- err.Error()
					return
				}
				held[i] = h
				made.Store(int32(i + 1))
			}
		}()
		for c := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; k < holders; k++ {
					n := int(made.Load())
					if n == 0 {
						runtime.Gosched()
						continue
					}
					i := (k*7 + c) % n
					want := fmt.Sprintf("r%d-g%d, x (from Go)", round, i)
					if got, err := held[i].Greet("x"); err != nil || got != want {
						errs <- fmt.Sprintf("holder %d: %q, %v; want %q", i, got, err, want)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Fatal(e)
		}
		if n := callbacks.LiveCallbackHandles(); n < holders {
			t.Fatalf("round %d: %d live handles with %d holders", round, n, holders)
		}
		// Closed from several goroutines at once, so removals race with each other.
		var closing sync.WaitGroup
		for part := range 4 {
			closing.Add(1)
			go func() {
				defer closing.Done()
				for i := part; i < holders; i += 4 {
					held[i].Close()
				}
			}()
		}
		closing.Wait()
		if !waitFor(5*time.Second, func() bool { return callbacks.LiveCallbackHandles() == 0 }) {
			t.Fatalf("round %d: %d handles left after closing every holder", round, callbacks.LiveCallbackHandles())
		}
	}
}
