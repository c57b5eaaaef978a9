{%- let recv = t.receiver.as_str() %}
{%- if t.display %}
{%- if t.as_functions %}
// {{ t.type_name }}String returns the text of the Rust Display implementation of {{ recv }}. It
// panics with the error if the call fails.
func {{ t.type_name }}String({{ recv }} {{ t.go_type }}) string {
	text, err := {{ t.raw_prefix }}Display({{ recv }})
{%- else %}
// String returns the text of the Rust Display implementation of {{ t.type_name }}. It panics
// with the error if the call fails (a closed object, a Rust panic).
func ({{ recv }} {{ t.go_type }}) String() string {
	text, err := {{ recv }}.uniffiDisplay()
{%- endif %}
	if err != nil {
		panic(err)
	}
	return text
}
{% endif %}
{%- if t.debug %}
{%- if t.as_functions %}
// {{ t.type_name }}GoString returns the text of the Rust Debug implementation of {{ recv }}. It
// panics with the error if the call fails.
func {{ t.type_name }}GoString({{ recv }} {{ t.go_type }}) string {
	text, err := {{ t.raw_prefix }}Debug({{ recv }})
{%- else %}
// GoString returns the text of the Rust Debug implementation of {{ t.type_name }}, which the %#v
// verb prints. It panics with the error if the call fails.
func ({{ recv }} {{ t.go_type }}) GoString() string {
	text, err := {{ recv }}.uniffiDebug()
{%- endif %}
	if err != nil {
		panic(err)
	}
	return text
}
{% endif %}
{%- if t.eq %}
{%- if t.as_functions %}
// {{ t.type_name }}Equal reports whether Rust's PartialEq finds {{ recv }} equal to other. It
// panics with the error if the call fails.
func {{ t.type_name }}Equal({{ recv }}, other {{ t.go_type }}) bool {
	equal, err := {{ t.raw_prefix }}Eq({{ recv }}, other)
{%- else %}
// Equal reports whether Rust's PartialEq finds {{ recv }} equal to other. It panics with the
// error if the call fails.
func ({{ recv }} {{ t.go_type }}) Equal(other {{ t.go_type }}) bool {
	equal, err := {{ recv }}.uniffiEq(other)
{%- endif %}
	if err != nil {
		panic(err)
	}
	return equal
}
{% endif %}
{%- if t.hash %}
{%- if t.as_functions %}
// {{ t.type_name }}Hash returns the Rust Hash of {{ recv }}. It panics with the error if the call
// fails.
func {{ t.type_name }}Hash({{ recv }} {{ t.go_type }}) uint64 {
	sum, err := {{ t.raw_prefix }}Hash({{ recv }})
{%- else %}
// Hash returns the Rust Hash of {{ recv }}. It panics with the error if the call fails.
func ({{ recv }} {{ t.go_type }}) Hash() uint64 {
	sum, err := {{ recv }}.uniffiHash()
{%- endif %}
	if err != nil {
		panic(err)
	}
	return sum
}
{% endif %}
{%- if t.ord %}
{%- if t.as_functions %}
// {{ t.type_name }}Compare orders {{ recv }} and other as Rust's Ord does: -1 if {{ recv }} is
// less, 0 if equal, +1 if greater. It panics with the error if the call fails.
func {{ t.type_name }}Compare({{ recv }}, other {{ t.go_type }}) int {
	order, err := {{ t.raw_prefix }}Cmp({{ recv }}, other)
{%- else %}
// Compare orders {{ recv }} and other as Rust's Ord does: -1 if {{ recv }} is less, 0 if equal,
// +1 if greater, like cmp.Compare. It panics with the error if the call fails.
func ({{ recv }} {{ t.go_type }}) Compare(other {{ t.go_type }}) int {
	order, err := {{ recv }}.uniffiCmp(other)
{%- endif %}
	if err != nil {
		panic(err)
	}
	return int(order)
}
{% endif %}
