{%- for o in objects %}
func uniffiLiftObject{{ o.name }}(handle uint64) *{{ o.name }} {
	o := &{{ o.name }}{obj: uniffiObject{handle: handle}}
	o.obj.cleanup = runtime.AddCleanup(o, {{ o.free_fn }}, handle)
	return o
}

func {{ o.free_fn }}(handle uint64) {
	{%- if remote %}
	// A handle of a connection that ended died with its host: nothing to free.
	uniffiCall[struct{}](uniffiNewRequest({{ o.remote_free }}).handle(handle))
	{%- else %}
	C.{{ o.free_helper }}(C.uint64_t(handle))
	{%- endif %}
}
{%- if let Some(clone_helper) = o.clone_helper %}

// uniffiCloneHandle gives Rust its own reference to the object, for a value Go hands over.
func ({{ o.receiver }} *{{ o.name }}) uniffiCloneHandle() (uint64, error) {
	if {{ o.receiver }} == nil || !{{ o.receiver }}.obj.acquire() {
		return 0, ErrClosed
	}
	defer {{ o.receiver }}.obj.release({{ o.free_fn }})
	{%- if remote %}
	res := uniffiCall[uniffiHandle](uniffiNewRequest({{ o.remote_clone }}).handle({{ o.receiver }}.obj.handle))
	{%- else %}
	res := C.{{ clone_helper }}(C.uint64_t({{ o.receiver }}.obj.handle))
	{%- endif %}
	if res.status.code != 0 {
		return 0, uniffiStatusError(res.status, nil)
	}
	return uint64(res.value), nil
}
{%- endif %}
{% endfor %}
