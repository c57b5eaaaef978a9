{%- if !future_suffixes.is_empty() %}
// PendingRustFutures reports how many Rust futures are being awaited right now. It is a
// diagnostic: zero when no async call is in flight.
func PendingRustFutures() int {
	uniffiFutures.mu.Lock()
	defer uniffiFutures.mu.Unlock()
	return len(uniffiFutures.waiters) + len(uniffiFutures.early)
}
{% endif %}
{%- if runtime.has_go_impls %}
// LiveCallbackHandles reports how many handles to Go implementations of the library's interfaces
// Rust holds. It is a diagnostic: zero when Rust holds none.
func LiveCallbackHandles() int {
	return {{ live_handles_sum }}
}
{% endif %}
{%- if runtime.has_host_calls %}
// PendingHostCalls reports how many calls from Rust into async Go methods await their answer. It
// is a diagnostic: zero when no call is in flight.
func PendingHostCalls() int {
	uniffiHostCalls.mu.Lock()
	defer uniffiHostCalls.mu.Unlock()
	return len(uniffiHostCalls.calls)
}
{% endif %}
