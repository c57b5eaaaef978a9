{%- if runtime.has_go_impls %}
// uniffiHandleMap holds the Go values Rust holds handles to, one slot per handle. A handle is odd
// (that is how Rust tells them apart from handles to its own objects) and names a slot and the
// slot's generation, so a handle that was removed stays unknown after its slot is reused.
//
// get, which runs on every call Rust makes into a synchronous Go method, takes no lock: Rust holds
// the handle for the whole call, so its slot cannot be emptied meanwhile; slots live in chunks
// that never move, and a slot's value is written before its generation is published, so a get
// that sees the generation sees the value. Everything else holds mu, and so does the lookup of an
// async method, which runs after Rust's call has returned.
type uniffiHandleMap[T any] struct {
	chunks atomic.Pointer[[]*uniffiHandleChunk[T]]
	mu     sync.Mutex
	used   uint32   // slots handed out so far, live or on the free list
	free   []uint32 // the unused slots
	live   int
	// genFloor is the generation new slots start from: above every generation handed out before
	// the map last let its slots go (see release).
	genFloor uint32
}

const uniffiHandleChunkLen = 64

type uniffiHandleChunk[T any] [uniffiHandleChunkLen]uniffiHandleSlot[T]

type uniffiHandleSlot[T any] struct {
	gen   atomic.Uint32 // {% if remote %}15{% else %}31{% endif %} bits, odd while the slot holds a value
	value T
}

func (m *uniffiHandleMap[T]) insert(v T) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	var i uint32
	if n := len(m.free); n > 0 {
		i = m.free[n-1]
		m.free = m.free[:n-1]
	} else {
		i = m.used
		m.used++
		if i%uniffiHandleChunkLen == 0 {
			m.grow()
		}
	}
	s := &(*m.chunks.Load())[i/uniffiHandleChunkLen][i%uniffiHandleChunkLen]
	s.value = v
	gen := (s.gen.Load() + 1) & {% if remote %}0x7fff{% else %}0x7fffffff{% endif %}
	s.gen.Store(gen)
	m.live++
	{%- if remote %}
	uniffiRemoteGoHandles.Add(1)
	// 15 bits of generation: bits 48-62 carry the connection's number, which routes Rust's calls.
	return (uint64(gen)<<32|uint64(i))<<1 | 1 | uint64(uniffiRemoteCur.Load().number)<<48
	{%- else %}
	return (uint64(gen)<<32|uint64(i))<<1 | 1
	{%- endif %}
}

// grow adds a chunk of unused slots. Readers keep the directory they loaded; the chunks in it stay
// where they are. The caller holds m.mu.
func (m *uniffiHandleMap[T]) grow() {
	var dir []*uniffiHandleChunk[T]
	if old := m.chunks.Load(); old != nil {
		dir = append(dir, *old...)
	}
	c := new(uniffiHandleChunk[T])
	for k := range c {
		c[k].gen.Store(m.genFloor)
	}
	dir = append(dir, c)
	m.chunks.Store(&dir)
}
{%- if remote %}

// reset forgets every handle: the host that held them is gone.
func (m *uniffiHandleMap[T]) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.release()
}
{%- endif %}

// lookup returns the slot of a live handle, or nil. It takes no lock: a slot's value may be read
// once its generation matches.
func (m *uniffiHandleMap[T]) lookup(h uint64) *uniffiHandleSlot[T] {
	i, gen := uint32(h>>1), uint32(h>>33){% if remote %}&0x7fff{% endif %}
	if h&1 == 0 || gen&1 == 0 {
		return nil
	}
	dir := m.chunks.Load()
	if dir == nil || int(i/uniffiHandleChunkLen) >= len(*dir) {
		return nil
	}
	s := &(*dir)[i/uniffiHandleChunkLen][i%uniffiHandleChunkLen]
	if s.gen.Load() != gen {
		return nil
	}
	return s
}

// empty frees a live handle's slot for reuse: its generation is withdrawn before its value is
// cleared. The caller holds m.mu.
func (m *uniffiHandleMap[T]) empty(h uint64, s *uniffiHandleSlot[T]) {
	s.gen.Store((s.gen.Load() + 1) & {% if remote %}0x7fff{% else %}0x7fffffff{% endif %})
	var zero T
	s.value = zero
	m.free = append(m.free, uint32(h>>1))
	m.live--
	{%- if remote %}
	uniffiRemoteGoHandles.Add(-1)
	{%- endif %}
	// A map that grew under load lets its slots go once Rust holds no handle, so that the memory
	// of a peak is not kept for the life of the process.
	if m.live == 0 && m.used > uniffiHandleChunkLen {
		m.release()
	}
}

