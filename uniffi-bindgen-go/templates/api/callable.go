{%- if let Some(o) = c.options %}
// {{ o.name }} holds the arguments of {{ o.callable }} that have defaults in Rust.
// Start from New{{ o.name }}, which sets the defaults, and change what you need.
// A nil pointer means every default.
type {{ o.name }} struct {
	{%- for (field, go_type, value) in o.fields %}
	// {{ field }} defaults to {{ value }}.
	{{ field }} {{ go_type }}
	{%- endfor %}
}

// New{{ o.name }} returns the defaults of {{ o.callable }}'s optional arguments.
func New{{ o.name }}() *{{ o.name }} {
	return &{{ o.name }}{
		{%- for (field, _go_type, value) in o.fields %}
		{{ field }}: {{ value }},
		{%- endfor %}
	}
}
{% endif %}
{% for line in c.doc -%}
// {{ line }}
{% endfor -%}
func {{ c.receiver }}{{ c.name }}({{ c.params }}) {{ c.results }} {
	if uniffiLoadErr != nil {
		{{ c.fail("uniffiLoadErr") }}
	}
	{%- for g in c.guards %}
	if {{ g.var }} == nil || !{{ g.var }}.obj.acquire() {
		{{ c.fail("ErrClosed") }}
	}
	defer {{ g.var }}.obj.release({{ g.free_fn }})
	{%- endfor %}
	{%- for p in c.preps %}
	{{ p }}
	{%- endfor %}
	{%- if let Some(f) = c.future %}
	futureID := uniffiFutures.newID()
	started := {{ c.call }}
	if started.status.code != 0 {
		{{ c.fail("uniffiStatusError(started.status, nil)") }}
	}
	res := started.result
	if started.poll_result != 0 {
		uniffiAwaitFuture(ctx, started.value, futureID, started.poll_result, uniffiPollFuture{{ f.go_suffix }}, uniffiCancelFuture{{ f.go_suffix }})
		res = C.uniffi_go_{{ namespace }}_complete_future_{{ f.suffix }}(started.value)
	}
	if res.status.code != 0 {
		{{ c.fail(format!("uniffiFutureError(ctx, res.status, {})", c.lift_error).as_str()) }}
	}
	{%- else %}
	res := {{ c.call }}
	if res.status.code != 0 {
		{{ c.fail(format!("uniffiStatusError(res.status, {})", c.lift_error).as_str()) }}
	}
	{%- endif %}
	{%- if !c.success.is_empty() %}
	{{ c.success }}
	{%- endif %}
}
