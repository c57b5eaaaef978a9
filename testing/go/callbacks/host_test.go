package callbacks_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/callbacks"
	"uniffi-go.test/internal/testutil"
)

// ---- a Go Host --------------------------------------------------------------

// goHost is a Go implementation of the async callbacks.Host trait: Fetch answers "v:"+key unless
// the fetch hook replaces it, every other method echoes its arguments (or runs its hook).
type goHost struct {
	fetch       func(ctx context.Context, key string) (string, error)
	addI64      func(ctx context.Context, a, b int64) (int64, error)
	pingOrFail  func(ctx context.Context, fail bool) error
	echoPayload func(ctx context.Context, p callbacks.Payload) (callbacks.Payload, error)
	echoU8      func(ctx context.Context, v uint8) (uint8, error)
	echoCounter func(ctx context.Context, c *callbacks.Counter) (*callbacks.Counter, error)

	calls atomic.Int64
	pings atomic.Int64
	mu    sync.Mutex
	last  any
}

func (h *goHost) seen(v any) {
	h.calls.Add(1)
	h.mu.Lock()
	h.last = v
	h.mu.Unlock()
}

func (h *goHost) lastArg() any {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

func (h *goHost) Fetch(ctx context.Context, key string) (string, error) {
	h.seen(key)
	if h.fetch != nil {
		return h.fetch(ctx, key)
	}
	return "v:" + key, nil
}

func (h *goHost) AddI64(ctx context.Context, a, b int64) (int64, error) {
	h.seen([2]int64{a, b})
	if h.addI64 != nil {
		return h.addI64(ctx, a, b)
	}
	return a + b, nil
}

func (h *goHost) EchoU8(ctx context.Context, v uint8) (uint8, error) {
	h.seen(v)
	if h.echoU8 != nil {
		return h.echoU8(ctx, v)
	}
	return v, nil
}
func (h *goHost) EchoI8(_ context.Context, v int8) (int8, error)        { h.seen(v); return v, nil }
func (h *goHost) EchoU16(_ context.Context, v uint16) (uint16, error)   { h.seen(v); return v, nil }
func (h *goHost) EchoI16(_ context.Context, v int16) (int16, error)     { h.seen(v); return v, nil }
func (h *goHost) EchoU32(_ context.Context, v uint32) (uint32, error)   { h.seen(v); return v, nil }
func (h *goHost) EchoI32(_ context.Context, v int32) (int32, error)     { h.seen(v); return v, nil }
func (h *goHost) EchoU64(_ context.Context, v uint64) (uint64, error)   { h.seen(v); return v, nil }
func (h *goHost) EchoF32(_ context.Context, v float32) (float32, error) { h.seen(v); return v, nil }
func (h *goHost) EchoF64(_ context.Context, v float64) (float64, error) { h.seen(v); return v, nil }
func (h *goHost) EchoBool(_ context.Context, v bool) (bool, error)      { h.seen(v); return v, nil }

func (h *goHost) Ping(context.Context) error {
	h.seen("ping")
	h.pings.Add(1)
	return nil
}

func (h *goHost) PingOrFail(ctx context.Context, fail bool) error {
	h.seen(fail)
	if h.pingOrFail != nil {
		return h.pingOrFail(ctx, fail)
	}
	if fail {
		return callbacks.HostErrorNotFound{Key: "ping"}
	}
	return nil
}

func (h *goHost) EchoPayload(ctx context.Context, p callbacks.Payload) (callbacks.Payload, error) {
	h.seen(p)
	if h.echoPayload != nil {
		return h.echoPayload(ctx, p)
	}
	return p, nil
}

func (h *goHost) EchoList(_ context.Context, v []string) ([]string, error) {
	h.seen(v)
	return v, nil
}

func (h *goHost) EchoOptional(_ context.Context, v *int32) (*int32, error) {
	h.seen(v)
	return v, nil
}

func (h *goHost) EchoCounter(ctx context.Context, c *callbacks.Counter) (*callbacks.Counter, error) {
	h.seen(c)
	if h.echoCounter != nil {
		return h.echoCounter(ctx, c)
	}
	return c, nil
}

// testCtx is a context that ends the test's calls instead of hanging forever if a host call is
// never answered.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// ---- the counters themselves ------------------------------------------------

// A host call in flight shows up in every counter: the pending Go call, Rust's count of host
// calls, the Rust future Go awaits, and Rust's handle to the Go host.
func TestHostCountersSeeACallInFlight(t *testing.T) {
	expectNoLeaks(t)
	release := make(chan struct{})
	entered := make(chan struct{})
	h := &goHost{fetch: func(ctx context.Context, key string) (string, error) {
		close(entered)
		<-release
		return "released", nil
	}}
	done := make(chan error, 1)
	go func() {
		v, err := callbacks.HostFetch(testCtx(t), h, "k")
		if err == nil && v != "released" {
			err = fmt.Errorf("HostFetch = %q", v)
		}
		done <- err
	}()
	<-entered
	want := counters{handles: 1, hostCalls: 1, rustFutures: 1, liveHostCalls: 1}
	// Go registers the future's waiter once the call into Rust returns, which may be after the
	// host call it made has started.
	waitFor(5*time.Second, func() bool { return readCounters(t) == want })
	if c := readCounters(t); c != want {
		t.Errorf("while the host call is pending: %v; want %v", c, want)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if c := readCounters(t); !c.zero() {
		t.Errorf("right after HostFetch returned: %v", c)
	}
}

// ---- answers ----------------------------------------------------------------

// The host answers from another goroutine after a delay.
func TestHostFetchAnsweredLater(t *testing.T) {
	expectNoLeaks(t)
	h := &goHost{fetch: func(ctx context.Context, key string) (string, error) {
		ch := make(chan string, 1)
		go func() {
			time.Sleep(20 * time.Millisecond)
			ch <- "later:" + strings.ToUpper(key)
		}()
		select {
		case v := <-ch:
			return v, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}}
	start := time.Now()
	got, err := callbacks.HostFetch(testCtx(t), h, "abc ✓")
	if err != nil || got != "later:ABC ✓" {
		t.Errorf("HostFetch = %q, %v", got, err)
	}
	if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
		t.Errorf("HostFetch returned after %v, before the host answered", elapsed)
	}
	if h.lastArg() != "abc ✓" {
		t.Errorf("the host received key %v", h.lastArg())
	}
	expectZeroNow(t, "HostFetch")
	// Empty key and empty value.
	h.fetch = func(context.Context, string) (string, error) { return "", nil }
	if got, err := callbacks.HostFetch(testCtx(t), h, ""); err != nil || got != "" {
		t.Errorf("HostFetch(\"\") = %q, %v", got, err)
	}
}

// hostEcho calls an async Host round trip for each value and checks the result and what the
// Go host received.
func hostEcho[T any](t *testing.T, h *goHost, name string, call func(context.Context, callbacks.Host, T) (T, error), same func(a, b T) bool, values ...T) {
	t.Helper()
	ctx := testCtx(t)
	for _, v := range values {
		before := h.calls.Load()
		got, err := call(ctx, h, v)
		if err != nil || !same(got, v) {
			t.Errorf("%s(%v) = %v, %v", name, v, got, err)
		}
		if n := h.calls.Load() - before; n != 1 {
			t.Errorf("%s(%v): the Go host ran %d times, want once", name, v, n)
		} else if arg, ok := h.lastArg().(T); !ok || !same(arg, v) {
			t.Errorf("%s(%v): the Go host received %#v", name, v, h.lastArg())
		}
		expectZeroNow(t, name)
	}
}

func TestHostRoundTrips(t *testing.T) {
	expectNoLeaks(t)
	h := &goHost{}
	ctx := testCtx(t)
	hostEcho(t, h, "HostEchoU8", callbacks.HostEchoU8, eq, 0, 1, math.MaxUint8)
	hostEcho(t, h, "HostEchoI8", callbacks.HostEchoI8, eq, 0, -1, math.MinInt8, math.MaxInt8)
	hostEcho(t, h, "HostEchoU16", callbacks.HostEchoU16, eq, 0, math.MaxUint16)
	hostEcho(t, h, "HostEchoI16", callbacks.HostEchoI16, eq, math.MinInt16, -1, math.MaxInt16)
	hostEcho(t, h, "HostEchoU32", callbacks.HostEchoU32, eq, 0, 1<<31, math.MaxUint32)
	hostEcho(t, h, "HostEchoI32", callbacks.HostEchoI32, eq, math.MinInt32, 0, math.MaxInt32)
	hostEcho(t, h, "HostEchoU64", callbacks.HostEchoU64, eq, 0, 1<<63, math.MaxUint64)
	same32 := func(a, b float32) bool { return math.Float32bits(a) == math.Float32bits(b) }
	same64 := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	hostEcho(t, h, "HostEchoF32", callbacks.HostEchoF32, same32, 0, float32(math.Copysign(0, -1)), 1.25,
		math.MaxFloat32, math.SmallestNonzeroFloat32, float32(math.Inf(1)), float32(math.Inf(-1)), math.Float32frombits(0x7fc00001))
	hostEcho(t, h, "HostEchoF64", callbacks.HostEchoF64, same64, 0, math.Copysign(0, -1), -math.Pi,
		math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), math.Float64frombits(0x7ff8000000000001))
	if v, err := callbacks.HostEchoF64(ctx, h, math.NaN()); err != nil || !math.IsNaN(v) {
		t.Errorf("HostEchoF64(NaN) = %v, %v", v, err)
	}
	hostEcho(t, h, "HostEchoBool", callbacks.HostEchoBool, eq, true, false)

	sameList := func(a, b []string) bool { return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b)) }
	long := make([]string, 2000)
	for i := range long {
		long[i] = fmt.Sprintf("item %d ✓", i)
	}
	hostEcho(t, h, "HostEchoList", callbacks.HostEchoList, sameList, nil, []string{}, []string{""}, []string{"a", "日本", ""}, long)
	sameOpt := func(a, b *int32) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	hostEcho(t, h, "HostEchoOptional", callbacks.HostEchoOptional, sameOpt, nil, ptr(int32(0)), ptr(int32(math.MinInt32)), ptr(int32(math.MaxInt32)))
	samePayload := func(a, b callbacks.Payload) bool {
		return a.Name == b.Name && len(a.Values) == len(b.Values) &&
			(len(a.Values) == 0 || reflect.DeepEqual(a.Values, b.Values)) &&
			(a.Note == nil) == (b.Note == nil) && (a.Note == nil || *a.Note == *b.Note)
	}
	hostEcho(t, h, "HostEchoPayload", callbacks.HostEchoPayload, samePayload,
		callbacks.Payload{},
		callbacks.Payload{Name: "p ✓", Values: []int64{math.MinInt64, 0, math.MaxInt64}, Note: ptr("n")},
		callbacks.Payload{Name: "", Values: []int64{}, Note: ptr("")})

	for _, c := range [][3]int64{{1, 2, 3}, {-5, 5, 0}, {math.MaxInt64, 1, math.MinInt64}, {math.MinInt64, 0, math.MinInt64}} {
		got, err := callbacks.HostAddI64(ctx, h, c[0], c[1])
		if err != nil || got != c[2] {
			t.Errorf("HostAddI64(%d, %d) = %d, %v; want %d", c[0], c[1], got, err, c[2])
		}
		if h.lastArg() != [2]int64{c[0], c[1]} {
			t.Errorf("HostAddI64(%d, %d): the host received %v", c[0], c[1], h.lastArg())
		}
	}
	if err := callbacks.HostPing(ctx, h); err != nil || h.pings.Load() != 1 {
		t.Errorf("HostPing = %v, host pinged %d times", err, h.pings.Load())
	}
	if err := callbacks.HostPingOrFail(ctx, h, false); err != nil || h.lastArg() != false {
		t.Errorf("HostPingOrFail(false) = %v (host saw %v)", err, h.lastArg())
	}
	expectZeroNow(t, "round trips")
}

