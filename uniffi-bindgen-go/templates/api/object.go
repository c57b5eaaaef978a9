{%- for o in objects %}
{% for line in o.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ o.name }} struct {
	obj uniffiObject
}

// Close releases the Rust object. It waits for no call: calls in flight finish first and the
// last of them frees the object. Calling Close more than once is harmless; methods called
// after Close return ErrClosed.
func ({{ o.receiver }} *{{ o.name }}) Close() error {
	if {{ o.receiver }} != nil {
		{{ o.receiver }}.obj.close({{ o.free_fn }})
	}
	return nil
}
{% for c in o.constructors %}
{% include "api/callable.go" %}
{% endfor %}
{%- for c in o.methods %}
{% include "api/callable.go" %}
{% endfor %}
{%- if let Some(t) = o.traits %}{% include "api/traits.go" %}
{%- endif %}
{%- if o.shared %}
// UniffiCloneHandle gives Rust its own reference to the object. It is for the generated packages
// of other crates of the same library, whose functions take {{ o.name }} values, not for
// application code.
func ({{ o.receiver }} *{{ o.name }}) UniffiCloneHandle() (uint64, error) {
	return {{ o.receiver }}.uniffiCloneHandle()
}

// UniffiLift{{ o.name }} wraps a handle Rust handed over. It is for the generated packages of other
// crates of the same library, whose functions return {{ o.name }} values, not for application
// code.
func UniffiLift{{ o.name }}(handle uint64) *{{ o.name }} {
	return uniffiLiftObject{{ o.name }}(handle)
}

// UniffiFree{{ o.name }}Handle frees a handle Rust did not take. It is for the generated packages
// of other crates of the same library, not for application code.
func UniffiFree{{ o.name }}Handle(handle uint64) {
	{{ o.free_fn }}(handle)
}
{% endif %}
{%- if let Some(text) = o.error_text %}
// Error implements error: Rust returns {{ o.name }} values as errors.
func ({{ o.receiver }} *{{ o.name }}) Error() string {
	{%- match text %}
	{%- when ErrorText::Name %}
	return "{{ o.error_name }}"
	{%- else %}
	{%- if matches!(text, ErrorText::Display) %}
	text, err := {{ o.receiver }}.uniffiDisplay()
	{%- else %}
	text, err := {{ o.receiver }}.uniffiDebug()
	{%- endif %}
	if err != nil {
		return "{{ o.error_name }}: " + err.Error()
	}
	return text
	{%- endmatch %}
}
{% endif %}
{%- endfor %}
