// uniffiReader reads big-endian values from a buffer, advancing pos.
type uniffiReader struct {
	buf []byte
	pos int
	{%- if remote %}
	// conn is the connection the bytes came from, whose objects their handles name.
	conn *uniffiClient
	{%- endif %}
}
{%- if remote %}

// readHandle reads an object handle, tagged with the connection it came from.
func (r *uniffiReader) readHandle() uint64 {
	return uint64(uniffiDecode[uniffiHandle](r))
}
{%- endif %}
{% if runtime.reads("Uint8") %}
func (r *uniffiReader) readUint8() uint8 {
	v := r.buf[r.pos]
	r.pos++
	return v
}
{% endif %}
{%- if runtime.reads("Int8") %}
func (r *uniffiReader) readInt8() int8 {
	v := int8(r.buf[r.pos])
	r.pos++
	return v
}
{% endif %}
{%- if runtime.reads("Bool") %}
func (r *uniffiReader) readBool() bool {
	v := r.buf[r.pos] != 0
	r.pos++
	return v
}
{% endif %}
{%- if runtime.reads("Uint16") %}
func (r *uniffiReader) readUint16() uint16 {
	v := binary.BigEndian.Uint16(r.buf[r.pos:])
	r.pos += 2
	return v
}
{% endif %}
{%- if runtime.reads("Int16") %}
func (r *uniffiReader) readInt16() int16 {
	v := int16(binary.BigEndian.Uint16(r.buf[r.pos:]))
	r.pos += 2
	return v
}
{% endif %}
{%- if runtime.reads("Uint32") %}
func (r *uniffiReader) readUint32() uint32 {
	v := binary.BigEndian.Uint32(r.buf[r.pos:])
	r.pos += 4
	return v
}
{% endif %}
{%- if runtime.reads("Int32") %}
func (r *uniffiReader) readInt32() int32 {
	v := int32(binary.BigEndian.Uint32(r.buf[r.pos:]))
	r.pos += 4
	return v
}
{% endif %}
{%- if runtime.reads("Uint64") %}
func (r *uniffiReader) readUint64() uint64 {
	v := binary.BigEndian.Uint64(r.buf[r.pos:])
	r.pos += 8
	return v
}
{% endif %}
{%- if runtime.reads("Int64") %}
func (r *uniffiReader) readInt64() int64 {
	v := int64(binary.BigEndian.Uint64(r.buf[r.pos:]))
	r.pos += 8
	return v
}
{% endif %}
{%- if runtime.reads("Float32") %}
func (r *uniffiReader) readFloat32() float32 {
	v := math.Float32frombits(binary.BigEndian.Uint32(r.buf[r.pos:]))
	r.pos += 4
	return v
}
{% endif %}
{%- if runtime.reads("Float64") %}
func (r *uniffiReader) readFloat64() float64 {
	v := math.Float64frombits(binary.BigEndian.Uint64(r.buf[r.pos:]))
	r.pos += 8
	return v
}
{% endif %}
{%- if runtime.reads("String") %}
// readString copies the string out: the buffer may be Rust memory that is freed afterwards.
func (r *uniffiReader) readString() string {
	n := int(r.readInt32())
	v := string(r.buf[r.pos : r.pos+n])
	r.pos += n
	return v
}
{% endif %}
{%- if runtime.reads("Timestamp") %}
// readTimestamp reads seconds and nanoseconds since the Unix epoch. Before the epoch Rust sends
// the magnitude: -1.5 s is -1 s and 500,000,000 ns.
func (r *uniffiReader) readTimestamp() time.Time {
	secs, nanos := r.readInt64(), int64(r.readUint32())
	if secs < 0 {
		nanos = -nanos
	}
	return time.Unix(secs, nanos).UTC()
}
{% endif %}
{%- if runtime.reads("Duration") %}
// readDuration reads seconds and nanoseconds, failing for a duration beyond time.Duration's
// range (about 292 years) rather than wrapping it.
func (r *uniffiReader) readDuration() time.Duration {
	secs, nanos := r.readUint64(), r.readUint32()
	const maxSecs = uint64(math.MaxInt64 / int64(time.Second))
	const maxNanos = uint32(math.MaxInt64 % int64(time.Second))
	if secs > maxSecs || secs == maxSecs && nanos > maxNanos {
		panic(&InternalError{Message: "a duration of " + strconv.FormatUint(secs, 10) + " s from Rust exceeds the range of time.Duration"})
	}
	return time.Duration(secs)*time.Second + time.Duration(nanos)
}
{% endif %}
{%- if runtime.reads("Bytes") %}
func (r *uniffiReader) readBytes() []byte {
	n := int(r.readInt32())
	v := make([]byte, n)
	copy(v, r.buf[r.pos:r.pos+n])
	r.pos += n
	return v
}
{% endif %}
