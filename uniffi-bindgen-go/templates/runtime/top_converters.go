{%- for t in top_lowers %}
{%- if t.holds_objects %}
// uniffiLower{{ t.canonical }} also returns the handles it cloned for Rust, which the caller
// releases if a later step fails before Rust takes the buffer.
func uniffiLower{{ t.canonical }}(v {{ t.go_type }}) (buf []byte, cloned []uniffiClonedHandle, err error) {
	w := &uniffiWriter{}
	defer w.releaseOnFailure(&err)
	// Checked before writing clones any handle.
	n := {{ t.size }}
	if n > uniffiMaxBufferLen {
		return nil, nil, uniffiTooLarge("a value of type {{ t.go_type }}", n)
	}
	w.buf = make([]byte, n)
	{{ t.write }}
	return w.buf, w.cloned, nil
}
{%- else %}
func uniffiLower{{ t.canonical }}(v {{ t.go_type }}) []byte {
	{%- if t.size_on_own_line %}
	size := {{ t.size }}
	w := &uniffiWriter{buf: make([]byte, size)}
	{%- else %}
	w := &uniffiWriter{buf: make([]byte, {{ t.size }})}
	{%- endif %}
	{{ t.write }}
	return w.buf
}
{%- endif %}
{% endfor %}
{%- if remote %}
{%- for t in top_lifts %}
{%- if t.lift_can_fail %}
func uniffiLift{{ t.canonical }}(b []byte, conn *uniffiClient) (v {{ t.go_type }}, err error) {
	defer uniffiRecoverLift(&err)
	r := &uniffiReader{buf: b, conn: conn}
	return {{ t.read }}, nil
}
{%- else %}
func uniffiLift{{ t.canonical }}(b []byte, conn *uniffiClient) {{ t.go_type }} {
	r := &uniffiReader{buf: b, conn: conn}
	return {{ t.read }}
}
{%- endif %}
{% endfor %}
{%- for t in result_lifts %}
{%- if t.lift_can_fail %}
func uniffiLiftResult{{ t.canonical }}(res *uniffiResult[[]byte]) (v {{ t.go_type }}, err error) {
	defer uniffiRecoverLift(&err)
	r := &uniffiReader{buf: res.value, conn: res.status.conn}
	return {{ t.read }}, nil
}
{%- else %}
func uniffiLiftResult{{ t.canonical }}(res *uniffiResult[[]byte]) {{ t.go_type }} {
	r := &uniffiReader{buf: res.value, conn: res.status.conn}
	return {{ t.read }}
}
{%- endif %}
{% endfor %}
{%- else %}
{%- for t in top_lifts %}
{%- if t.lift_can_fail %}
func uniffiLift{{ t.canonical }}(b C.RustBuffer) (v {{ t.go_type }}, err error) {
	defer uniffiFreeBuffer(b)
	defer uniffiRecoverLift(&err)
	r := &uniffiReader{buf: uniffiBufferBytes(b)}
	return {{ t.read }}, nil
}
{%- else %}
func uniffiLift{{ t.canonical }}(b C.RustBuffer) {{ t.go_type }} {
	r := &uniffiReader{buf: uniffiBufferBytes(b)}
	v := {{ t.read }}
	uniffiFreeBuffer(b)
	return v
}
{%- endif %}
{% endfor %}
{%- for t in result_lifts %}
{%- if t.lift_can_fail %}
func uniffiLiftResult{{ t.canonical }}(res *C.UniffiGoResultRustBuffer) (v {{ t.go_type }}, err error) {
	defer uniffiFreeBuffer(res.value)
	defer uniffiRecoverLift(&err)
	r := &uniffiReader{buf: uniffiResultBytes(res)}
	return {{ t.read }}, nil
}
{%- else if let Some(width) = t.number_width %}
// uniffiLiftResult{{ t.canonical }} reads a short sequence from the result itself; the C helper
// copies a longer one into the new slice and frees Rust's buffer, in one crossing.
func uniffiLiftResult{{ t.canonical }}(res *C.UniffiGoResultRustBuffer) {{ t.go_type }} {
	if res.value.data == nil {
		r := &uniffiReader{buf: uniffiResultBytes(res)}
		return {{ t.read }}
	}
	v := make({{ t.go_type }}, uniffiNumbersCount(res, {{ width }}))
	C.uniffi_go_{{ namespace }}_lift_numbers(res.value, uniffiNumbersData(v), C.int32_t(len(v)), {{ width }})
	return v
}
{%- else %}
func uniffiLiftResult{{ t.canonical }}(res *C.UniffiGoResultRustBuffer) {{ t.go_type }} {
	r := &uniffiReader{buf: uniffiResultBytes(res)}
	v := {{ t.read }}
	uniffiFreeBuffer(res.value)
	return v
}
{%- endif %}
{% endfor %}
{%- endif %}
{%- if runtime.recovers_lifts %}
// uniffiRecoverLift turns the *InternalError a failed conversion panics with into an error.
func uniffiRecoverLift(err *error) {
	if p := recover(); p != nil {
		internal, ok := p.(*InternalError)
		if !ok {
			panic(p)
		}
		*err = internal
	}
}
{% endif %}
