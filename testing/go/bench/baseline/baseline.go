// Package baseline calls the bench library's hand-written `extern "C"` functions (not uniffi) with
// bare cgo, so the benchmarks in testing/go/bench can compare each generated binding with the
// least a Go -> Rust (or Rust -> Go) call can cost on the same machine.
//
// It is a package of its own because cgo is not allowed in _test.go files.
package baseline

/*
#cgo LDFLAGS: -luniffi_fixture_bench
#include <stddef.h>
#include <stdint.h>

typedef struct BaselineRecord4 {
    int32_t a;
    uint64_t b;
    double c;
    int8_t d;
} BaselineRecord4;

typedef int32_t (*baseline_go_callback)(int32_t v);

void bench_baseline_noop(void);
int32_t bench_baseline_add_i32(int32_t a, int32_t b);
size_t bench_baseline_echo_string(const uint8_t *ptr, size_t len, uint8_t *out, size_t out_cap);
size_t bench_baseline_echo_bytes(const uint8_t *ptr, size_t len, uint8_t *out, size_t out_cap);
BaselineRecord4 bench_baseline_echo_record4(BaselineRecord4 r);
uint64_t bench_baseline_counter_new(void);
int32_t bench_baseline_counter_add(uint64_t handle, int32_t v);
void bench_baseline_counter_free(uint64_t handle);
int32_t bench_baseline_call_go(baseline_go_callback cb, uint32_t n, int32_t v);

// Exported below.
extern int32_t baselineGoCallback(int32_t v);
*/
import "C"

import "unsafe"

// Noop is one bare cgo call with no arguments and no result.
func Noop() {
	C.bench_baseline_noop()
}

// AddI32 is one bare cgo call with two int32 arguments and an int32 result.
func AddI32(a, b int32) int32 {
	return int32(C.bench_baseline_add_i32(C.int32_t(a), C.int32_t(b)))
}

// EchoString is a hand-written one-crossing string round trip: Go lends the string's bytes and
// a fresh output buffer; Rust checks UTF-8, copies the input into a String, and copies the
// result into the output buffer, which becomes the returned string without another copy. One
// crossing and one Go allocation (the result), like the least a binding could do.
func EchoString(s string) string {
	out := make([]byte, len(s)) // an echo's result is as long as its input
	for {
		n := C.bench_baseline_echo_string(stringData(s), C.size_t(len(s)), bytesData(out), C.size_t(len(out)))
		switch {
		case n == ^C.size_t(0):
			panic("baseline.EchoString: invalid UTF-8")
		case n == 0:
			return ""
		case int(n) <= len(out):
			return unsafe.String(unsafe.SliceData(out), int(n))
		}
		out = make([]byte, int(n)) // too small: retry once with the right size
	}
}

// EchoBytes is EchoString for a byte slice: the same single crossing, without the UTF-8 check.
func EchoBytes(b []byte) []byte {
	out := make([]byte, len(b))
	for {
		n := C.bench_baseline_echo_bytes(bytesData(b), C.size_t(len(b)), bytesData(out), C.size_t(len(out)))
		if int(n) <= len(out) {
			return out[:n]
		}
		out = make([]byte, int(n))
	}
}

// Record4 mirrors the bench library's Record4.
type Record4 struct {
	A int32
	B uint64
	C float64
	D bool
}

// EchoRecord4 passes a Record4 to Rust as a C struct by value and gets it back: one bare cgo
// call, no serialisation.
func EchoRecord4(r Record4) Record4 {
	var d C.int8_t
	if r.D {
		d = 1
	}
	out := C.bench_baseline_echo_record4(C.BaselineRecord4{a: C.int32_t(r.A), b: C.uint64_t(r.B), c: C.double(r.C), d: d})
	return Record4{A: int32(out.a), B: uint64(out.b), C: float64(out.c), D: out.d != 0}
}

// Counter is a Rust object behind a raw handle, with none of the bindings' bookkeeping.
type Counter struct{ handle C.uint64_t }

// NewCounter creates the Rust object: one bare cgo call.
func NewCounter() Counter { return Counter{C.bench_baseline_counter_new()} }

// Add is one bare cgo call on the object.
func (c Counter) Add(v int32) int32 {
	return int32(C.bench_baseline_counter_add(c.handle, C.int32_t(v)))
}

// Free frees the Rust object: one bare cgo call.
func (c Counter) Free() { C.bench_baseline_counter_free(c.handle) }

// CallGo makes one cgo call into Rust, which calls the exported Go function baselineGoCallback
// n times through a plain C function pointer: n bare C -> Go callbacks. It returns the wrapping
// sum of the answers (each v+1).
func CallGo(n uint32, v int32) int32 {
	return int32(C.bench_baseline_call_go(C.baseline_go_callback(C.baselineGoCallback), C.uint32_t(n), C.int32_t(v)))
}

//export baselineGoCallback
func baselineGoCallback(v C.int32_t) C.int32_t {
	return v + 1
}

func stringData(s string) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s)))
}

func bytesData(b []byte) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(b)))
}