// The Counter handed to the Go host is usable there, and the one it returns is the same Rust
// object.
func TestHostEchoCounter(t *testing.T) {
	expectNoLeaks(t)
	var inside uint64
	var insideErr error
	h := &goHost{echoCounter: func(ctx context.Context, c *callbacks.Counter) (*callbacks.Counter, error) {
		inside, insideErr = c.Increment()
		return c, nil
	}}
	c, err := callbacks.NewCounter(10)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := callbacks.HostEchoCounter(testCtx(t), h, c)
	if err != nil || got == nil {
		t.Fatalf("HostEchoCounter = %v, %v", got, err)
	}
	defer got.Close()
	if insideErr != nil || inside != 11 {
		t.Errorf("Increment inside the host = %d, %v; want 11", inside, insideErr)
	}
	if v, err := got.Increment(); err != nil || v != 12 {
		t.Errorf("returned Counter: Increment = %d, %v; want 12", v, err)
	}
	if v, err := c.Get(); err != nil || v != 12 {
		t.Errorf("original Counter: Get = %d, %v; want 12", v, err)
	}
	// A host answering with a nil Counter fails the (infallible) Rust function.
	h.echoCounter = func(context.Context, *callbacks.Counter) (*callbacks.Counter, error) { return nil, nil }
	_, err = callbacks.HostEchoCounter(testCtx(t), h, c)
	testutil.Expect[*callbacks.InternalError](t, "HostEchoCounter with a host returning nil", err)
	expectZeroNow(t, "HostEchoCounter")
}

