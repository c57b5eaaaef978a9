// The uniffi floor of each benchmark case: the scaffolding calls the generated Go bindings make
// for the case, with the same lowered arguments, made from C in a loop. A Go binding over uniffi
// 0.32 cannot do less than these calls plus one cgo crossing.

#include <string.h>

#include "floor.h"

#define NS(name) uniffi_uniffi_fixture_bench_##name
#define FFI(name) ffi_uniffi_fixture_bench_##name

void NS(fn_func_noop)(FloorStatus *status);
int32_t NS(fn_func_add_i32)(int32_t a, int32_t b, FloorStatus *status);
int32_t NS(fn_func_try_i32)(int32_t v, int8_t ok, FloorStatus *status);
void NS(fn_func_fail)(FloorStatus *status);
uint64_t NS(fn_constructor_counter_new)(FloorStatus *status);
uint64_t NS(fn_clone_counter)(uint64_t handle, FloorStatus *status);
void NS(fn_free_counter)(uint64_t handle, FloorStatus *status);
int32_t NS(fn_method_counter_add)(uint64_t handle, int32_t v, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_string)(FloorRustBuffer s, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_bytes)(FloorRustBuffer b, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_record4)(FloorRustBuffer r, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_large_record)(FloorRustBuffer r, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_enum)(FloorRustBuffer s, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_map)(FloorRustBuffer m, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_vec_i32)(FloorRustBuffer v, FloorStatus *status);
FloorRustBuffer NS(fn_func_echo_vec_record)(FloorRustBuffer v, FloorStatus *status);
uint64_t NS(fn_func_ready)(void);
FloorRustBuffer FFI(rustbuffer_alloc)(uint64_t size, FloorStatus *status);
FloorRustBuffer FFI(rustbuffer_from_bytes)(FloorForeignBytes bytes, FloorStatus *status);
void FFI(rustbuffer_free)(FloorRustBuffer buf, FloorStatus *status);
void FFI(rust_future_poll_u32)(uint64_t handle, void (*continuation)(uint64_t data, int8_t poll_result), uint64_t data);
uint32_t FFI(rust_future_complete_u32)(uint64_t handle, FloorStatus *status);
void FFI(rust_future_free_u32)(uint64_t handle);

int64_t floor_noop(int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        NS(fn_func_noop)(&status);
        if (status.code != 0) {
            return -1;
        }
    }
    return 0;
}

int64_t floor_add_i32(int64_t n) {
    int32_t v = 0;
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        v = NS(fn_func_add_i32)((int32_t)i, 1, &status);
        if (status.code != 0) {
            return -1;
        }
    }
    return v;
}

int64_t floor_try_i32(int64_t n) {
    int32_t v = 0;
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        v = NS(fn_func_try_i32)((int32_t)i, 1, &status);
        if (status.code != 0) {
            return -1;
        }
    }
    return v;
}

uint64_t floor_counter_new(void) {
    FloorStatus status = {0};
    return NS(fn_constructor_counter_new)(&status);
}

void floor_counter_free(uint64_t handle) {
    FloorStatus status = {0};
    NS(fn_free_counter)(handle, &status);
}

// A method call consumes one reference to the object: the handle is cloned before each call, as
// the bindings do.
int64_t floor_counter_add(uint64_t handle, int64_t n) {
    int32_t v = 0;
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        uint64_t owned = NS(fn_clone_counter)(handle, &status);
        if (status.code != 0) {
            return -1;
        }
        v = NS(fn_method_counter_add)(owned, 1, &status);
        if (status.code != 0) {
            return -1;
        }
    }
    return v;
}

int64_t floor_counter_new_free(int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        uint64_t handle = NS(fn_constructor_counter_new)(&status);
        if (status.code != 0) {
            return -1;
        }
        NS(fn_free_counter)(handle, &status);
        if (status.code != 0) {
            return -1;
        }
    }
    return 0;
}

