package conform_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"uniffi-go.test/generated/conform"
	"uniffi-go.test/internal/testutil"
)

// A function sleeping on tokio's timer, and one spawning tasks on the tokio runtime and joining
// them, from many goroutines at once.
func TestTokioFunctions(t *testing.T) {
	ctx := context.Background()
	if got := testutil.Must(conform.SleepThen(ctx, 10, "slept"))(t); got != "slept" {
		t.Errorf("SleepThen = %q", got)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := uint32(g + 5)
			var want uint64
			for i := range uint64(n) {
				want += i * i
			}
			got, err := conform.SpawnAndJoin(ctx, n)
			if err != nil || got != want {
				t.Errorf("SpawnAndJoin(%d) = %d, %v, want %d", n, got, err, want)
			}
		}()
	}
	wg.Wait()
	if got := testutil.Must(conform.SpawnAndJoin(ctx, 0))(t); got != 0 {
		t.Errorf("SpawnAndJoin(0) = %d", got)
	}
	eventually(t, "RunningTasks", 0, conform.RunningTasks)
}

// A context done before the tokio sleep ends returns ctx.Err() at once, and Rust drops the
// future (the sleep counts itself as dropped early).
func TestTokioCancelledByContext(t *testing.T) {
	before := testutil.Must(conform.DroppedSleeps())(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	v, err := conform.SleepThen(ctx, 10_000, "late")
	if !errors.Is(err, context.DeadlineExceeded) || v != "" {
		t.Fatalf("SleepThen with a 30 ms deadline = %q, %v, want context.DeadlineExceeded", v, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the cancelled call took %v", d)
	}
	eventually(t, "DroppedSleeps", before+1, conform.DroppedSleeps)

	// Cancelled by hand, from another goroutine, while Rust waits.
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel2)
	if _, err := conform.SleepThen(ctx2, 10_000, "late"); !errors.Is(err, context.Canceled) {
		t.Fatalf("SleepThen cancelled = %v, want context.Canceled", err)
	}
	eventually(t, "DroppedSleeps", before+2, conform.DroppedSleeps)

	// Already done before the call: no result, ctx.Err().
	ctx3, cancel3 := context.WithCancel(context.Background())
	cancel3()
	if _, err := conform.SleepThen(ctx3, 10_000, "late"); !errors.Is(err, context.Canceled) {
		t.Fatalf("SleepThen with a done context = %v, want context.Canceled", err)
	}
	if n := conform.PendingRustFutures(); n != 0 {
		t.Errorf("PendingRustFutures = %d after the calls returned", n)
	}
}

// Cancelling a call that awaits a spawned tokio task drops the call's future; the task goes on
// and ends by itself.
func TestCancelledCallLeavesSpawnedTaskToFinish(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := conform.SpawnedSleep(ctx, 800); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("SpawnedSleep = %v, want context.DeadlineExceeded", err)
	}
	if n := testutil.Must(conform.RunningTasks())(t); n != 1 {
		t.Errorf("RunningTasks right after the cancelled call = %d, want the 1 spawned task", n)
	}
	eventually(t, "RunningTasks", 0, conform.RunningTasks)
	if got := testutil.Must(conform.SpawnedSleep(context.Background(), 5))(t); got != 5 {
		t.Errorf("SpawnedSleep(5) = %d", got)
	}
}

