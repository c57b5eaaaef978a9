package callbacks_test

import (
	"errors"
	"fmt"
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
// and remove handles: the slot table grows by whole chunks past its first 64 slots, slots are
// emptied and reused, and the table is let go when the last handle is freed. Held greeters must
// keep answering with their own identity throughout, and after each round no handle may be left.
func TestGreeterHandlesGrowAndShrinkWhileCalled(t *testing.T) {
	expectNoLeaks(t)
	const rounds, kept, churners, churned = 3, 8, 2, 150
	for round := range rounds {
		held := make([]*callbacks.GreeterHolder, kept)
		for i := range held {
			held[i] = testutil.Must(callbacks.NewGreeterHolder(&goGreeter{prefix: fmt.Sprintf("r%d-k%d", round, i)}))(t)
		}
		errs := make(chan string, 1)
		report := func(msg string) {
			select {
			case errs <- msg:
			default:
			}
		}
		var stop atomic.Bool
		var calls atomic.Int64
		var callers sync.WaitGroup
		for c := range 3 {
			callers.Add(1)
			go func() {
				defer callers.Done()
				for k := c; !stop.Load(); k++ {
					i := k % kept
					want := fmt.Sprintf("r%d-k%d, x (from Go)", round, i)
					if got, err := held[i].Greet("x"); err != nil || got != want {
						report(fmt.Sprintf("held %d: %q, %v; want %q", i, got, err, want))
						return
					}
					calls.Add(1)
				}
			}()
		}
		// Meanwhile other goroutines make holders (growing the table) and close them (emptying
		// slots that later holders reuse), each checked once.
		var churn sync.WaitGroup
		for c := range churners {
			churn.Add(1)
			go func() {
				defer churn.Done()
				var live []*callbacks.GreeterHolder
				for j := range churned {
					prefix := fmt.Sprintf("r%d-c%d-%d", round, c, j)
					h, err := callbacks.NewGreeterHolder(&goGreeter{prefix: prefix})
					if err != nil {
						report(err.Error())
						return
					}
					if got, err := h.Greet("y"); err != nil || got != prefix+", y (from Go)" {
						report(fmt.Sprintf("new holder %s: %q, %v", prefix, got, err))
					}
					live = append(live, h)
					if j%3 == 2 { // keep the table growing while some slots are emptied
						live[0].Close()
						live = live[1:]
					}
				}
				for _, h := range live {
					h.Close()
				}
			}()
		}
		churn.Wait()
		stop.Store(true)
		callers.Wait()
		select {
		case e := <-errs:
			t.Fatal(e)
		default:
		}
		if calls.Load() == 0 {
			t.Fatal("no call reached a held greeter while the table changed")
		}
		if n := callbacks.LiveCallbackHandles(); n != kept {
			t.Fatalf("round %d: %d live handles with %d holders left", round, n, kept)
		}
		for _, h := range held {
			h.Close()
		}
		if !waitFor(5*time.Second, func() bool { return callbacks.LiveCallbackHandles() == 0 }) {
			t.Fatalf("round %d: %d handles left after closing every holder", round, callbacks.LiveCallbackHandles())
		}
	}
}
