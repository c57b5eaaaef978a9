{%- for c in value_methods %}
{% include "api/callable.go" %}
{% endfor %}
{%- for t in value_traits %}{% include "api/traits.go" %}
{%- endfor %}
