{%- if !future_suffixes.is_empty() %}
// PendingRustFutures reports how many Rust futures are being awaited right now: zero when no
// async call is in flight. It is for tests and diagnostics (finding leaks), not for application
// code.
func PendingRustFutures() int {
	{%- if remote %}
	return int(uniffiRemoteInFlight.Load())
	{%- else %}
	uniffiFutures.mu.Lock()
	defer uniffiFutures.mu.Unlock()
	return len(uniffiFutures.waiters) + len(uniffiFutures.early)
	{%- endif %}
}
{% endif %}
{%- if runtime.has_go_impls %}
// LiveCallbackHandles reports how many handles to Go implementations of the library's interfaces
// Rust holds: zero when Rust holds none. It is for tests and diagnostics (finding leaks), not for
// application code.
func LiveCallbackHandles() int {
	return {{ live_handles_sum }}
}
{% endif %}
{%- if runtime.has_host_calls %}
// PendingHostCalls reports how many calls from Rust into async Go methods await their answer:
// zero when no call is in flight. It is for tests and diagnostics (finding leaks), not for
// application code.
func PendingHostCalls() int {
	uniffiHostCalls.mu.Lock()
	defer uniffiHostCalls.mu.Unlock()
	return len(uniffiHostCalls.calls)
}
{% endif %}
