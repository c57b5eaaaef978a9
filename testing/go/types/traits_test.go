package types_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"uniffi-go.test/generated/types"
	"uniffi-go.test/internal/testutil"
)

func TestObjectTraitMethods(t *testing.T) {
	v12 := testutil.Must(types.NewVersion(1, 2))(t)
	defer v12.Close()
	v12b := testutil.Must(types.NewVersion(1, 2))(t)
	defer v12b.Close()
	v20 := testutil.Must(types.NewVersion(2, 0))(t)
	defer v20.Close()

	if got := v12.String(); got != "v1.2" {
		t.Errorf("String = %q", got)
	}
	if got := fmt.Sprint(v12); got != "v1.2" {
		t.Errorf("fmt.Sprint = %q (Stringer not used)", got)
	}
	if got := fmt.Sprintf("%#v", v12); got != "Version { major: 1, minor: 2 }" {
		t.Errorf("%%#v = %q (GoStringer not used)", got)
	}
	if !v12.Equal(v12b) || v12.Equal(v20) {
		t.Error("Equal disagrees with Rust's PartialEq")
	}
	if v12.Hash() != v12b.Hash() || v12.Hash() != testutil.Must(types.VersionHash(1, 2))(t) {
		t.Errorf("Hash %d, Rust says %d", v12.Hash(), testutil.Must(types.VersionHash(1, 2))(t))
	}
	if v12.Compare(v20) != -1 || v20.Compare(v12) != 1 || v12.Compare(v12b) != 0 {
		t.Error("Compare disagrees with Rust's Ord")
	}
	sorted := []*types.Version{v20, v12}
	slices.SortFunc(sorted, (*types.Version).Compare)
	if sorted[0] != v12 {
		t.Error("sorting with Compare")
	}
}

func TestTraitMethodOnClosedObjectPanicsWithErrClosed(t *testing.T) {
	v := testutil.Must(types.NewVersion(3, 4))(t)
	v.Close()
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, types.ErrClosed) {
			t.Fatalf("recovered %v, want ErrClosed", err)
		}
	}()
	_ = v.String()
	t.Fatal("String on a closed object did not panic")
}

func TestRecordMethodsAndTraits(t *testing.T) {
	p := types.GridPoint{X: 3, Y: -4}
	if got := testutil.Must(p.Distance(testutil.Must(types.Origin())(t)))(t); got != 7 {
		t.Errorf("Distance = %d", got)
	}
	if got := testutil.Must(p.Moved(1, 1))(t); got != (types.GridPoint{X: 4, Y: -3}) {
		t.Errorf("Moved = %+v", got)
	}
	if p.String() != "(3, -4)" || fmt.Sprintf("%#v", p) != "GridPoint { x: 3, y: -4 }" {
		t.Errorf("String %q GoString %q", p.String(), p.GoString())
	}
	q := types.GridPoint{X: 3, Y: 5}
	if !p.Equal(types.GridPoint{X: 3, Y: -4}) || p.Equal(q) {
		t.Error("Equal")
	}
	if p.Compare(q) != -1 || q.Compare(p) != 1 || p.Hash() == q.Hash() {
		t.Errorf("Compare %d %d, hashes %d %d", p.Compare(q), q.Compare(p), p.Hash(), q.Hash())
	}
}

func TestEnumMethodsAndTraits(t *testing.T) {
	if got := testutil.Must(types.CompassWest.Turned())(t); got != types.CompassNorth {
		t.Errorf("Turned = %v", got)
	}
	// Rust's Display replaces the default variant-name String.
	if got := types.CompassEast.String(); got != "heading East" {
		t.Errorf("String = %q", got)
	}
	if !types.CompassEast.Equal(types.CompassEast) || types.CompassEast.Equal(types.CompassWest) {
		t.Error("Equal")
	}
	// Enums with data are interfaces in Go: their methods are functions.
	sq := types.FigureSquare{Side: 3}
	if got := testutil.Must(types.FigureArea(sq))(t); got != 9 {
		t.Errorf("FigureArea = %d", got)
	}
	if got := testutil.Must(types.FigureArea(types.FigureRect{W: 2, H: 5}))(t); got != 10 {
		t.Errorf("FigureArea rect = %d", got)
	}
	if got := types.FigureString(sq); got != "square 3" {
		t.Errorf("FigureString = %q", got)
	}
	if !types.FigureEqual(sq, types.FigureSquare{Side: 3}) || types.FigureEqual(sq, types.FigureRect{W: 3, H: 3}) {
		t.Error("FigureEqual")
	}
}
