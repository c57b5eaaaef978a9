// Package remotekill tests what the remote transport does when its host dies: its test runs only
// with the uniffi_remote build tag, in a test binary of its own, since it kills the host the whole
// binary shares.
package remotekill
