{%- if runtime.lowers_buffers %}
// uniffiWriter writes big-endian values into a buffer sized in advance.
type uniffiWriter struct {
	buf []byte
	pos int
	{%- if runtime.tracks_clones %}
	// cloned lists the object handles cloned for this buffer, to free if lowering fails.
	cloned []uniffiClonedHandle
	{%- endif %}
}
{% endif %}
{%- if runtime.tracks_clones %}
type uniffiClonedHandle struct {
	handle uint64
	free   func(uint64)
}

// uniffiLowerFailure is the panic value that stops lowering when an object is closed.
type uniffiLowerFailure struct{ err error }

// uniffiReleaseCloned frees handles cloned for a buffer that Rust will never read.
func uniffiReleaseCloned(cloned []uniffiClonedHandle) {
	for _, c := range cloned {
		c.free(c.handle)
	}
}

// releaseOnFailure frees the handles cloned so far when lowering stopped on a closed object,
// and reports that object's error.
func (w *uniffiWriter) releaseOnFailure(err *error) {
	p := recover()
	if p == nil {
		return
	}
	uniffiReleaseCloned(w.cloned)
	failure, ok := p.(uniffiLowerFailure)
	if !ok {
		panic(p)
	}
	*err = failure.err
}
{% endif %}
{%- if runtime.writes("Uint8") %}
func (w *uniffiWriter) writeUint8(v uint8) {
	w.buf[w.pos] = v
	w.pos++
}
{% endif %}
{%- if runtime.writes("Int8") %}
func (w *uniffiWriter) writeInt8(v int8) {
	w.buf[w.pos] = byte(v)
	w.pos++
}
{% endif %}
{%- if runtime.writes("Bool") %}
func (w *uniffiWriter) writeBool(v bool) {
	{%- if remote %}
	if v {
		w.buf[w.pos] = 1
	} else {
		w.buf[w.pos] = 0
	}
	{%- else %}
	w.buf[w.pos] = byte(uniffiCBool(v))
	{%- endif %}
	w.pos++
}
{% endif %}
{%- if runtime.writes("Uint16") %}
func (w *uniffiWriter) writeUint16(v uint16) {
	binary.BigEndian.PutUint16(w.buf[w.pos:], v)
	w.pos += 2
}
{% endif %}
{%- if runtime.writes("Int16") %}
func (w *uniffiWriter) writeInt16(v int16) {
	binary.BigEndian.PutUint16(w.buf[w.pos:], uint16(v))
	w.pos += 2
}
{% endif %}
{%- if runtime.writes("Uint32") %}
func (w *uniffiWriter) writeUint32(v uint32) {
	binary.BigEndian.PutUint32(w.buf[w.pos:], v)
	w.pos += 4
}
{% endif %}
{%- if runtime.writes("Int32") %}
func (w *uniffiWriter) writeInt32(v int32) {
	binary.BigEndian.PutUint32(w.buf[w.pos:], uint32(v))
	w.pos += 4
}
{% endif %}
{%- if runtime.writes("Uint64") %}
func (w *uniffiWriter) writeUint64(v uint64) {
	binary.BigEndian.PutUint64(w.buf[w.pos:], v)
	w.pos += 8
}
{% endif %}
{%- if runtime.writes("Int64") %}
func (w *uniffiWriter) writeInt64(v int64) {
	binary.BigEndian.PutUint64(w.buf[w.pos:], uint64(v))
	w.pos += 8
}
{% endif %}
{%- if runtime.writes("Float32") %}
func (w *uniffiWriter) writeFloat32(v float32) {
	binary.BigEndian.PutUint32(w.buf[w.pos:], math.Float32bits(v))
	w.pos += 4
}
{% endif %}
{%- if runtime.writes("Float64") %}
func (w *uniffiWriter) writeFloat64(v float64) {
	binary.BigEndian.PutUint64(w.buf[w.pos:], math.Float64bits(v))
	w.pos += 8
}
{% endif %}
{%- if runtime.writes("String") %}
func (w *uniffiWriter) writeString(v string) {
	binary.BigEndian.PutUint32(w.buf[w.pos:], uint32(len(v)))
	w.pos += 4 + copy(w.buf[w.pos+4:], v)
}
{% endif %}
{%- if runtime.writes("Timestamp") %}
// writeTimestamp writes seconds and nanoseconds since the Unix epoch, as magnitudes before it
// (see readTimestamp). Rust's encoding has no sign for times less than a second before the epoch.
func (w *uniffiWriter) writeTimestamp(v time.Time) {
	secs, nanos := v.Unix(), int64(v.Nanosecond())
	if secs < 0 && nanos > 0 {
		secs, nanos = secs+1, int64(time.Second)-nanos
	}
	w.writeInt64(secs)
	w.writeUint32(uint32(nanos))
}
{% endif %}
{%- if runtime.writes("Duration") %}
// writeDuration writes seconds and nanoseconds; Rust durations cannot be negative.
func (w *uniffiWriter) writeDuration(v time.Duration) {
	if v < 0 {
		panic(uniffiLowerFailure{&InternalError{Message: "the negative duration " + v.String() + " cannot cross to Rust"}})
	}
	w.writeUint64(uint64(v / time.Second))
	w.writeUint32(uint32(v % time.Second))
}
{% endif %}
{%- if runtime.writes("Bytes") %}
func (w *uniffiWriter) writeBytes(v []byte) {
	binary.BigEndian.PutUint32(w.buf[w.pos:], uint32(len(v)))
	w.pos += 4 + copy(w.buf[w.pos+4:], v)
}
{% endif %}
