package external_test

import (
	"errors"
	"fmt"
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
		testutil.Count("LiveCallbackHandles", extbase.LiveCallbackHandles),
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

// goNamer is a Go implementation of the base crate's trait, passed to the other crate's API.
type goNamer struct{ prefix string }

func (n goNamer) Name(id uint32) string { return fmt.Sprintf("%s-%d", n.prefix, id) }

// goListener is a Go implementation of the base crate's callback interface.
type goListener struct{ heard []string }

func (l *goListener) Heard(message string) uint32 {
	l.heard = append(l.heard, message)
	return uint32(len(message))
}

// A trait and a callback interface defined in one crate and used in another crate's API take Go
// and Rust implementations across the two packages, in arguments, results and records.
func TestInterfacesOfAnotherCrate(t *testing.T) {
	got := testutil.Must(extuser.NameTwice(goNamer{"go"}, 7))(t)
	if got != "go-7+go-8" {
		t.Errorf("NameTwice(Go namer) = %q", got)
	}
	rust := testutil.Must(extbase.MakeRustNamer())(t)
	if got := testutil.Must(extuser.NameTwice(rust, 1))(t); got != "rust-1+rust-2" {
		t.Errorf("NameTwice(Rust namer) = %q", got)
	}
	// A Go value comes back as the very value Go handed over; a Rust one as a Rust value.
	back := testutil.Must(extuser.KeepNamer(goNamer{"mine"}))(t)
	if n, ok := back.(goNamer); !ok || n.prefix != "mine" {
		t.Errorf("KeepNamer(Go namer) = %#v, want the Go value", back)
	}
	rustBack := testutil.Must(extuser.KeepNamer(rust))(t)
	if rustBack.Name(3) != "rust-3" {
		t.Errorf("KeepNamer(Rust namer).Name(3) = %q", rustBack.Name(3))
	}
	pair := extuser.NamerPair{First: goNamer{"a"}, Second: rust}
	if got := testutil.Must(extuser.NamePair(pair))(t); got != "a-1|rust-2" {
		t.Errorf("NamePair = %q", got)
	}
	if got := testutil.Must(extuser.NamePair(extuser.NamerPair{First: rust}))(t); got != "rust-1|" {
		t.Errorf("NamePair without a second = %q", got)
	}
	l := &goListener{}
	if got := testutil.Must(extuser.Tell(l, "hello"))(t); got != 5 || len(l.heard) != 1 || l.heard[0] != "hello" {
		t.Errorf("Tell = %d, heard %q", got, l.heard)
	}
	for _, v := range []extbase.Namer{rust, rustBack} {
		if c, ok := v.(interface{ Close() error }); ok {
			c.Close()
		}
	}
}
