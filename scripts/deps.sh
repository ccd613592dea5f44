#!/usr/bin/env bash
# Installs what a build step needs, by package name, pinned; skips what is already there.
# Usage: scripts/deps.sh GROUP...   (groups: rust-tools fuzz arm mosquitto python tools)
set -euo pipefail
CBINDGEN_VERSION=0.29.4
CARGO_FUZZ_VERSION=0.13.2
# The nightly the build-std ARM targets and fuzzing were last verified with. A nightly cannot be
# pinned by install here (the machines carry one, and fetch no other), so a different one is
# reported, not refused: `panic-check` on the build-std targets depends on its optimiser.
NIGHTLY_TESTED=2026-05-19

apt_updated=0
apt_install() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cargo_install() {  # name version
    if ! "$1" --version 2>/dev/null | grep -q "$2" && ! cargo "${1#cargo-}" --version 2>/dev/null | grep -q "$2"; then
        cargo install --locked --quiet "$1" --version "$2"
    fi
}

nightly() {
    rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
    local date
    date=$(rustc +nightly -V | sed -n 's/.* \([0-9]\{4\}-[0-9-]*\))$/\1/p')
    [ "$date" = "$NIGHTLY_TESTED" ] \
        || echo "deps.sh: nightly is from ${date:-an unknown date}, tested with $NIGHTLY_TESTED" >&2
}

for group in "$@"; do
    case "$group" in
        rust-tools) cargo_install cbindgen "$CBINDGEN_VERSION" ;;
        fuzz)
            nightly
            cargo_install cargo-fuzz "$CARGO_FUZZ_VERSION" ;;
        arm)
            apt_install gcc-arm-none-eabi binutils-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
            rustup target add thumbv7em-none-eabi thumbv7em-none-eabihf thumbv7m-none-eabi armv7a-none-eabi >/dev/null
            nightly
            rustup component add rust-src --toolchain nightly >/dev/null ;;
        mosquitto) apt_install mosquitto mosquitto-clients mosquitto-dev libmosquitto-dev libssl-dev openssl ;;
        tools) apt_install valgrind ;;
        python) python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements.txt ;;
        *) echo "deps.sh: unknown group $group" >&2; exit 2 ;;
    esac
done
