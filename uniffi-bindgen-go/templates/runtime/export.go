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
		{% filter indent("\t\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
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
	return C.uint64_t(callID)
{%- else %}
	{% filter indent("\t") %}{% include "runtime/callback_body.go" %}{% endfilter %}
	uniffiSetStatus(status, code, errBuf)
{%- endif %}
}
