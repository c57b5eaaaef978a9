//export {{ m.export_name }}
func {{ m.export_name }}({{ m.params }}) {% if m.is_async %}C.uint64_t {% endif %}{
{%- if m.is_async %}
	callID, ctx := uniffiHostCalls.start(func() {
		{{ m.abandon_call.as_deref().unwrap_or_default() }}
	})
	go func() {
		{%- if m.returns_value %}
		var lowered {{ m.value_type }}
		{%- endif %}
		// Rust is answered as the goroutine ends, also when the method ends it with
		// runtime.Goexit instead of returning: then with an error saying so.
		var code int8
		var errBuf []byte
		returned := false
		defer func() {
			if !returned {
				code, errBuf = 2, uniffiMessageBytes(uniffiGoexitMessage)
			}
			if !uniffiHostCalls.finish(callID) {
				{%- if let Some(r) = m.release %}
				// Rust dropped the call: the handle made for the answer goes unused.
				if code == 0 {
					{{ r }}
				}
				{%- endif %}
				return
			}
			{{ m.complete_call.as_deref().unwrap_or_default() }}
		}()
		{% filter indent("\t\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
		returned = true
	}()
	return C.uint64_t(callID)
{%- else %}
	{% filter indent("\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
	uniffiSetStatus(status, code, errBuf)
{%- endif %}
}
