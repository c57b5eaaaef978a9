//go:build !race

package roundtrip_test

const concurrentCalls = 10_000
