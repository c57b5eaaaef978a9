package external_test

import (
	"errors"
	"math"
	"os"
	"testing"

	"uniffi-go.test/generated/extbase"
	"uniffi-go.test/generated/extuser"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when a Tally of the base crate outlives the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.CountErr("LiveTallies", extbase.LiveTallies),
	))
}

func TestLocalRecordHoldsTypesOfAnotherCrate(t *testing.T) {
	stops := []extbase.Coord{{Lat: 0, Lon: 0}, {Lat: 3, Lon: 4}}
	route, err := extuser.MakeRoute(stops, extbase.UnitKilometers)
	if err != nil {
		t.Fatal(err)
	}
	if route.Unit != extbase.UnitKilometers || len(route.Stops) != 2 || route.Stops[1] != stops[1] {
		t.Fatalf("route %+v", route)
	}
	if math.Abs(route.Length-555) > 1e-9 {
		t.Fatalf("length %v, want 555", route.Length)
	}
	meters, err := extuser.MakeRoute(stops, extbase.UnitMeters)
	if err != nil || math.Abs(meters.Length-555000) > 1e-6 {
		t.Fatalf("meters %v %v", meters.Length, err)
	}
}

func TestErrorOfAnotherCrate(t *testing.T) {
	c, err := extuser.ShiftNorth(extbase.Coord{Lat: 10, Lon: 20}, 5)
	if err != nil || c != (extbase.Coord{Lat: 15, Lon: 20}) {
		t.Fatalf("ShiftNorth = %+v, %v", c, err)
	}
	_, err = extuser.ShiftNorth(extbase.Coord{Lat: 80}, 20)
	var bad extbase.GeoErrorBadLatitude
	if !errors.As(err, &bad) || bad.Lat != 100 {
		t.Fatalf("got %v, want GeoErrorBadLatitude{100}", err)
	}
	var geo extbase.GeoError
	if !errors.As(err, &geo) {
		t.Fatal("errors.As with the error interface of the other package")
	}
}

func TestNestedTypesOfAnotherCrate(t *testing.T) {
	places := []extbase.Place{
		{Name: "Oslo", At: extbase.Coord{Lat: 59.9, Lon: 10.7}, Kind: extbase.PlaceKindCity{Population: 700000}},
		{Name: "Galdhøpiggen", At: extbase.Coord{Lat: 61.6, Lon: 8.3}, Kind: extbase.PlaceKindPeak{HeightM: 2469}},
		{Name: "Snøhetta", At: extbase.Coord{Lat: 62.3, Lon: 9.3}, Kind: extbase.PlaceKindPeak{HeightM: 2286}},
	}
	if got, err := extuser.DescribePlace(places[0]); err != nil || got != "Oslo (city of 700000)" {
		t.Fatalf("DescribePlace = %q, %v", got, err)
	}
	top, err := extuser.HighestPeak(places)
	if err != nil || top == nil || top.Name != "Galdhøpiggen" || top.Kind != (extbase.PlaceKindPeak{HeightM: 2469}) {
		t.Fatalf("HighestPeak = %+v, %v", top, err)
	}
	if none, err := extuser.HighestPeak(places[:1]); err != nil || none != nil {
		t.Fatalf("no peak: %+v, %v", none, err)
	}
}

func TestOtherCratesOwnFunctions(t *testing.T) {
	// The base crate's package works on its own, from the same library.
	m, err := extbase.Midpoint(extbase.Coord{Lat: 0, Lon: 0}, extbase.Coord{Lat: 2, Lon: 4})
	if err != nil || m != (extbase.Coord{Lat: 1, Lon: 2}) {
		t.Fatalf("Midpoint = %+v, %v", m, err)
	}
}

func liveTallies(t *testing.T) int64 {
	t.Helper()
	n, err := extbase.LiveTallies()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestObjectOfAnotherCrate(t *testing.T) {
	base := liveTallies(t)
	tally, err := extbase.NewTally(5)
	if err != nil {
		t.Fatal(err)
	}
	// Passed to the other crate's function, which keeps using it from Rust.
	if got, err := extuser.BumpTimes(tally, 3); err != nil || got != 8 {
		t.Fatalf("BumpTimes = %d, %v", got, err)
	}
	// Still the same object in Go.
	if got, err := tally.Count(); err != nil || got != 8 {
		t.Fatalf("Count = %d, %v", got, err)
	}
	// Made by the other crate's function, used with this package's methods.
	fresh, err := extuser.FreshTally(41)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fresh.Bump(); err != nil || got != 42 {
		t.Fatalf("Bump = %d, %v", got, err)
	}
	// A closed object is refused before Rust is called.
	fresh.Close()
	if _, err := extuser.BumpTimes(fresh, 1); !errors.Is(err, extbase.ErrClosed) {
		t.Fatalf("closed tally: %v", err)
	}
	if _, err := extuser.BumpTimes(nil, 1); !errors.Is(err, extbase.ErrClosed) {
		t.Fatalf("nil tally: %v", err)
	}
	tally.Close()
	if got := liveTallies(t); got != base {
		t.Fatalf("%d tallies alive, want %d", got, base)
	}
}

func TestObjectsOfAnotherCrateInsideARecord(t *testing.T) {
	base := liveTallies(t)
	board, err := extuser.MakeScoreboard(4)
	if err != nil || len(board.Tallies) != 4 || board.Name != "board of 4" {
		t.Fatalf("MakeScoreboard = %+v, %v", board, err)
	}
	if total, err := extuser.ScoreboardTotal(board); err != nil || total != 10 {
		t.Fatalf("total = %d, %v", total, err)
	}
	// One closed tally in the record: the call fails and every handle cloned for it is released.
	board.Tallies[2].Close()
	if _, err := extuser.ScoreboardTotal(board); !errors.Is(err, extbase.ErrClosed) {
		t.Fatalf("closed tally in a record: %v", err)
	}
	for _, tally := range board.Tallies {
		tally.Close()
	}
	if got := liveTallies(t); got != base {
		t.Fatalf("%d tallies alive, want %d", got, base)
	}
}

func TestCustomTypeConfiguredInAnotherCrate(t *testing.T) {
	// extbase converts Percent (whole points in Rust) to a float64 fraction; extuser's package
	// converts it the same way.
	if got, err := extuser.HalfPercent(0.5); err != nil || got != 0.25 {
		t.Fatalf("HalfPercent(0.5) = %v, %v", got, err)
	}
	d, err := extuser.DoubleDiscount(extbase.Discount{Off: 0.2})
	if err != nil || d.Off != 0.4 {
		t.Fatalf("DoubleDiscount = %+v, %v", d, err)
	}
}
