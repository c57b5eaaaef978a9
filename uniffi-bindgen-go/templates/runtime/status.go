// uniffiLoadErr is set when the loaded library does not match these bindings. Every call reports
// it instead of calling into a library whose functions may have other signatures.
var uniffiLoadErr = uniffiCheckAPI()

func uniffiCheckAPI() error {
	var differs [len(uniffiChecksumNames)]C.uint8_t
	version := C.uniffi_go_{{ namespace }}_check_api((*C.uint8_t)(unsafe.Pointer(&differs)))
	if version != C.uniffi_go_{{ namespace }}_contract_version {
		return &InternalError{Message: "the loaded {{ namespace }} library implements uniffi contract version " +
			strconv.Itoa(int(version)) + ", these bindings version " + strconv.Itoa(int(C.uniffi_go_{{ namespace }}_contract_version)) +
			": build the library and generate the bindings with the same uniffi release"}
	}
	changed := ""
	for i, d := range differs {
		if d != 0 {
			if changed != "" {
				changed += ", "
			}
			changed += uniffiChecksumNames[i]
		}
	}
	if changed == "" {
		return nil
	}
	return &InternalError{Message: "the loaded {{ namespace }} library is not the build these bindings were generated from: " +
		changed + " changed; regenerate the bindings from the library you load"}
}

// uniffiChecksumNames names the Rust item behind each API checksum, and its C function.
var uniffiChecksumNames = [...]string{
{%- for name in checksum_names %}
	"
	{%- if let Some((_, item)) = name.split_once("_checksum_") -%}
	{%- if let Some(f) = item.strip_prefix("func_") -%} function `{{ f }}`
	{#- The type's name is lowercased in the symbol; Rust type names have no underscores. -#}
	{%- else if let Some(("method", m)) = item.split_once("_") -%}
	{%- if let Some((t, m)) = m.split_once("_") -%} method `{{ m }}` of `{{ t }}` {%- else -%} method `{{ m }}` {%- endif -%}
	{%- else if let Some(("constructor", c)) = item.split_once("_") -%}
	{%- if let Some((t, c)) = c.split_once("_") -%} constructor `{{ c }}` of `{{ t }}` {%- else -%} constructor `{{ c }}` {%- endif -%}
	{%- else -%} `{{ item }}`
	{%- endif %} ({{ name }})
	{%- else -%} {{ name }}
	{%- endif -%}
	",
{%- endfor %}
}

// uniffiStatusError turns a failed call's status into an error, freeing its buffer.
func uniffiStatusError(st C.RustCallStatus, liftErr func(*uniffiReader) error) error {
	buf := uniffiBufferBytes(st.errorBuf)
	defer uniffiFreeBuffer(st.errorBuf)
	switch st.code {
	case 1:
		if liftErr != nil {
			r := uniffiReader{buf: buf}
			return liftErr(&r)
		}
		return &InternalError{Message: "the library returned an error these bindings do not declare"}
	case 2:
		if len(buf) == 0 {
			return &InternalError{Message: "Rust panicked"}
		}
		return &InternalError{Message: string(buf)}
	default:
		return &InternalError{Message: "unexpected call status " + strconv.Itoa(int(st.code))}
	}
}

// uniffiBufferBytes views a Rust-owned buffer's bytes without copying; valid until it is freed.
func uniffiBufferBytes(b C.RustBuffer) []byte {
	if b.len == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(b.data)), int(b.len))
}

// uniffiFreeBuffer returns a buffer to Rust. Empty buffers own no memory.
func uniffiFreeBuffer(b C.RustBuffer) {
	if b.data != nil {
		C.uniffi_go_{{ namespace }}_rustbuffer_free(b)
	}
}
