// Package floor measures the uniffi floor of each benchmark case: the uniffi scaffolding calls the
// generated bindings make for the case (the same `uniffi_…` functions of the bench library, with
// the same lowered arguments: RustBuffers built the way the bindings build them, object handles
// cloned before each method call), made from C in a loop inside one cgo call. Divided by the
// iterations, that is the Rust-side cost any Go binding over uniffi 0.32 pays for the case;
// adding one bare cgo crossing gives the least such a binding can cost.
//
// The C loops are in floor.c, written by hand; floor.h declares the uniffi symbols they call.
// This package shares no code with the generated bindings.
package floor

/*
#cgo LDFLAGS: -luniffi_fixture_bench
#include "floor.h"
*/
import "C"

import (
	"encoding/binary"
	"math"
	"unsafe"
)

// Noop makes n calls of noop().
func Noop(n int) int64 { return int64(C.floor_noop(C.int64_t(n))) }

// AddI32 makes n calls of add_i32(i, 1) and returns the last sum.
func AddI32(n int) int64 { return int64(C.floor_add_i32(C.int64_t(n))) }

// TryI32 makes n calls of try_i32(i, true) (the success path) and returns the last result.
func TryI32(n int) int64 { return int64(C.floor_try_i32(C.int64_t(n))) }

// Counter is a Counter object made by its uniffi constructor, behind its raw handle.
type Counter struct{ handle C.uint64_t }

// NewCounter calls Counter::new.
func NewCounter() Counter { return Counter{C.floor_counter_new()} }

// Free frees the counter's handle.
func (c Counter) Free() { C.floor_counter_free(c.handle) }

// Add makes n calls of Counter::add(1), each on a clone of the handle, and returns the last total.
func (c Counter) Add(n int) int64 { return int64(C.floor_counter_add(c.handle, C.int64_t(n))) }

// CounterNewFree makes n Counter::new calls, freeing each handle.
func CounterNewFree(n int) int64 { return int64(C.floor_counter_new_free(C.int64_t(n))) }

// Echo names a function taking and returning one RustBuffer.
type Echo C.int

// The functions Buffer calls.
const (
	EchoString      Echo = C.FLOOR_ECHO_STRING
	EchoRecord4     Echo = C.FLOOR_ECHO_RECORD4
	EchoLargeRecord Echo = C.FLOOR_ECHO_LARGE_RECORD
	EchoEnum        Echo = C.FLOOR_ECHO_ENUM
	EchoMap         Echo = C.FLOOR_ECHO_MAP
	EchoVecI32      Echo = C.FLOOR_ECHO_VEC_I32
	EchoVecRecord   Echo = C.FLOOR_ECHO_VEC_RECORD
)

// Buffer makes n calls of fn with the lowered argument arg: each copies arg into a Rust buffer
// with rustbuffer_from_bytes, calls fn and frees the buffer it returns. It returns the last
// result's length in bytes, or -1 when a call failed (arg is not a valid lowered value).
func Buffer(fn Echo, arg []byte, n int) int64 {
	return int64(C.floor_echo(C.int(fn), bytesData(arg), C.int32_t(len(arg)), C.int64_t(n)))
}

// Bytes makes n calls of echo_bytes(b), lowering b as the bindings do: Rust allocates the buffer
// (rustbuffer_alloc) and C writes the length and the bytes into it. It returns the last result's
// length in bytes.
func Bytes(b []byte, n int) int64 {
	return int64(C.floor_echo_bytes(bytesData(b), C.int32_t(len(b)), C.int64_t(n)))
}

// Fail makes n calls of fail() and frees each error buffer; it returns the last one's length.
func Fail(n int) int64 { return int64(C.floor_fail(C.int64_t(n))) }

// Ready makes n calls of the async ready(): start, one poll (ready at once), complete and free.
// It returns the last result.
func Ready(n int) int64 { return int64(C.floor_ready(C.int64_t(n))) }

func bytesData(b []byte) *C.uint8_t {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(b)))
}

// Writer lowers values as uniffi serializes them in a RustBuffer (big-endian), written by hand
// here so the floor shares nothing with the generated bindings. It is used before the timed loop.
type Writer struct{ Buf []byte }

func (w *Writer) I32(v int32) { w.Buf = binary.BigEndian.AppendUint32(w.Buf, uint32(v)) }
func (w *Writer) U8(v uint8)  { w.Buf = append(w.Buf, v) }
func (w *Writer) U64(v uint64) {
	w.Buf = binary.BigEndian.AppendUint64(w.Buf, v)
}
func (w *Writer) I64(v int64)   { w.U64(uint64(v)) }
func (w *Writer) F32(v float32) { w.Buf = binary.BigEndian.AppendUint32(w.Buf, math.Float32bits(v)) }
func (w *Writer) F64(v float64) { w.U64(math.Float64bits(v)) }
func (w *Writer) Bool(v bool) {
	if v {
		w.U8(1)
	} else {
		w.U8(0)
	}
}

// String writes an i32 length and the UTF-8 bytes (a string inside a buffer).
func (w *Writer) String(s string) {
	w.I32(int32(len(s)))
	w.Buf = append(w.Buf, s...)
}

// Bytes writes an i32 length and the bytes.
func (w *Writer) Bytes(b []byte) {
	w.I32(int32(len(b)))
	w.Buf = append(w.Buf, b...)
}
