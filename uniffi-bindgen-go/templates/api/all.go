{#- The package's API, in the order a reader looks for it: the same in both transports' files. -#}
{% include "api/internal_error.go" %}
{%- include "api/custom_types.go" %}
{%- include "api/record.go" %}
{%- include "api/enum.go" %}
{%- include "api/error.go" %}
{%- include "api/object.go" %}
{%- include "api/callback_interface.go" %}
{%- include "api/function.go" %}
{%- include "api/value_methods.go" %}
{%- include "api/diagnostics.go" %}
