{%- for f in foreign_types %}
{% for line in f.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ f.name }} interface {
	{%- for m in f.methods %}
	{%- for line in m.doc %}
	{{ line|comment }}
	{%- endfor %}
	{{ m.signature }}
	{%- endfor %}
}
{% if f.shared %}
// UniffiLower{{ f.name }} gives Rust its own handle to v. It is for the generated packages of
// other crates of the same library, whose functions take {{ f.name }} values, not for
// application code.
func UniffiLower{{ f.name }}(v {{ f.name }}) (uint64, error) {
	return uniffiLower{{ f.canonical }}(v)
}

// UniffiLift{{ f.name }} takes ownership of a handle Rust handed over. It is for the generated
// packages of other crates of the same library, not for application code.
func UniffiLift{{ f.name }}(handle uint64) {{ f.name }} {
	return uniffiLift{{ f.canonical }}(handle)
}

// UniffiRelease{{ f.name }} gives back a handle Rust did not take. It is for the generated
// packages of other crates of the same library, not for application code.
func UniffiRelease{{ f.name }}(handle uint64) {
	uniffiRelease{{ f.canonical }}(handle)
}
{% endif %}
{%- endfor %}