// release drops every slot. New slots start above every generation handed out, so no earlier
// handle can name them. The caller holds m.mu.
func (m *uniffiHandleMap[T]) release() {
	var top uint32
	if dir := m.chunks.Load(); dir != nil {
		for _, c := range *dir {
			for k := range c {
				top = max(top, c[k].gen.Load())
			}
		}
	}
	m.genFloor = (top + 2) &^ 1 & {% if remote %}0x7fff{% else %}0x7fffffff{% endif %}
	{%- if remote %}
	uniffiRemoteGoHandles.Add(-int64(m.live))
	{%- endif %}
	m.chunks.Store(nil)
	m.used, m.free, m.live = 0, nil, 0
}

// get returns the value behind a handle Rust holds during the call (a sync method's). An unknown
// handle is reported to Rust.
func (m *uniffiHandleMap[T]) get(h uint64) T {
	s := m.lookup(h)
	if s == nil {
		panic(&InternalError{Message: "unknown callback handle " + strconv.FormatUint(h, 10)})
	}
	return s.value
}
{%- if runtime.has_host_calls %}

// getLocked is get for an async method's goroutine, which Rust does not wait for: Rust may free
// the handle meanwhile, so the value is read under the lock that removal takes.
func (m *uniffiHandleMap[T]) getLocked(h uint64) T {
	v, ok := m.lockedValue(h)
	if !ok {
		panic(&InternalError{Message: "unknown callback handle " + strconv.FormatUint(h, 10)})
	}
	return v
}
{%- endif %}

// take removes a handle Rust handed back to Go and returns its value.
func (m *uniffiHandleMap[T]) take(h uint64) T {
	m.mu.Lock()
	s := m.lookup(h)
	var v T
	if s != nil {
		v = s.value
		m.empty(h, s)
	}
	m.mu.Unlock()
	if s == nil {
		panic(&InternalError{Message: "unknown callback handle " + strconv.FormatUint(h, 10)})
	}
	return v
}

func (m *uniffiHandleMap[T]) remove(h uint64) {
	m.mu.Lock()
	if s := m.lookup(h); s != nil {
		m.empty(h, s)
	}
	m.mu.Unlock()
}

// clone gives Rust a second handle to the same value; 0 for an unknown handle. It never panics:
// Rust calls it outside any call status.
func (m *uniffiHandleMap[T]) clone(h uint64) uint64 {
	v, ok := m.lockedValue(h)
	if !ok {
		return 0
	}
	return m.insert(v)
}

// lockedValue reads a handle's value under the lock, for callers that race with its removal.
func (m *uniffiHandleMap[T]) lockedValue(h uint64) (v T, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s := m.lookup(h); s != nil {
		return s.value, true
	}
	return v, false
}

func (m *uniffiHandleMap[T]) len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.live
}

