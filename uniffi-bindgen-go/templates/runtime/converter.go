{%- match conv.kind %}
{%- when ConverterKind::Optional with { read_inner, write_inner, size_inner, nilable_inner } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	if r.readUint8() == 0 {
		return nil
	}
	{%- if nilable_inner %}
	return {{ read_inner }}
	{%- else %}
	v := {{ read_inner }}
	return &v
	{%- endif %}
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ conv.go_type }}) {
	if v == nil {
		w.writeUint8(0)
		return
	}
	w.writeUint8(1)
	{{ write_inner }}
}

func uniffiSize{{ conv.canonical }}(v {{ conv.go_type }}) int {
	if v == nil {
		return 1
	}
	return 1 + {{ size_inner }}
}
{% endif %}
{%- when ConverterKind::Collection with { read_item, write_item, fixed_item_size, fixed_wire, size_item, is_set } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	n := int(r.readInt32())
	v := make({{ conv.go_type }}, n)
	{%- if let Some(f) = fixed_wire %}
	b := r.buf[r.pos : r.pos+n*{{ f.size }}]
	for i := range v {
		v[i] = {{ f.decode }}
		b = b[{{ f.size }}:]
	}
	r.pos += n * {{ f.size }}
	{%- else if is_set %}
	for range n {
		v[{{ read_item }}] = struct{}{}
	}
	{%- else %}
	for i := range v {
		v[i] = {{ read_item }}
	}
	{%- endif %}
	return v
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ conv.go_type }}) {
	w.writeInt32(int32(len(v)))
	{%- if let Some(f) = fixed_wire %}
	b := w.buf[w.pos : w.pos+len(v)*{{ f.size }}]
	for _, item := range v {
		{{ f.encode }}
		b = b[{{ f.size }}:]
	}
	w.pos += len(v) * {{ f.size }}
	{%- else %}
	for {% if !is_set %}_, {% endif %}item := range v {
		{{ write_item }}
	}
	{%- endif %}
}

func uniffiSize{{ conv.canonical }}(v {{ conv.go_type }}) int {
	{%- if let Some(n) = fixed_item_size %}
	return 4 + len(v)*{{ n }}
	{%- else %}
	n := 4
	for {% if !is_set %}_, {% endif %}item := range v {
		n += {{ size_item }}
	}
	return n
	{%- endif %}
}
{% endif %}
{%- when ConverterKind::Map with { entries, read_key, read_value, write_key, write_value, size_entry, fixed_entry_size, size_range } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	n := int(r.readInt32())
	v := make({{ conv.go_type }}, n)
	{%- if entries %}
	for i := range v {
		v[i].Key = {{ read_key }}
		v[i].Value = {{ read_value }}
	}
	{%- else %}
	for range n {
		key := {{ read_key }}
		v[key] = {{ read_value }}
	}
	{%- endif %}
	return v
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ conv.go_type }}) {
	w.writeInt32(int32(len(v)))
	{%- if entries %}
	for _, entry := range v {
	{%- else %}
	for key, value := range v {
	{%- endif %}
		{{ write_key }}
		{{ write_value }}
	}
}

func uniffiSize{{ conv.canonical }}(v {{ conv.go_type }}) int {
	{%- if let Some(n) = fixed_entry_size %}
	return 4 + len(v)*{{ n }}
	{%- else %}
	n := 4
	for {{ size_range }} := range v {
		n += {{ size_entry }}
	}
	return n
	{%- endif %}
}
{% endif %}
{%- when ConverterKind::Record with { fields } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	var v {{ conv.go_type }}
	{%- for f in fields %}
	v.{{ f.name }} = {{ f.read }}
	{%- endfor %}
	return v
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ conv.go_type }}) {
	{%- for f in fields %}
	{{ f.write }}
	{%- endfor %}
}

