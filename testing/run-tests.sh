#!/usr/bin/env bash
# Runs every test: the generator's and the Rust crates' cargo tests, then builds the libraries,
# generates their Go bindings (UDL mode and library mode) and runs the Go suites under -race.
#
# Usage: bash testing/run-tests.sh [--only NAME[,NAME...]]...
#
#   --only NAME   runs only the Go suite testing/go/NAME (repeatable, or comma-separated): builds
#                 the generator and the crates whose bindings the suite imports (cargo build -p),
#                 generates only those packages (and checks UDL mode against library mode for the
#                 UDL crates among them), checks testing/COVERAGE.md, runs gofmt, go vet,
#                 staticcheck on those packages and `go test -race` on ./NAME/... . It skips the
#                 cargo tests, the benchmarks, the example, the consumer module, the published
#                 module, the README recipes and Python, except that `--only manual` also runs
#                 the manual fixture's scenario through uniffi's own Python bindings and diffs
#                 the two transcripts (testing/python/manual/run.sh).
#                 `--only lint` generates every package (lint reads them all); `--only internal`
#                 builds nothing. Without --only, everything runs as described above.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

only=()
only_given=
while [ $# -gt 0 ]; do
    case "$1" in
        --only)
            [ $# -ge 2 ] || { echo "run-tests.sh: --only needs a suite name" >&2; exit 2; }
            IFS=, read -r -a names <<<"$2"
            only+=(${names[@]+"${names[@]}"})
            only_given=1
            shift 2
            ;;
        --only=*)
            IFS=, read -r -a names <<<"${1#--only=}"
            only+=(${names[@]+"${names[@]}"})
            only_given=1
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        *)
            echo "run-tests.sh: unknown argument $1 (see --help)" >&2
            exit 2
            ;;
    esac
done

# staticcheck_bin prints the path of staticcheck, installing it with `go install` when missing.
staticcheck_bin() {
    local bin
    bin="$(go env GOPATH)/bin/staticcheck"
    if ! command -v staticcheck >/dev/null && [ ! -x "$bin" ]; then
        go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 >&2 || return 1
    fi
    if command -v staticcheck >/dev/null; then
        command -v staticcheck
    else
        echo "$bin"
    fi
}

# check_coverage: testing/COVERAGE.md names only Go tests that exist (run from testing/go).
check_coverage() {
    echo "==> testing/COVERAGE.md names only Go tests that exist"
    for name in $(grep -o 'Test[A-Za-z0-9]*' "$root/testing/COVERAGE.md" | sort -u); do
        if ! grep -rq "func $name(" .; then
            echo "testing/COVERAGE.md names $name, which no Go test file declares" >&2
            exit 1
        fi
    done
}

# udl_mode UDL OUT: generates UDL in UDL mode into OUT, or, for a fixture that marks its UDL
# mode as refused (a file udl_mode_refused beside its Cargo.toml, listing what the refusal must
# name, one item per line), checks that generation fails naming each item and writes nothing.
udl_mode() {
    local udl="$1" dest="$2"
    local marker
    marker="$(dirname "$udl")/../udl_mode_refused"
    if [ ! -f "$marker" ]; then
        "$gen" "$udl" --out-dir "$dest" >/dev/null
        return
    fi
    local err
    if err="$("$gen" "$udl" --out-dir "$dest/refused" 2>&1 >/dev/null)"; then
        echo "run-tests.sh: UDL mode generated $udl, which it must refuse" >&2
        exit 1
    fi
    while IFS= read -r item; do
        [ -n "$item" ] || continue
        if [[ "$err" != *"$item"* ]]; then
            echo "run-tests.sh: the refusal of $udl does not name $item: $err" >&2
            exit 1
        fi
    done <"$marker"
    if [ -e "$dest/refused" ]; then
        echo "run-tests.sh: UDL mode wrote files for $udl, which it refused" >&2
        exit 1
    fi
}

