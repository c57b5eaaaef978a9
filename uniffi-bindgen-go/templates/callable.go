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
	res := {{ c.call }}
	if res.status.code != 0 {
		{{ c.fail(format!("uniffiStatusError(res.status, {})", c.lift_error).as_str()) }}
	}
	{%- if !c.success.is_empty() %}
	{{ c.success }}
	{%- endif %}
}
