{%- for e in flat_enums %}
{% for line in e.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ e.name }} {{ e.underlying }}

{% if e.rust_values -%}
// The values of {{ e.name }}: Rust's discriminants.
{%- else -%}
// The values of {{ e.name }}. The zero value is not one of them.
{%- endif %}
const (
	{%- for v in e.variants %}
	{%- for line in v.doc %}
	{{ line|comment }}
	{%- endfor %}
	{%- if let Some(value) = v.value %}
	{{ v.const_name }}{{ v.pad }}{{ e.name }} = {{ value }}
	{%- else %}
	{{ v.const_name }}{% if loop.first %} {{ e.name }} = iota + 1{% endif %}
	{%- endif %}
	{%- endfor %}
)
{%- if !e.rust_display %}

// String returns the variant's Rust name.
func (v {{ e.name }}) String() string {
	switch v {
	{%- for v in e.variants %}
	case {{ v.const_name }}:
		return "{{ v.rust_name }}"
	{%- endfor %}
	default:
		return "{{ e.name }}(" + strconv.Itoa(int(v)) + ")"
	}
}
{%- endif %}
{% endfor %}
{%- for e in data_enums %}
{% for line in e.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ e.name }} interface {
	{{ e.marker }}()
}
{% for v in e.variants %}
{% for line in v.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ v.struct_name }} struct {
	{%- for f in v.fields %}
	{%- for line in f.doc %}
	{{ line|comment }}
	{%- endfor %}
	{{ f.name }}{{ f.pad }}{{ f.go_type }}
	{%- endfor %}
}

func ({{ v.struct_name }}) {{ e.marker }}() {}
{%- if !v.defaults.is_empty() %}

// Default{{ v.struct_name }} returns a {{ v.struct_name }} holding the default values Rust declares
// for its fields{% if v.defaults_partial %}; the fields without one are zero{% endif %}.
func Default{{ v.struct_name }}() {{ v.struct_name }} {
	return {{ v.struct_name }}{
		{%- for kv in v.defaults %}
		{{ kv.key }}{{ kv.pad }}{{ kv.value }},
		{%- endfor %}
	}
}
{%- endif %}
{% endfor %}
{%- endfor %}
