package roundtrip_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"uniffi-go.test/generated/roundtrip"
)

func TestArithmeticErrors(t *testing.T) {
	t.Run("add overflow", func(t *testing.T) {
		v, err := roundtrip.CheckedAdd(math.MaxUint64, 1)
		if err == nil {
			t.Fatalf("CheckedAdd(max, 1) = %d, want an error", v)
		}
		if v != 0 {
			t.Fatalf("value with an error = %d, want 0", v)
		}
		var asInterface roundtrip.ArithmeticError
		if !errors.As(err, &asInterface) {
			t.Fatalf("%v (%T) is not an ArithmeticError", err, err)
		}
		var overflow roundtrip.ArithmeticErrorIntegerOverflow
		if !errors.As(err, &overflow) {
			t.Fatalf("%v (%T) is not an IntegerOverflow", err, err)
		}
		const want = "integer overflow: 18446744073709551615 + 1"
		if overflow.Message != want {
			t.Fatalf("Message = %q, want %q", overflow.Message, want)
		}
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("Error() = %q, want it to contain %q", err.Error(), want)
		}
		if !errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatal("errors.Is(err, IntegerOverflow{}) = false")
		}
		if errors.Is(err, roundtrip.ArithmeticErrorDivisionByZero{}) {
			t.Fatal("errors.Is(err, DivisionByZero{}) = true for an overflow")
		}
		var ie *roundtrip.InternalError
		if errors.As(err, &ie) {
			t.Fatal("a declared error is also an *InternalError")
		}
		wrapped := fmt.Errorf("while adding: %w", err)
		if !errors.Is(wrapped, roundtrip.ArithmeticErrorIntegerOverflow{}) || !errors.As(wrapped, &asInterface) {
			t.Fatal("wrapped error no longer matches its variant")
		}
	})
	t.Run("division by zero", func(t *testing.T) {
		_, err := roundtrip.CheckedDiv(5, 0)
		var div roundtrip.ArithmeticErrorDivisionByZero
		if !errors.As(err, &div) {
			t.Fatalf("CheckedDiv(5, 0) error = %v (%T), want DivisionByZero", err, err)
		}
		if !errors.Is(err, roundtrip.ArithmeticErrorDivisionByZero{}) || errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatal("errors.Is matches the wrong variant")
		}
		if !strings.Contains(err.Error(), "division by zero: 5 / 0") {
			t.Fatalf("Error() = %q", err.Error())
		}
	})
	t.Run("division overflow", func(t *testing.T) {
		_, err := roundtrip.CheckedDiv(math.MinInt64, -1)
		if !errors.Is(err, roundtrip.ArithmeticErrorIntegerOverflow{}) {
			t.Fatalf("CheckedDiv(min, -1) error = %v, want IntegerOverflow", err)
		}
		if !strings.Contains(err.Error(), "-9223372036854775808 / -1") {
			t.Fatalf("Error() = %q", err.Error())
		}
	})
	t.Run("successes", func(t *testing.T) {
		adds := []struct{ a, b, want uint64 }{
			{2, 3, 5},
			{0, 0, 0},
			{math.MaxUint64 - 1, 1, math.MaxUint64},
			{math.MaxUint64, 0, math.MaxUint64},
		}
		for _, tc := range adds {
			got, err := roundtrip.CheckedAdd(tc.a, tc.b)
			if err != nil || got != tc.want {
				t.Errorf("CheckedAdd(%d, %d) = %d, %v; want %d", tc.a, tc.b, got, err, tc.want)
			}
		}
		divs := []struct{ a, b, want int64 }{
			{7, 2, 3},
			{-7, 2, -3},
			{0, -5, 0},
			{math.MinInt64, 1, math.MinInt64},
			{math.MaxInt64, -1, -math.MaxInt64},
		}
		for _, tc := range divs {
			got, err := roundtrip.CheckedDiv(tc.a, tc.b)
			if err != nil || got != tc.want {
				t.Errorf("CheckedDiv(%d, %d) = %d, %v; want %d", tc.a, tc.b, got, err, tc.want)
			}
		}
	})
}

func TestValidationErrors(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		got, err := roundtrip.ValidateName("")
		var ve roundtrip.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("ValidateName(\"\") = %q, %v; want a ValidationError", got, err)
		}
		var empty roundtrip.ValidationErrorEmpty
		if !errors.As(err, &empty) {
			t.Fatalf("error %v (%T) is not Empty", err, err)
		}
		if !errors.Is(err, roundtrip.ValidationErrorEmpty{}) || errors.Is(err, roundtrip.ValidationErrorTooShort{}) {
			t.Fatal("errors.Is matches the wrong variant")
		}
		if got != "" {
			t.Fatalf("value with an error = %q", got)
		}
	})
	tooShort := []struct {
		name   string
		actual uint32
	}{
		{"a", 1},
		{"ab", 2},
		{"zë", 2}, // counted in characters, not bytes
		{"😀😀", 2},
	}
	for _, tc := range tooShort {
		t.Run("too short "+tc.name, func(t *testing.T) {
			_, err := roundtrip.ValidateName(tc.name)
			var ts roundtrip.ValidationErrorTooShort
			if !errors.As(err, &ts) {
				t.Fatalf("error %v (%T) is not TooShort", err, err)
			}
			if ts.Min != 3 || ts.Actual != tc.actual {
				t.Fatalf("TooShort{Min: %d, Actual: %d}, want {3, %d}", ts.Min, ts.Actual, tc.actual)
			}
			if want := fmt.Sprintf("roundtrip: validation error too short: min=3, actual=%d", tc.actual); err.Error() != want {
				t.Fatalf("Error() = %q, want %q", err.Error(), want)
			}
			if !errors.Is(err, roundtrip.ValidationErrorTooShort{}) {
				t.Fatal("errors.Is(err, TooShort{}) = false")
			}
			var asInterface roundtrip.ValidationError
			if !errors.As(err, &asInterface) {
				t.Fatal("not a ValidationError")
			}
		})
	}
	t.Run("forbidden", func(t *testing.T) {
		_, err := roundtrip.ValidateName("root")
		var fb roundtrip.ValidationErrorForbidden
		if !errors.As(err, &fb) {
			t.Fatalf("error %v (%T) is not Forbidden", err, err)
		}
		if fb.Word != "root" {
			t.Fatalf("Forbidden.Word = %q", fb.Word)
		}
		if want := `roundtrip: validation error forbidden: word="root"`; err.Error() != want {
			t.Fatalf("Error() = %q, want %q", err.Error(), want)
		}
		if !errors.Is(err, roundtrip.ValidationErrorForbidden{}) || errors.Is(err, roundtrip.ValidationErrorEmpty{}) {
			t.Fatal("errors.Is matches the wrong variant")
		}
		var ae roundtrip.ArithmeticError
		if errors.As(err, &ae) {
			t.Fatal("a ValidationError also matches ArithmeticError")
		}
	})
	successes := []struct{ in, want string }{
		{"alice", "ALICE"},
		{"zoë", "ZOË"},
		{"Root", "ROOT"},
		{"abc", "ABC"},
		{"straße", "STRASSE"},
	}
	for _, tc := range successes {
		t.Run("accepts "+tc.in, func(t *testing.T) {
			got, err := roundtrip.ValidateName(tc.in)
			if err != nil {
				t.Fatalf("ValidateName(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Fatalf("ValidateName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
