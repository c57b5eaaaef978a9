// The excluded fixture's uniffi.toml excludes every item that uses another crate's types: its
// package compiles (go vet rejects an unused import) and what is left works.
package excluded_test

import (
	"testing"

	"uniffi-go.test/generated/excluded"
	"uniffi-go.test/internal/testutil"
)

func TestWhatExcludeLeavesWorks(t *testing.T) {
	if got := testutil.Must(excluded.Kept(14))(t); got != 42 {
		t.Errorf("Kept(14) = %d, want 42", got)
	}
}
