{#- How an async Go method answers Rust: unless Rust dropped the call, through uniffi's
    completion callback. -#}
{%- macro answer(m) -%}
if !uniffiHostCalls.finish({% if remote %}key{% else %}callID{% endif %}) {
			{%- if let Some(release) = m.release_fn %}
			// Rust dropped the call: the handle made for the answer goes unused.
			if code == 0 {
				{{ release }}(uint64(lowered))
			}
			{%- endif %}
			return
		}
		{%- if remote %}
		uniffiAnswerCallback(r.conn, callID, uniffiStatus{code: code, errorBuf: errBuf}, {% if m.returns_value %}lowered{% else %}struct{}{}{% endif %})
		{%- else if let Some(h) = m.complete %}
		C.{{ h.name }}(complete, data, {% if m.returns_buffer %}uniffiBytesData(lowered), C.int32_t(len(lowered)), {% else if m.returns_value %}lowered, {% endif %}C.int8_t(code), uniffiBytesData(errBuf), C.int32_t(len(errBuf)))
		{%- endif %}
{%- endmacro -%}
{%- if remote -%}
// {{ m.export_name }} runs a call Rust made to the Go method, which the host forwarded.
// It returns at once, the method running on a goroutine of its own: the read loop goes on reading.
func {{ m.export_name }}(callID uint64, r *uniffiReader) {
	handle := uniffiDecode[uint64](r)
	{%- for (var, ty) in m.remote_args %}
	{{ var }} := uniffiDecode[{{ ty }}](r)
	{%- endfor %}
{%- if m.is_async %}
	// Registered before the read loop reads on, so that a CALLBACK_DROPPED that follows finds it.
	key := uniffiHostCallKey(r.conn, callID)
	ctx := uniffiHostCalls.startAs(key)
	uniffiRemoteCallbacks.Add(1)
	go func() {
		defer uniffiRemoteCallbacks.Add(-1)
		{%- if let Some(l) = m.lowering %}
		var lowered {{ l.remote_value_type }}
		{%- endif %}
		var code int8
		var errBuf []byte
		// A method that ends its goroutine with runtime.Goexit instead of returning is answered
		// by the deferred call, with an error saying so.
		returned := false
		defer func() {
			if returned {
				return
			}
			code, errBuf = 2, uniffiMessageBytes(uniffiGoexitMessage)
			{% filter indent("\t") %}{% call answer(m) %}{% endcall %}{% endfilter %}
		}()
		{% filter indent("\t\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
		returned = true
		{% call answer(m) %}{% endcall %}
	}()
{%- else %}
	uniffiRemoteCallbacks.Add(1)
	go func() {
		defer uniffiRemoteCallbacks.Add(-1)
		{%- if let Some(l) = m.lowering %}
		var lowered {{ l.remote_value_type }}
		out := &lowered
		{%- endif %}
		// Rust waits in the host, not on this goroutine's thread: a method that ends its
		// goroutine with runtime.Goexit is answered by the deferred call, with an error saying so.
		returned := false
		defer func() {
			if !returned {
				uniffiAnswerCallback(r.conn, callID, uniffiStatus{code: 2, errorBuf: uniffiMessageBytes(uniffiGoexitMessage)}, {% if m.returns_value %}lowered{% else %}struct{}{}{% endif %})
			}
		}()
		{% filter indent("\t\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
		returned = true
		uniffiAnswerCallback(r.conn, callID, uniffiStatus{code: code, errorBuf: errBuf}, {% if m.returns_value %}lowered{% else %}struct{}{}{% endif %})
	}()
{%- endif %}
}
{%- else -%}
//export {{ m.export_name }}
func {{ m.export_name }}({{ m.params }}) {% if m.is_async %}C.uint64_t {% endif %}{
{%- if m.is_async %}
	callID, ctx := uniffiHostCalls.start(func() {
		{%- if let Some(h) = m.complete %}
		C.{{ h.name }}(complete, data, {% if m.returns_buffer %}nil, 0, {% else if m.returns_value %}0, {% endif %}2, nil, 0)
		{%- endif %}
	})
	go func() {
		{%- if m.returns_value %}
		var lowered {{ m.value_type }}
		{%- endif %}
		var code int8
		var errBuf []byte
		// A method that ends its goroutine with runtime.Goexit instead of returning is answered
		// by the deferred call, with an error saying so. Every other answer is given after the
		// return, not from the deferred call: that made each host call about 2 µs slower
		// (the host_call benchmark, 1.9 µs against 4.0 µs).
		returned := false
		defer func() {
			if returned {
				return
			}
			code, errBuf = 2, uniffiMessageBytes(uniffiGoexitMessage)
			{% filter indent("\t") %}{% call answer(m) %}{% endcall %}{% endfilter %}
		}()
		{% filter indent("\t\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
		returned = true
		{% call answer(m) %}{% endcall %}
	}()
	return C.uint64_t(callID)
{%- else %}
	{% filter indent("\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
	uniffiSetStatus(status, code, errBuf)
{%- endif %}
}
{%- endif %}
