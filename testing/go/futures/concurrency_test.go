package futures_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"uniffi-go.test/generated/futures"
)

func TestTenThousandConcurrentCalls(t *testing.T) {
	expectNoLeaks(t)
	const (
		calls   = 10000
		workers = 200
	)
	var next atomic.Int64
	var failures atomic.Int64
	var kinds [4]atomic.Int64
	var wg sync.WaitGroup
	fail := func(format string, args ...any) {
		if failures.Add(1) <= 10 {
			t.Errorf(format, args...)
		}
	}
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for {
				i := int(next.Add(1)) - 1
				if i >= calls {
					return
				}
				kind := i % 3
				if i%33 == 0 { // about 300 calls, each of which starts a thread in Rust
					kind = 3
				}
				kinds[kind].Add(1)
				switch kind {
				case 0:
					if v, err := futures.ReadyU32(ctx, uint32(i)); err != nil || v != uint32(i) {
						fail("ReadyU32(%d) = %d, %v", i, v, err)
					}
				case 1:
					s := fmt.Sprintf("call %d ✓", i)
					if v, err := futures.EchoString(ctx, s); err != nil || v != s {
						fail("EchoString(%q) = %q, %v", s, v, err)
					}
				case 2:
					if v, err := futures.WakeMany(ctx, 3); err != nil || v != 4 {
						fail("WakeMany(3) = %d, %v", v, err)
					}
				case 3:
					if v, err := futures.ThreadSleep(ctx, 1); err != nil || v != 1 {
						fail("ThreadSleep(1) = %d, %v", v, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d calls (ReadyU32 %d, EchoString %d, WakeMany %d, ThreadSleep %d) in %v",
		calls, kinds[0].Load(), kinds[1].Load(), kinds[2].Load(), kinds[3].Load(), time.Since(start))
	if n := failures.Load(); n != 0 {
		t.Fatalf("%d of %d calls failed", n, calls)
	}
	var total int64
	for i := range kinds {
		total += kinds[i].Load()
	}
	if total != calls {
		t.Fatalf("made %d calls, want %d", total, calls)
	}
}
