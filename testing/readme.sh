#!/usr/bin/env bash
# Runs README.md's recipes as written, so that they cannot drift from what works.
#
# A fenced ```sh block right after a line `<!-- readme-test: NAME -->` belongs to recipe NAME;
# a fenced block after `<!-- readme-test: NAME output -->` is what the recipe's last command
# prints. Each recipe's blocks run in order in one bash (-euo pipefail) from the repository
# root, in README's order, as one reader would follow them: HOME is one temporary directory
# (Rust's toolchain and registry stay where they are); cargo installs there too (CARGO_INSTALL_ROOT, on PATH) and reuses this checkout's target
# directory; Go reuses its build cache, and must not reach the network (GOPROXY=off).
#
# Usage: bash testing/readme.sh [NAME...]   (default: every recipe)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readme="$root/README.md"
tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# extract NAME KIND: the text of the blocks tagged `NAME` (KIND "run") or `NAME output`.
extract() {
    awk -v want="$1" -v kind="$2" '
        /^<!-- readme-test: .* -->$/ {
            tag = $0
            sub(/^<!-- readme-test: /, "", tag); sub(/ -->$/, "", tag)
            n = split(tag, parts, " ")
            armed = (parts[1] == want) && ((kind == "output") == (n > 1 && parts[2] == "output"))
            next
        }
        armed && /^```/ && !inside { inside = 1; next }
        inside && /^```/ { inside = 0; armed = 0; next }
        inside { print }
        !inside && NF > 0 { armed = 0 }
    ' "$readme"
}

names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    read -r -a names <<<"$(sed -n 's/^<!-- readme-test: \([a-z0-9-]*\) -->$/\1/p' "$readme" | awk '!seen[$0]++' | tr '\n' ' ')"
fi
if [ "${#names[@]}" -eq 0 ]; then
    echo "readme.sh: README.md has no <!-- readme-test: NAME --> blocks" >&2
    exit 1
fi

cargo_home="${CARGO_HOME:-$HOME/.cargo}"
rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
go_cache="$(go env GOCACHE)"
for name in "${names[@]}"; do
    script="$(extract "$name" run)"
    if [ -z "$script" ]; then
        echo "readme.sh: no block tagged readme-test: $name" >&2
        exit 1
    fi
    want="$(extract "$name" output)"
    home="$tmp/home"
    mkdir -p "$home"
    echo "==> README recipe $name"
    cd "$root"
    set +e
    env HOME="$home" CARGO_HOME="$cargo_home" RUSTUP_HOME="$rustup_home" CARGO_INSTALL_ROOT="$home/.cargo-install" \
        CARGO_TARGET_DIR="$root/target" PATH="$home/.cargo-install/bin:$PATH" \
        GOCACHE="$go_cache" GOPATH="$home/go" GOPROXY=off GOFLAGS= \
        GIT_AUTHOR_NAME=readme GIT_AUTHOR_EMAIL=readme@example.com \
        GIT_COMMITTER_NAME=readme GIT_COMMITTER_EMAIL=readme@example.com \
        bash -euo pipefail -c "$script" >"$tmp/$name.out" 2>"$tmp/$name.err"
    status=$?
    set -e
    if [ "$status" -ne 0 ]; then
        cat "$tmp/$name.out" "$tmp/$name.err" >&2
        echo "readme.sh: recipe $name failed (exit $status)" >&2
        exit 1
    fi
    if [ -n "$want" ]; then
        got="$(tail -n "$(wc -l <<<"$want")" "$tmp/$name.out")"
        if [ "$got" != "$want" ]; then
            diff -u --label "README ($name output)" --label "what it printed" <(echo "$want") <(echo "$got") >&2
            exit 1
        fi
    fi
    echo "recipe $name: ok"
done
