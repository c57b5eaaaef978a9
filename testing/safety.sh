#!/usr/bin/env bash
# Safety runs: the Go suites under the race detector, cgocheck2, stack moves at every call and
# AddressSanitizer with its leak check; the 6.4-million-call load test; bounded fuzzing; and
# valgrind on the example and on the safety suite. docs/safety.md says what each step proves.
#
# It runs on what testing/run-tests.sh built and generated (CI runs that first): the libraries in
# target/release, the Go bindings in testing/go/generated and the example's in
# examples/timer/go/generated. It builds and generates nothing itself.
#
# Tunables (environment):
#   FUZZ_TIME             time per fuzz target (default 20s; 5 targets)
#   UNIFFI_GO_LOAD_CALLS  calls per goroutine in the load step (default 100000: 64 x 100,000)
#   SAFETY_SKIP           space-separated steps to skip: race cgocheck2 stackmove asan load fuzz valgrind
#   SAFETY_PKGS           Go packages for the sanitizer steps (default ./...)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
libdir="$root/target/release"
gen="$root/testing/go/generated"
example="$root/examples/timer/go"

fail() {
    echo "safety.sh: $*" >&2
    exit 1
}

# ---- prerequisites -----------------------------------------------------------------------------
missing=()
for lib in libtimer.so libuniffi_fixture_roundtrip.so libuniffi_fixture_collections.so \
    libuniffi_fixture_safety.so; do
    [ -f "$libdir/$lib" ] || missing+=("target/release/$lib")
done
for pkg in timer roundtrip collections safety; do
    [ -f "$gen/$pkg/$pkg.go" ] || missing+=("testing/go/generated/$pkg/$pkg.go")
done
[ -f "$example/generated/timer/timer.go" ] || missing+=("examples/timer/go/generated/timer/timer.go")
if [ "${#missing[@]}" -gt 0 ]; then
    fail "missing ${missing[*]}
Build the libraries and generate the Go bindings first: bash testing/run-tests.sh"
fi
command -v go >/dev/null || fail "go is not on PATH"

export CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
cd "$root/testing/go"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
skip=" ${SAFETY_SKIP:-} "
# The full count is for the load step only; the sanitizer steps run the load test at its default.
load_calls="${UNIFFI_GO_LOAD_CALLS:-100000}"
unset UNIFFI_GO_LOAD_CALLS
read -r -a pkgs <<<"${SAFETY_PKGS:-./...}"
started=$SECONDS
timings=()
# run NAME DESCRIPTION COMMAND...: runs one step (unless skipped) and records how long it took.
run() {
    local name="$1" what="$2"
    shift 2
    if [[ "$skip" == *" $name "* ]]; then
        echo "==> [$name] skipped (SAFETY_SKIP)"
        return
    fi
    echo "==> [$name] $what"
    local t0=$SECONDS
    "$@"
    timings+=("$(printf '%-10s %4ds  %s' "$name" $((SECONDS - t0)) "$what")")
}

# ---- sanitizers on every Go suite --------------------------------------------------------------
run race "go test -race" \
    go test -race -count=1 "${pkgs[@]}"

# cgocheck2 checks every pointer store for Go pointers written into C memory.
run cgocheck2 "GOEXPERIMENT=cgocheck2 go test" \
    env GOEXPERIMENT=cgocheck2 go test -count=1 "${pkgs[@]}"

# Moving every goroutine stack at every function call makes a foreign pointer (Rust's dangling
# 0x1 for an empty String/Vec) kept in a Go pointer variable crash at once.
run stackmove "go test -race with a stack move at every call" \
    go test -race -count=1 -gcflags=all=-d=maymorestack=runtime.mayMoreStackMove "${pkgs[@]}"

