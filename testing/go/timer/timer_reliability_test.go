package timer_test

import (
	"errors"
	"testing"

	"uniffi-go.test/generated/timer"
)

// nopJobListener ignores job events.
type nopJobListener struct{}

func (nopJobListener) OnJobFired(timer.JobEvent) {}

// A job Rust refuses (a name or payload that is not UTF-8, nested in the JobSpec record, which
// Rust reads before the listener) leaves no Go listener behind: the call fails before Go hands
// Rust the listener's handle.
func TestRefusedJobLeavesNoListenerBehind(t *testing.T) {
	tm := newTimer(t, "refused")
	bad := "bad\xff"
	for _, job := range []timer.JobSpec{
		{Name: bad},
		{Name: "ok", Payload: &bad},
	} {
		_, err := tm.StartJob(job, nopJobListener{})
		var internal *timer.InternalError
		if !errors.As(err, &internal) {
			t.Fatalf("StartJob(%q) error = %v, want *InternalError", job.Name, err)
		}
		if n := timer.LiveCallbackHandles(); n != 0 {
			t.Fatalf("StartJob(%q) refused, but %d Go callback handles remain", job.Name, n)
		}
	}
	if err := tm.Close(); err != nil {
		t.Fatal(err)
	}
	if n := timer.LiveCallbackHandles(); n != 0 {
		t.Fatalf("LiveCallbackHandles() = %d after Close", n)
	}
}
