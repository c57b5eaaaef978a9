#!/usr/bin/env bash
# Benchmarks the generated Go bindings against their uniffi floor and bare cgo (testing/go/bench),
# rewrites BENCHMARKS.md and prints one line per case on stdout:
#
#   case=<name> ns=<ns/op> allocs=<allocs/op> baseline_ns=<ns/op> ratio=<ours/baseline> floor_ns=<ns/op> floor_ratio=<ours/floor>
#
# Every case is a group of benchmarks, BenchmarkCase/<case>/{ours,floor,noop,...}, run one after the
# other. The test binary is built once; each round then runs every group in its own process, so a
# case and its floor are always measured within seconds of each other, and every other round runs
# each group in reverse order. Everything else (build output, the raw benchmark output) goes to
# stderr; the raw output is also kept in target/bench/go-bench.txt.
#
# Environment:
#   BENCH_TIME   -benchtime of each benchmark (default 1s; e.g. 100x for a quick check)
#   BENCH_COUNT  rounds (default 1); ns/op is then the fastest round, which other load on the
#                machine disturbs least, and the report shows the median of the per-round ratios
#   BENCH_CASE   rerun only this case (e.g. BENCH_CASE=record_4); the report then holds only it
#                and goes to target/bench/BENCHMARKS-<case>.md unless BENCH_REPORT says otherwise
#   BENCH_REPORT the report to write (default BENCHMARKS.md at the repository root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bench_time="${BENCH_TIME:-1s}"
# The remote cases run a fixed number of round trips: on this kind of VM, runs of a second or more
# give both sides several times larger, and far more scattered, socket round trips.
remote_bench_time="${REMOTE_BENCH_TIME:-20000x}"
rounds="${BENCH_COUNT:-1}"
only="${BENCH_CASE:-}"
libdir="$root/target/release"
out="$root/testing/go/generated"
raw="$root/target/bench/go-bench.txt"
raw_remote="$root/target/bench/go-bench-remote.txt"
bin="$root/target/bench/bench.test"
report="${BENCH_REPORT:-$root/BENCHMARKS.md}"
if [ -n "$only" ] && [ -z "${BENCH_REPORT:-}" ]; then
    report="$root/target/bench/BENCHMARKS-$only.md"
fi

# The same build as testing/run-tests.sh, so both share target/release (uniffi-bindgen is built on
# its own there: in a workspace build its `cli` feature would change how every crate builds uniffi).
echo "==> cargo build --release" >&2
# (the workspace build includes uniffi-go-host, which the remote cases start)
cargo build --release --quiet --workspace --exclude uniffi-bindgen >&2

echo "==> generate Go bindings for the bench fixture" >&2
"$libdir/uniffi-bindgen-go" "$libdir/libuniffi_fixture_bench.so" --out-dir "$out" >&2

export CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
mkdir -p "$(dirname "$raw")"
echo "==> build the benchmark binary" >&2
(cd "$root/testing/go" && go test -c -o "$bin" ./bench)

# The cases, in the order the benchmark declares them.
if [ -n "$only" ]; then
    cases=("$only")
else
    mapfile -t cases < <(cd "$root/testing/go/bench" && BENCH_LIST_CASES=1 "$bin")
fi
[ "${#cases[@]}" -gt 0 ] || { echo "bench.sh: no cases found" >&2; exit 1; }

load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
started="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
: > "$raw"
for ((round = 1; round <= rounds; round++)); do
    reverse=
    if ((round % 2 == 0)); then reverse=1; fi
    echo "==> round $round/$rounds (load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?))${reverse:+, groups in reverse order}" >&2
    for c in "${cases[@]}"; do
        (cd "$root/testing/go/bench" && BENCH_REVERSE="$reverse" "$bin" -test.run '^$' \
            -test.bench "^BenchmarkCase\$/^$c\$/" -test.benchmem -test.benchtime "$bench_time") |
            grep '^Benchmark\|^cpu:\|^FAIL\|^---' | tee -a "$raw" >&2
    done
done
# The remote transport (docs/remote.md): its cases beside a bare socket round trip, in the same
# rounds. Not when one cgo case is rerun.
if [ -z "$only" ]; then
    echo "==> remote mode: build uniffi-go-host and the remote benchmark binary" >&2
    rbin="$root/target/bench/remotebench.test"
    (cd "$root/testing/go" && go test -c -tags uniffi_remote -o "$rbin" ./remotebench)
    : > "$raw_remote"
    # Both processes on one CPU (the host inherits the affinity): on a VM, a wake-up that reaches
    # an idle virtual CPU costs tens of microseconds, which both sides would measure instead of
    # the transport.
    # REMOTE_PIN=0 runs them unpinned, to see the difference.
    pin=()
    if [ "${REMOTE_PIN:-1}" != 0 ] && command -v taskset >/dev/null; then
        pin=(taskset -c 0)
    fi
    for ((round = 1; round <= rounds; round++)); do
        echo "==> remote mode, round $round/$rounds" >&2
        (cd "$root/testing/go/remotebench" && UNIFFI_GO_HOST="$libdir/uniffi-go-host" UNIFFI_GO_LIBRARY="$libdir" \
            "${pin[@]}" "$rbin" -test.run '^$' -test.bench '^BenchmarkRemote$' -test.benchmem -test.benchtime "$remote_bench_time") |
            grep '^Benchmark\|^FAIL\|^---' | tee -a "$raw_remote" >&2
    done
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"

remote_args=()
if [ -z "$only" ]; then
    remote_args=(-remote-in "$raw_remote")
fi
echo "==> write $report" >&2
cd "$root/testing/go"
go run ./bench/report \
    -in "$raw" \
    "${remote_args[@]}" \
    -out "$report" \
    -case "$only" \
    -benchtime "$bench_time" \
    -rounds "$rounds" \
    -load "$load" \
    -load-after "$load_after" \
    -date "$started" \
    -cmd "BENCH_TIME=$bench_time BENCH_COUNT=$rounds${only:+ BENCH_CASE=$only} bash testing/bench.sh: builds the bench test binary once, then runs each case's group -test.bench '^BenchmarkCase\$/^<case>\$/' -test.benchmem -test.benchtime $bench_time in its own process, $rounds round(s)"
