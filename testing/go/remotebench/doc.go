// Package remotebench measures the remote transport (-tags uniffi_remote) against a bare
// Go-to-Rust Unix-socket round trip of the same payload: uniffi-go-host's echo mode, which sends
// each frame straight back. Run by testing/bench.sh into BENCHMARKS.md.
package remotebench
