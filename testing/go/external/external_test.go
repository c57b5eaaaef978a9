package external_test

import (
	"errors"
	"math"
	"testing"

	"uniffi-go.test/generated/extbase"
	"uniffi-go.test/generated/extuser"
)

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
