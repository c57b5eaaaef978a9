// InternalError reports a failure the Rust library does not declare: a Rust panic, or a value
// that could not cross the language boundary. Calls that return an error return it as
// *InternalError; calls without an error result panic with it, so recover() receives an error.
type InternalError struct {
	// Message is Rust's panic message, or a description of what failed.
	Message string
}

// Error implements the error interface.
func (e *InternalError) Error() string {
	return "{{ namespace }}: internal error: " + e.Message
}
{% if runtime.declares_err_closed %}
// ErrClosed is returned by a method called on an object after its Close method, or on a nil
// object, and when a closed or nil object is passed to the Rust library.
var ErrClosed = errors.New("{{ namespace }}: object is closed")
{% endif %}
