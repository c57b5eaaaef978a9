// The uniffi scaffolding functions of the bench library that the floor loops call, declared by
// hand from the uniffi 0.32 C ABI (contract version 30). Nothing here comes from the generated
// bindings: the floor must not share their code.
#ifndef BENCH_FLOOR_H
#define BENCH_FLOOR_H

#include <stdint.h>

typedef struct FloorRustBuffer {
    uint64_t capacity;
    uint64_t len;
    uint8_t *data;
} FloorRustBuffer;

typedef struct FloorForeignBytes {
    int32_t len;
    const uint8_t *data;
} FloorForeignBytes;

typedef struct FloorStatus {
    int8_t code;
    FloorRustBuffer errorBuf;
} FloorStatus;

// Which buffer-taking, buffer-returning function floor_echo calls.
enum {
    FLOOR_ECHO_STRING,
    FLOOR_ECHO_RECORD4,
    FLOOR_ECHO_LARGE_RECORD,
    FLOOR_ECHO_ENUM,
    FLOOR_ECHO_MAP,
    FLOOR_ECHO_VEC_I32,
    FLOOR_ECHO_VEC_RECORD,
};

// Each loop makes n iterations of a case's scaffolding calls and returns what the last one
// produced (a sum, or a result's length), or -1 when a call reported a failure it should not.
int64_t floor_noop(int64_t n);
int64_t floor_add_i32(int64_t n);
int64_t floor_try_i32(int64_t n);
uint64_t floor_counter_new(void);
void floor_counter_free(uint64_t handle);
int64_t floor_counter_add(uint64_t handle, int64_t n);
int64_t floor_counter_new_free(int64_t n);
int64_t floor_echo(int kind, const uint8_t *data, int32_t len, int64_t n);
int64_t floor_echo_bytes(const uint8_t *data, int32_t len, int64_t n);
int64_t floor_fail(int64_t n);
int64_t floor_ready(int64_t n);

#endif
