{%- for a in custom_aliases %}
{% for line in a.doc -%}
// {{ line }}
{% endfor -%}
type {{ a.name }} = {{ a.target }}
{% endfor %}
