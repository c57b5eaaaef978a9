code, errBuf := uniffiCatchCallback(func() error {
	{%- for l in m.lifts %}
	{{ l }}
	{%- endfor %}
	{{ m.call }}
	{%- for l in m.finish %}
	{{ l }}
	{%- endfor %}
	return nil
}, {{ m.lower_error }})
