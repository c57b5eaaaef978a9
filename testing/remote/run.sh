#!/usr/bin/env bash
# Remote mode: checks that every generated package with a remote file has the same API in both
# transports, builds them with cgo off, and runs Go suites again over the remote transport, each
# test binary talking to its own uniffi-go-host child process. Then the suites of TLS_SUITES among
# those run once more against hosts listening on TCP with TLS (--tls-listen), with certificates
# made by testing/remote/gencerts, and remotetls checks what a refused client reports.
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
# The suites that run over TCP with TLS too, each with the namespace and library of its host.
TLS_SUITES=("timer timer libtimer.so" "callbacks callbacks libuniffi_fixture_callbacks.so")
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
if [[ " ${suites[*]} " == *" roundtrip "* ]]; then
    # The race detector allows 8,128 live goroutines, so under it the test makes 8,000 calls at
    # once; without it, the full 10,000 on one connection.
    echo "==> remote mode: 10,000 concurrent calls on one connection (without -race)"
    go test -count=1 -tags uniffi_remote -run '^TestTenThousandConcurrentCalls$' ./roundtrip/
fi

# --- TCP with TLS: one host per library, each listening on a free port of 127.0.0.1 ---
tls_dirs=()
tls_env=()
pki=
host_pids=()
stop_hosts() {
    local pid
    for pid in ${host_pids[@]+"${host_pids[@]}"}; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    [ -z "$pki" ] || rm -rf "$pki"
}
trap stop_hosts EXIT

# start_tls_host LIBRARY: starts a host on a free port of 127.0.0.1 and sets addr to the address
# it prints when it listens.
start_tls_host() {
    local out="$pki/host-$1.out" i
    "$UNIFFI_GO_HOST" serve --library "$UNIFFI_GO_LIBRARY/$1" --tls-listen 127.0.0.1:0 \
        --cert "$pki/server.pem" --key "$pki/server-key.pem" --client-ca "$pki/ca.pem" >"$out" &
    host_pids+=($!)
    for i in $(seq 600); do
        addr="$(sed -n 's|^uniffi-go-host: listening on tls://||p' "$out")"
        [ -z "$addr" ] || return 0
        kill -0 "$!" 2>/dev/null || break
        sleep 0.1
    done
    echo "remote mode: the host of $1 did not start listening on TCP" >&2
    return 1
}

for entry in "${TLS_SUITES[@]}"; do
    read -r suite ns lib <<<"$entry"
    for s in "${suites[@]}"; do
        [ "$s" = "$suite" ] || continue
        if [ -z "$pki" ]; then
            pki="$(mktemp -d)"
            (cd "$root/testing/remote/gencerts" && go run . "$pki")
        fi
        start_tls_host "$lib"
        tls_env+=("UNIFFI_GO_REMOTE_${ns^^}=tls://$addr")
        tls_dirs+=("./$suite/...")
        if [ "$suite" = timer ]; then
            # What a refused client reports, against the timer's host.
            tls_dirs+=("./remotetls/...")
        fi
    done
done
if [ ${#tls_dirs[@]} -gt 0 ]; then
    echo "==> remote mode over TCP with TLS: go test -race -tags uniffi_remote ${tls_dirs[*]}"
    env "${tls_env[@]}" UNIFFI_GO_TEST_PKI="$pki" \
        UNIFFI_GO_TLS_CA="$pki/ca.pem" UNIFFI_GO_TLS_CERT="$pki/client.pem" \
        UNIFFI_GO_TLS_KEY="$pki/client-key.pem" \
        go test -race -count=1 -tags uniffi_remote "${tls_dirs[@]}"
fi