func uniffiSize{{ conv.canonical }}(v {{ conv.go_type }}) int {
	{%- if fields.is_empty() %}
	return 0
	{%- else %}
	return {% for f in fields %}{{ f.size }}{% if !loop.last %} + {% endif %}{% endfor %}
	{%- endif %}
}
{% endif %}
{%- when ConverterKind::FlatEnum with { name, count, consts } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ name }} {
	{%- if consts.is_empty() %}
	v := {{ name }}(r.readInt32())
	if v < 1 || v > {{ count }} {
		panic(&InternalError{Message: "invalid {{ name }} value " + strconv.Itoa(int(v))})
	}
	return v
	{%- else %}
	// The wire numbers the variants from 1; the constants hold Rust's discriminants.
	switch index := r.readInt32(); index {
	{%- for c in consts %}
	case {{ loop.index }}:
		return {{ c }}
	{%- endfor %}
	default:
		panic(&InternalError{Message: "invalid {{ name }} variant " + strconv.Itoa(int(index))})
	}
	{%- endif %}
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ name }}) {
	{%- if consts.is_empty() %}
	w.writeInt32(int32(v))
	{%- else %}
	switch v {
	{%- for c in consts %}
	case {{ c }}:
		w.writeInt32({{ loop.index }})
	{%- endfor %}
	default:
		// Index 0 names no variant, so Rust rejects the value with an error.
		w.writeInt32(0)
	}
	{%- endif %}
}

func uniffiSize{{ conv.canonical }}({{ name }}) int {
	return 4
}
{% endif %}
{%- when ConverterKind::DataEnum with { variants, binds_value, size_binds_value } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	switch index := r.readInt32(); index {
	{%- for v in variants %}
	case {{ v.index }}:
		var variant {{ v.struct_name }}
		{%- for f in v.fields %}
		variant.{{ f.name }} = {{ f.read }}
		{%- endfor %}
		return variant
	{%- endfor %}
	default:
		panic(&InternalError{Message: "invalid {{ conv.go_type }} variant " + strconv.Itoa(int(index))})
	}
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, value {{ conv.go_type }}) {
	switch {% if binds_value %}v := {% endif %}value.(type) {
	{%- for v in variants %}
	case {{ v.struct_name }}:
		w.writeInt32({{ v.index }})
		{%- for f in v.fields %}
		{{ f.write }}
		{%- endfor %}
	{%- endfor %}
	default:
		// Only nil gets here. Index 0 names no variant, so Rust rejects the value with an error.
		w.writeInt32(0)
	}
}

func uniffiSize{{ conv.canonical }}(value {{ conv.go_type }}) int {
	switch {% if size_binds_value %}v := {% endif %}value.(type) {
	{%- for v in variants %}
	case {{ v.struct_name }}:
		return 4{% for f in v.fields %} + {{ f.size }}{% endfor %}
	{%- endfor %}
	default:
		return 4
	}
}
{% endif %}
{%- when ConverterKind::FlatError with { variants } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	switch index := r.readInt32(); index {
	{%- for v in variants %}
	case {{ v.index }}:
		return {{ v.struct_name }}{Message: r.readString()}
	{%- endfor %}
	default:
		panic(&InternalError{Message: "invalid {{ conv.go_type }} variant " + strconv.Itoa(int(index))})
	}
}
{% endif %}
{%- if conv.write %}
// uniffiWrite{{ conv.canonical }} writes the variant index alone: Rust lifts a flat error from
// its index (its message is Rust's own Display text), and rejects anything after it.
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, value {{ conv.go_type }}) {
	switch value.(type) {
	{%- for v in variants %}
	case {{ v.struct_name }}:
		w.writeInt32({{ v.index }})
	{%- endfor %}
	default:
		// Only nil gets here. Index 0 names no variant, so Rust rejects the value with an error.
		w.writeInt32(0)
	}
}

