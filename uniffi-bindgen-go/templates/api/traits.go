{%- for w in t.wrappers %}
{% for line in w.doc -%}
{{ line|comment }}
{% endfor -%}
func {% if let Some((var, go_type)) = w.receiver %}({{ var }} {{ go_type }}) {% endif %}{{ w.go_name }}({{ w.params }}) {{ w.result_type }} {
	{{ w.local }}, err := {{ w.call }}
	if err != nil {
		panic(err)
	}
	return {{ w.result }}
}
{% endfor %}
