{%- if let Some(check) = conv.check %}
// uniffiCheck{{ conv.canonical }} says why Rust would refuse v ("" when it would not).
func uniffiCheck{{ conv.canonical }}(v {{ conv.go_type }}) string {
	{%- match check %}
	{%- when Check::Optional with { inner } %}
	if v == nil {
		return ""
	}
	return {{ inner }}
	{%- when Check::Items with { item, is_set } %}
	for {% if !is_set %}_, {% endif %}item := range v {
		if reason := {{ item }}; reason != "" {
			return reason
		}
	}
	return ""
	{%- when Check::Entries with { entries, key, value } %}
	{%- if *entries %}
	for _, entry := range v {
	{%- else %}
	for {% if key.is_some() %}key{% else %}_{% endif %}{% if value.is_some() %}, value{% endif %} := range v {
	{%- endif %}
		{%- if let Some(k) = key %}
		if reason := {{ k }}; reason != "" {
			return reason
		}
		{%- endif %}
		{%- if let Some(val) = value %}
		if reason := {{ val }}; reason != "" {
			return reason
		}
		{%- endif %}
	}
	return ""
	{%- when Check::Fields with { checks } %}
	{%- for c in checks %}
	if reason := {{ c }}; reason != "" {
		return reason
	}
	{%- endfor %}
	return ""
	{%- when Check::Range with { name, count, consts } %}
	{%- if consts.is_empty() %}
	if v < 1 || v > {{ count }} {
		return "the {{ name }} value " + strconv.Itoa(int(v)) + ", which names no variant"
	}
	return ""
	{%- else %}
	switch v {
	case {% for c in consts %}{{ c }}{% if !loop.last %}, {% endif %}{% endfor %}:
		return ""
	}
	return "the {{ name }} value " + strconv.FormatInt(int64(v), 10) + ", which names no variant"
	{%- endif %}
	{%- when Check::Variants with { go_type, variants } %}
	switch {% if !variants.is_empty() %}v := {% endif %}v.(type) {
	case nil:
		return "a nil {{ go_type }}"
	{%- for (variant, checks) in variants %}
	case {{ variant }}:
		{%- for c in checks %}
		if reason := {{ c }}; reason != "" {
			return reason
		}
		{%- endfor %}
	{%- endfor %}
	}
	return ""
	{%- endmatch %}
}
{% endif %}
