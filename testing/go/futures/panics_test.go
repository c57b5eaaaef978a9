package futures_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"uniffi-go.test/generated/futures"
)

func TestPanicInsideFuture(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	for _, msg := range []string{"boom", "kaboom ✓ with unicode"} {
		v, err := futures.PanicAsync(ctx, msg)
		var internal *futures.InternalError
		if !errors.As(err, &internal) {
			t.Fatalf("PanicAsync(%q) = %d, %v (%T); want an *InternalError", msg, v, err, err)
		}
		if !strings.Contains(internal.Message, msg) || !strings.Contains(err.Error(), msg) {
			t.Errorf("PanicAsync(%q) error %q does not carry the panic message", msg, err)
		}
		if v != 0 {
			t.Errorf("PanicAsync returned %d along with its error", v)
		}
		var declared futures.FutureError
		if errors.As(err, &declared) {
			t.Errorf("a panic came back as a declared error: %v", err)
		}
		// The library keeps working after the panic.
		if got, err := futures.ReadyU32(ctx, 7); err != nil || got != 7 {
			t.Fatalf("ReadyU32 after a panic = %d, %v", got, err)
		}
		if got, err := futures.ThreadSleep(ctx, 1); err != nil || got != 1 {
			t.Fatalf("ThreadSleep after a panic = %d, %v", got, err)
		}
	}
}
