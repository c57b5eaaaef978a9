{%- for x in external_objects %}
{%- if x.interface %}
{%- if x.lowered %}
// uniffiLower{{ x.canonical }} hands Rust its own handle to v, a {{ x.name }} of package {{ x.package }}.
func uniffiLower{{ x.canonical }}(v {{ x.go_type }}) (uint64, error) {
	return {{ x.package }}.UniffiLower{{ x.name }}(v)
}

// uniffiRelease{{ x.canonical }} gives back a handle Rust did not take.
func uniffiRelease{{ x.canonical }}(h uint64) {
	{{ x.package }}.UniffiRelease{{ x.name }}(h)
}
{% endif %}
{%- if x.lifted %}
// uniffiLift{{ x.canonical }} takes ownership of a handle Rust handed over: a {{ x.name }} of
// package {{ x.package }}.
func uniffiLift{{ x.canonical }}(h uint64) {{ x.go_type }} {
	return {{ x.package }}.UniffiLift{{ x.name }}(h)
}
{% endif %}
{%- continue %}
{%- endif %}
{%- if x.lowered %}
// uniffiLower{{ x.canonical }} hands Rust its own handle to v, an object of package {{ x.package }}.
func uniffiLower{{ x.canonical }}(v {{ x.go_type }}) (uint64, error) {
	return v.UniffiCloneHandle()
}

// uniffiRelease{{ x.canonical }} frees a handle Rust did not take.
func uniffiRelease{{ x.canonical }}(h uint64) {
	{{ x.package }}.UniffiFree{{ x.name }}Handle(h)
}
{% endif %}
{%- if x.lifted %}
// uniffiLift{{ x.canonical }} wraps a handle Rust handed over in an object of package {{ x.package }}.
func uniffiLift{{ x.canonical }}(h uint64) {{ x.go_type }} {
	return {{ x.package }}.UniffiLift{{ x.name }}(h)
}
{% endif %}
{%- endfor %}