// uniffiCatchCallback runs the body of a Go callback and turns its outcome into a call status code
// and error buffer: 0 on success; 1 and the lowered error for an error the Rust method declares;
// 2 and a message for any other error or a panic, which never unwinds into Rust.
//
// A body that ends its goroutine with runtime.Goexit (as t.FailNow and t.Fatal do) neither
// returns nor panics.
{%- if remote %} Every callback runs on a goroutine of its own, which answers Rust as it ends.
func uniffiCatchCallback(body func() error, lowerErr func(error) ([]byte, bool)) (code int8, errBuf []byte) {
	defer func() {
		if p := recover(); p != nil {
			code, errBuf = 2, uniffiMessageBytes(uniffiPanicMessage(p))
		}
	}()
	err := body()
{%- else %} When Rust waits for the answer on this goroutine's thread (callerWaits),
// the goroutine must not end: Goexit would skip the Rust frames below it, and on a thread Rust
// created the Go runtime aborts. Goexit cannot be stopped, so the process ends here, naming the
// cause. A host call runs on a goroutine of its own, which answers Rust as it ends.
func uniffiCatchCallback(body func() error, lowerErr func(error) ([]byte, bool), callerWaits bool) (code int8, errBuf []byte) {
	returned := false
	defer func() {
		if p := recover(); p != nil {
			code, errBuf = 2, uniffiMessageBytes(uniffiPanicMessage(p))
		} else if !returned && callerWaits {
			panic(&InternalError{Message: uniffiGoexitMessage + "; Rust waits for the answer on this thread, and its frames below cannot be skipped, so the program stops. Return from the callback instead (t.Error rather than t.Fatal)"})
		}
	}()
	err := body()
	returned = true
{%- endif %}
	if err == nil {
		return 0, nil
	}
	if lowerErr != nil {
		if b, ok := lowerErr(err); ok {
			return 1, b
		}
	}
	return 2, uniffiMessageBytes(uniffiErrorMessage(err))
}

// uniffiGoexitMessage is what Rust is told when a Go callback ends its goroutine with
// runtime.Goexit instead of returning.
const uniffiGoexitMessage = "a Go callback called runtime.Goexit (t.FailNow or t.Fatal?) instead of returning"

// uniffiPanicMessage describes a panic value. An Error or String method that panics (a nil
// pointer, say, or one that panics again while fmt reports the first panic) must not escape
// into Rust, nor end the program: then only the value's type is named.
func uniffiPanicMessage(p any) (msg string) {
	if e, ok := p.(*InternalError); ok && e != nil {
		return e.Message
	}
	defer func() {
		if recover() != nil {
			msg = fmt.Sprintf("panic in Go callback: a %T whose Error or String method panicked", p)
		}
	}()
	return "panic in Go callback: " + fmt.Sprint(p)
}

// uniffiErrorMessage is err.Error(), or, when that panics, a message naming err's type.
func uniffiErrorMessage(err error) (msg string) {
	defer func() {
		if recover() != nil {
			msg = fmt.Sprintf("a Go callback returned a %T whose Error method panicked", err)
		}
	}()
	return err.Error()
}

// uniffiMessageBytes is a message for Rust, which takes it as a String: invalid UTF-8 is replaced.
func uniffiMessageBytes(msg string) []byte {
	return []byte(strings.ToValidUTF8(msg, "\uFFFD"))
}
{%- if !remote %}

// uniffiSetStatus reports a callback's failure to Rust.
func uniffiSetStatus(status *C.RustCallStatus, code int8, errBuf []byte) {
	if code != 0 {
		status.code = C.int8_t(code)
		uniffiFillBuffer(&status.errorBuf, errBuf)
	}
}

// uniffiFillBuffer copies b into a new Rust buffer at out; an empty b needs no allocation.
func uniffiFillBuffer(out *C.RustBuffer, b []byte) {
	if len(b) == 0 {
		*out = C.RustBuffer{}
		return
	}
	C.uniffi_go_{{ namespace }}_fill_buffer(out, uniffiBytesData(b), C.int32_t(len(b)))
}
{%- endif %}
{% endif %}
{%- if runtime.returns_strings_to_rust %}
// uniffiStringBytes views a string a Go callback returns, for copying into a Rust buffer. Rust
// requires UTF-8; anything else is reported to Rust as an error.
func uniffiStringBytes(s string) []byte {
	if len(s) > uniffiMaxBufferLen {
		panic(uniffiTooLarge("a string a Go callback returned", len(s)))
	}
	if !utf8.ValidString(s) {
		panic(&InternalError{Message: "a Go callback returned a string that is not valid UTF-8"})
	}
	{%- if remote %}
	return []byte(s)
	{%- else %}
	return unsafe.Slice(unsafe.StringData(s), len(s))
	{%- endif %}
}
{% endif %}
{%- for e in runtime.callback_errors %}
// uniffiLowerCallbackError{{ e.canonical }} lowers err for Rust when it is a {{ e.go_type }}, given by
// value or by pointer.
func uniffiLowerCallbackError{{ e.canonical }}(err error) ([]byte, bool) {
	var e {{ e.go_type }}
	if !errors.As(err, &e) {
		return nil, false
	}
	switch v := e.(type) {
	{%- for variant in e.variants %}
	case *{{ variant }}:
		if v == nil {
			return nil, false
		}
		e = *v
	{%- endfor %}
	}
	return uniffiLower{{ e.canonical }}(e), true
}
{% endfor %}
