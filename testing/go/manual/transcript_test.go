// The manual fixture's scenario from Go. testing/python/manual/transcript.py runs the same steps
// through the Python bindings uniffi's own backend generates; both print the transcript in
// testdata/transcript.txt, and testing/python/manual/run.sh diffs the two outputs directly.
package manual_test

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"uniffi-go.test/generated/manual"
	"uniffi-go.test/internal/testutil"
)

func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("LiveCallbackHandles", manual.LiveCallbackHandles),
		testutil.Count("PendingHostCalls", manual.PendingHostCalls),
		testutil.Count("PendingRustFutures", manual.PendingRustFutures),
	))
}

// TestTranscriptMatchesPython runs the scenario and compares its transcript with
// testdata/transcript.txt, the transcript of the Python run. With MANUAL_GO_TRANSCRIPT set, it
// also writes the transcript to that file, for run.sh to diff against Python's own output.
func TestTranscriptMatchesPython(t *testing.T) {
	got := strings.Join(scenario(t), "\n") + "\n"
	if path := os.Getenv("MANUAL_GO_TRANSCRIPT"); path != "" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/transcript.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("line %d:\n got: %s\nwant: %s", i+1, g, w)
			}
		}
	}
}

func scenario(t *testing.T) []string {
	ctx := context.Background()
	tr := &transcript{}

	// Functions, argument defaults (UDL).
	tr.out("greet", q(testutil.Must(manual.Greet("world", nil))(t)))
	suffix := "!"
	tr.out("greet times=1 suffix=!", q(testutil.Must(manual.Greet("world", &manual.GreetOptions{Times: 1, Suffix: &suffix}))(t)))

	// Flat errors (UDL): the variant and Rust's message.
	v, err := manual.CheckedDiv(7, 2)
	attempt(tr, "checked_div 7/2", v, err)
	v, err = manual.CheckedDiv(1, 0)
	attempt(tr, "checked_div 1/0", v, err)
	v, err = manual.CheckedSquare(70000)
	attempt(tr, "checked_square 70000", v, err)

	// A trait implemented in Rust and in Go (UDL `[Trait, WithForeign]`), errors with fields
	// returned by Go reaching Rust as their variant.
	memory := testutil.Must(manual.MemoryStore())(t)
	defer closeIfRust(memory)
	tr.out("memory size", memory.Size())
	s, err := memory.Get("b")
	attempt(tr, "memory get b", s, err)
	s, err = memory.Get("bad")
	attempt(tr, "memory get bad", s, err)
	tr.out("read_all memory", strings.Join(testutil.Must(manual.ReadAll(memory, []string{"a", "z", "bad"}))(t), " | "))
	host := hostStore{}
	tr.out("read_all host", strings.Join(testutil.Must(manual.ReadAll(host, []string{"a", "m", "c", "u"}))(t), " | "))
	s, err = manual.ReadOne(host, "c")
	attempt(tr, "read_one host c", s, err)
	s, err = manual.ReadOne(host, "a")
	attempt(tr, "read_one host a", s, err)

	// Timestamps and durations.
	at := epoch.Add(1_000_000*time.Second + 250*time.Millisecond)
	tr.out("later", micros(testutil.Must(manual.Later(at, 1500*time.Millisecond))(t)))
	before := epoch.Add(-100*time.Second - 250*time.Millisecond)
	tr.out("later before epoch", micros(testutil.Must(manual.Later(before, 2*time.Second))(t)))
	tr.out("between", span(testutil.Must(manual.Between(before, at))(t)))
	tr.out("between reversed", span(testutil.Must(manual.Between(at, before))(t)))

	// Bytes and maps.
	tr.out("reverse_bytes", testutil.Must(manual.ReverseBytes([]byte{1, 2, 3, 255}))(t))
	counts := testutil.Must(manual.CountWords("a b a c a"))(t)
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + "=" + show(counts[k])
	}
	tr.out("count_words", strings.Join(keys, ", "))

	// Records with UDL defaults, an enum default among them.
	quiet := manual.DefaultSettings()
	quiet.Name = "quiet"
	tr.out("settings defaults", testutil.Must(manual.DescribeSettings(quiet))(t))
	nick := "n"
	full := manual.Settings{
		Name: "full", Volume: 9, Loud: true, Nick: &nick, Greeting: nil, Tags: []string{"x", "y"},
		Labels: map[string]string{"k": "v", "a": "b"}, Ratio: 1.25, Color: manual.ColorBlue, Offset: 12,
	}
	tr.out("settings given", testutil.Must(manual.DescribeSettings(full))(t))
	louder := testutil.Must(manual.Louder(quiet))(t)
	tr.out("louder", testutil.Must(manual.DescribeSettings(louder))(t))

	// Enums with data (UDL).
	tr.out("area circle", f2(testutil.Must(manual.Area(manual.ShapeCircle{Radius: 2}))(t)))
	tr.out("scale rect", shape(testutil.Must(manual.Scale(manual.ShapeRect{Width: 2, Height: 3}, 2))(t)))
	tr.out("scale nothing", shape(testutil.Must(manual.Scale(manual.ShapeNothing{}, 2))(t)))

	// Custom types: a UDL custom type over u64 whose lift fails for 0 in Rust.
	h := testutil.Must(manual.MakeHandle(7))(t)
	tr.out("make_handle", h)
	tr.out("handle_id", testutil.Must(manual.HandleID(h))(t))
	id, err := manual.HandleID(0)
	attempt(tr, "handle_id 0", id, err)

	// An async function (UDL).
	tr.out("wait_and_echo", q(testutil.Must(manual.WaitAndEcho(ctx, "hi", 5))(t)))

	objects(t, tr)
	procMacros(t, tr)
	return tr.lines
}

// closeIfRust closes a Rust implementation of a trait.
func closeIfRust(v any) {
	if c, ok := v.(interface{ Close() error }); ok {
		_ = c.Close()
	}
}