// ---- errors -----------------------------------------------------------------

func TestHostErrors(t *testing.T) {
	expectNoLeaks(t)
	ctx := testCtx(t)
	h := &goHost{}

	// Declared errors reach Rust as themselves and come back.
	h.fetch = func(_ context.Context, key string) (string, error) { return "", callbacks.HostErrorNotFound{Key: key} }
	_, err := callbacks.HostFetch(ctx, h, "missing ✓")
	var nf callbacks.HostErrorNotFound
	if !errors.As(err, &nf) || nf.Key != "missing ✓" {
		t.Errorf("HostFetch with NotFound = %v (%T)", err, err)
	}
	h.fetch = func(context.Context, string) (string, error) {
		return "", fmt.Errorf("wrapped: %w", callbacks.HostErrorTimeout{})
	}
	if _, err := callbacks.HostFetch(ctx, h, "k"); !errors.Is(err, callbacks.HostErrorTimeout{}) {
		t.Errorf("HostFetch with a wrapped Timeout = %v (%T)", err, err)
	}
	if err := callbacks.HostPingOrFail(ctx, h, true); !errors.As(err, &nf) || nf.Key != "ping" {
		t.Errorf("HostPingOrFail(true) = %v (%T)", err, err)
	}
	h.echoPayload = func(context.Context, callbacks.Payload) (callbacks.Payload, error) {
		return callbacks.Payload{Name: "ignored"}, callbacks.HostErrorNotFound{Key: "payload"}
	}
	if p, err := callbacks.HostEchoPayload(ctx, h, callbacks.Payload{Name: "x"}); !errors.As(err, &nf) || nf.Key != "payload" || p.Name != "" {
		t.Errorf("HostEchoPayload with NotFound = %+v, %v", p, err)
	}

	// Undeclared errors and panics become HostError::Unexpected for fallible methods.
	for name, c := range map[string]struct {
		fetch func(context.Context, string) (string, error)
		parts []string
	}{
		"plain error":       {func(context.Context, string) (string, error) { return "", errors.New("db down") }, []string{"db down"}},
		"panic with string": {func(context.Context, string) (string, error) { panic("host exploded") }, []string{"panic", "host exploded"}},
		"panic with error":  {func(context.Context, string) (string, error) { panic(errors.New("host error value")) }, []string{"panic", "host error value"}},
		"invalid UTF-8":     {func(context.Context, string) (string, error) { return "\xc3", nil }, []string{"UTF-8"}},
	} {
		h.fetch = c.fetch
		got, err := callbacks.HostFetch(ctx, h, "k")
		var unexpected callbacks.HostErrorUnexpected
		if !errors.As(err, &unexpected) {
			t.Errorf("%s: HostFetch = %q, %v (%T); want HostErrorUnexpected", name, got, err, err)
			continue
		}
		for _, part := range c.parts {
			if !strings.Contains(unexpected.Reason, part) {
				t.Errorf("%s: reason %q does not mention %q", name, unexpected.Reason, part)
			}
		}
	}
	h.pingOrFail = func(context.Context, bool) error { panic("ping panicked") }
	var unexpected callbacks.HostErrorUnexpected
	if err := callbacks.HostPingOrFail(ctx, h, false); !errors.As(err, &unexpected) || !strings.Contains(unexpected.Reason, "ping panicked") {
		t.Errorf("HostPingOrFail with a panicking host = %v", err)
	}

	// Infallible Rust functions cannot pass an error on: Rust panics, Go gets an *InternalError.
	h.addI64 = func(context.Context, int64, int64) (int64, error) { return 0, errors.New("cannot add") }
	_, err = callbacks.HostAddI64(ctx, h, 1, 2)
	testutil.Expect[*callbacks.InternalError](t, "HostAddI64 with a failing host", err, "cannot add")
	h.echoU8 = func(context.Context, uint8) (uint8, error) { panic("u8 host panic") }
	_, err = callbacks.HostEchoU8(ctx, h, 3)
	testutil.Expect[*callbacks.InternalError](t, "HostEchoU8 with a panicking host", err, "u8 host panic")
	expectZeroNow(t, "after the failures")

	// Everything still works.
	h.fetch, h.addI64, h.echoU8 = nil, nil, nil
	if v, err := callbacks.HostFetch(ctx, h, "ok"); err != nil || v != "v:ok" {
		t.Errorf("HostFetch after the failures = %q, %v", v, err)
	}
	if v, err := callbacks.HostAddI64(ctx, h, 2, 3); err != nil || v != 5 {
		t.Errorf("HostAddI64 after the failures = %d, %v", v, err)
	}
	if _, err := callbacks.HostFetch(ctx, nil, "k"); !errors.Is(err, callbacks.ErrClosed) {
		t.Errorf("HostFetch(nil host) = %v, want ErrClosed", err)
	}
}

