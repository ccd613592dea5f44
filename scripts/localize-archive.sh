#!/bin/sh
# Makes a freshly built libhuaweicloud.a expose nothing but the hwc_* API, in place:
#
#   scripts/localize-archive.sh ARCHIVE [OBJCOPY]
#
# `cargo rustc --crate-type staticlib` packs two things into the archive: one LTO'd object with
# our code (members named huaweicloud-*.o) and Rust's compiler_builtins (compiler_builtins-*.o,
# plus compiler-rt C objects named <16 hex digits>-<name>.o). compiler_builtins defines weak
# global memcpy, memset, memcmp, __aeabi_*, fmod, floor, sqrt, ...: on a link line where the
# archive comes before libc/libm/libgcc, or with --whole-archive (Helios), those replace the
# firmware's own (and one x86_64 member drags in rust_eh_personality). The firmware's libc and
# libgcc provide every helper our object calls (docs/firmware.md, "What the archive exports"), so:
#
#   1. every compiler_builtins member is dropped;
#   2. in the remaining object every global symbol except hwc_* is made local
#      (objcopy --wildcard --keep-global-symbol='hwc_*'; undefined references stay as they are
#      and resolve against the firmware's libc/libgcc);
#   3. the result is checked (no defined global or weak symbol outside hwc_*) and replaces
#      ARCHIVE atomically, keeping ARCHIVE's modification time (cargo's build time, so that
#      make does not relink consumers when cargo had nothing to rebuild).
#
# Run it after every cargo invocation: cargo re-links target/.../release/libhuaweicloud.a from
# its deps/ directory on every run, even when nothing was rebuilt (its original stays there,
# deps/libhuaweicloud-<hash>.a). Idempotent. Fails (and removes ARCHIVE, so that make rebuilds
# it next time) on an unexpected member, e.g. an archive built without LTO.
#
# OBJCOPY (default: $OBJCOPY, else objcopy) must understand the archive's objects: objcopy for
# the host, arm-none-eabi-objcopy (or llvm-objcopy) for ARM. ar and nm are taken from the same
# place and prefix (arm-none-eabi-objcopy -> arm-none-eabi-ar, arm-none-eabi-nm).
set -eu

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 ARCHIVE [OBJCOPY]" >&2; exit 2; }
archive=$1
objcopy=${2:-${OBJCOPY:-objcopy}}
case $objcopy in
    *objcopy) prefix=${objcopy%objcopy} ;;
    *) echo "localize-archive: OBJCOPY=$objcopy does not end in 'objcopy'" >&2; exit 2 ;;
esac
ar=${prefix}ar
nm=${prefix}nm
[ -f "$archive" ] || { echo "localize-archive: $archive does not exist" >&2; exit 2; }

# From here on, a failure removes ARCHIVE: left in place, cargo's unprocessed archive would look
# up to date to make and be linked.
tmp=
ok=0
cleanup() {
    [ -z "$tmp" ] || rm -rf "$tmp"
    if [ $ok = 0 ]; then
        rm -f "$archive"
        echo "localize-archive: FAILED; removed $archive (cargo's original is in its deps/ directory)" >&2
    fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

for tool in "$objcopy" "$ar" "$nm"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "localize-archive: $tool not found" >&2; exit 2; }
done
tmp=$(mktemp -d "$(dirname "$archive")/.localize.XXXXXX")

keep=
dropped=0
for m in $("$ar" t "$archive"); do
    case $m in
        huaweicloud-*.o | huaweicloud.o)
            [ -z "$keep" ] || { echo "localize-archive: $archive has more than one object of ours ($keep, $m): built without LTO? Use 'cargo rustc --lib --crate-type staticlib --release'" >&2; exit 1; }
            keep=$m ;;
        compiler_builtins-*.o) dropped=$((dropped + 1)) ;;
        *)
            # compiler-rt's C helpers inside compiler_builtins: <16 hex digits>-<name>.o
            if printf '%s\n' "$m" | grep -Eq '^[0-9a-f]{16}-[A-Za-z0-9_]+\.o$'; then
                dropped=$((dropped + 1))
            else
                echo "localize-archive: $archive: unexpected member $m (not ours, not compiler_builtins): built without LTO?" >&2
                exit 1
            fi ;;
    esac
done
[ -n "$keep" ] || { echo "localize-archive: $archive holds no huaweicloud-*.o object" >&2; exit 1; }

case $archive in /*) abs=$archive ;; *) abs=$PWD/$archive ;; esac
(cd "$tmp" && "$ar" x "$abs" "$keep")
obj=$tmp/$keep
"$objcopy" --wildcard --keep-global-symbol='hwc_*' "$obj" || {
    echo "localize-archive: $objcopy failed on $keep; it must understand the target's objects:" \
        "pass the target toolchain's objcopy (arm-none-eabi-objcopy, \$(CROSS_COMPILE)objcopy) or llvm-objcopy" >&2
    exit 1
}

# Every defined symbol still visible to the linker must be ours.
bad=$("$nm" -P -g --defined-only "$obj" | awk '$1 !~ /^hwc_/ { print $1 }')
[ -z "$bad" ] || { echo "localize-archive: still global after objcopy: $bad" >&2; exit 1; }
exported=$("$nm" -P -g --defined-only "$obj" | grep -c '^hwc_' || true)
[ "$exported" -gt 0 ] || { echo "localize-archive: no hwc_ symbol in $keep" >&2; exit 1; }
needs=$("$nm" -P -u "$obj" | awk '{ print $1 }' | tr '\n' ' ')

"$ar" rcs "$tmp/new.a" "$obj"
touch -r "$archive" "$tmp/new.a"
mv -f "$tmp/new.a" "$archive"
ok=1
echo "localize-archive: $archive: $exported hwc_ symbols, nothing else global; $dropped compiler_builtins members dropped; needs from libc/libgcc: ${needs:-nothing}"
