/* Alignment-safe memcpy for the bare-metal Cortex-A harness, which runs with alignment checking
 * on (SCTLR.A, see startup.S).
 *
 * The library calls the firmware's own memcpy/__aeabi_memcpy (the archive carries no copy of
 * its own: scripts/localize-archive.sh). newlib's ARMv7-A builds of both (memcpy-armv7a.S and
 * aeabi_memcpy-armv7a.S, in libc.a and libc_nano.a of the hard-float v7-a multilibs) load words
 * from unaligned source addresses: they assume what the hardware allows with SCTLR.A clear, and
 * fault with it set. A firmware that turns alignment checking on must therefore bring an alignment-safe
 * copy for its own C code already; this file is that firmware's copy, so that the alignment
 * check here keeps testing what it is for: that the Rust code itself (built +strict-align) makes
 * no unaligned access. newlib's other helpers the library needs (__aeabi_memset*,
 * __aeabi_memclr*, memcmp) align before storing words and are used as they are.
 *
 * Every symbol of newlib's members lib_a-memcpy.o and lib_a-aeabi_memcpy-armv7a.o is defined
 * here, so neither is pulled from libc (no duplicate definitions). */
#include <stddef.h>
#include <stdint.h>

/* Keep GCC from turning the loops below into calls to memcpy. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        for (; n >= 4; n -= 4, d += 4, s += 4) *(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
    }
    while (n--) *d++ = *s++;
    return dst;
}

void __aeabi_memcpy(void *dst, const void *src, size_t n) { memcpy(dst, src, n); }
void __aeabi_memcpy4(void *dst, const void *src, size_t n) { memcpy(dst, src, n); }
void __aeabi_memcpy8(void *dst, const void *src, size_t n) { memcpy(dst, src, n); }
