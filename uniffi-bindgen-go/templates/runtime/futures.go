{%- if !future_suffixes.is_empty() %}
// uniffiFutures holds, for each Rust future being awaited, the channel its poll results arrive on.
// A future ready at its first poll never gets here: the C helper that starts it polls it once and
// completes it in the same crossing.
var uniffiFutures = uniffiFutureTable{
	waiters: make(map[uint64]chan int8),
	early:   make(map[uint64]int8),
}

type uniffiFutureTable struct {
	next    atomic.Uint64
	mu      sync.Mutex
	waiters map[uint64]chan int8
	// early keeps the answer to a first poll that Rust gave (from another thread) before Go
	// registered the waiter.
	early map[uint64]int8
}

// newID names a future about to be started.
func (t *uniffiFutureTable) newID() uint64 {
	return t.next.Add(1)
}

// register makes the channel poll results of future id arrive on. When firstPoll is -1, Rust
// still answers the first poll, unless it already did: that answer is then waiting in the channel.
func (t *uniffiFutureTable) register(id uint64, firstPoll int8) chan int8 {
	// Buffered: Rust answers each poll once, and the waiter reads it before polling again.
	ch := make(chan int8, 1)
	t.mu.Lock()
	defer t.mu.Unlock()
	if pollResult, ok := t.early[id]; ok && firstPoll < 0 {
		delete(t.early, id)
		ch <- pollResult
	}
	t.waiters[id] = ch
	return ch
}

func (t *uniffiFutureTable) remove(id uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.waiters, id)
}

func (t *uniffiFutureTable) wake(id uint64, pollResult int8) {
	t.mu.Lock()
	ch := t.waiters[id]
	if ch == nil {
		t.early[id] = pollResult
	}
	t.mu.Unlock()
	if ch != nil {
		ch <- pollResult
	}
}

//export {{ export_prefix }}FutureContinuation
func {{ export_prefix }}FutureContinuation(data C.uint64_t, pollResult C.int8_t) {
	uniffiFutures.wake(uint64(data), int8(pollResult))
}

// uniffiAwaitFuture waits for a Rust future that was not ready at its first poll, made by the
// helper that started it: firstPoll is 1 (poll again) or -1 (Rust answers that poll later). When
// ctx is done first it cancels the future and still waits for Rust to acknowledge, so the future
// is never freed under a poll.
func uniffiAwaitFuture(ctx context.Context, future C.uint64_t, id uint64, firstPoll C.int8_t, poll func(C.uint64_t, C.uint64_t), cancel func(C.uint64_t)) {
	ch := uniffiFutures.register(id, int8(firstPoll))
	defer uniffiFutures.remove(id)
	outstanding := firstPoll < 0
	done := ctx.Done()
	for {
		if !outstanding {
			poll(future, C.uint64_t(id))
		}
		outstanding = false
		for waiting := true; waiting; {
			select {
			case pollResult := <-ch:
				if pollResult == 0 {
					return
				}
				waiting = false
			case <-done:
				cancel(future)
				done = nil
			}
		}
	}
}

// uniffiFutureError is uniffiStatusError for a completed future, which may also report that it
// was cancelled because ctx was done.
func uniffiFutureError(ctx context.Context, st C.RustCallStatus, liftErr func(*uniffiReader) error) error {
	if st.code == 3 {
		uniffiFreeBuffer(st.errorBuf)
		if err := ctx.Err(); err != nil {
			return err
		}
		return context.Canceled
	}
	return uniffiStatusError(st, liftErr)
}
{% for (go_suffix, suffix) in future_suffixes %}
func uniffiPollFuture{{ go_suffix }}(future, data C.uint64_t) {
	C.uniffi_go_{{ namespace }}_poll_future_{{ suffix }}(future, data)
}

func uniffiCancelFuture{{ go_suffix }}(future C.uint64_t) {
	C.uniffi_go_{{ namespace }}_cancel_future_{{ suffix }}(future)
}
{% endfor %}
{%- endif %}