# AddressSanitizer: Go code instrumented, C helpers compiled with -fsanitize=address, and the
# Rust libraries' malloc/free intercepted (they are not instrumented). At exit LeakSanitizer
# reports C/Rust memory nobody frees or references, e.g. a RustBuffer Go forgot to free.
asan() {
    if ! echo 'int main(void){return 0;}' | ${CC:-gcc} -fsanitize=address -x c - -o /dev/null 2>/dev/null; then
        fail "${CC:-gcc} cannot link -fsanitize=address (install libasan, e.g. apt-get install libasan8)"
    fi
    ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" \
        go test -asan -count=1 "${pkgs[@]}"
}
run asan "go test -asan (with LeakSanitizer)" asan

# ---- load ------------------------------------------------------------------------------------
run load "64 goroutines x $load_calls mixed calls against one Timer" \
    env UNIFFI_GO_LOAD_CALLS="$load_calls" UNIFFI_GO_LOAD_TIMEOUT=8m \
    go test -count=1 -v -run '^TestLoadMixedCalls$' -timeout 10m ./timer

# ---- fuzzing ---------------------------------------------------------------------------------
fuzz() {
    local target
    for target in FuzzString FuzzRecord FuzzEnum FuzzMap FuzzOption; do
        echo "--- $target for ${FUZZ_TIME:-20s}"
        # Minimizing a new interesting input can outlast -fuzztime, and go test then fails with
        # "context deadline exceeded" though nothing failed: keep minimization short.
        go test -count=1 -run '^$' -fuzz "^${target}\$" -fuzztime "${FUZZ_TIME:-20s}" -fuzzminimizetime 3s ./fuzz
    done
}
run fuzz "go test -fuzz, ${FUZZ_TIME:-20s} per target" fuzz

# ---- valgrind --------------------------------------------------------------------------------
# Go >= 1.25 built with -tags valgrind tells valgrind about goroutine stacks and the Go heap
# (GOEXPERIMENT=nodwarf5: valgrind 3.19 cannot read DWARF 5). The Go heap is garbage collected,
# so leaks count only for memory that is not Go's. Asynchronous preemption is off: valgrind does
# not follow its signal-driven stack switches and reports false invalid accesses.
valgrind_checks() {
    if ! command -v valgrind >/dev/null; then
        echo "valgrind not installed: step skipped"
        return
    fi
    local tmp="$scratch/valgrind"
    mkdir -p "$tmp"
    cat >"$tmp/go-heap.supp" <<'EOF'
{
   go-heap-is-garbage-collected
   Memcheck:Leak
   match-leak-kinds: all
   fun:runtime.valgrindClientRequest*
}
EOF
    # The example, with the leak check: no invalid access, no C/Rust memory definitely lost, and
    # the same transcript.
    (cd "$example" && GOEXPERIMENT=nodwarf5 go build -tags valgrind -o "$tmp/timerdemo" .)
    GODEBUG=asyncpreemptoff=1 valgrind -q --error-exitcode=99 --leak-check=full \
        --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        --suppressions="$tmp/go-heap.supp" "$tmp/timerdemo" >"$tmp/example.out"
    diff -u "$example/expected-output.txt" "$tmp/example.out"
    echo "example: no valgrind errors, transcript matches"
    # The safety suite, without the leak check (valgrind 3.19's leak check aborts on the Go
    # heap's annotations in a program this size; LeakSanitizer covers leaks above).
    GOEXPERIMENT=nodwarf5 go test -c -tags valgrind -o "$tmp/safety.test" ./safety
    # TestCloseRacesWithCalls and TestLateCallsRaceWithTheLastRelease are left out: their callers
    # spin until Close wins, and valgrind, which runs one thread at a time, makes that take many
    # minutes; -race, cgocheck2 and ASan run them.
    (cd safety && GODEBUG=asyncpreemptoff=1 valgrind -q --error-exitcode=99 --leak-check=no \
        "$tmp/safety.test" -test.count=1 -test.timeout 5m -test.skip '^(TestCloseRacesWithCalls|TestLateCallsRaceWithTheLastRelease)$')
    echo "safety suite: no valgrind errors"
}
run valgrind "valgrind memcheck: the example and the safety suite" valgrind_checks

echo "==> safety checks passed in $((SECONDS - started))s"
printf '    %s\n' "${timings[@]}"