// Async constructors and `self: Arc<Self>` async methods on tokio, with results, errors and
// objects.
func TestTokioConstructorsAndMethods(t *testing.T) {
	expectNodesFreed(t)
	ctx := context.Background()
	n := testutil.Must(conform.NewNodeLoad(ctx, "loaded", 5))(t)
	defer n.Close()
	if got := testutil.Must(n.NameAfter(ctx, 5))(t); got != "loaded" {
		t.Errorf("NameAfter = %q", got)
	}
	_, err := conform.NewNodeLoad(ctx, "bad name", 1)
	invalid := testutil.As[conform.NodeErrorInvalidName](t, "NewNodeLoad(bad name)", err)
	if bc, ok := invalid.Source.(conform.ParseErrorBadChar); !ok || bc.Ch != " " || bc.Pos != 3 {
		t.Errorf("Source = %#v, want BadChar \" \" at 3", invalid.Source)
	}

	// A cancelled async constructor makes no object.
	before := liveNodes(t)
	short, cancelShort := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancelShort()
	if m, err := conform.NewNodeLoad(short, "never", 10_000); m != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("NewNodeLoad cancelled = %v, %v, want nil and context.DeadlineExceeded", m, err)
	}
	if got := liveNodes(t); got != before {
		t.Errorf("LiveNodes = %d after a cancelled constructor, want %d", got, before)
	}

	same := testutil.Must(n.ThisAfter(ctx, 1, 1000))(t)
	defer same.Close()
	if !testutil.Must(n.IsSame(same))(t) {
		t.Error("ThisAfter returned another Rust object")
	}
	_, err = n.ThisAfter(ctx, 1000, 10)
	timeout := testutil.As[conform.AppErrorTimeout](t, "ThisAfter(1000, limit 10)", err)
	if timeout.Ms != 10 {
		t.Errorf("Timeout.Ms = %d", timeout.Ms)
	}

	for _, c := range []string{"c", "a", "b"} {
		testutil.Must(n.WithChild(newNode(t, c)))(t).Close()
	}
	if got := testutil.Must(n.ChildNamesSpawned(ctx))(t); !equal(got, []string{"c", "a", "b"}) {
		t.Errorf("ChildNamesSpawned = %q", got)
	}
	eventually(t, "RunningTasks", 0, conform.RunningTasks)

	// A method whose future is cancelled leaves the object usable.
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := n.NameAfter(short, 10_000); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("NameAfter cancelled = %v", err)
	}
	if got := testutil.Must(n.Name())(t); got != "loaded" {
		t.Errorf("Name after a cancelled call = %q", got)
	}
	n.Close()
	if _, err := n.NameAfter(ctx, 1); !errors.Is(err, conform.ErrClosed) {
		t.Errorf("NameAfter after Close = %v, want ErrClosed", err)
	}
}

// Errors of a tokio function arrive with their whole chain.
func TestTokioErrorChain(t *testing.T) {
	_, err := conform.OpenAppAsync(context.Background(), "")
	if !errors.Is(err, conform.ParseErrorEmpty{}) {
		t.Fatalf("OpenAppAsync(\"\") = %v, want a chain down to ParseErrorEmpty", err)
	}
	if got := testutil.Must(conform.OpenAppAsync(context.Background(), "x"))(t); got != "app x" {
		t.Errorf("OpenAppAsync(x) = %q", got)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Tokio functions and methods returning objects in sequences, maps of options and an error
// variant holding the object the method was called on.
func TestTokioCallsReturningObjects(t *testing.T) {
	expectNodesFreed(t)
	ctx := context.Background()
	root := newNode(t, "root")
	kid := newNode(t, "kid")
	testutil.Must(root.WithChild(kid))(t).Close()

	kids := testutil.Must(conform.ChildrenAsync(ctx, root))(t)
	if len(kids) != 1 || !testutil.Must(kids[0].IsSame(kid))(t) {
		t.Errorf("ChildrenAsync = %v", kids)
	}
	closeAll(kids...)
	byName := testutil.Must(conform.ChildrenByNameAsync(ctx, root))(t)
	if len(byName) != 1 || byName["kid"] == nil || !testutil.Must(byName["kid"].IsSame(kid))(t) {
		t.Errorf("ChildrenByNameAsync = %v", byName)
	}
	for _, n := range byName {
		n.Close()
	}
	kids = testutil.Must(root.ChildrenUnlessBusy(ctx, false))(t)
	if len(kids) != 1 {
		t.Errorf("ChildrenUnlessBusy = %v", kids)
	}
	closeAll(kids...)

	kids, err := root.ChildrenUnlessBusy(ctx, true)
	busy := testutil.As[conform.TaskErrorBusy](t, "ChildrenUnlessBusy(busy)", err)
	if kids != nil || !testutil.Must(busy.Node.IsSame(root))(t) {
		t.Errorf("TaskErrorBusy.Node is not root (kids %v)", kids)
	}
	// An object field shows its type in the error text, not its handle.
	if got, want := err.Error(), "conform: task error busy: node=*conform.Node"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	busy.Node.Close()
	testutil.Must(0, root.Clear())(t)
}

// Objects lent to a tokio call that is cancelled are released with its future.
func TestCancelledCallReleasesObjectArguments(t *testing.T) {
	expectNodesFreed(t)
	a := newNode(t, "a")
	before := liveNodes(t)
	tmp := testutil.Must(conform.NewNode("tmp"))(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := conform.CountAfter(ctx, []*conform.Node{a, tmp, a}, 10_000); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("CountAfter cancelled = %v", err)
	}
	tmp.Close()
	eventually(t, "LiveNodes after the cancelled call and Close", before, conform.LiveNodes)
	if got := testutil.Must(conform.CountAfter(context.Background(), []*conform.Node{a, a}, 1))(t); got != 2 {
		t.Errorf("CountAfter = %d", got)
	}
}