// The argument is copied into a Rust buffer with rustbuffer_from_bytes (Go lends the bytes it
// lowered, or a string's bytes), the function is called, and its result buffer freed.
int64_t floor_echo(int kind, const uint8_t *data, int32_t len, int64_t n) {
    uint64_t last = 0;
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        FloorRustBuffer arg = FFI(rustbuffer_from_bytes)((FloorForeignBytes){len, data}, &status);
        if (status.code != 0) {
            return -1;
        }
        FloorRustBuffer out;
        switch (kind) {
        case FLOOR_ECHO_STRING:
            out = NS(fn_func_echo_string)(arg, &status);
            break;
        case FLOOR_ECHO_RECORD4:
            out = NS(fn_func_echo_record4)(arg, &status);
            break;
        case FLOOR_ECHO_LARGE_RECORD:
            out = NS(fn_func_echo_large_record)(arg, &status);
            break;
        case FLOOR_ECHO_ENUM:
            out = NS(fn_func_echo_enum)(arg, &status);
            break;
        case FLOOR_ECHO_MAP:
            out = NS(fn_func_echo_map)(arg, &status);
            break;
        case FLOOR_ECHO_VEC_I32:
            out = NS(fn_func_echo_vec_i32)(arg, &status);
            break;
        case FLOOR_ECHO_VEC_RECORD:
            out = NS(fn_func_echo_vec_record)(arg, &status);
            break;
        default:
            return -1;
        }
        if (status.code != 0) {
            return -1;
        }
        last = out.len;
        FFI(rustbuffer_free)(out, &status);
    }
    return (int64_t)last;
}

// A Vec<u8> argument: Rust allocates the buffer, C writes the big-endian length and the bytes.
int64_t floor_echo_bytes(const uint8_t *data, int32_t len, int64_t n) {
    uint64_t last = 0;
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        FloorRustBuffer arg = FFI(rustbuffer_alloc)((uint64_t)len + 4, &status);
        if (status.code != 0) {
            return -1;
        }
        uint32_t u = (uint32_t)len;
        arg.data[0] = (uint8_t)(u >> 24);
        arg.data[1] = (uint8_t)(u >> 16);
        arg.data[2] = (uint8_t)(u >> 8);
        arg.data[3] = (uint8_t)u;
        if (len > 0) {
            memcpy(arg.data + 4, data, (size_t)len);
        }
        arg.len = (uint64_t)len + 4;
        FloorRustBuffer out = NS(fn_func_echo_bytes)(arg, &status);
        if (status.code != 0) {
            return -1;
        }
        last = out.len;
        FFI(rustbuffer_free)(out, &status);
    }
    return (int64_t)last;
}

// The declared error arrives as a serialized buffer, which the caller frees.
int64_t floor_fail(int64_t n) {
    uint64_t last = 0;
    for (int64_t i = 0; i < n; i++) {
        FloorStatus status = {0};
        NS(fn_func_fail)(&status);
        if (status.code != 1) {
            return -1;
        }
        last = status.errorBuf.len;
        FloorStatus free_status = {0};
        FFI(rustbuffer_free)(status.errorBuf, &free_status);
    }
    return (int64_t)last;
}

static __thread int8_t floor_poll_result;

static void floor_continuation(uint64_t data, int8_t poll_result) {
    (void)data;
    floor_poll_result = poll_result;
}

// Start the future, poll it once (Rust calls the continuation inside the poll when it is ready),
// take its result and free it.
int64_t floor_ready(int64_t n) {
    uint32_t v = 0;
    for (int64_t i = 0; i < n; i++) {
        uint64_t future = NS(fn_func_ready)();
        floor_poll_result = -1;
        FFI(rust_future_poll_u32)(future, floor_continuation, (uint64_t)i);
        if (floor_poll_result != 0) {
            return -1;
        }
        FloorStatus status = {0};
        v = FFI(rust_future_complete_u32)(future, &status);
        FFI(rust_future_free_u32)(future);
        if (status.code != 0) {
            return -1;
        }
    }
    return v;
}
