{% include "head.go" %}

{% include "runtime/status.go" %}
{% include "runtime/helpers.go" %}
{% include "runtime/reader.go" %}
{%- include "runtime/writer.go" %}
{%- include "runtime/objects.go" %}
{%- include "runtime/futures.go" %}
{%- include "runtime/callbacks.go" %}
{%- include "runtime/host_calls.go" %}
{%- include "runtime/top_converters.go" %}
{%- include "runtime/object_handles.go" %}
{%- include "runtime/foreign_handles.go" %}
{%- include "runtime/external_objects.go" %}
{%- for conv in converters %}
{%- include "runtime/converter.go" %}
{%- endfor %}
{%- include "runtime/custom_conversions.go" %}
