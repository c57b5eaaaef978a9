package safety_test

import (
	"testing"
	"time"

	"uniffi-go.test/generated/safety"
)

// Calls that block in Rust must not hold up other calls. In remote mode the host runs a call on
// the thread that read it, so this is what makes it hand the reading on to another thread.
func TestSlowCallsDoNotHoldUpOthers(t *testing.T) {
	expectNoLeaks(t)
	r, err := safety.NewResource("slow")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	const sleepMs = 1500
	done := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := r.Hold(sleepMs)
			done <- err
		}()
	}
	// Let both slow calls reach Rust before the quick ones start.
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	for i := range uint32(200) {
		got, err := safety.Add(i, 1)
		if err != nil || got != i+1 {
			t.Fatalf("Add(%d, 1) = %d, %v while slow calls run", i, got, err)
		}
	}
	if took := time.Since(start); took > sleepMs*time.Millisecond/2 {
		t.Errorf("200 quick calls took %v while two %d ms calls ran: they waited for them", took, sleepMs)
	}
	select {
	case err := <-done:
		t.Fatalf("a %d ms call ended before the quick calls did (err %v): the test measured nothing", sleepMs, err)
	default:
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatalf("Hold: %v", err)
		}
	}
}
