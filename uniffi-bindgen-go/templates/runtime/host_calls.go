{%- if runtime.has_host_calls %}
// uniffiHostCalls holds the calls from Rust into async Go methods that await their answer, by
// callId. The answer reaches Rust through the completion callback Rust passed with the call.
var uniffiHostCalls = uniffiPendingCalls{calls: make(map[uint64]uniffiHostCall)}

type uniffiPendingCalls struct {
	mu    sync.Mutex
	next  uint64
	calls map[uint64]uniffiHostCall
}

type uniffiHostCall struct {
	// cancel ends the context the Go method runs with.
	cancel context.CancelFunc
	// abandon releases Rust's side of a call that will get no answer.
	abandon func()
}
{%- if !remote %}

// start registers a call and returns its callId and the context the Go method runs with.
func (p *uniffiPendingCalls) start(abandon func()) (uint64, context.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	p.mu.Lock()
	p.next++
	callID := p.next
	p.calls[callID] = uniffiHostCall{cancel: cancel, abandon: abandon}
	p.mu.Unlock()
	return callID, ctx
}
{%- endif %}

// finish removes an answered call. It reports false when Rust dropped the call first and no
// longer waits for the answer.
func (p *uniffiPendingCalls) finish(callID uint64) bool {
	p.mu.Lock()
	call, ok := p.calls[callID]
	delete(p.calls, callID)
	p.mu.Unlock()
	if ok {
		call.cancel()
	}
	return ok
}

// dropped runs when Rust drops a call's future, which it also does after the answer arrived. A
// call still pending has its context cancelled, and Rust's waiter is released at once, so a
// late answer is simply discarded.
func (p *uniffiPendingCalls) dropped(callID uint64) {
	p.mu.Lock()
	call, ok := p.calls[callID]
	delete(p.calls, callID)
	p.mu.Unlock()
	if ok {
		call.cancel()
		call.abandon()
	}
}

{%- if remote %}

// uniffiHostCallKey names a call by the host's callId (below 2^48) and the connection it came
// over (bits 48-62): a new host numbers its calls from 1 again.
func uniffiHostCallKey(c *uniffiClient, callID uint64) uint64 {
	return callID | c.epoch<<48
}

// startAs registers a call under its key, which its answer and its drop name, and returns the
// context the Go method runs with.
func (p *uniffiPendingCalls) startAs(key uint64) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	p.mu.Lock()
	p.calls[key] = uniffiHostCall{cancel: cancel, abandon: func() {}}
	p.mu.Unlock()
	return ctx
}

// abandon forgets the calls of a connection that ended and cancels their contexts: no one waits
// for their answers any more.
func (p *uniffiPendingCalls) abandon(c *uniffiClient) {
	p.mu.Lock()
	var ended []uniffiHostCall
	for key, call := range p.calls {
		if key>>48 == c.epoch {
			ended = append(ended, call)
			delete(p.calls, key)
		}
	}
	p.mu.Unlock()
	for _, call := range ended {
		call.cancel()
	}
}
{%- else %}

//export {{ export_prefix }}HostCallDropped
func {{ export_prefix }}HostCallDropped(callID C.uint64_t) {
	uniffiHostCalls.dropped(uint64(callID))
}
{%- endif %}
{% endif %}
