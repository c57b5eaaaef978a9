{%- for w in t.wrappers %}
{% for line in w.doc -%}
// {{ line }}
{% endfor -%}
{{ w.signature }} {
	{{ w.local }}, err := {{ w.call }}
	if err != nil {
		panic(err)
	}
	return {{ w.result }}
}
{% endfor %}
