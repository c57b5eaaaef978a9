package safety_test

import (
	"context"
	"errors"
	"testing"

	"uniffi-go.test/generated/safety"
	"uniffi-go.test/internal/testutil"
)

// ---- values Rust refuses, placed before the handles Go makes ---------------------------------

// Rust lifts arguments, and the fields inside a buffer, in order and stops at the first it
// refuses: an object or Go value behind it is never read, so nothing would ever release the
// handle Go made for it. Every value Rust would refuse is refused in Go before any handle is
// made; expectNoLeaks then finds every Resource dropped and every Go value released.
func TestRefusedArgumentsLeakNoHandles(t *testing.T) {
	expectNoLeaks(t)
	r, err := safety.NewResource("kept")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	bad := "bad\xff"
	cases := []struct {
		what string
		call func() error
	}{
		{"a record holding an invalid string, then an object", func() error {
			_, err := safety.LabeledThenResource(safety.Labeled{Label: bad}, r)
			return err
		}},
		{"an invalid string in a sequence inside a record, then an object", func() error {
			_, err := safety.LabeledThenResource(safety.Labeled{Label: "ok", Tags: []string{"a", bad}}, r)
			return err
		}},
		{"an invalid optional string in a record, then a callback", func() error {
			_, err := safety.LabeledThenSource(safety.Labeled{Note: &bad}, constSource{value: 1})
			return err
		}},
		{"an enum holding an invalid string, then a Go trait object", func() error {
			_, err := safety.TokenThenWorker(safety.TokenText{Text: bad}, goWorker{})
			return err
		}},
		{"a nil enum, then a Go trait object", func() error {
			_, err := safety.TokenThenWorker(nil, goWorker{})
			return err
		}},
		{"a nil enum, then a Rust trait object", func() error {
			w, err := safety.DoublingWorker()
			if err != nil {
				return nil
			}
			_, err = safety.TokenThenWorker(nil, w)
			return err
		}},
		{"a flat enum out of range, then an object", func() error {
			_, err := safety.LevelThenResource(safety.Level(7), r)
			return err
		}},
		{"an invalid string in a record before the object it holds", func() error {
			_, err := safety.SumHolders([]safety.Holder{{Label: bad, Resource: r, Level: safety.LevelHigh}})
			return err
		}},
		{"a second holder with an invalid string after a first good one", func() error {
			_, err := safety.SumHolders([]safety.Holder{
				{Label: "a", Resource: r, Level: safety.LevelHigh},
				{Label: bad, Resource: r, Level: safety.LevelHigh},
			})
			return err
		}},
		{"a flat enum out of range after the object a record holds", func() error {
			_, err := safety.SumHolders([]safety.Holder{{Label: "a", Resource: r, Level: 0}, {Label: "b", Resource: r, Level: safety.LevelLow}})
			return err
		}},
		{"an invalid string in a record before a Go trait object it holds", func() error {
			_, err := safety.RunSlot(safety.WorkerSlot{Label: bad, Worker: goWorker{}}, 1)
			return err
		}},
		{"an async call: a record with an invalid string, then an object", func() error {
			_, err := safety.HolderThenResourceAsync(context.Background(), safety.Holder{Label: bad, Resource: r, Level: safety.LevelLow}, r)
			return err
		}},
	}
	for _, c := range cases {
		before := liveResources(t)
		if err := c.call(); err == nil {
			t.Errorf("%s: accepted", c.what)
		} else if !errors.As(err, new(*safety.InternalError)) {
			t.Errorf("%s: error %v (%T), want *InternalError", c.what, err, err)
		}
		if n := safety.LiveCallbackHandles(); n != 0 {
			t.Errorf("%s: %d Go callback handles left behind", c.what, n)
		}
		// The Rust object stays alive through r; a leaked clone is only seen when r is closed
		// (below), but a refused call must not create resources either.
		if n := liveResources(t); n != before {
			t.Errorf("%s: live resources %d, want %d", c.what, n, before)
		}
	}
	// The same values, valid, still work and leave nothing behind.
	if got, err := safety.LabeledThenResource(safety.Labeled{Label: "ab", Tags: []string{"x"}}, r); err != nil || got != 2+mustID(t, r) {
		t.Errorf("LabeledThenResource(valid) = %d, %v", got, err)
	}
	if got, err := safety.SumHolders([]safety.Holder{{Label: "a", Resource: r, Level: safety.LevelLow}, {Label: "b", Resource: r, Level: safety.LevelHigh}}); err != nil || got != 2*mustID(t, r) {
		t.Errorf("SumHolders(valid) = %d, %v", got, err)
	}
	if got, err := safety.RunSlot(safety.WorkerSlot{Label: "w", Worker: goWorker{}}, 4); err != nil || got == 0 {
		t.Errorf("RunSlot(valid) = %d, %v", got, err)
	}
	// Closing r drops the Rust object only if no clone leaked.
	dropped := droppedResources(t)
	r.Close()
	if !eventually(func() bool { return droppedResources(t) == dropped+1 }) {
		t.Fatalf("the resource passed to refused calls was not dropped after Close: a clone leaked")
	}
	stillWorks(t)
}

func mustID(t *testing.T, r *safety.Resource) uint64 {
	t.Helper()
	id, err := r.ID()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A closed object in a later buffer argument fails the call in Go after an earlier argument's
// lowering cloned handles for Rust: those clones are released, so closing the object drops it.
func TestClosedObjectInALaterArgumentReleasesEarlierClones(t *testing.T) {
	open := testutil.Must(safety.NewResource("open"))(t)
	closed := testutil.Must(safety.NewResource("closed"))(t)
	closed.Close()
	_, err := safety.SumTwoLists([]*safety.Resource{open, open}, []*safety.Resource{closed})
	if !errors.Is(err, safety.ErrClosed) {
		t.Fatalf("SumTwoLists(open, closed) = %v, want ErrClosed", err)
	}
	if got, err := safety.SumTwoLists([]*safety.Resource{open}, nil); err != nil || got != mustID(t, open) {
		t.Fatalf("SumTwoLists(open, none) = %d, %v", got, err)
	}
	dropped := droppedResources(t)
	open.Close()
	if !eventually(func() bool { return droppedResources(t) == dropped+1 }) {
		t.Fatal("the object of the first list was not dropped after Close: its clones leaked")
	}
}