# crate_of PACKAGE: the cargo package whose cdylib carries the generated Go package PACKAGE
# (its uniffi namespace). By convention crate uniffi_fixture_P carries package P.
crate_of() {
    case "$1" in
        timer) echo timer ;;
        featureset) echo uniffi_fixture_features ;;
        features) echo uniffi_fixture_nsfeatures ;;
        extbase | extuser) echo uniffi_fixture_extuser ;;
        *) echo "uniffi_fixture_$1" ;;
    esac
}

# run_only SUITE...: the --only run (see the top of this file).
run_only() {
    local gen="$root/target/release/uniffi-bindgen-go"
    local libdir="$root/target/release"
    local out="$root/testing/go/generated"
    local suite pkg crate all_pkgs=() pkgs=() crates=() dirs=()
    for suite in "$@"; do
        if [ -z "$suite" ] || [ "$suite" = generated ] || [[ "$suite" == */* ]] ||
            [ -z "$(find "$root/testing/go/$suite" -name '*.go' 2>/dev/null | head -1)" ]; then
            echo "run-tests.sh: --only $suite: no Go suite testing/go/$suite; suites:" \
                $(cd "$root/testing/go" && ls -d */ | tr -d / | grep -vx generated) >&2
            exit 2
        fi
        dirs+=("./$suite/...")
        if [ "$suite" = lint ]; then
            # lint reads every generated package.
            for lib in "$root"/testing/fixtures/*/Cargo.toml; do
                grep -q '"cdylib"' "$lib" || continue
                crate="$(sed -n 's/^name = "\(uniffi_fixture_[a-z_]*\)"$/\1/p' "$lib")"
                [ -n "$crate" ] && crates+=("$crate")
            done
            crates+=(timer)
            continue
        fi
        for pkg in $(grep -rhoE '"uniffi-go.test/generated/[a-z0-9_]+"' "$root/testing/go/$suite" |
            sed 's|.*/||; s|"||' | sort -u); do
            pkgs+=("$pkg")
            crates+=("$(crate_of "$pkg")")
        done
    done
    read -r -a crates <<<"$(printf '%s\n' ${crates[@]+"${crates[@]}"} | sort -u | tr '\n' ' ')"
    read -r -a pkgs <<<"$(printf '%s\n' ${pkgs[@]+"${pkgs[@]}"} | sort -u | tr '\n' ' ')"

    if [ "${#crates[@]}" -gt 0 ]; then
        echo "==> cargo build --release (generator, ${crates[*]})"
        local args=(-p uniffi-bindgen-go)
        for crate in "${crates[@]}"; do
            args+=(-p "$crate")
        done
        cargo build --release --quiet "${args[@]}"

        echo "==> generate Go bindings (${crates[*]})"
        for crate in "${crates[@]}"; do
            if [ "$crate" = timer ]; then
                # UDL mode, and library mode must give the same package.
                rm -rf "$out/timer"
                "$gen" timer/src/timer.udl --out-dir "$out" >/dev/null
                "$gen" "$libdir/libtimer.so" --out-dir "$out/libmode" >/dev/null
                diff -r -I '^// Code generated' "$out/timer" "$out/libmode/timer"
                rm -rf "$out/libmode"
                all_pkgs+=(timer)
                continue
            fi
            local lib="$libdir/lib$crate.so"
            if [ ! -f "$lib" ]; then
                echo "run-tests.sh: no $lib after the build: crate_of maps a generated package to $crate; fix crate_of" >&2
                exit 1
            fi
            # The library's packages: the directories the generator writes.
            rm -rf "$out/onlymode"
            "$gen" "$lib" --out-dir "$out/onlymode" >/dev/null
            for pkg in "$out"/onlymode/*; do
                rm -rf "$out/$(basename "$pkg")"
                mv "$pkg" "$out/"
                all_pkgs+=("$(basename "$pkg")")
            done
            rm -rf "$out/onlymode"
            # UDL mode must give the same packages as library mode.
            local dir="$root/testing/fixtures/${crate#uniffi_fixture_}"
            for udl in "$dir"/src/*.udl; do
                [ -f "$udl" ] || continue
                udl_mode "$udl" "$out/udlmode"
            done
            if [ -d "$out/udlmode" ]; then
                for pkg in "$out"/udlmode/*; do
                    diff -r -I '^// Code generated' "$pkg" "$out/$(basename "$pkg")"
                done
                rm -rf "$out/udlmode"
            fi
        done
        for pkg in ${pkgs[@]+"${pkgs[@]}"}; do
            if [ ! -d "$out/$pkg" ]; then
                echo "run-tests.sh: package $pkg was not generated: crate_of maps it to $(crate_of "$pkg"); fix crate_of" >&2
                exit 1
            fi
        done
    fi

    export CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
    cd "$root/testing/go"
    check_coverage

    local gen_dirs=()
    for pkg in ${all_pkgs[@]+"${all_pkgs[@]}"}; do
        gen_dirs+=("./generated/$pkg/...")
    done
    echo "==> gofmt, go vet and staticcheck (${dirs[*]} ${gen_dirs[*]+${gen_dirs[*]}})"
    local unformatted
    unformatted="$(gofmt -l "${dirs[@]%/...}" ${gen_dirs[@]+"${gen_dirs[@]%/...}"})"
    if [ -n "$unformatted" ]; then
        echo "not gofmt-clean: $unformatted" >&2
        exit 1
    fi
    go vet "${dirs[@]}" ${gen_dirs[@]+"${gen_dirs[@]}"}
    if [ "${#gen_dirs[@]}" -gt 0 ]; then
        local staticcheck
        staticcheck="$(staticcheck_bin)"
        "$staticcheck" -checks all "${gen_dirs[@]}"
    fi

    echo "==> go test -race ${dirs[*]}"
    go test -race -count=1 "${dirs[@]}"
    for suite in "$@"; do
        if [ "$suite" = manual ]; then
            echo "==> the manual fixture: Go and uniffi's Python bindings, the same transcript"
            bash "$root/testing/python/manual/run.sh"
        fi
    done
    echo "==> --only ${*}: passed (cargo tests, benchmarks, example, consumer and the timer's Python tests skipped)"
}

if [ -n "$only_given" ]; then
    if [ "${#only[@]}" -eq 0 ]; then
        echo "run-tests.sh: --only needs a suite name" >&2
        exit 2
    fi
    run_only "${only[@]}"
    exit 0
fi

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
    udl_mode "$udl" "$out/udlmode"
done
for pkg in "$out"/udlmode/*; do
    diff -r -I '^// Code generated' "$pkg" "$out/$(basename "$pkg")"
done
rm -rf "$out/udlmode"

export CGO_LDFLAGS="-L$libdir -Wl,-rpath,$libdir"
cd "$root/testing/go"

check_coverage

echo "==> gofmt and go vet on the generated packages"
unformatted="$(gofmt -l generated)"
if [ -n "$unformatted" ]; then
    echo "not gofmt-clean: $unformatted" >&2
    exit 1
fi
go vet ./...

echo "==> staticcheck (all checks) on the generated packages"
staticcheck="$(staticcheck_bin)"
"$staticcheck" -checks all ./generated/...

echo "==> go test -race"
go test -race -count=1 ./...

# The same suites over the remote transport, through uniffi-go-host (docs/remote.md).
bash "$root/testing/remote/run.sh"

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
make -s -C "$root/examples/timer/go" run-remote > "$root/target/example-remote-output.txt"
diff -u "$root/examples/timer/go/expected-output.txt" "$root/target/example-remote-output.txt"
echo "example output matches with CGO_ENABLED=0 (remote mode)"

echo "==> consumer module (dynamic and static linking)"
bash "$root/examples/consumer/run.sh"

echo "==> the timer module from a file-based proxy, without Rust (go get, go build, go mod vendor)"
bash "$root/testing/module/run.sh"

echo "==> README recipes"
bash "$root/testing/readme.sh"

# The same UDL and cdylib through uniffi's own Python backend. (The uniffi-bindgen tool is built
# on its own: in a workspace build its `cli` feature would change how every crate builds uniffi.)
echo "==> python bindings via uniffi's own generator"
bash "$root/examples/timer/python/run.sh"
bash "$root/testing/python/run.sh"
echo "==> the manual fixture: Go and uniffi's Python bindings, the same transcript"
bash "$root/testing/python/manual/run.sh"
