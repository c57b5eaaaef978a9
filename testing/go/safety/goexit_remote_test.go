//go:build !cgo || uniffi_remote

package safety_test

import (
	"testing"

	"uniffi-go.test/generated/safety"
)

// Over the remote transport Rust waits for a synchronous Go callback in the host process, not on
// the callback's thread: every callback runs on a goroutine of its own, so runtime.Goexit ends
// only that goroutine, and Rust gets an error naming the cause, as from an async method. The
// program goes on, on every synchronous path (the cgo build stops it instead: see
// goexit_cgo_test.go).
func TestGoexitInSyncCallbacks(t *testing.T) {
	expectNoLeaks(t)
	cases := []struct {
		what string
		call func() error
	}{
		{"SumValues(Goexit source) on the caller's thread", func() error { _, err := safety.SumValues(goexitSource{}, 2); return err }},
		{"LabelOf(Goexit source), a string result", func() error { _, err := safety.LabelOf(goexitSource{}); return err }},
		{"ValueOnThread(Goexit source) on a Rust thread", func() error { _, err := safety.ValueOnThread(goexitSource{}); return err }},
		{"RunWorker(Goexit worker), a Go trait object", func() error { _, err := safety.RunWorker(goexitWorker{}, 1); return err }},
	}
	for _, c := range cases {
		within(t, c.what, func() {
			wantInternalError(t, c.what, c.call(), "runtime.Goexit")
		})
	}
	stillWorks(t)
}
