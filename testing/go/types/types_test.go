package types_test

import (
	"errors"
	"math"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/types"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when Rust still holds a Go callback after the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", types.LiveCallbackHandles),
	))
}

func TestTimestampRoundTripsAroundTheEpoch(t *testing.T) {
	for _, nanos := range []int64{
		0, 1, 999_999_999, 1_000_000_000, 1_700_000_000_123_456_789,
		-1_000_000_000, -1_500_000_000, -86_400_000_000_001, math.MinInt64 + 1, math.MaxInt64,
	} {
		in := time.Unix(0, nanos)
		out := testutil.Must(types.RoundtripTimestamp(in))(t)
		if !out.Equal(in) {
			t.Errorf("%d ns: got %v back, want %v", nanos, out, in)
		}
		if got := testutil.Must(types.TimestampNanos(in))(t); got != nanos {
			t.Errorf("%d ns: Rust saw %d ns", nanos, got)
		}
		if made := testutil.Must(types.TimestampFromNanos(nanos))(t); !made.Equal(in) {
			t.Errorf("%d ns: Rust made %v, want %v", nanos, made, in)
		}
	}
}

func TestTimestampBeforeGoYearOne(t *testing.T) {
	// Far outside time.Duration's range, inside SystemTime's.
	in := time.Date(1, time.January, 1, 0, 0, 0, 7, time.UTC).AddDate(-100, 0, 0)
	if out := testutil.Must(types.RoundtripTimestamp(in))(t); !out.Equal(in) {
		t.Fatalf("got %v, want %v", out, in)
	}
}

