package types_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/types"
	"uniffi-go.test/internal/testutil"
)

type goClock struct {
	delay time.Duration
}

func (c goClock) ReportURL(elapsed time.Duration, at time.Time, id types.GUID) *url.URL {
	return &url.URL{Scheme: "https", Host: "clock.example", Path: "/" + id,
		RawQuery: "ms=" + strconv.FormatInt(elapsed.Milliseconds(), 10) + "&year=" + strconv.Itoa(at.Year())}
}

func (c goClock) NextDelay() time.Duration { return c.delay }

func TestTimeAndCustomTypesThroughACallback(t *testing.T) {
	at := time.Date(1969, time.July, 20, 20, 17, 0, 0, time.UTC)
	got := testutil.Must(types.AskClock(goClock{delay: 1500 * time.Millisecond}, 2*time.Second, at))(t)
	want := "url=https://clock.example/g-1?ms=2000&year=1969 delay_ms=1500"
	if got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestNegativeDurationFromACallbackIsAnError(t *testing.T) {
	// Go cannot hand Rust a negative duration: the callback fails with uniffi's unexpected
	// error, which this callback interface (no error type) turns into a Rust panic, and the
	// call returns it as an error rather than crashing.
	_, err := types.AskClock(goClock{delay: -time.Second}, time.Second, time.Now())
	if err == nil || !strings.Contains(err.Error(), "negative duration") {
		t.Fatalf("got %v, want an error about the negative duration", err)
	}
}