// ---- many calls at once, answered out of order ------------------------------

type fetchReq struct {
	key     string
	arrival int
	reply   chan string
}

// shufflingHost collects Fetch requests and answers them in batches, each batch shuffled and
// split among several goroutines that answer their share in reverse.
type shufflingHost struct {
	goHost
	reqs chan *fetchReq

	mu       sync.Mutex
	answered []int // arrival numbers, in the order the answers were sent
}

func (h *shufflingHost) Fetch(ctx context.Context, key string) (string, error) {
	req := &fetchReq{key: key, reply: make(chan string, 1)}
	select {
	case h.reqs <- req:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	select {
	case v := <-req.reply:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (h *shufflingHost) dispatch(stop <-chan struct{}, workers int) {
	var wg sync.WaitGroup
	defer wg.Wait()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var pending []*fetchReq
	arrivals := 0
	for {
		select {
		case r := <-h.reqs:
			r.arrival = arrivals
			arrivals++
			pending = append(pending, r)
			if len(pending) < 512 {
				continue
			}
		case <-tick.C:
		case <-stop:
			return
		}
		if len(pending) == 0 {
			continue
		}
		rand.Shuffle(len(pending), func(i, j int) { pending[i], pending[j] = pending[j], pending[i] })
		per := (len(pending) + workers - 1) / workers
		for start := 0; start < len(pending); start += per {
			share := pending[start:min(start+per, len(pending))]
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := len(share) - 1; i >= 0; i-- {
					h.mu.Lock()
					h.answered = append(h.answered, share[i].arrival)
					h.mu.Unlock()
					share[i].reply <- "v:" + share[i].key
				}
			}()
		}
		pending = nil
	}
}

func TestHostFetchConcurrentOutOfOrder(t *testing.T) {
	expectNoLeaks(t)
	const calls = 10000
	h := &shufflingHost{reqs: make(chan *fetchReq)}
	stop := make(chan struct{})
	dispatched := make(chan struct{})
	go func() { h.dispatch(stop, 4); close(dispatched) }()
	ctx := testCtx(t)

	start := time.Now()
	var wg sync.WaitGroup
	var wrong atomic.Int64
	errs := make(chan error, 10)
	for i := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := fmt.Sprintf("key-%05d", i)
			got, err := callbacks.HostFetch(ctx, h, key)
			if err != nil || got != "v:"+key {
				if wrong.Add(1) <= 10 {
					errs <- fmt.Errorf("HostFetch(%q) = %q, %v", key, got, err)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-dispatched
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := wrong.Load(); n != 0 {
		t.Errorf("%d of %d calls got a wrong answer", n, calls)
	}
	t.Logf("%d concurrent HostFetch calls in %v", calls, time.Since(start))

	h.mu.Lock()
	answered := h.answered
	h.mu.Unlock()
	if len(answered) != calls {
		t.Errorf("the host answered %d calls, want %d", len(answered), calls)
	}
	inversions := 0
	for i := 1; i < len(answered); i++ {
		if answered[i] < answered[i-1] {
			inversions++
		}
	}
	if inversions == 0 {
		t.Errorf("the host answered every call in arrival order: the test proves nothing")
	}
	expectZeroNow(t, "10000 HostFetch calls")
	if n := callbacks.LiveCallbackHandles(); n != 0 {
		t.Errorf("LiveCallbackHandles = %d after the calls returned", n)
	}
}

// Rust awaits 500 host calls at once (join_all): the host holds every one until all 500 have
// arrived, then answers them in reverse order; the values still come back in key order.
func TestHostFetchMany(t *testing.T) {
	expectNoLeaks(t)
	const n = 500
	var mu sync.Mutex
	arrived := 0
	order := map[string]int{}
	allArrived := make(chan struct{})
	release := make(chan struct{})
	h := &goHost{fetch: func(ctx context.Context, key string) (string, error) {
		mu.Lock()
		idx := arrived
		order[key] = idx
		arrived++
		if arrived == n {
			close(allArrived)
		}
		mu.Unlock()
		select {
		case <-release:
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Minute):
			return "", errors.New("not every call arrived: the calls are not concurrent")
		}
		// Later arrivals answer first.
		time.Sleep(time.Duration(n-idx) * 20 * time.Microsecond)
		return "val(" + key + ")", nil
	}}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%03d-✓", i)
	}
	type result struct {
		vals []string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		vals, err := callbacks.HostFetchMany(testCtx(t), h, keys)
		done <- result{vals, err}
	}()
	select {
	case <-allArrived:
		// The Go side registers a future's waiter once the call into Rust returns, which may be
		// after the host call it made has started.
		waitFor(5*time.Second, func() bool { return callbacks.PendingRustFutures() == 1 })
		c := readCounters(t)
		// One handle: Rust clones its Arc to the Go host for each call.
		if c.hostCalls != n || c.liveHostCalls != n || c.rustFutures != 1 || c.handles != 1 {
			t.Errorf("with %d host calls waiting: %v", n, c)
		}
		close(release)
	case r := <-done:
		t.Fatalf("HostFetchMany returned before all calls arrived: %v", r.err)
	}
	r := <-done
	if r.err != nil || len(r.vals) != n {
		t.Fatalf("HostFetchMany = %d values, %v", len(r.vals), r.err)
	}
	for i, v := range r.vals {
		if v != "val("+keys[i]+")" {
			t.Errorf("value %d = %q, want %q", i, v, "val("+keys[i]+")")
		}
	}
	expectZeroNow(t, "HostFetchMany")

	// The first error in key order wins, whatever order the host answers in.
	h.fetch = func(ctx context.Context, key string) (string, error) {
		var i int
		fmt.Sscanf(key, "k%d", &i)
		time.Sleep(time.Duration(20-i) * time.Millisecond)
		if i == 7 || i == 13 {
			return "", callbacks.HostErrorNotFound{Key: key}
		}
		return key, nil
	}
	var few []string
	for i := range 20 {
		few = append(few, fmt.Sprintf("k%d", i))
	}
	_, err := callbacks.HostFetchMany(testCtx(t), h, few)
	var nf callbacks.HostErrorNotFound
	if !errors.As(err, &nf) || nf.Key != "k7" {
		t.Errorf("HostFetchMany with failing keys 7 and 13 = %v; want NotFound{k7}", err)
	}
	if vals, err := callbacks.HostFetchMany(testCtx(t), h, nil); err != nil || len(vals) != 0 {
		t.Errorf("HostFetchMany(no keys) = %v, %v", vals, err)
	}
	expectZeroNow(t, "HostFetchMany")
}

// ---- calls Rust drops, calls Go cancels --------------------------------------

// The host never answers; Rust gives up after 30ms and drops the call. The Go host's context is
// cancelled, the call is forgotten, and nothing leaks.
func TestHostFetchWithTimeout(t *testing.T) {
	expectNoLeaks(t)
	hostDone := make(chan error, 1)
	h := &goHost{fetch: func(ctx context.Context, key string) (string, error) {
		select {
		case <-ctx.Done():
			hostDone <- ctx.Err()
			return "", ctx.Err()
		case <-time.After(time.Minute):
			hostDone <- errors.New("the host's context was never cancelled")
			return "too late", nil
		}
	}}
	start := time.Now()
	got, err := callbacks.HostFetchWithTimeout(testCtx(t), h, "slow", 30)
	elapsed := time.Since(start)
	if !errors.Is(err, callbacks.HostErrorTimeout{}) {
		t.Fatalf("HostFetchWithTimeout = %q, %v (%T); want HostErrorTimeout", got, err, err)
	}
	if elapsed < 30*time.Millisecond || elapsed > 20*time.Second {
		t.Errorf("HostFetchWithTimeout(30ms) returned after %v", elapsed)
	}
	// Rust dropped the call before returning, so nothing is pending any more.
	expectZeroNow(t, "HostFetchWithTimeout")
	if n := callbacks.LiveCallbackHandles(); n != 0 {
		t.Errorf("LiveCallbackHandles = %d after the timeout", n)
	}
	select {
	case err := <-hostDone:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the host's context ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the host's context was not cancelled when Rust dropped the call")
	}

	// A host that answers in time is not timed out.
	h.fetch = nil
	if got, err := callbacks.HostFetchWithTimeout(testCtx(t), h, "fast", 10000); err != nil || got != "v:fast" {
		t.Errorf("HostFetchWithTimeout(fast host) = %q, %v", got, err)
	}
	// A zero timeout drops the call right after starting it.
	h.fetch = func(ctx context.Context, key string) (string, error) { <-ctx.Done(); return "", ctx.Err() }
	for range 20 {
		if _, err := callbacks.HostFetchWithTimeout(testCtx(t), h, "zero", 0); !errors.Is(err, callbacks.HostErrorTimeout{}) {
			t.Errorf("HostFetchWithTimeout(0) = %v", err)
		}
	}
	expectZeroNow(t, "HostFetchWithTimeout(0)")
}

// The host ignores its context and answers long after Rust dropped the call: the answer is
// discarded harmlessly, whatever it is.
func TestHostLateAnswerAfterDrop(t *testing.T) {
	expectNoLeaks(t)
	type late struct {
		name   string
		answer func() (string, error)
	}
	for _, c := range []late{
		{"value", func() (string, error) { return "late value", nil }},
		{"declared error", func() (string, error) { return "", callbacks.HostErrorNotFound{Key: "late"} }},
		{"undeclared error", func() (string, error) { return "", errors.New("late failure") }},
		{"panic", func() (string, error) { panic("late panic") }},
	} {
		returned := make(chan error, 1)
		h := &goHost{fetch: func(ctx context.Context, key string) (string, error) {
			defer func() { returned <- ctx.Err() }()
			time.Sleep(80 * time.Millisecond)
			return c.answer()
		}}
		_, err := callbacks.HostFetchWithTimeout(testCtx(t), h, "k", 10)
		if !errors.Is(err, callbacks.HostErrorTimeout{}) {
			t.Errorf("%s: HostFetchWithTimeout = %v, want HostErrorTimeout", c.name, err)
		}
		expectZeroNow(t, c.name)
		select {
		case ctxErr := <-returned:
			if !errors.Is(ctxErr, context.Canceled) {
				t.Errorf("%s: the host's context at its late answer: %v, want context.Canceled", c.name, ctxErr)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: the host never returned", c.name)
		}
	}
	// Let the late answers be processed, then check everything still works.
	time.Sleep(20 * time.Millisecond)
	if got, err := callbacks.HostFetch(testCtx(t), &goHost{}, "after"); err != nil || got != "v:after" {
		t.Errorf("HostFetch after the late answers = %q, %v", got, err)
	}
}

// blockingHost is a host whose Fetch blocks until its context ends. entered receives a value
// when Fetch starts, ctxErr the error of its context when it ends.
func blockingHost() (h *goHost, entered chan struct{}, ctxErr chan error) {
	entered = make(chan struct{}, 1)
	ctxErr = make(chan error, 1)
	h = &goHost{fetch: func(ctx context.Context, key string) (string, error) {
		entered <- struct{}{}
		select {
		case <-ctx.Done():
			ctxErr <- ctx.Err()
			return "", ctx.Err()
		case <-time.After(time.Minute):
			ctxErr <- errors.New("the host's context was never cancelled")
			return "too late", nil
		}
	}}
	return h, entered, ctxErr
}

// Cancelling the Go context of HostFetch while the host blocks: HostFetch returns the context's
// error, and the host's own context is cancelled too.
func TestHostFetchGoContextCancelled(t *testing.T) {
	expectNoLeaks(t)
	h, entered, hostCtxErr := blockingHost()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := callbacks.HostFetch(ctx, h, "blocked")
		done <- err
	}()
	<-entered
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("HostFetch after cancel = %v (%T), want context.Canceled", err, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("HostFetch did not return after its context was cancelled")
	}
	// The Rust future is freed before HostFetch returns, and with it the host call.
	expectZeroNow(t, "cancelled HostFetch")
	select {
	case err := <-hostCtxErr:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the host's context ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the host's context was not cancelled")
	}
}

func TestHostFetchGoContextDeadline(t *testing.T) {
	expectNoLeaks(t)
	h, entered, hostCtxErr := blockingHost()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := callbacks.HostFetch(ctx, h, "deadline"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("HostFetch past its deadline = %v, want context.DeadlineExceeded", err)
	}
	expectZeroNow(t, "HostFetch past its deadline")
	select {
	case <-entered:
		if err := <-hostCtxErr; !errors.Is(err, context.Canceled) {
			t.Errorf("the host's context ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("the host was not called within the 30ms before the deadline")
	}
}

func TestHostFetchGoContextCancelledBeforeTheCall(t *testing.T) {
	expectNoLeaks(t)
	h, entered, hostCtxErr := blockingHost()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := callbacks.HostFetch(ctx, h, "pre-cancelled"); !errors.Is(err, context.Canceled) {
		t.Errorf("HostFetch with a cancelled context = %v, want context.Canceled", err)
	}
	expectZeroNow(t, "pre-cancelled HostFetch")
	// The host may have been started; if so its context must end too.
	select {
	case <-entered:
		if err := <-hostCtxErr; !errors.Is(err, context.Canceled) {
			t.Errorf("the host's context ended with %v", err)
		}
	case <-time.After(50 * time.Millisecond):
	}
}

// Cancelling 200 pending calls at once.
func TestHostFetchManyCancelledAtOnce(t *testing.T) {
	expectNoLeaks(t)
	const n = 200
	var hostCancelled atomic.Int64
	h := &goHost{fetch: func(ctx context.Context, key string) (string, error) {
		<-ctx.Done()
		hostCancelled.Add(1)
		return "", ctx.Err()
	}}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var notCancelled atomic.Int64
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := callbacks.HostFetch(ctx, h, fmt.Sprint(i)); !errors.Is(err, context.Canceled) {
				notCancelled.Add(1)
			}
		}()
	}
	if !waitFor(20*time.Second, func() bool { return h.calls.Load() == n }) {
		t.Errorf("only %d of %d host calls started", h.calls.Load(), n)
	}
	// The Go side registers a future's waiter once the call into Rust returns, which may be after
	// the host call it made has started.
	waitFor(5*time.Second, func() bool { return callbacks.PendingRustFutures() == n })
	if c := readCounters(t); c.hostCalls != n || c.liveHostCalls != n || c.rustFutures != n || c.handles != n {
		t.Errorf("with %d calls pending: %v", n, c)
	}
	cancel()
	wg.Wait()
	if m := notCancelled.Load(); m != 0 {
		t.Errorf("%d of %d cancelled calls did not return context.Canceled", m, n)
	}
	expectZeroNow(t, "cancelled HostFetch calls")
	if !waitFor(10*time.Second, func() bool { return hostCancelled.Load() == n }) {
		t.Errorf("%d of %d host contexts were cancelled", hostCancelled.Load(), n)
	}
}

// A host answering with a Counter after its call was cancelled: the handle made for the answer
// is released, and the Counter stays usable.
func TestHostEchoCounterLateAnswer(t *testing.T) {
	expectNoLeaks(t)
	entered := make(chan struct{})
	returned := make(chan struct{})
	h := &goHost{echoCounter: func(ctx context.Context, c *callbacks.Counter) (*callbacks.Counter, error) {
		defer close(returned)
		close(entered)
		<-ctx.Done()
		time.Sleep(20 * time.Millisecond)
		return c, nil
	}}
	c, err := callbacks.NewCounter(1)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-entered; cancel() }()
	if _, err := callbacks.HostEchoCounter(ctx, h, c); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled HostEchoCounter = %v, want context.Canceled", err)
	}
	expectZeroNow(t, "cancelled HostEchoCounter")
	<-returned
	time.Sleep(10 * time.Millisecond)
	if v, err := c.Increment(); err != nil || v != 2 {
		t.Errorf("Counter after the late answer: Increment = %d, %v", v, err)
	}
}

