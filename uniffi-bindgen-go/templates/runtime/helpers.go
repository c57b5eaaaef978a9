{% if runtime.checks_sizes %}
// uniffiMaxBufferLen is the most bytes a string or buffer argument can hold: uniffi passes its
// length as an i32.
const uniffiMaxBufferLen = 1<<31 - 1

// uniffiTooLarge is the error for a value of n bytes, beyond uniffiMaxBufferLen.
func uniffiTooLarge(what string, n int) error {
	return &InternalError{Message: what + " is " + strconv.Itoa(n) + " bytes; uniffi passes at most " + strconv.Itoa(uniffiMaxBufferLen)}
}
{% endif %}
{%- if runtime.uses_strings_top_level && !remote %}
// uniffiStringData lends a string's bytes to C for the duration of one call.
func uniffiStringData(s string) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s)))
}
{% endif %}
{%- if runtime.lends_bytes && !remote %}
// uniffiBytesData lends a byte slice to C for the duration of one call.
func uniffiBytesData(b []byte) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(b)))
}
{% endif %}
{%- if runtime.lends_numbers || (runtime.lifts_numbers && !remote) %}
// uniffiNumber is an item type of the sequences the C helpers serialize from, and copy into, Go
// slices.
type uniffiNumber interface {
	~int8 | ~uint8 | ~int16 | ~uint16 | ~int32 | ~uint32 | ~int64 | ~uint64 | ~float32 | ~float64
}
{% endif %}
{%- if remote && runtime.lends_numbers %}
// uniffiLowerNumbers serializes a sequence of numbers as Rust reads it: a big-endian i32 count,
// then each item big-endian.
func uniffiLowerNumbers[T uniffiNumber](v []T) []byte {
	var zero T
	width := int(unsafe.Sizeof(zero))
	raw := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(v))), len(v)*width)
	b := binary.BigEndian.AppendUint32(make([]byte, 0, 4+len(raw)), uint32(len(v)))
	for i := 0; i < len(raw); i += width {
		switch width {
		case 1:
			b = append(b, raw[i])
		case 2:
			b = binary.BigEndian.AppendUint16(b, binary.NativeEndian.Uint16(raw[i:]))
		case 4:
			b = binary.BigEndian.AppendUint32(b, binary.NativeEndian.Uint32(raw[i:]))
		default:
			b = binary.BigEndian.AppendUint64(b, binary.NativeEndian.Uint64(raw[i:]))
		}
	}
	return b
}
{% endif %}
{%- if !remote && (runtime.lends_numbers || runtime.lifts_numbers) %}
// uniffiNumbersData lends a slice of numbers to C for the duration of one call.
func uniffiNumbersData[T uniffiNumber](v []T) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(v)))
}
{% endif %}
{%- if !remote && runtime.lifts_numbers %}
// uniffiNumbersCount is the item count of a returned sequence of numbers, width bytes each,
// checked against the length of the buffer that holds it.
func uniffiNumbersCount(res *C.UniffiGoResultRustBuffer, width int) int {
	b := uniffiResultBytes(res)
	// Divided, not multiplied: a count from a malformed buffer must not wrap around.
	if len(b) >= 4 && (len(b)-4)%width == 0 {
		if n := int(int32(binary.BigEndian.Uint32(b))); n == (len(b)-4)/width {
			return n
		}
	}
	uniffiFreeBuffer(res.value)
	panic(&InternalError{Message: "Rust returned a sequence whose count does not match its length"})
}
{% endif %}
{%- if runtime.lifts_strings && remote %}
// uniffiLiftString is a string argument of a callback.
func uniffiLiftString(b []byte) string {
	return string(b)
}
{% else if runtime.lifts_strings %}
// uniffiLiftString copies a string argument out of Rust memory and frees it.
func uniffiLiftString(b C.RustBuffer) string {
	s := string(uniffiBufferBytes(b))
	uniffiFreeBuffer(b)
	return s
}
{% endif %}
{%- if runtime.lifts_results && !remote %}
// uniffiResultBytes views the string or buffer a call returned. The C helper copies a small one
// into the result itself and frees Rust's buffer there, which saves a second crossing; a larger
// one stays in Rust memory until uniffiFreeBuffer(res.value).
func uniffiResultBytes(res *C.UniffiGoResultRustBuffer) []byte {
	if res.value.data == nil {
		return unsafe.Slice((*byte)(unsafe.Pointer(&res.small[0])), int(res.value.len))
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(res.value.data)), int(res.value.len))
}
{% endif %}
{%- if runtime.lifts_result_strings && remote %}
// uniffiLiftResultString is a returned string.
func uniffiLiftResultString(res *uniffiResult[[]byte]) string {
	return string(res.value)
}
{% else if runtime.lifts_result_strings %}
// uniffiLiftResultString copies a returned string into Go memory and frees Rust's copy.
func uniffiLiftResultString(res *C.UniffiGoResultRustBuffer) string {
	s := string(uniffiResultBytes(res))
	uniffiFreeBuffer(res.value)
	return s
}
{% endif %}
{%- if runtime.uses_cbool && remote %}
func uniffiCBool(v bool) int8 {
	if v {
		return 1
	}
	return 0
}
{% else if runtime.uses_cbool %}
func uniffiCBool(v bool) C.int8_t {
	if v {
		return 1
	}
	return 0
}
{% endif %}
{%- if runtime.uses_some %}
// uniffiSome returns a pointer to a copy of v, for optional default values.
func uniffiSome[T any](v T) *T {
	return &v
}
{% endif %}
{%- if runtime.checks_strings %}
// uniffiCheckString says why Rust would refuse s ("" when it would not): Rust checks the strings
// inside a buffer, and stops reading at one that is not UTF-8.
func uniffiCheckString(s string) string {
	if !utf8.ValidString(s) {
		return "a string that is not valid UTF-8"
	}
	return ""
}
{% endif %}
