{% include "head.go" %}

{% include "api/all.go" %}
