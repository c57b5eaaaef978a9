package roundtrip_test

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

func TestRustPanics(t *testing.T) {
	t.Run("function with an error result", func(t *testing.T) {
		v, err := roundtrip.PanicOrAdd(true, 1, 2)
		if err == nil {
			t.Fatalf("PanicOrAdd(true) = %d, want an error", v)
		}
		var ie *roundtrip.InternalError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v (%T) is not *InternalError", err, err)
		}
		if !strings.Contains(ie.Message, "panic_or_add asked to panic") {
			t.Fatalf("Message = %q, want Rust's panic message", ie.Message)
		}
		if !strings.Contains(err.Error(), "panic_or_add asked to panic") {
			t.Fatalf("Error() = %q", err.Error())
		}
		var ae roundtrip.ArithmeticError
		if errors.As(err, &ae) {
			t.Fatal("a panic is reported as a declared ArithmeticError")
		}
		if got, err := roundtrip.PanicOrAdd(false, 1, 2); err != nil || got != 3 {
			t.Fatalf("PanicOrAdd(false, 1, 2) after a panic = %d, %v", got, err)
		}
		if _, err := roundtrip.PanicOrAdd(false, math.MaxUint64, 1); !errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatalf("PanicOrAdd(false, max, 1) error = %v, want IntegerOverflow", err)
		}
	})
	t.Run("function without a declared error", func(t *testing.T) {
		const msg = "boom ✨ with\x00nul"
		err := roundtrip.PanicNow(msg)
		ie := testutil.As[*roundtrip.InternalError](t, "PanicNow", err)
		if !strings.Contains(ie.Message, msg) {
			t.Fatalf("Message = %q, want it to contain %q", ie.Message, msg)
		}
		if !strings.Contains(err.Error(), msg) {
			t.Fatalf("Error() = %q, want it to contain %q", err.Error(), msg)
		}
		if got, err := roundtrip.RoundtripI32(41); err != nil || got != 41 {
			t.Fatalf("call after a panic returned %d, %v", got, err)
		}
	})
	t.Run("repeated panics", func(t *testing.T) {
		for i := range 5 {
			msg := "panic number " + strconv.Itoa(i)
			ie := testutil.As[*roundtrip.InternalError](t, "PanicNow", roundtrip.PanicNow(msg))
			if !strings.Contains(ie.Message, msg) {
				t.Fatalf("Message = %q, want %q", ie.Message, msg)
			}
		}
		if got, err := roundtrip.RoundtripI32(42); err != nil || got != 42 {
			t.Fatalf("call after repeated panics returned %d, %v", got, err)
		}
	})
}

// uniffi passes an argument's length as an i32. A longer string or slice must be refused with an
// error naming the argument, not cut to its length modulo 2^32. The 2 GiB slice is never written,
// so the OS backs it with no memory.
func TestArgumentsBeyondTwoGiBAreRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("maps 2 GiB of address space")
	}
	huge := make([]byte, 1<<31)
	check := func(what string, err error) {
		t.Helper()
		var internal *roundtrip.InternalError
		if !errors.As(err, &internal) || !strings.Contains(internal.Message, "argument v is 2147483648 bytes") {
			t.Fatalf("%s of 2 GiB: err = %v, want an *InternalError naming the argument and its size", what, err)
		}
	}
	_, err := roundtrip.RoundtripString(unsafe.String(&huge[0], len(huge)))
	check("string", err)
	_, err = roundtrip.RoundtripBytes(huge)
	check("bytes", err)
}
