#!/usr/bin/env bash
# Remote mode: checks that every generated package with a remote file has the same API in both
# transports, builds them with cgo off, and runs Go suites again over the remote transport, each
# test binary talking to its own uniffi-go-host child process.
#
# Usage: bash testing/remote/run.sh [SUITE...]   (default: every suite in REMOTE_SUITES below)
#
# Expects testing/run-tests.sh to have built the libraries (target/release) and generated the
# packages (testing/go/generated); builds uniffi-go-host itself.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# The suites that run in both modes, from the same test files.
REMOTE_SUITES=(roundtrip timer callbacks futures features collections types errshapes errobject boxes
    realnames conform udlfeatures tupleenum namesedge nsfeatures mixed fuzz manual safety remotekill)
suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then
    suites=("${REMOTE_SUITES[@]}")
fi

cargo build --release --quiet -p uniffi-go-host
export UNIFFI_GO_HOST="$root/target/release/uniffi-go-host"
export UNIFFI_GO_LIBRARY="$root/target/release"

cd "$root/testing/go"
remote_pkgs=()
for f in generated/*/*_remote.go; do
    remote_pkgs+=("./$(dirname "$f")")
done

echo "==> remote mode: the exported API is the same in both transports (${#remote_pkgs[@]} packages)"
api() {
    # Everything after the package doc, which says how the package reaches the library.
    go doc -all "$1" | sed -n '/^\(CONSTANTS\|VARIABLES\|FUNCTIONS\|TYPES\)$/,$p'
}
for pkg in "${remote_pkgs[@]}"; do
    if ! diff -u <(api "$pkg") <(GOFLAGS=-tags=uniffi_remote api "$pkg") >&2; then
        echo "remote mode: $pkg exports a different API over the remote transport" >&2
        exit 1
    fi
done

echo "==> remote mode: builds with CGO_ENABLED=0, go vet and staticcheck"
CGO_ENABLED=0 go build "${remote_pkgs[@]}"
CGO_ENABLED=0 go vet "${remote_pkgs[@]}"
staticcheck="$(go env GOPATH)/bin/staticcheck"
command -v staticcheck >/dev/null && staticcheck="$(command -v staticcheck)"
CGO_ENABLED=0 "$staticcheck" -checks all "${remote_pkgs[@]}"

dirs=()
for s in "${suites[@]}"; do
    dirs+=("./$s/...")
done
echo "==> remote mode: go test -race -tags uniffi_remote ${dirs[*]}"
go test -race -count=1 -tags uniffi_remote "${dirs[@]}"
