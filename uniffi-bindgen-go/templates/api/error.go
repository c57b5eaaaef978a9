{%- for e in errors %}
{% for line in e.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ e.name }} interface {
	error
	{{ e.marker }}()
}
{% for v in e.variants %}
{% for line in v.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ v.struct_name }} struct {
	{%- if e.flat %}
	// Message is the error's description from Rust.
	Message string
	{%- endif %}
	{%- for f in v.fields %}
	{%- for line in f.doc %}
	{{ line|comment }}
	{%- endfor %}
	{{ f.name }}{{ f.pad }}{{ f.go_type }}
	{%- endfor %}
}

func ({{ v.struct_name }}) {{ e.marker }}() {}

// Error implements the error interface.
{%- if e.flat %}
// It returns the message from Rust (its Display text) when there is one.
{%- endif %}
{%- if e.rust_display.is_some() %}
// It returns the text of the Rust Display implementation (a description of the variant if that
// call fails).
{%- endif %}
func (e {{ v.struct_name }}) Error() string {
	{%- if e.flat %}
	if e.Message != "" {
		return e.Message
	}
	{%- endif %}
	{%- if let Some(display) = e.rust_display %}
	if text, err := {{ display }}(e); err == nil {
		return text
	}
	{%- endif %}
	return {{ v.error_text }}
}
{% if let Some(field) = v.unwrap %}
// Unwrap returns the error this one wraps, its {{ field }} field, so that errors.Is and
// errors.As see it.
func (e {{ v.struct_name }}) Unwrap() error {
	if e.{{ field }} == nil {
		return nil
	}
	return e.{{ field }}
}
{% endif %}
// Is reports whether target is a {{ v.struct_name }}, whatever its fields, so that
// errors.Is(err, {{ v.struct_name }}{}) matches this variant.
func (e {{ v.struct_name }}) Is(target error) bool {
	_, ok := target.({{ v.struct_name }})
	return ok
}
{% endfor %}
{%- endfor %}
