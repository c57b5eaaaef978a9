{%- for r in records %}
{% for line in r.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ r.name }} struct {
	{%- for f in r.fields %}
	{%- for line in f.doc %}
	{{ line|comment }}
	{%- endfor %}
	{{ f.name }}{{ f.pad }}{{ f.go_type }}
	{%- endfor %}
}
{%- if !r.defaults.is_empty() %}

// Default{{ r.name }} returns a {{ r.name }} holding the default values Rust declares for its
// fields{% if r.defaults_partial %}; the fields without one are zero{% endif %}.
func Default{{ r.name }}() {{ r.name }} {
	return {{ r.name }}{
		{%- for kv in r.defaults %}
		{{ kv.key }}{{ kv.pad }}{{ kv.value }},
		{%- endfor %}
	}
}
{%- endif %}
{% endfor %}
{%- if runtime.uses_map_entries %}
// MapEntry is one key and value of a Rust map whose key type Go cannot compare by value (a
// record holding bytes, a sequence, an optional): such maps are slices of entries in Go, in
// Rust's iteration order, and sets of such keys are plain slices.
type MapEntry[K any, V any] struct {
	Key   K
	Value V
}
{% endif %}
