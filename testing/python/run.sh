#!/usr/bin/env bash
# Generates the timer library's Python bindings with uniffi's own generator (the same step as
# examples/timer/python/run.sh) and runs the Python unittest suite against them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

"$root/examples/timer/python/generate.sh" "$here/generated"

cd "$here"
if ! log="$(python3 -m unittest 2>&1)"; then
    printf '%s\n' "$log" >&2
    exit 1
fi
# unittest reports "Ran N tests in Xs" on stderr; keep that line.
printf 'python tests: %s\n' "$(grep -m1 '^Ran ' <<<"$log")"
