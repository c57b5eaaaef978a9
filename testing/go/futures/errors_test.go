package futures_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"uniffi-go.test/generated/futures"
)

func TestCheckLimitTooBig(t *testing.T) {
	expectNoLeaks(t)
	v, err := futures.CheckLimit(context.Background(), 5, 3)
	if err == nil {
		t.Fatalf("CheckLimit(5, 3) = %d, nil; want an error", v)
	}
	if v != 0 {
		t.Errorf("CheckLimit(5, 3) returned %d along with its error", v)
	}
	var tooBig futures.FutureErrorTooBig
	if !errors.As(err, &tooBig) {
		t.Fatalf("CheckLimit(5, 3) error %T %v is not a FutureErrorTooBig", err, err)
	}
	if tooBig != (futures.FutureErrorTooBig{Value: 5, Limit: 3}) {
		t.Errorf("CheckLimit(5, 3) error = %+v, want {Value:5 Limit:3}", tooBig)
	}
	var declared futures.FutureError
	if !errors.As(err, &declared) {
		t.Errorf("CheckLimit(5, 3) error %T does not match the FutureError interface", err)
	}
	if !errors.Is(err, futures.FutureErrorTooBig{}) {
		t.Errorf("errors.Is(%v, FutureErrorTooBig{}) = false", err)
	}
	if errors.Is(err, futures.FutureErrorEmpty{}) {
		t.Errorf("errors.Is(%v, FutureErrorEmpty{}) = true", err)
	}
	var internal *futures.InternalError
	if errors.As(err, &internal) {
		t.Errorf("a declared error came back as an InternalError: %v", err)
	}
	// Still recognisable when wrapped by the caller.
	if wrapped := fmt.Errorf("checking: %w", err); !errors.Is(wrapped, futures.FutureErrorTooBig{}) {
		t.Errorf("wrapped error no longer matches FutureErrorTooBig")
	}
}

func TestCheckLimitWithinLimit(t *testing.T) {
	expectNoLeaks(t)
	for _, c := range [][2]uint32{{3, 3}, {0, 0}, {2, 9}, {math.MaxUint32, math.MaxUint32}} {
		v, err := futures.CheckLimit(context.Background(), c[0], c[1])
		if err != nil || v != c[0] {
			t.Errorf("CheckLimit(%d, %d) = %d, %v", c[0], c[1], v, err)
		}
	}
}

func TestRequireText(t *testing.T) {
	expectNoLeaks(t)
	ctx := context.Background()
	got, err := futures.RequireText(ctx, "")
	if !errors.Is(err, futures.FutureErrorEmpty{}) {
		t.Fatalf("RequireText(\"\") = %q, %v; want FutureErrorEmpty", got, err)
	}
	var empty futures.FutureErrorEmpty
	if !errors.As(err, &empty) {
		t.Errorf("RequireText(\"\") error %T is not a FutureErrorEmpty", err)
	}
	if errors.Is(err, futures.FutureErrorTooBig{}) {
		t.Errorf("RequireText(\"\") error matches FutureErrorTooBig")
	}
	for _, s := range []string{"x", "some text ✓"} {
		got, err := futures.RequireText(ctx, s)
		if err != nil || got != s {
			t.Errorf("RequireText(%q) = %q, %v", s, got, err)
		}
	}
}
