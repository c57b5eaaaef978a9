package roundtrip_test

import (
	"math"
	"reflect"
	"testing"

	"uniffi-go.test/generated/roundtrip"
	"uniffi-go.test/internal/testutil"
)

// normalizeAllTypes maps empty slices and maps to nil so that the comparison
// does not depend on whether an empty value comes back as nil.
func normalizeAllTypes(v roundtrip.AllTypes) roundtrip.AllTypes {
	if len(v.ABytes) == 0 {
		v.ABytes = nil
	}
	if len(v.ASequence) == 0 {
		v.ASequence = nil
	}
	if len(v.AMap) == 0 {
		v.AMap = nil
	}
	return v
}

func TestAllTypesRoundTrip(t *testing.T) {
	note := "optional ✓"
	emptyNote := ""
	cases := []struct {
		name string
		v    roundtrip.AllTypes
	}{
		{"every field set", roundtrip.AllTypes{
			AU8:        math.MaxUint8,
			AI8:        math.MinInt8,
			AU16:       math.MaxUint16,
			AI16:       math.MinInt16,
			AU32:       math.MaxUint32,
			AI32:       math.MinInt32,
			AU64:       math.MaxUint64,
			AI64:       math.MinInt64,
			AF32:       -1.25e-30,
			AF64:       6.02214076e23,
			ABool:      true,
			AString:    "héllo 😀\x00",
			ABytes:     []byte{0, 1, 254, 255},
			AnOptional: &note,
			ASequence:  []int32{math.MinInt32, 0, math.MaxInt32},
			AMap:       map[string]int64{"a": 1, "": -1, "ß": math.MaxInt64},
			ARecord:    roundtrip.Point{X: -3, Y: 4},
			AnEnum:     roundtrip.WeekdaySunday,
		}},
		{"positive extremes", roundtrip.AllTypes{
			AI8:        math.MaxInt8,
			AI16:       math.MaxInt16,
			AI32:       math.MaxInt32,
			AI64:       math.MaxInt64,
			AF32:       math.SmallestNonzeroFloat32,
			AF64:       math.Inf(-1),
			AnOptional: &emptyNote,
			AnEnum:     roundtrip.WeekdayWednesday,
		}},
		// The zero value of every field, except the enum: Weekday's zero value
		// is not one of its variants.
		{"zero values", roundtrip.AllTypes{AnEnum: roundtrip.WeekdayMonday}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := testutil.Must(roundtrip.RoundtripRecordAll(tc.v))(t)
			if !reflect.DeepEqual(normalizeAllTypes(got), normalizeAllTypes(tc.v)) {
				t.Fatalf("record changed:\n sent %+v\n  got %+v", tc.v, got)
			}
			if (got.AnOptional == nil) != (tc.v.AnOptional == nil) {
				t.Fatalf("optional presence changed: sent %v, got %v", tc.v.AnOptional, got.AnOptional)
			}
			if math.Signbit(got.AF64) != math.Signbit(tc.v.AF64) {
				t.Fatalf("f64 sign changed")
			}
		})
	}
	t.Run("NaN fields", func(t *testing.T) {
		got := testutil.Must(roundtrip.RoundtripRecordAll(roundtrip.AllTypes{
			AF32:   float32(math.NaN()),
			AF64:   math.NaN(),
			AnEnum: roundtrip.WeekdayFriday,
		}))(t)
		if !math.IsNaN(float64(got.AF32)) || !math.IsNaN(got.AF64) {
			t.Fatalf("NaN fields came back as %v, %v", got.AF32, got.AF64)
		}
		if got.AnEnum != roundtrip.WeekdayFriday {
			t.Fatalf("enum after NaN fields = %v", got.AnEnum)
		}
	})
}

func TestDescribeRequestUsesInitialisms(t *testing.T) {
	cases := []struct {
		req  roundtrip.HTTPRequest
		want string
	}{
		{
			roundtrip.HTTPRequest{URL: "https://example.invalid/a?b=c", UserID: "u-1", JobID: 42},
			"GET https://example.invalid/a?b=c user=u-1 job=42",
		},
		{
			roundtrip.HTTPRequest{URL: "", UserID: "ümlaut-ß", JobID: math.MaxUint64},
			"GET  user=ümlaut-ß job=18446744073709551615",
		},
		{roundtrip.HTTPRequest{}, "GET  user= job=0"},
	}
	for _, tc := range cases {
		if got, err := roundtrip.DescribeRequest(tc.req); err != nil || got != tc.want {
			t.Errorf("DescribeRequest(%+v) = %q, %v; want %q", tc.req, got, err, tc.want)
		}
	}
}
