#!/usr/bin/env bash
# Runs a bare-metal test ELF on QEMU with semihosting and deterministic instruction counting;
# the program's output (semihosting console) goes to OUT. Exit status: the program's (0 or 1),
# 124 on timeout.
#   run-qemu.sh MACHINE ELF OUT      e.g. run-qemu.sh mps2-an386 build/.../vectors.elf out.txt
set -euo pipefail
machine=$1 elf=$2 out=$3
rm -f "$out"
# (vexpress-a9 has a sound chip; no audio backend, no ALSA noise.)
QEMU_AUDIO_DRV=none timeout 120 qemu-system-arm -M "$machine" -nographic -monitor none -serial none \
    -chardev file,id=semihosting,path="$out" \
    -semihosting-config enable=on,target=native,chardev=semihosting \
    -icount shift=0 -kernel "$elf"
