#!/usr/bin/env bash
# The timer module as someone outside this repository gets it: `uniffi-bindgen-go module`
# writes it, publish/ puts it into a file-based module proxy, and a fresh Go module in a
# temporary directory fetches it with `go get`, builds and runs testdata/consumer/main.go (a
# callback, a declared error, async calls and a host call), then vendors it and builds again
# offline. The consumer sees no Rust toolchain, no CGO_LDFLAGS and no LD_LIBRARY_PATH.
#
# Usage: bash testing/module/run.sh   (after `cargo build --release -p timer -p uniffi-bindgen-go`)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
gen="$root/target/release/uniffi-bindgen-go"
lib="$root/target/release"
tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

cd "$root"
"$gen" module "$lib/libtimer.so" --module-path example.com/timer \
    --archive "linux/amd64=$lib/libtimer.a" --out-dir "$tmp/timer-module" | tee "$tmp/report.txt"
grep -q '^module size: ' "$tmp/report.txt"

# No path of this machine in the module's text files.
if grep -rlF -e "$root" -e "$HOME" --include='*.go' --include='*.h' --include=go.mod "$tmp/timer-module"; then
    echo "the module names a directory of the machine that wrote it" >&2
    exit 1
fi

# The module's Go is as clean as every generated package.
unformatted="$(gofmt -l "$tmp/timer-module")"
if [ -n "$unformatted" ]; then
    echo "not gofmt-clean: $unformatted" >&2
    exit 1
fi
staticcheck="$(command -v staticcheck || echo "$(go env GOPATH)/bin/staticcheck")"
(cd "$tmp/timer-module" && go vet ./... && "$staticcheck" -checks all ./...)
# On a platform it has no library for, a cgo build stops at a name that says so: the file that
# names it is among the ones `go list` picks there with cgo on (no C cross-compiler is needed to
# list them).
picked="$(cd "$tmp/timer-module" && GOOS=darwin GOARCH=arm64 CGO_ENABLED=1 go list -f '{{.GoFiles}}' .)"
if [[ "$picked" != *timer_unsupported.go* ]]; then
    echo "a cgo build for darwin/arm64 would not stop at timer_unsupported.go: $picked" >&2
    exit 1
fi
grep -q 'const _ = uniffiThisModuleHasALibraryOnlyFor_linux_amd64' "$tmp/timer-module/timer_unsupported.go"
# With cgo off the package is the remote transport (docs/remote.md), which needs no library: it
# cross-compiles to that platform.
(cd "$tmp/timer-module" && GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go build .)
echo "darwin/arm64: a cgo build stops at the missing library; CGO_ENABLED=0 builds the remote transport"

(cd "$here" && go run ./publish -dir "$tmp/timer-module" -module example.com/timer \
    -version v0.1.0 -proxy "$tmp/proxy")

# The consumer: Go and a C compiler, nothing of Rust. PATH keeps the system directories and
# Go's; the check below proves cargo and rustc are not among them.
go_bin="$(dirname "$(command -v go)")"
consumer_env=(
    env -i
    HOME="$tmp/home"
    PATH="$go_bin:/usr/bin:/bin"
    GOPATH="$tmp/gopath"
    GOCACHE="$(go env GOCACHE)"
    GOPROXY="file://$tmp/proxy"
    GOSUMDB=off
    GOFLAGS=-mod=mod
    GOTOOLCHAIN=local
    CGO_ENABLED=1
)
mkdir -p "$tmp/home" "$tmp/consumer"
if "${consumer_env[@]}" sh -c 'command -v cargo || command -v rustc'; then
    echo "the consumer's PATH still has a Rust toolchain" >&2
    exit 1
fi
cp "$here/testdata/consumer/main.go" "$tmp/consumer/"
cd "$tmp/consumer"
"${consumer_env[@]}" go mod init example.com/consumer 2>/dev/null
"${consumer_env[@]}" go get example.com/timer@v0.1.0
"${consumer_env[@]}" go build -o consumer .
./consumer >"$tmp/output.txt"
diff -u "$here/testdata/consumer/expected-output.txt" "$tmp/output.txt"
if ldd ./consumer | grep -q libtimer; then
    echo "the consumer loads libtimer at run time; it should be linked in" >&2
    exit 1
fi
echo "go get + go build from the proxy: output matches"

# go mod vendor copies the archive (its folder is an imported package); the vendored build
# needs neither the proxy nor the module cache.
"${consumer_env[@]}" go mod vendor
test -f vendor/example.com/timer/lib/linux_amd64/libtimer.a
chmod -R u+w "$tmp/gopath"
rm -rf "$tmp/gopath" consumer
"${consumer_env[@]}" GOFLAGS=-mod=vendor GOPROXY=off go build -o consumer .
./consumer >"$tmp/output.txt"
diff -u "$here/testdata/consumer/expected-output.txt" "$tmp/output.txt"
echo "go mod vendor + go build -mod=vendor: output matches"
