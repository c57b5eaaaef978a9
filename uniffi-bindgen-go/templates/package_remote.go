{% include "head.go" %}
{%- for (name, index, c_name) in info.constants %}
{%- if loop.first %}

// The C functions this package calls name their index in uniffiRemoteFunctions.
{%- endif %}

// {{ name }} is {{ c_name }}.
const {{ name }} = {{ index }}
{%- endfor %}

{% include "api/all.go" %}
{% include "remote/client.go" %}
{% include "runtime/helpers.go" %}
{% include "runtime/reader.go" %}
{%- include "runtime/writer.go" %}
{%- include "runtime/objects.go" %}
{%- include "runtime/callbacks.go" %}
{%- include "runtime/host_calls.go" %}
{%- include "runtime/top_converters.go" %}
{%- include "runtime/object_handles.go" %}
{%- include "runtime/foreign_handles.go" %}
{%- for conv in converters %}
{%- include "runtime/converter.go" %}
{%- endfor %}
{%- include "runtime/custom_conversions.go" %}