func TestTimestampArithmeticInRust(t *testing.T) {
	start := time.Date(1969, time.December, 31, 23, 59, 58, 250_000_000, time.UTC)
	got := testutil.Must(types.AddDuration(start, 3*time.Second+time.Millisecond))(t)
	want := start.Add(3*time.Second + time.Millisecond)
	if !got.Equal(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestDurationRoundTrips(t *testing.T) {
	for _, d := range []time.Duration{0, 1, time.Second - 1, time.Second, 90 * time.Minute, math.MaxInt64} {
		if out := testutil.Must(types.RoundtripDuration(d))(t); out != d {
			t.Errorf("got %v, want %v", out, d)
		}
		if got := testutil.Must(types.DurationNanos(d))(t); got != uint64(d) {
			t.Errorf("Rust saw %d ns, want %d", got, d)
		}
	}
}

func TestNegativeDurationIsAnErrorNotAPanic(t *testing.T) {
	_, err := types.RoundtripDuration(-time.Nanosecond)
	var internal *types.InternalError
	if !errors.As(err, &internal) || !strings.Contains(err.Error(), "negative duration") {
		t.Fatalf("got %v, want an *InternalError about a negative duration", err)
	}
	// Nested inside a record too, and the next call works.
	_, err = types.ScheduleEnd(types.Schedule{Start: time.Now(), Steps: []time.Duration{time.Second, -time.Second}})
	if !errors.As(err, &internal) {
		t.Fatalf("nested negative duration: got %v", err)
	}
	if got := testutil.Must(types.RoundtripDuration(time.Second))(t); got != time.Second {
		t.Fatalf("next call: got %v", got)
	}
}

func TestDurationBeyondGoRangeIsAnError(t *testing.T) {
	// One nanosecond more than time.Duration can hold, and far more.
	for _, c := range []struct {
		secs  uint64
		nanos uint32
	}{{9_223_372_036, 854_775_808}, {9_223_372_037, 0}, {math.MaxUint64, 999_999_999}} {
		_, err := types.MakeDuration(c.secs, c.nanos)
		var internal *types.InternalError
		if !errors.As(err, &internal) || !strings.Contains(err.Error(), "exceeds the range of time.Duration") {
			t.Fatalf("%d s %d ns: got %v, want an *InternalError", c.secs, c.nanos, err)
		}
	}
	if got := testutil.Must(types.MakeDuration(9_223_372_036, 854_775_807))(t); got != math.MaxInt64 {
		t.Fatalf("largest duration: got %d", got)
	}
	// Inside an option the failure is reported the same way.
	big := time.Duration(math.MaxInt64)
	if got := testutil.Must(types.RoundtripOptionalDuration(&big))(t); got == nil || *got != big {
		t.Fatalf("optional: got %v", got)
	}
	if got := testutil.Must(types.RoundtripOptionalDuration(nil))(t); got != nil {
		t.Fatalf("optional nil: got %v", *got)
	}
}

func TestScheduleRecordWithTimes(t *testing.T) {
	in := types.Schedule{
		Start: time.Date(2026, 11, 27, 8, 0, 0, 123, time.UTC),
		Steps: []time.Duration{time.Second, time.Hour, 5},
	}
	out := testutil.Must(types.RoundtripSchedule(in))(t)
	if !out.Start.Equal(in.Start) || !slices.Equal(out.Steps, in.Steps) {
		t.Fatalf("got %+v, want %+v", out, in)
	}
	if end := testutil.Must(types.ScheduleEnd(in))(t); !end.Equal(in.Start.Add(time.Hour + time.Second + 5)) {
		t.Fatalf("end %v", end)
	}
}

func TestAliasCustomType(t *testing.T) {
	var id types.GUID = "1234"
	var asString string = id // an alias: no conversion needed
	if got := testutil.Must(types.TagGUID(asString))(t); got != "guid:1234" {
		t.Fatalf("got %q", got)
	}
}

func TestConfiguredCustomTypeURL(t *testing.T) {
	u, _ := url.Parse("https://example.com/a?b=c")
	if got := testutil.Must(types.URLText(u))(t); got != "https://example.com/a?b=c" {
		t.Fatalf("Rust got %q", got)
	}
	back := testutil.Must(types.MakeURL("http://go.dev/doc"))(t)
	if back.Host != "go.dev" || back.Path != "/doc" {
		t.Fatalf("got %#v", back)
	}
	// Rust sends text that url.Parse rejects: an error, not a panic.
	_, err := types.MakeURL("http://[::1")
	var internal *types.InternalError
	if !errors.As(err, &internal) || !strings.Contains(err.Error(), "converting a Url from Rust") {
		t.Fatalf("got %v", err)
	}
	// The same inside a record.
	if _, err := types.BrokenBookmark(); !errors.As(err, &internal) {
		t.Fatalf("broken bookmark: got %v", err)
	}
}

func TestConfiguredCustomTypesInsideRecords(t *testing.T) {
	created := time.UnixMilli(1_700_000_000_000).UTC()
	a, _ := url.Parse("https://b.example")
	b, _ := url.Parse("https://a.example")
	main, _ := url.Parse("https://example.com")
	out := testutil.Must(types.TouchBookmark(types.Bookmark{ID: "x", URL: main, Created: &created, Mirrors: []*url.URL{a, b}}))(t)
	if out.ID != "x" || out.URL.String() != "https://example.com" {
		t.Fatalf("got %+v", out)
	}
	if out.Created == nil || !out.Created.Equal(created.Add(time.Second)) {
		t.Fatalf("created %v", out.Created)
	}
	if len(out.Mirrors) != 2 || out.Mirrors[0].Host != "a.example" || out.Mirrors[1].Host != "b.example" {
		t.Fatalf("mirrors %v", out.Mirrors)
	}
	if got := testutil.Must(types.MillisLater(created, 250))(t); !got.Equal(created.Add(250 * time.Millisecond)) {
		t.Fatalf("MillisLater %v", got)
	}
}

func TestCustomLowerErrorStopsTheCall(t *testing.T) {
	if got := testutil.Must(types.Halve(10))(t); got != 5 {
		t.Fatalf("Halve(10) = %d", got)
	}
	if _, err := types.Halve(7); err == nil || !strings.Contains(err.Error(), "7 is odd") {
		t.Fatalf("Halve(7): got %v", err)
	}
	if _, err := types.SumEvens([]int{2, 4, 5}); err == nil || !strings.Contains(err.Error(), "5 is odd") {
		t.Fatalf("SumEvens: got %v", err)
	}
	if got := testutil.Must(types.SumEvens([]int{2, 4, 6}))(t); got != 12 {
		t.Fatalf("SumEvens = %d", got)
	}
}

func TestRenameAndExclude(t *testing.T) {
	if got := testutil.Must(types.RenamedFunction(41))(t); got != 42 {
		t.Fatalf("RenamedFunction = %d", got)
	}
	if got := testutil.Must(types.DoubleOldRecord(types.NewRecord{NewField: 21}))(t); got.NewField != 42 {
		t.Fatalf("DoubleOldRecord = %+v", got)
	}
	// ExcludedFunction must not exist: the lint test below checks the package source.
}

func TestBorrowedBytes(t *testing.T) {
	data := make([]byte, 1<<20)
	var want uint64
	for i := range data {
		data[i] = byte(i * 7)
		want += uint64(data[i])
	}
	if got := testutil.Must(types.SumBorrowedBytes(data))(t); got != want {
		t.Fatalf("sum %d, want %d", got, want)
	}
	if got := testutil.Must(types.SumBorrowedBytes(nil))(t); got != 0 {
		t.Fatalf("nil: %d", got)
	}
	if !testutil.Must(types.CompareBytes([]byte("same"), []byte("same")))(t) || testutil.Must(types.CompareBytes([]byte("a"), []byte("b")))(t) {
		t.Fatal("CompareBytes")
	}
}

func BenchmarkSumBorrowedBytes64K(b *testing.B) {
	data := make([]byte, 64<<10)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := types.SumBorrowedBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExcludedFunctionIsNotGenerated(t *testing.T) {
	src, err := os.ReadFile("../generated/types/types.go")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "ExcludedFunction") {
		t.Fatal("excluded_function was generated despite `exclude` in uniffi.toml")
	}
	if !strings.Contains(string(src), "func RenamedFunction(") || strings.Contains(string(src), "func OriginalName(") {
		t.Fatal("original_name was not renamed")
	}
}

// A value whose encoding exceeds uniffi's i32 length is refused before it is written, also when
// its lowering can fail (durations) and so checks the size itself. The slice is never written.
func TestOversizedLoweringIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("maps 1.4 GiB of address space")
	}
	steps := make([]time.Duration, (1<<31)/12+1) // 12 bytes each on the wire
	_, err := types.RoundtripSchedule(types.Schedule{Steps: steps})
	var internal *types.InternalError
	if !errors.As(err, &internal) || !strings.Contains(internal.Message, "a value of type Schedule is 2147483668 bytes") {
		t.Fatalf("RoundtripSchedule(2 GiB of steps): err = %v, want an *InternalError giving the size", err)
	}
}
