#!/usr/bin/env bash
# The oracle comparison: runs the manual fixture's scenario through the Python bindings uniffi's
# own backend generates (transcript.py) and through the Go bindings (TestTranscriptMatchesPython
# in testing/go/manual), and fails on any difference between the two transcripts.
#
# Expects what testing/run-tests.sh has made: target/release/libuniffi_fixture_manual.so and its
# Go package in testing/go/generated/manual. Builds uniffi's own uniffi-bindgen
# (tools/uniffi-bindgen) on its own, as examples/timer/python/generate.sh does.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
lib="$root/target/release/libuniffi_fixture_manual.so"
cd "$root"

for need in "$lib" "$root/testing/go/generated/manual"; do
    if [ ! -e "$need" ]; then
        echo "testing/python/manual/run.sh: no $need: run bash testing/run-tests.sh --only manual first" >&2
        exit 1
    fi
done

cargo build --release --quiet -p uniffi-bindgen
rm -rf "$here/generated"
mkdir -p "$here/generated"
# Library mode; run from the workspace, where uniffi-bindgen finds the crate's UDL file through
# `cargo metadata`. The module loads the library from its own directory.
target/release/uniffi-bindgen generate --language python --out-dir "$here/generated" "$lib" >/dev/null
cp "$lib" "$here/generated/"

python_out="$root/target/manual-python.txt"
go_out="$root/target/manual-go.txt"
# uniffi's Python runtime prints a traceback for each unexpected exception a callback raises
# (the scenario raises some on purpose): kept in a log, shown only on failure.
if ! python3 "$here/transcript.py" >"$python_out" 2>"$root/target/manual-python.log"; then
    cat "$root/target/manual-python.log" >&2
    echo "the Python scenario failed" >&2
    exit 1
fi

rm -f "$go_out"
go_status=0
(
    cd "$root/testing/go"
    export CGO_LDFLAGS="-L$root/target/release -Wl,-rpath,$root/target/release"
    MANUAL_GO_TRANSCRIPT="$go_out" go test -count=1 -run '^TestTranscriptMatchesPython$' ./manual/ >"$root/target/manual-go-test.log" 2>&1
) || go_status=$?
if [ ! -f "$go_out" ]; then
    cat "$root/target/manual-go-test.log" >&2
    echo "the Go scenario wrote no transcript" >&2
    exit 1
fi
if ! diff -u --label "Go (testing/go/manual)" --label "Python (uniffi's backend)" "$go_out" "$python_out" >&2; then
    echo "the Go and Python transcripts of the manual fixture differ" >&2
    exit 1
fi
if [ "$go_status" -ne 0 ]; then
    cat "$root/target/manual-go-test.log" >&2
    echo "Go and Python agree, but not with testing/go/manual/testdata/transcript.txt" >&2
    exit 1
fi
echo "manual transcript: Go and Python agree on $(wc -l <"$go_out") lines"
