// Package conform_test checks the shapes real crates use (testing/fixtures/conform): tokio-backed
// async functions, methods and constructors cancelled through a context; `self: Arc<Self>`
// methods; objects inside sequences, maps, options, records and enum variants; thiserror chains;
// field defaults and renamed items. Every Rust Node counts itself, so the tests prove Go frees
// every handle it was given, by Close and by garbage collection.
package conform_test

import (
	"os"
	"runtime"
	"testing"
	"time"

	"uniffi-go.test/generated/conform"
	"uniffi-go.test/internal/testutil"
)

// TestMain fails the run when a Node, a tokio task or a Rust future outlives the suite.
func TestMain(m *testing.M) {
	os.Exit(testutil.RunAndCheckLeaks(m,
		testutil.Count("PendingRustFutures", conform.PendingRustFutures),
		testutil.CountErr("LiveNodes", conform.LiveNodes),
		testutil.CountErr("RunningTasks", conform.RunningTasks),
	))
}

// liveNodes returns how many Nodes Rust holds, failing the test on an error.
func liveNodes(t testing.TB) int64 {
	t.Helper()
	return testutil.Must(conform.LiveNodes())(t)
}

// eventually polls read, collecting garbage between reads, until it returns want or 2 s have
// passed; it fails the test naming what when it never does.
func eventually(t testing.TB, what string, want int64, read func() (int64, error)) {
	t.Helper()
	var got int64
	var err error
	for deadline := time.Now().Add(2 * time.Second); ; {
		got, err = read()
		if err == nil && got == want {
			return
		}
		if time.Now().After(deadline) {
			break
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s = %d (%v), want %d", what, got, err, want)
}

// expectNodesFreed checks, when the test ends, that the Nodes Rust holds are back to their
// number at the start of the test.
func expectNodesFreed(t *testing.T) {
	t.Helper()
	before := liveNodes(t)
	t.Cleanup(func() { eventually(t, "LiveNodes", before, conform.LiveNodes) })
}

// newNode makes a Node closed when the test ends.
func newNode(t testing.TB, name string) *conform.Node {
	t.Helper()
	n := testutil.Must(conform.NewNode(name))(t)
	t.Cleanup(func() { n.Close() })
	return n
}

// names returns the Rust names of nodes.
func names(t testing.TB, nodes []*conform.Node) []string {
	t.Helper()
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = testutil.Must(n.Name())(t)
	}
	return out
}

// closeAll closes every node.
func closeAll(nodes ...*conform.Node) {
	for _, n := range nodes {
		n.Close()
	}
}

func ptr[T any](v T) *T { return &v }