// A Go host whose Fetch awaits another host call through Rust, with the context it was given:
// answers nest, and cancelling the outer call cancels the inner one.
func TestHostNestedCalls(t *testing.T) {
	expectNoLeaks(t)
	inner, innerEntered, innerCtxErr := blockingHost()
	outer := &goHost{fetch: func(ctx context.Context, key string) (string, error) {
		if key == "block" {
			return callbacks.HostFetch(ctx, inner, key)
		}
		v, err := callbacks.HostFetch(ctx, &goHost{}, key+"/inner")
		return "outer(" + v + ")", err
	}}
	if got, err := callbacks.HostFetch(testCtx(t), outer, "k"); err != nil || got != "outer(v:k/inner)" {
		t.Errorf("nested HostFetch = %q, %v", got, err)
	}
	if got, err := callbacks.HostFetchMany(testCtx(t), outer, []string{"a", "b", "c"}); err != nil ||
		!reflect.DeepEqual(got, []string{"outer(v:a/inner)", "outer(v:b/inner)", "outer(v:c/inner)"}) {
		t.Errorf("nested HostFetchMany = %q, %v", got, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := callbacks.HostFetch(ctx, outer, "block")
		done <- err
	}()
	<-innerEntered
	waitFor(5*time.Second, func() bool { return callbacks.PendingRustFutures() == 2 })
	if c := readCounters(t); c.hostCalls != 2 || c.liveHostCalls != 2 || c.rustFutures != 2 || c.handles != 2 {
		t.Errorf("with a nested call pending: %v; want two of each", c)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled outer HostFetch = %v, want context.Canceled", err)
	}
	select {
	case err := <-innerCtxErr:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("inner host's context ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the inner host call was not cancelled")
	}
}
