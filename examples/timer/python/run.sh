#!/usr/bin/env bash
# Builds the timer library, generates its Python bindings with uniffi's own generator and runs
# main.py, whose output must match the first five lines of the Go example's transcript.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
expected="$(cd "$here/../go" && pwd)/expected-output.txt"

"$here/generate.sh" "$here/generated"

output="$(python3 "$here/main.py")"
if ! diff -u --label "first 5 lines of $expected" --label "python3 main.py" \
    <(head -n 5 "$expected") - <<<"$output" >&2; then
    echo "python output differs from the Go example's" >&2
    exit 1
fi
echo "python output matches"
