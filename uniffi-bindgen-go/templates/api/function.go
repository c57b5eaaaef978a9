{%- for c in functions %}
{% include "api/callable.go" %}
{% endfor %}
