// Package nsfeatures_test covers a crate whose namespace, `features`, is also the name of a
// system C header: the generated header is `features_uniffi.h`, so glibc's `#include <features.h>`
// still finds its own.
package nsfeatures_test

import (
	"testing"

	"uniffi-go.test/generated/features"
)

func TestNamespaceNamedLikeASystemHeader(t *testing.T) {
	got, err := features.Add(2, 3)
	if err != nil || got != 5 {
		t.Fatalf("Add(2, 3) = %d, %v", got, err)
	}
	got, err = features.Add(1<<32-1, 1)
	if err != nil || got != 0 {
		t.Fatalf("Add(max, 1) = %d, %v; want 0 (wrapping)", got, err)
	}
}
