//go:build race

package roundtrip_test

// The race detector stops a program with more than 8,128 live goroutines.
const concurrentCalls = 8_000
