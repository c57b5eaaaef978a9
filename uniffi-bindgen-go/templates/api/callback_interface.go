{%- for f in foreign_types %}
{% for line in f.doc -%}
// {{ line }}
{% endfor -%}
type {{ f.name }} interface {
	{%- for m in f.methods %}
	{%- for line in m.doc %}
	// {{ line }}
	{%- endfor %}
	{{ m.signature }}
	{%- endfor %}
}
{% endfor %}
