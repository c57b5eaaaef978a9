{#- How a wrapper gives up with the error the caller block prints. -#}
{%- macro fail(c) -%}
{%- match c.fail -%}
{%- when Fail::ReturnWithZero(zero) -%}
return {{ zero }}, {{ caller() }}
{%- when Fail::Return -%}
return {{ caller() }}
{%- when Fail::Panic -%}
panic({{ caller() }})
{%- endmatch -%}
{%- endmacro -%}
{%- if let Some(o) = c.options -%}
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
		{%- for kv in o.values %}
		{{ kv.key }}{{ kv.pad }}{{ kv.value }},
		{%- endfor %}
	}
}

{% endif -%}
{% for line in c.doc -%}
{{ line|comment }}
{% endfor -%}
func {{ c.receiver }}{{ c.name }}({{ c.params }}) {{ c.results }} {
	if uniffiLoadErr != nil {
		{% call fail(c) %}uniffiLoadErr{% endcall %}
	}
	{%- if c.future.is_some() %}
	if ctx == nil {
		{% call fail(c) %}&InternalError{Message: "nil Context"}{% endcall %}
	}
	{%- endif %}
	{%- for g in c.guards %}
	if {{ g.var }} == nil || !{{ g.var }}.obj.acquire() {
		{% call fail(c) %}ErrClosed{% endcall %}
	}
	defer {{ g.var }}.obj.release({{ g.free_fn }})
	{%- endfor %}
	{%- for p in c.preps %}
	{%- match p %}
	{%- when GoPrep::DefaultOptions { constructor } %}
	if opts == nil {
		opts = {{ constructor }}()
	}
	{%- when GoPrep::CustomLower { var, custom, value, fallible } %}
	{%- if *fallible %}
	{{ var }}, err := uniffiCustomLower{{ custom }}({{ value }})
	if err != nil {
		{% call fail(c) %}err{% endcall %}
	}
	{%- else %}
	{{ var }} := uniffiCustomLower{{ custom }}({{ value }})
	{%- endif %}
	{%- when GoPrep::SizeCheck { data, what } %}
	if len({{ data }}) > uniffiMaxBufferLen {
		{% call fail(c) %}uniffiTooLarge("{{ what }}", len({{ data }})){% endcall %}
	}
	{%- when GoPrep::ItemCountCheck { count, limit, size, what } %}
	if {{ count }} > {{ limit }} {
		{% call fail(c) %}uniffiTooLarge("{{ what }}", {{ size }}){% endcall %}
	}
	{%- when GoPrep::Utf8Check { value, what } %}
	if !utf8.ValidString({{ value }}) {
		{% call fail(c) %}&InternalError{Message: "{{ what }} is not valid UTF-8"}{% endcall %}
	}
	{%- when GoPrep::Check { check, what } %}
	if reason := {{ check }}; reason != "" {
		{% call fail(c) %}&InternalError{Message: "{{ what }} holds " + reason + ", which Rust refuses"}{% endcall %}
	}
	{%- when GoPrep::Lower { var, canonical, value, fallible, release, keep_cloned } %}
	{%- if *fallible %}
	{{ var }}, {% if *keep_cloned %}{{ var }}Cloned{% else %}_{% endif %}, err := uniffiLower{{ canonical }}({{ value }})
	if err != nil {
		{%- for earlier in release %}
		uniffiReleaseCloned({{ earlier }}Cloned)
		{%- endfor %}
		{% call fail(c) %}err{% endcall %}
	}
	{%- else %}
	{{ var }} := uniffiLower{{ canonical }}({{ value }})
	{%- endif %}
	{%- when GoPrep::ForeignLower { var, canonical, value, release, release_cloned } %}
	{{ var }}, err := uniffiLower{{ canonical }}({{ value }})
	if err != nil {
		{%- for earlier in release_cloned %}
		uniffiReleaseCloned({{ earlier }}Cloned)
		{%- endfor %}
		{%- for (handle, released) in release %}
		uniffiRelease{{ released }}({{ handle }})
		{%- endfor %}
		{% call fail(c) %}err{% endcall %}
	}
	{%- endmatch %}
	{%- endfor %}
	{%- if remote %}
	res := {{ c.remote_call }}
	if res.status.code != 0 {
		{%- if c.future.is_some() %}
		{% call fail(c) %}uniffiFutureError(ctx, res.status, {{ c.lift_error }}){% endcall %}
		{%- else if let Some(call_error) = c.call_error %}
		{% call fail(c) %}{{ call_error }}(res.status){% endcall %}
		{%- else %}
		{% call fail(c) %}uniffiStatusError(res.status, {{ c.lift_error }}){% endcall %}
		{%- endif %}
	}
	{%- else if let Some(f) = c.future %}
	futureID := uniffiFutures.newID()
	started := {{ c.call }}
	if started.status.code != 0 {
		{% call fail(c) %}uniffiStatusError(started.status, nil){% endcall %}
	}
	res := started.result
	if started.poll_result != 0 {
		uniffiAwaitFuture(ctx, started.value, futureID, started.poll_result, uniffiPollFuture{{ f.go_suffix }}, uniffiCancelFuture{{ f.go_suffix }})
		res = C.uniffi_go_{{ namespace }}_complete_future_{{ f.suffix }}(started.value)
	}
	if res.status.code != 0 {
		{% call fail(c) %}uniffiFutureError(ctx, res.status, {{ c.lift_error }}){% endcall %}
	}
	{%- else %}
	res := {{ c.call }}
	if res.status.code != 0 {
		{%- if let Some(call_error) = c.call_error %}
		{% call fail(c) %}{{ call_error }}(res.status){% endcall %}
		{%- else %}
		{% call fail(c) %}uniffiStatusError(res.status, {{ c.lift_error }}){% endcall %}
		{%- endif %}
	}
	{%- endif %}
	{%- match c.success %}
	{%- when Success::Nothing %}
	{%- when Success::Value { value, with_error } %}
	return {% if let Some(v) = value %}{{ v }}{% if *with_error %}, nil{% endif %}{% else %}nil{% endif %}
	{%- when Success::Fallible { value, with_error } %}
	lifted, err := {{ value }}
	if err != nil {
		{% call fail(c) %}err{% endcall %}
	}
	return lifted{% if *with_error %}, nil{% endif %}
	{%- endmatch %}
}