func uniffiSize{{ conv.canonical }}({{ conv.go_type }}) int {
	return 4
}
{% endif %}
{%- when ConverterKind::Object with { constructor, clone_method, free_fn } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	return {{ constructor }}(r.{% if remote %}readHandle{% else %}readUint64{% endif %}())
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ conv.go_type }}) {
	handle, err := v.{{ clone_method }}()
	if err != nil {
		panic(uniffiLowerFailure{err})
	}
	w.cloned = append(w.cloned, uniffiClonedHandle{handle, {{ free_fn }}})
	w.writeUint64({% if remote %}uniffiUntag(handle){% else %}handle{% endif %})
}
{% endif %}
{%- when ConverterKind::Foreign with { canonical } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	return uniffiLift{{ canonical }}(r.{% if remote %}readHandle{% else %}readUint64{% endif %}())
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ conv.go_type }}) {
	handle, err := uniffiLower{{ canonical }}(v)
	if err != nil {
		panic(uniffiLowerFailure{err})
	}
	w.cloned = append(w.cloned, uniffiClonedHandle{handle, uniffiRelease{{ canonical }}})
	w.writeUint64({% if remote %}uniffiUntag(handle){% else %}handle{% endif %})
}
{% endif %}
{%- if conv.lift_error %}
// uniffiLiftError{{ conv.canonical }} lifts the {{ conv.go_type }} Rust returned as an error: a
// Rust implementation is an error (its Error method), and so is a Go one that implements error.
func uniffiLiftError{{ conv.canonical }}(r *uniffiReader) error {
	v := uniffiRead{{ conv.canonical }}(r)
	if err, ok := v.(error); ok {
		return err
	}
	return &InternalError{Message: "Rust returned a {{ conv.go_type }} that does not implement error as an error"}
}
{% endif %}
{%- when ConverterKind::Custom with { name, read_builtin, write_builtin, fixed_size, size_builtin, lift_returns_error, lower_returns_error } %}
{%- if conv.read %}
func uniffiRead{{ conv.canonical }}(r *uniffiReader) {{ conv.go_type }} {
	{%- if lift_returns_error %}
	v, err := uniffiCustomLift{{ name }}({{ read_builtin }})
	if err != nil {
		panic(err)
	}
	return v
	{%- else %}
	return uniffiCustomLift{{ name }}({{ read_builtin }})
	{%- endif %}
}
{% endif %}
{%- if conv.write %}
func uniffiWrite{{ conv.canonical }}(w *uniffiWriter, v {{ conv.go_type }}) {
	{%- if lower_returns_error %}
	b, err := uniffiCustomLower{{ name }}(v)
	if err != nil {
		panic(uniffiLowerFailure{err})
	}
	{%- else %}
	b := uniffiCustomLower{{ name }}(v)
	{%- endif %}
	{{ write_builtin }}
}

func uniffiSize{{ conv.canonical }}(v {{ conv.go_type }}) int {
	{%- if let Some(n) = fixed_size %}
	return {{ n }}
	{%- else %}
	// A value that fails to convert fails again in uniffiWrite{{ conv.canonical }}, which reports it.
	{%- if lower_returns_error %}
	b, _ := uniffiCustomLower{{ name }}(v)
	{%- else %}
	b := uniffiCustomLower{{ name }}(v)
	{%- endif %}
	return {{ size_builtin }}
	{%- endif %}
}
{% endif %}
{%- endmatch %}
{%- if conv.lift_error && !conv.kind.is_foreign() %}
func uniffiLiftError{{ conv.canonical }}(r *uniffiReader) error {
	return uniffiRead{{ conv.canonical }}(r)
}
{% endif %}
{%- if conv.call_error && remote %}
// uniffiCallError{{ conv.canonical }} is uniffiStatusError for the synchronous calls that declare
// this error.
func uniffiCallError{{ conv.canonical }}(st uniffiStatus) error {
	return uniffiStatusError(st, uniffiLiftError{{ conv.canonical }})
}
{% else if conv.call_error %}
// uniffiCallError{{ conv.canonical }} is uniffiStatusError for the synchronous calls that declare
// this error. The C helper moves a payload of up to 8 bytes into errorBuf.capacity, freeing Rust's
// buffer (errorBuf.data is then nil); it is read from a copy, so the status never escapes.
func uniffiCallError{{ conv.canonical }}(st C.RustCallStatus) error {
	if st.code != 1 || st.errorBuf.data != nil || st.errorBuf.len == 0 {
		return uniffiStatusError(st, uniffiLiftError{{ conv.canonical }})
	}
	payload := *(*[8]byte)(unsafe.Pointer(&st.errorBuf.capacity))
	r := uniffiReader{buf: payload[:st.errorBuf.len]}
	return uniffiLiftError{{ conv.canonical }}(&r)
}
{% endif %}
{%- include "runtime/check.go" %}
