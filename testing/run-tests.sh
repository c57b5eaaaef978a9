#!/usr/bin/env bash
# Runs every test: the generator's and the Rust crates' cargo tests, then builds the libraries,
# generates their Go bindings (UDL mode and library mode) and runs the Go suites under -race.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

echo "==> cargo test"
cargo test --workspace --exclude uniffi-bindgen --quiet

echo "==> cargo build --release (generator, timer, fixtures)"
cargo build --release --quiet --workspace --exclude uniffi-bindgen

gen="$root/target/release/uniffi-bindgen-go"
libdir="$root/target/release"
out="$root/testing/go/generated"
rm -rf "$out"

echo "==> generate Go bindings"
# UDL mode for the timer library, library mode (metadata read from the cdylib) for the fixtures.
"$gen" timer/src/timer.udl --out-dir "$out" >/dev/null
for lib in "$libdir"/libuniffi_fixture_*.so; do
    "$gen" "$lib" --out-dir "$out" >/dev/null
done
# Library mode must give the same timer package as UDL mode, and UDL mode the same fixture
# packages as library mode: the Go tests then hold for both. Only the header comment naming the
# source may differ.
"$gen" "$libdir/libtimer.so" --out-dir "$out/libmode" >/dev/null
diff -r -I '^// Code generated' "$out/timer" "$out/libmode/timer"
rm -rf "$out/libmode"
for udl in testing/fixtures/*/src/*.udl; do
    "$gen" "$udl" --out-dir "$out/udlmode" >/dev/null
done
for pkg in "$out"/udlmode/*; do
    diff -r -I '^// Code generated' "$pkg" "$out/$(basename "$pkg")"
done
rm -rf "$out/udlmode"

export CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
cd "$root/testing/go"

echo "==> testing/COVERAGE.md names only Go tests that exist"
for name in $(grep -o 'Test[A-Za-z0-9]*' "$root/testing/COVERAGE.md" | sort -u); do
    if ! grep -rq "func $name(" .; then
        echo "testing/COVERAGE.md names $name, which no Go test file declares" >&2
        exit 1
    fi
done

echo "==> gofmt and go vet on the generated packages"
unformatted="$(gofmt -l generated)"
if [ -n "$unformatted" ]; then
    echo "not gofmt-clean: $unformatted" >&2
    exit 1
fi
go vet ./...

echo "==> staticcheck (all checks) on the generated packages"
staticcheck="$(go env GOPATH)/bin/staticcheck"
if ! command -v staticcheck >/dev/null && [ ! -x "$staticcheck" ]; then
    go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
command -v staticcheck >/dev/null && staticcheck="$(command -v staticcheck)"
"$staticcheck" -checks all ./generated/...

echo "==> go test -race"
go test -race -count=1 ./...

# cgocheck2, stack-move stress, AddressSanitizer, load, fuzzing and valgrind run in the safety
# command, testing/safety.sh, which CI runs after this one.

# Benchmarks only prove here that they build and run; BENCHMARKS.md comes from testing/bench.sh.
echo "==> benchmarks, briefly"
BENCH_TIME=100x BENCH_REPORT="$root/target/bench/BENCHMARKS.md" bash "$root/testing/bench.sh" >/dev/null 2>"$root/target/bench-brief.log" || {
    cat "$root/target/bench-brief.log" >&2
    exit 1
}

echo "==> example transcript"
make -s -C "$root/examples/timer/go" run > "$root/target/example-output.txt"
diff -u "$root/examples/timer/go/expected-output.txt" "$root/target/example-output.txt"
echo "example output matches"

echo "==> consumer module (dynamic and static linking)"
bash "$root/examples/consumer/run.sh"

# The same UDL and cdylib through uniffi's own Python backend. (The uniffi-bindgen tool is built
# on its own: in a workspace build its `cli` feature would change how every crate builds uniffi.)
echo "==> python bindings via uniffi's own generator"
bash "$root/examples/timer/python/run.sh"
bash "$root/testing/python/run.sh"
