#!/usr/bin/env bash
# Benchmarks the generated Go bindings against bare cgo (testing/go/bench), rewrites BENCHMARKS.md
# and prints one line per case on stdout:
#
#   case=<name> ns=<ns/op> allocs=<allocs/op> baseline_ns=<ns/op> ratio=<ours/baseline>
#
# Everything else (build output, the raw benchmark output) goes to stderr; the raw output is also
# kept in target/bench/go-bench.txt.
#
# Environment:
#   BENCH_TIME   go test -benchtime (default 1s; e.g. 100x for a quick check)
#   BENCH_COUNT  rounds (default 1): the whole suite runs this many times, one go test each, so
#                every case and its baseline are measured close together in every round; ns/op
#                is then the fastest round, which other load on the machine disturbs least.
#   BENCH_REPORT the report to write (default BENCHMARKS.md at the repository root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bench_time="${BENCH_TIME:-1s}"
rounds="${BENCH_COUNT:-1}"
libdir="$root/target/release"
out="$root/testing/go/generated"
raw="$root/target/bench/go-bench.txt"

# The same build as testing/run-tests.sh, so both share target/release (uniffi-bindgen is built on
# its own there: in a workspace build its `cli` feature would change how every crate builds uniffi).
echo "==> cargo build --release" >&2
cargo build --release --quiet --workspace --exclude uniffi-bindgen >&2

echo "==> generate Go bindings for the bench fixture" >&2
"$libdir/uniffi-bindgen-go" "$libdir/libuniffi_fixture_bench.so" --out-dir "$out" >&2

export CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
cmd=(go test -run '^$' -bench . -benchmem -benchtime "$bench_time")

load="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
started="$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
mkdir -p "$(dirname "$raw")"
: > "$raw"
for ((round = 1; round <= rounds; round++)); do
    echo "==> round $round/$rounds: (cd testing/go/bench && ${cmd[*]})" >&2
    (cd "$root/testing/go/bench" && "${cmd[@]}") | tee -a "$raw" >&2
done

echo "==> write BENCHMARKS.md" >&2
cd "$root/testing/go"
go run ./bench/report \
    -in "$raw" \
    -out "${BENCH_REPORT:-$root/BENCHMARKS.md}" \
    -benchtime "$bench_time" \
    -rounds "$rounds" \
    -load "$load" \
    -date "$started" \
    -cmd "BENCH_TIME=$bench_time BENCH_COUNT=$rounds bash testing/bench.sh, which runs $rounds× in testing/go/bench: CGO_LDFLAGS=\"-L\$root/target/release -Wl,-rpath,\$root/target/release\" go test -run '^\$' -bench . -benchmem -benchtime $bench_time"
