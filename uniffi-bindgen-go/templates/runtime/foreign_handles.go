{%- for f in foreign_types %}
{%- if f.lowered %}
// uniffiLower{{ f.canonical }} hands Rust its own handle to v.
func uniffiLower{{ f.canonical }}(v {{ f.name }}) (uint64, error) {
	{%- if let Some(r) = f.rust_impl %}
	switch o := v.(type) {
	case nil:
		return 0, ErrClosed
	case *{{ r }}:
		return o.uniffiCloneHandle()
	}
	{%- else %}
	if v == nil {
		return 0, ErrClosed
	}
	{%- endif %}
	{%- if let Some(g) = f.go_impl %}
	return {{ g.handles }}.insert(v), nil
	{%- else %}
	return 0, &InternalError{Message: "only Rust implementations of {{ f.name }} can be passed to the Rust library"}
	{%- endif %}
}

// uniffiRelease{{ f.canonical }} gives back a handle Rust did not take.
func uniffiRelease{{ f.canonical }}(h uint64) {
	{%- if let Some(g) = f.go_impl %}
	{%- if f.rust_impl.is_some() %}
	if h&1 == 0 {
		uniffiFree{{ f.name }}Handle(h)
		return
	}
	{%- endif %}
	{{ g.handles }}.remove(h)
	{%- else %}
	uniffiFree{{ f.name }}Handle(h)
	{%- endif %}
}
{% endif %}
{%- if f.lifted %}
// uniffiLift{{ f.canonical }} takes ownership of a handle from Rust. A Go implementation comes
// back as the very value Go handed over.
func uniffiLift{{ f.canonical }}(h uint64) {{ f.name }} {
	{%- if let Some(g) = f.go_impl %}
	if h&1 == 1 {
		return {{ g.handles }}.take(h)
	}
	{%- endif %}
	{%- if let Some(r) = f.rust_impl %}
	return uniffiLiftObject{{ r }}(h)
	{%- else %}
	panic(&InternalError{Message: "Rust returned a handle that is not a Go {{ f.name }}"})
	{%- endif %}
}
{% endif %}
{%- if let Some(g) = f.go_impl %}
var {{ g.handles }} uniffiHandleMap[{{ f.name }}]
{%- if remote %}

// Rust keeps the vtable of Go callbacks for {{ f.name }} for the life of the host, which forwards
// each call over the connection: free, clone, then the methods, in the vtable's order.
func init() {
	if uniffiLoadErr == nil {
		uniffiServe({{ g.remote_init }}, []func(uint64, *uniffiReader){
			func(_ uint64, r *uniffiReader) {
				{{ g.handles }}.remove(uniffiDecode[uint64](r))
			},
			func(callID uint64, r *uniffiReader) {
				uniffiAnswerCallback(r.conn, callID, uniffiStatus{}, {{ g.handles }}.clone(uniffiDecode[uint64](r)))
			},
			{%- for m in g.exports %}
			{{ m.export_name }},
			{%- endfor %}
		})
	}
}
{%- else %}

// Rust keeps the vtable of Go callbacks for {{ f.name }} for the life of the process.
func init() {
	if uniffiLoadErr == nil {
		C.{{ g.init_helper }}()
	}
}

//export {{ g.free_export }}
func {{ g.free_export }}(handle C.uint64_t) {
	{{ g.handles }}.remove(uint64(handle))
}

//export {{ g.clone_export }}
func {{ g.clone_export }}(handle C.uint64_t) C.uint64_t {
	return C.uint64_t({{ g.handles }}.clone(uint64(handle)))
}
{%- endif %}
{% for m in g.exports %}
{% include "runtime/export.go" %}
{% endfor %}
{%- endif %}
{%- endfor %}
