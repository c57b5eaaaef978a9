package futures_test

import (
	"context"
	"testing"

	"uniffi-go.test/generated/futures"
)

// BenchmarkAsyncReady measures an async call whose Rust future is ready on the first poll:
// the start call, one poll answered synchronously, and completion.
func BenchmarkAsyncReady(b *testing.B) {
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		v, err := futures.ReadyU32(ctx, uint32(i))
		if err != nil || v != uint32(i) {
			b.Fatalf("ReadyU32(%d) = %d, %v", i, v, err)
		}
	}
}

// BenchmarkSyncCall is a plain synchronous call into the same library, for comparison.
func BenchmarkSyncCall(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := futures.LiveFutures(); err != nil {
			b.Fatal(err)
		}
	}
}
