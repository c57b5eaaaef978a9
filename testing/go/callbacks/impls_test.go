package callbacks_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"uniffi-go.test/generated/callbacks"
)

// echoer is a Go implementation of callbacks.Echoer: every method records its argument and
// returns it, unless a hook replaces it.
type echoer struct {
	mu    sync.Mutex
	calls map[string]int
	last  map[string]any
	notes []string

	// Hooks; nil means "echo".
	failIf      func(bool) (string, error)
	echoU8      func(uint8) uint8
	echoString  func(string) string
	echoKind    func(callbacks.Kind) callbacks.Kind
	echoLevel   func(callbacks.Level) callbacks.Level
	echoCounter func(*callbacks.Counter) *callbacks.Counter
	notify      func(string)
}

func newEchoer() *echoer {
	return &echoer{calls: map[string]int{}, last: map[string]any{}}
}

func (e *echoer) record(method string, v any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls[method]++
	e.last[method] = v
}

// seen returns how often method ran and the argument of its last call.
func (e *echoer) seen(method string) (int, any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls[method], e.last[method]
}

func (e *echoer) EchoU8(v uint8) uint8 {
	e.record("EchoU8", v)
	if e.echoU8 != nil {
		return e.echoU8(v)
	}
	return v
}
func (e *echoer) EchoI8(v int8) int8        { e.record("EchoI8", v); return v }
func (e *echoer) EchoU16(v uint16) uint16   { e.record("EchoU16", v); return v }
func (e *echoer) EchoI16(v int16) int16     { e.record("EchoI16", v); return v }
func (e *echoer) EchoU32(v uint32) uint32   { e.record("EchoU32", v); return v }
func (e *echoer) EchoI32(v int32) int32     { e.record("EchoI32", v); return v }
func (e *echoer) EchoU64(v uint64) uint64   { e.record("EchoU64", v); return v }
func (e *echoer) EchoI64(v int64) int64     { e.record("EchoI64", v); return v }
func (e *echoer) EchoF32(v float32) float32 { e.record("EchoF32", v); return v }
func (e *echoer) EchoF64(v float64) float64 { e.record("EchoF64", v); return v }
func (e *echoer) EchoBool(v bool) bool      { e.record("EchoBool", v); return v }
func (e *echoer) EchoString(v string) string {
	e.record("EchoString", v)
	if e.echoString != nil {
		return e.echoString(v)
	}
	return v
}
func (e *echoer) EchoBytes(v []byte) []byte { e.record("EchoBytes", v); return v }
func (e *echoer) EchoOptional(v *string) *string {
	e.record("EchoOptional", v)
	return v
}
func (e *echoer) EchoList(v []int32) []int32 { e.record("EchoList", v); return v }
func (e *echoer) EchoMap(v map[string]int32) map[string]int32 {
	e.record("EchoMap", v)
	return v
}
func (e *echoer) EchoPayload(v callbacks.Payload) callbacks.Payload {
	e.record("EchoPayload", v)
	return v
}
func (e *echoer) EchoKind(v callbacks.Kind) callbacks.Kind {
	e.record("EchoKind", v)
	if e.echoKind != nil {
		return e.echoKind(v)
	}
	return v
}
func (e *echoer) EchoLevel(v callbacks.Level) callbacks.Level {
	e.record("EchoLevel", v)
	if e.echoLevel != nil {
		return e.echoLevel(v)
	}
	return v
}
func (e *echoer) EchoCounter(v *callbacks.Counter) *callbacks.Counter {
	e.record("EchoCounter", v)
	if e.echoCounter != nil {
		return e.echoCounter(v)
	}
	return v
}
func (e *echoer) Notify(message string) {
	e.record("Notify", message)
	if e.notify != nil {
		e.notify(message)
	}
}
func (e *echoer) FailIf(fail bool) (string, error) {
	e.record("FailIf", fail)
	if e.failIf != nil {
		return e.failIf(fail)
	}
	if fail {
		return "", callbacks.CallbackErrorRejected{Reason: "asked to fail"}
	}
	return "fine", nil
}

// newRelay wraps e in a Relay that the test closes when it ends.
func newRelay(t *testing.T, e callbacks.Echoer) *callbacks.Relay {
	t.Helper()
	r, err := callbacks.NewRelay(e)
	if err != nil {
		t.Fatalf("NewRelay: %v", err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// ---- a Go Greeter -----------------------------------------------------------

type goGreeter struct {
	prefix string
	calls  atomic.Uint32
	// greet replaces the greeting when set.
	greet func(name string) string
}

func (g *goGreeter) Greet(name string) string {
	g.calls.Add(1)
	if g.greet != nil {
		return g.greet(name)
	}
	return g.prefix + ", " + name + " (from Go)"
}

func (g *goGreeter) Calls() uint32 { return g.calls.Load() }

// goDescriber is a Go implementation of a trait only Rust may implement.
type goDescriber struct{}

func (goDescriber) Describe() string { return "from Go" }
