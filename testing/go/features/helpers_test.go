// Package features_test checks the featureset fixture (testing/fixtures/features): enum shapes,
// errors in every position, names that are Go keywords, docstrings and number limits, each
// value checked by Rust as well as round-tripped.
package features_test

import (
	"errors"
	"testing"

	"uniffi-go.test/generated/featureset"
)

// result holds the two results of a generated function, so a call reads
// check(featureset.F(x)).must(t).
type result[T any] struct {
	v   T
	err error
}

func check[T any](v T, err error) result[T] { return result[T]{v, err} }

// must fails the test when the call returned an error, and returns its value.
func (r result[T]) must(t testing.TB) T {
	t.Helper()
	if r.err != nil {
		t.Fatalf("unexpected error: %v (%T)", r.err, r.err)
	}
	return r.v
}

// internalError fails the test unless err is a *featureset.InternalError.
func internalError(t testing.TB, err error) *featureset.InternalError {
	t.Helper()
	var ie *featureset.InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not a *featureset.InternalError", err, err)
	}
	return ie
}

func ptr[T any](v T) *T { return &v }
