package callbacks_test

import (
	"errors"
	"sync"
	"testing"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

func TestDescriber(t *testing.T) {
	expectNoLeaks(t)
	d := testutil.Must(callbacks.NewRustDescriber("a Rust thing ✓"))(t)
	rd, ok := d.(*callbacks.RustDescriber)
	if !ok {
		t.Fatalf("NewRustDescriber returned %T", d)
	}
	if got := d.Describe(); got != "a Rust thing ✓" {
		t.Errorf("Describe = %q", got)
	}
	if got, err := callbacks.DescribeWith(d); err != nil || got != "a Rust thing ✓" {
		t.Errorf("DescribeWith(RustDescriber) = %q, %v", got, err)
	}
	// A Go implementation cannot be passed to Rust: the function returns an *InternalError
	// before calling Rust, and takes no handle.
	got, err := callbacks.DescribeWith(goDescriber{})
	testutil.Expect[*callbacks.InternalError](t, "DescribeWith(Go implementation)", err, "only Rust implementations of Describer")
	if got != "" {
		t.Errorf("DescribeWith(Go implementation) returned %q along with its error", got)
	}
	if h := callbacks.LiveCallbackHandles(); h != 0 {
		t.Errorf("LiveCallbackHandles = %d after the refused call", h)
	}
	if _, err := callbacks.DescribeWith(nil); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("DescribeWith(nil): error %v, want ErrClosed", err)
	}
	rd.Close()
	if _, err := callbacks.DescribeWith(rd); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("DescribeWith(closed): error %v, want ErrClosed", err)
	}
	// Describe is a method of the Describer interface, without an error result: it panics.
	p := recoverPanic(func() { rd.Describe() })
	if err, ok := p.(error); !ok || !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("Describe after Close: panic %v, want ErrClosed", p)
	}
	empty := testutil.Must(callbacks.NewRustDescriber(""))(t)
	defer empty.(*callbacks.RustDescriber).Close()
	if got, err := callbacks.DescribeWith(empty); err != nil || got != "" {
		t.Errorf("DescribeWith(empty) = %q, %v", got, err)
	}
}

// mapStore is a Go implementation of the foreign-only Store trait.
type mapStore struct {
	mu     sync.Mutex
	values map[string]string
}

func (s *mapStore) Get(key string) *string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	if !ok {
		return nil
	}
	return &v
}

func (s *mapStore) Put(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[key] = value
}

// A foreign-only trait (#[uniffi::export(foreign)]) has no Rust implementations: Go values go in
// and come back out as themselves.
func TestForeignOnlyTrait(t *testing.T) {
	expectNoLeaks(t)
	store := &mapStore{values: map[string]string{}}
	got, err := callbacks.StoreRoundtrip(store, "k", "v ✓")
	if err != nil || got == nil || *got != "v ✓" {
		t.Fatalf("StoreRoundtrip = %v, %v", got, err)
	}
	if store.values["k"] != "v ✓" {
		t.Fatalf("the Go store holds %q", store.values["k"])
	}
	if back, err := callbacks.SameStore(store); err != nil || back != callbacks.Store(store) {
		t.Fatalf("SameStore returned %#v, %v; not the Go store", back, err)
	}
	if got, err := callbacks.StoreRoundtrip(nil, "k", "v"); !errors.Is(err, callbacks.ErrClosed) || got != nil {
		t.Fatalf("StoreRoundtrip(nil) = %v, %v; want ErrClosed", got, err)
	}
}
