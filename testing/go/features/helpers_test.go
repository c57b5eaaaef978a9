// Package features_test checks the featureset fixture (testing/fixtures/features): enum shapes,
// errors in every position, names that are Go keywords, docstrings and number limits, each
// value checked by Rust as well as round-tripped.
package features_test

import (
	"os"
	"testing"

	"uniffi-go.test/generated/featureset"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when Rust still holds a Go callback after the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m, testutil.Count("LiveCallbackHandles", featureset.LiveCallbackHandles)))
}

func ptr[T any](v T) *T { return &v }
