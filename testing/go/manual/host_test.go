package manual_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"uniffi-go.test/generated/manual"
)

// The transcript's formatting, shared with testing/python/manual/transcript.py: one line per
// step, "step: value"; lists in brackets, booleans in lower case, strings quoted where the
// Python script quotes them.

type transcript struct{ lines []string }

func (tr *transcript) out(step string, v any) {
	tr.lines = append(tr.lines, step+": "+show(v))
}

// attempt prints the value of a call, or its error as error() shows it.
func attempt[T any](tr *transcript, step string, v T, err error) {
	if err != nil {
		tr.out(step, "error "+describeError(err))
		return
	}
	tr.out(step, v)
}

// canon is Rust's message on one line: its first line and its root cause (the last line),
// without the source locations between them and the backtrace anyhow adds under RUST_BACKTRACE.
func canon(message string) string {
	message, _, _ = strings.Cut(message, "Stack backtrace:")
	var lines []string
	for _, line := range strings.Split(message, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) > 2 {
		lines = []string{lines[0], lines[len(lines)-1]}
	}
	return strings.Join(lines, " ")
}

func show(v any) string {
	switch v := v.(type) {
	case bool:
		if v {
			return "true"
		}
		return "false"
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = show(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []byte:
		parts := make([]any, len(v))
		for i, b := range v {
			parts[i] = b
		}
		return show(parts)
	default:
		return fmt.Sprint(v)
	}
}

func list(v ...any) []any { return v }

func f2(x float64) string { return fmt.Sprintf("%.2f", x) }

func q(s string) string { return `"` + s + `"` }

func strs(items ...string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = q(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

var epoch = time.Unix(0, 0).UTC()

// micros prints a time as seconds.microseconds since the epoch (negative before it).
func micros(t time.Time) string {
	total := t.Sub(epoch).Microseconds()
	sign := ""
	if total < 0 {
		sign, total = "-", -total
	}
	return fmt.Sprintf("%s%d.%06d", sign, total/1_000_000, total%1_000_000)
}

func span(d time.Duration) string {
	total := d.Microseconds()
	return fmt.Sprintf("%d.%06ds", total/1_000_000, total%1_000_000)
}

// describeError prints an error as the Python script does: its type, variant and fields (the
// message Rust sent, for flat errors), or the message of an internal error.
func describeError(err error) string {
	var internal *manual.InternalError
	if errors.As(err, &internal) {
		return "internal error " + q(canon(internal.Message))
	}
	switch e := err.(type) {
	case manual.MathErrorDivisionByZero:
		return "MathError.DivisionByZero " + q(e.Message)
	case manual.MathErrorOverflow:
		return "MathError.Overflow " + q(e.Message)
	case manual.ParseErrorEmpty:
		return "ParseError.Empty " + q(e.Message)
	case manual.ParseErrorBadDigit:
		return "ParseError.BadDigit " + q(e.Message)
	case manual.StoreErrorMissing:
		return fmt.Sprintf("StoreError.Missing {key=%s}", q(e.Key))
	case manual.StoreErrorCorrupt:
		return fmt.Sprintf("StoreError.Corrupt {key=%s, code=%d}", q(e.Key), e.Code)
	case manual.StoreErrorUnexpected:
		return fmt.Sprintf("StoreError.Unexpected {reason=%s}", q(e.Reason))
	case manual.ScoreErrorRejected:
		return fmt.Sprintf("ScoreError.Rejected {word=%s, code=%d}", q(e.Word), e.Code)
	case manual.ScoreErrorFailed:
		return fmt.Sprintf("ScoreError.Failed {reason=%s}", q(e.Reason))
	case manual.WalletErrorInsufficient:
		return fmt.Sprintf("WalletError.Insufficient {available=%d, wanted=%d}", e.Available, e.Wanted)
	case manual.WalletErrorNoOwner:
		return "WalletError.NoOwner {}"
	default:
		return fmt.Sprintf("unexpected %T %q", err, err.Error())
	}
}

func shape(s manual.Shape) string {
	switch s := s.(type) {
	case manual.ShapeCircle:
		return fmt.Sprintf("Circle radius=%.2f", s.Radius)
	case manual.ShapeRect:
		return fmt.Sprintf("Rect width=%.2f height=%.2f", s.Width, s.Height)
	default:
		return "Nothing"
	}
}

func event(e manual.Event) string {
	switch e := e.(type) {
	case manual.EventStarted:
		return fmt.Sprintf("Started at=%s by=%s", micros(e.At), q(e.By))
	case manual.EventProgress:
		return fmt.Sprintf("Progress %d %s", e.V1, q(e.V2))
	default:
		return "Halted"
	}
}

// hostStore is a Store implemented in Go.
type hostStore struct{}

func (hostStore) Get(key string) (string, error) {
	switch key {
	case "m":
		return "", manual.StoreErrorMissing{Key: key}
	case "c":
		return "", &manual.StoreErrorCorrupt{Key: key, Code: 42}
	case "u":
		return "", errors.New("not a store error")
	}
	return "host-" + key, nil
}

func (hostStore) Size() uint32 { return 3 }

// hostLogger is a Logger callback interface implemented in Go.
type hostLogger struct{ lines []string }

func (l *hostLogger) Log(line string) { l.lines = append(l.lines, line) }

// hostScorer is a Scorer implemented in Go: ten points a letter.
type hostScorer struct{}

func (hostScorer) Name() string { return "host" }

func (hostScorer) Score(word string) (uint32, error) {
	switch word {
	case "bad":
		return 0, manual.ScoreErrorRejected{Word: word, Code: -7}
	case "boom":
		return 0, errors.New("boom")
	}
	return uint32(10 * len(word)), nil
}

func (s hostScorer) ScoreLater(ctx context.Context, word string) (uint32, error) {
	select {
	case <-time.After(time.Millisecond):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return s.Score(word)
}

// hostSink is a Sink callback interface implemented in Go: it holds readings until full.
type hostSink struct{ held []string }

func (s *hostSink) Accept(item manual.Reading) (uint32, error) {
	switch item.Sensor {
	case "full":
		return 0, manual.SinkErrorFull{}
	case "closed":
		return 0, &manual.SinkErrorClosed{}
	case "boom":
		return 0, fmt.Errorf("boom")
	}
	s.held = append(s.held, fmt.Sprintf("%s=%d", item.Sensor, item.Value))
	return uint32(len(s.held)), nil
}
