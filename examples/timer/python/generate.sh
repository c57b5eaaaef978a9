#!/usr/bin/env bash
# Builds the timer library and uniffi's own `uniffi-bindgen` (tools/uniffi-bindgen), then
# generates timer's Python bindings from target/release/libtimer.so in library mode.
#
# Usage: generate.sh [OUT_DIR]   (default: examples/timer/python/generated)
#
# OUT_DIR is recreated and ends up holding timer.py and a copy of libtimer.so: the generated
# module loads the library by full path from its own directory (os.path.dirname(__file__)),
# so LD_LIBRARY_PATH does not help.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="${1:-$root/examples/timer/python/generated}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cd "$root"
# Two separate builds on purpose: built together, cargo would unify features and build timer
# against uniffi with the "cli" feature, a different libtimer.so from the Go example's. The first
# is the Go example's build (examples/timer/go/Makefile), so that switching between the examples
# rebuilds nothing.
cargo build --release -p timer -p uniffi-bindgen-go
cargo build --release -p uniffi-bindgen

rm -rf "$out"
mkdir -p "$out"
# Library mode (the source is a cdylib); run from the workspace, where it calls `cargo metadata`.
target/release/uniffi-bindgen generate --language python --out-dir "$out" \
    target/release/libtimer.so >/dev/null
cp target/release/libtimer.so "$out/"
