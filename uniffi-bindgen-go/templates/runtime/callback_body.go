{% if m.is_async %}code, errBuf = {% else %}code, errBuf := {% endif %}uniffiCatchCallback(func() error {
	{%- for l in m.lifts %}
	{%- if let Some(err) = l.error_var %}
	{{ l.local }}, {{ err }} := {% if remote %}{{ l.remote_value }}{% else %}{{ l.value }}{% endif %}
	if {{ err }} != nil {
		return {{ err }}
	}
	{%- else %}
	{{ l.local }} := {% if remote %}{{ l.remote_value }}{% else %}{{ l.value }}{% endif %}
	{%- endif %}
	{%- endfor %}
	{%- if m.returns_value && m.returns_error %}
	ret, err := {{ m.call }}
	if err != nil {
		return err
	}
	{%- else if m.returns_value %}
	ret := {{ m.call }}
	{%- else if m.returns_error %}
	if err := {{ m.call }}; err != nil {
		return err
	}
	{%- else %}
	{{ m.call }}
	{%- endif %}
	{%- if let Some(l) = m.lowering %}
	{%- if let Some(c) = l.custom %}
	{%- if c.fallible %}
	retConv, err := uniffiCustomLower{{ c.custom }}(ret)
	if err != nil {
		panic(err)
	}
	{%- else %}
	retConv := uniffiCustomLower{{ c.custom }}(ret)
	{%- endif %}
	{%- endif %}
	{%- match l.kind %}
	{%- when LoweringKind::Direct %}
	{%- when LoweringKind::Buffer { canonical, fallible } %}
	{%- if *fallible %}
	retBuf, _, err := uniffiLower{{ canonical }}({{ l.value }})
	if err != nil {
		panic(err)
	}
	{%- else %}
	retBuf := uniffiLower{{ canonical }}({{ l.value }})
	if len(retBuf) > uniffiMaxBufferLen {
		panic(uniffiTooLarge("the value a Go callback returned", len(retBuf)))
	}
	{%- endif %}
	{%- when LoweringKind::ObjectHandle %}
	h, err := {{ l.value }}.uniffiCloneHandle()
	if err != nil {
		panic(err)
	}
	{%- when LoweringKind::ForeignHandle { canonical } %}
	h, err := uniffiLower{{ canonical }}({{ l.value }})
	if err != nil {
		panic(err)
	}
	{%- endmatch %}
	{%- if m.is_async && remote %}
	lowered = {{ l.remote_expr }}
	{%- else if m.is_async %}
	lowered = {{ l.expr }}
	{%- else if remote %}
	*out = {{ l.remote_expr }}
	{%- else %}
	lowered := {{ l.expr }}
	{%- if l.is_bytes %}
	uniffiFillBuffer(out, lowered)
	{%- else %}
	*out = lowered
	{%- endif %}
	{%- endif %}
	{%- endif %}
	return nil
}, {{ m.lower_error }}{% if !remote %}, {{ !m.is_async }}{% endif %})
