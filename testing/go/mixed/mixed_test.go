// A crate mixing UDL and proc-macros, bound in library mode: the UDL items and the proc-macro
// ones are all in the package, working together. (UDL mode refuses this crate, naming the
// proc-macro items it cannot see: testing/run-tests.sh checks that.)
package mixed_test

import (
	"testing"

	"uniffi-go.test/generated/mixed"
	"uniffi-go.test/internal/testutil"
)

func TestUDLAndProcMacroItemsTogether(t *testing.T) {
	if got := testutil.Must(mixed.UdlDouble(21))(t); got != 42 {
		t.Errorf("UdlDouble(21) = %d", got)
	}
	c := testutil.Must(mixed.NewCounter(5))(t)
	defer c.Close()
	// A proc-macro method on a UDL object.
	if got := testutil.Must(c.Add(3))(t); got != 8 {
		t.Errorf("Add(3) = %d, want 8", got)
	}
	if got := testutil.Must(c.Value())(t); got != 8 {
		t.Errorf("Value() = %d, want 8", got)
	}
	// A proc-macro record holding UDL records.
	s := mixed.Segment{From: mixed.UdlPoint{X: 1, Y: 2}, To: mixed.UdlPoint{X: 4, Y: 6}}
	if got := testutil.Must(mixed.SegmentLengthSquared(s))(t); got != 25 {
		t.Errorf("SegmentLengthSquared = %d, want 25", got)
	}
}
