// Package tupleenum_test covers enum and error variants with unnamed (tuple) fields
// (testing/fixtures/tupleenum): in Go their fields are V1, V2, ... by position.
package tupleenum_test

import (
	"errors"
	"reflect"
	"testing"

	"uniffi-go.test/generated/tupleenum"
)

func TestTupleVariants(t *testing.T) {
	cases := []struct {
		v    tupleenum.TupleEnum
		rust string
	}{
		{tupleenum.TupleEnumPair{V1: -1, V2: "two"}, `Pair(-1, "two")`},
		{tupleenum.TupleEnumSingle{V1: 1 << 63}, "Single(9223372036854775808)"},
		{tupleenum.TupleEnumEmpty{}, "Empty"},
	}
	for _, tc := range cases {
		got, err := tupleenum.DescribeTupleEnum(tc.v)
		if err != nil || got != tc.rust {
			t.Errorf("Rust saw %q, %v; want %q", got, err, tc.rust)
		}
		back, err := tupleenum.RoundtripTupleEnum(tc.v)
		if err != nil || !reflect.DeepEqual(back, tc.v) {
			t.Errorf("RoundtripTupleEnum(%#v) = %#v, %v", tc.v, back, err)
		}
	}
}

func TestTupleErrorVariant(t *testing.T) {
	err := tupleenum.FailTuple(7, "seven")
	var coded tupleenum.TupleErrorCoded
	if !errors.As(err, &coded) || coded.V1 != 7 || coded.V2 != "seven" {
		t.Fatalf("FailTuple error = %#v", err)
	}
}
