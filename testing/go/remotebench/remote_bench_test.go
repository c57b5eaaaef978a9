//go:build uniffi_remote

package remotebench

import (
	"encoding/binary"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"uniffi-go.test/generated/bench"
)

var str64k = strings.Repeat("uniffi-bindgen-go benchmark text ", 2048)[:64<<10]

// echoPeer starts `uniffi-go-host echo` on a socket pair, as the package starts its host.
func echoPeer(b *testing.B) net.Conn {
	b.Helper()
	host := os.Getenv("UNIFFI_GO_HOST")
	if host == "" {
		host = "uniffi-go-host"
	}
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		b.Fatal(err)
	}
	ours, theirs := os.NewFile(uintptr(fds[0]), "echo"), os.NewFile(uintptr(fds[1]), "echo")
	cmd := exec.Command(host, "echo", "--fd", "3")
	cmd.ExtraFiles = []*os.File{theirs}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	theirs.Close()
	conn, err := net.FileConn(ours)
	ours.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		conn.Close()
		_ = cmd.Wait()
	})
	return conn
}

// pingPong sends a frame of `out` payload bytes and reads it back, once per iteration: the frames
// of a call (CALL out, RESULT back) without the host's work.
func pingPong(b *testing.B, out int) {
	conn := echoPeer(b)
	frame := make([]byte, 4+out)
	binary.BigEndian.PutUint32(frame, uint32(out))
	back := make([]byte, len(frame))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := conn.Write(frame); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(conn, back); err != nil {
			b.Fatal(err)
		}
	}
}

type callback struct{ calls atomic.Int64 }

func (c *callback) Call(v int32) int32 {
	c.calls.Add(1)
	return v + 1
}

// BenchmarkRemote: each case beside its ping-pong. A CALL frame of noop() has a 13-byte payload
// (type, id, function index), its RESULT 10; string_64k carries the string both ways.
func BenchmarkRemote(b *testing.B) {
	if err := bench.Noop(); err != nil {
		b.Fatal(err)
	}
	b.Run("call_only/ours", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if err := bench.Noop(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("call_only/pingpong", func(b *testing.B) { pingPong(b, 13) })
	b.Run("string_64k/ours", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(str64k)))
		for range b.N {
			if v, err := bench.EchoString(str64k); err != nil || len(v) != len(str64k) {
				b.Fatal(err)
			}
		}
	})
	b.Run("string_64k/pingpong", func(b *testing.B) {
		b.SetBytes(int64(len(str64k)))
		pingPong(b, 17+len(str64k))
	})
	// One Rust -> Go call: Run(100, v) makes 100 per Go -> Rust call.
	b.Run("callback_sync/ours", func(b *testing.B) {
		cb := &callback{}
		runner, err := bench.NewCallbackRunner(cb)
		if err != nil {
			b.Fatal(err)
		}
		defer runner.Close()
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i += 100 {
			if _, err := runner.Run(100, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	// A CALLBACK frame of Call(v): type, id, vtable, method, handle, v; the answer is smaller.
	b.Run("callback_sync/pingpong", func(b *testing.B) { pingPong(b, 31) })
	// Many goroutines sharing the one connection: calls per second in all.
	b.Run("call_only_64_goroutines/ours", func(b *testing.B) {
		b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := bench.Noop(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
