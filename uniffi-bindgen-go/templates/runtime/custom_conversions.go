{%- for c in custom_conversions %}
{%- if let Some(lift) = c.lift %}
// uniffiCustomLift{{ c.name }} turns the value Rust sent for a {{ c.rust_name }} into its Go type.
{%- if c.lift_returns_error %}
func uniffiCustomLift{{ c.name }}(b {{ c.builtin_go_type }}) ({{ c.go_type }}, error) {
	v, err := {{ lift }}
	if err != nil {
		return v, &InternalError{Message: "converting a {{ c.rust_name }} from Rust: " + err.Error()}
	}
	return v, nil
	{%- else %}
func uniffiCustomLift{{ c.name }}(b {{ c.builtin_go_type }}) {{ c.go_type }} {
	return {{ lift }}
	{%- endif %}
}
{% endif %}
{%- if let Some(lower) = c.lower %}
// uniffiCustomLower{{ c.name }} turns a {{ c.rust_name }} into the value Rust takes.
func uniffiCustomLower{{ c.name }}(v {{ c.go_type }}) {% if c.lower_returns_error %}({{ c.builtin_go_type }}, error){% else %}{{ c.builtin_go_type }}{% endif %} {
	return {{ lower }}
}
{% endif %}
{%- endfor %}
