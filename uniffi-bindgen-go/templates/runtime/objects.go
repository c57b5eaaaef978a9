{%- if runtime.has_objects %}
// uniffiObject guards a Rust object handle: calls hold it open, Close marks it closed, and
// whichever of them finishes last frees the handle, exactly once.
type uniffiObject struct {
	handle  uint64
	state   atomic.Int64 // 2 x calls in flight, plus 1 once closed
	cleanup runtime.Cleanup
}

// acquire holds the handle open for one call; it fails once the object is closed, and for the
// zero value of an object type, which has no Rust object.
func (o *uniffiObject) acquire() bool {
	if o.handle == 0 {
		return false
	}
	for {
		s := o.state.Load()
		if s&1 != 0 {
			return false
		}
		if o.state.CompareAndSwap(s, s+2) {
			return true
		}
	}
}

// release ends a call; the last call to end after Close frees the handle.
func (o *uniffiObject) release(free func(uint64)) {
	if o.state.Add(-2) == 1 {
		free(o.handle)
	}
}

// close marks the object closed and frees the handle unless calls are still in flight.
func (o *uniffiObject) close(free func(uint64)) {
	for {
		s := o.state.Load()
		if s&1 != 0 {
			return
		}
		if o.state.CompareAndSwap(s, s|1) {
			o.cleanup.Stop()
			if s == 0 && o.handle != 0 {
				free(o.handle)
			}
			return
		}
	}
}
{% endif %}
