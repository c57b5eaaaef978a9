#!/usr/bin/env bash
# Builds the timer library, generates its Go module twice (linking the cdylib, and linking the
# staticlib) and builds and runs this consumer program against each with plain `go build`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

cargo build --release -p timer -p uniffi-bindgen-go
gen="$root/target/release/uniffi-bindgen-go"
rm -rf "$here/gen"
"$gen" timer/src/timer.udl --config "$here/dynamic.toml" --out-dir "$here/gen/dynamic" >/dev/null
"$gen" timer/src/timer.udl --config "$here/static.toml" --out-dir "$here/gen/static" >/dev/null

cd "$here"
# No CGO_LDFLAGS, no LD_LIBRARY_PATH: the generated package carries its link flags.
unset CGO_LDFLAGS LD_LIBRARY_PATH
want="consumer: timer v0.1.0"
go build -o "$root/target/consumer-dynamic" .
go build -modfile=go.static.mod -o "$root/target/consumer-static" .
for mode in dynamic static; do
    got="$("$root/target/consumer-$mode")"
    if [ "$got" != "$want" ]; then
        echo "consumer ($mode linking) printed \"$got\", want \"$want\"" >&2
        exit 1
    fi
done
# The static program must not load the Rust library at run time.
if ldd "$root/target/consumer-static" | grep -q libtimer; then
    echo "consumer-static still loads libtimer dynamically" >&2
    exit 1
fi
echo "$want (dynamic and static linking)"
