package roundtrip_test

import (
	"math"
	"reflect"
	"testing"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

func TestWeekday(t *testing.T) {
	cases := []struct {
		day  roundtrip.Weekday
		name string
		next roundtrip.Weekday
	}{
		{roundtrip.WeekdayMonday, "Monday", roundtrip.WeekdayTuesday},
		{roundtrip.WeekdayTuesday, "Tuesday", roundtrip.WeekdayWednesday},
		{roundtrip.WeekdayWednesday, "Wednesday", roundtrip.WeekdayThursday},
		{roundtrip.WeekdayThursday, "Thursday", roundtrip.WeekdayFriday},
		{roundtrip.WeekdayFriday, "Friday", roundtrip.WeekdaySaturday},
		{roundtrip.WeekdaySaturday, "Saturday", roundtrip.WeekdaySunday},
		{roundtrip.WeekdaySunday, "Sunday", roundtrip.WeekdayMonday},
	}
	seen := map[roundtrip.Weekday]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if seen[tc.day] {
				t.Fatalf("%s shares its value %d with another variant", tc.name, int32(tc.day))
			}
			seen[tc.day] = true
			if got := tc.day.String(); got != tc.name {
				t.Fatalf("String() = %q, want %q", got, tc.name)
			}
			if got, err := roundtrip.RoundtripWeekday(tc.day); err != nil || got != tc.day {
				t.Fatalf("RoundtripWeekday(%v) = %v, %v", tc.day, got, err)
			}
			if got, err := roundtrip.NextWeekday(tc.day); err != nil || got != tc.next {
				t.Fatalf("NextWeekday(%v) = %v, %v; want %v", tc.day, got, err, tc.next)
			}
		})
	}
	t.Run("invalid value", func(t *testing.T) {
		if got := roundtrip.Weekday(0).String(); got != "Weekday(0)" {
			t.Fatalf("Weekday(0).String() = %q", got)
		}
		for _, bad := range []roundtrip.Weekday{0, 8, -1} {
			got, err := roundtrip.RoundtripWeekday(bad)
			testutil.As[*roundtrip.InternalError](t, "RoundtripWeekday(invalid)", err)
			if got != 0 {
				t.Fatalf("RoundtripWeekday(%d) returned %v with its error", int32(bad), got)
			}
		}
		// The library still works afterwards.
		if got, err := roundtrip.NextWeekday(roundtrip.WeekdaySunday); err != nil || got != roundtrip.WeekdayMonday {
			t.Fatalf("NextWeekday(Sunday) after a rejected value = %v, %v", got, err)
		}
	})
}

func TestShapeRoundTripAndArea(t *testing.T) {
	nested := roundtrip.ShapeGroup{Parts: []roundtrip.Shape{
		roundtrip.ShapeRectangle{Width: 1, Height: 2},
		roundtrip.ShapeGroup{Parts: []roundtrip.Shape{
			roundtrip.ShapeRectangle{Width: 3, Height: 3},
			roundtrip.ShapeLabeled{Label: "inner ✓"},
			roundtrip.ShapeGroup{Parts: []roundtrip.Shape{roundtrip.ShapeCircle{Radius: 1}}},
		}},
		roundtrip.ShapeEmpty{},
	}}
	cases := []struct {
		name  string
		shape roundtrip.Shape
		area  float64
	}{
		{"circle", roundtrip.ShapeCircle{Radius: 2}, 4 * math.Pi},
		{"circle radius zero", roundtrip.ShapeCircle{Radius: 0}, 0},
		{"rectangle", roundtrip.ShapeRectangle{Width: 2, Height: 3.5}, 7},
		{"empty", roundtrip.ShapeEmpty{}, 0},
		{"labeled", roundtrip.ShapeLabeled{Label: "héllo"}, 0},
		{"labeled empty label", roundtrip.ShapeLabeled{Label: ""}, 0},
		{"empty group", roundtrip.ShapeGroup{Parts: []roundtrip.Shape{}}, 0},
		{"nested group", nested, 2 + 9 + math.Pi},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := testutil.Must(roundtrip.RoundtripShape(tc.shape))(t)
			if !reflect.DeepEqual(got, tc.shape) {
				t.Fatalf("shape changed:\n sent %#v\n  got %#v", tc.shape, got)
			}
			if area, err := roundtrip.ShapeArea(tc.shape); err != nil || math.Abs(area-tc.area) > 1e-12 {
				t.Fatalf("ShapeArea = %v, %v; want %v", area, err, tc.area)
			}
		})
	}
	t.Run("group with nil parts", func(t *testing.T) {
		got, ok := testutil.Must(roundtrip.RoundtripShape(roundtrip.ShapeGroup{}))(t).(roundtrip.ShapeGroup)
		if !ok {
			t.Fatalf("group came back as another variant")
		}
		if len(got.Parts) != 0 {
			t.Fatalf("group came back with %d parts", len(got.Parts))
		}
	})
	t.Run("nil shape", func(t *testing.T) {
		_, err := roundtrip.ShapeArea(nil)
		testutil.As[*roundtrip.InternalError](t, "ShapeArea(nil)", err)
		if area, err := roundtrip.ShapeArea(roundtrip.ShapeCircle{Radius: 1}); err != nil || area != math.Pi {
			t.Fatalf("ShapeArea after a rejected nil = %v, %v", area, err)
		}
	})
}
