// Package remotetls tests how the remote transport connects to a host over TCP with TLS, and what
// it reports when it cannot: its tests run only with the uniffi_remote build tag, against the host
// testing/remote/run.sh starts with --tls-listen.
package remotetls
