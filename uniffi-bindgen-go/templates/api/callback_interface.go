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
{% endfor %}
