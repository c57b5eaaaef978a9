{%- for a in custom_aliases %}
{% for line in a.doc -%}
{{ line|comment }}
{% endfor -%}
type {{ a.name }} = {{ a.target }}
{% endfor %}
