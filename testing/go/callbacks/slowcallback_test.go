package callbacks_test

import (
	"testing"
	"time"

	"uniffi-go.test/generated/callbacks"
)

// slowStore is a Store whose methods take a few milliseconds, as a Go method that does I/O would.
type slowStore struct {
	mapStore
	delay time.Duration
}

func (s *slowStore) Get(key string) *string {
	time.Sleep(s.delay)
	return s.mapStore.Get(key)
}

func (s *slowStore) Put(key, value string) {
	time.Sleep(s.delay)
	s.mapStore.Put(key, value)
}

// One Rust call that makes several slow Go calls in turn. Over the remote transport the host's
// thread that waits for each answer reads the socket itself, and a standby thread takes the
// reading over while the Go method is slow: whoever reads must pass each answer on.
func TestSlowCallbacksInOneCall(t *testing.T) {
	expectNoLeaks(t)
	store := &slowStore{mapStore: mapStore{values: map[string]string{}}, delay: 3 * time.Millisecond}
	done := make(chan error, 1)
	go func() {
		for i := range 20 {
			want := string(rune('a' + i))
			got, err := callbacks.StoreRoundtrip(store, "k", want)
			if err != nil || got == nil || *got != want {
				t.Errorf("StoreRoundtrip(%q) = %v, %v", want, got, err)
				break
			}
		}
		done <- nil
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("20 StoreRoundtrip calls with 3 ms Go methods did not finish in 20 s: a callback's answer was never passed on")
	}
}
