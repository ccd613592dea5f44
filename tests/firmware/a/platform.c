/* Semihosting and C start for the bare-metal Cortex-A harness (see startup.S). */
#include <stddef.h>
#include <stdint.h>

#include "../platform.h"

extern uint32_t __bss_start[], __bss_end[], __stack_limit[];
int main(void);

/* A-profile semihosting: SVC 0xAB in Thumb state, SVC 0x123456 in ARM state. */
int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
#if defined(__thumb__)
    __asm__ volatile("svc 0xab" : "+r"(r0) : "r"(r1) : "memory");
#else
    __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
#endif
    return r0;
}

void plat_ticks_start(void) {}
uint32_t plat_ticks(void) { return 0; }
uintptr_t plat_stack_limit(void) { return (uintptr_t)__stack_limit; }

void a_exception(int kind, uint32_t pc) {
    static const char *const names[] = {"exception", "undefined instruction", "prefetch abort",
                                        "data abort (unaligned access?)"};
    static const char hex[] = "0123456789abcdef";
    char msg[80] = "FATAL: ";
    size_t n = 7;
    for (const char *p = names[kind & 3]; *p; p++) msg[n++] = *p;
    msg[n++] = ' ';
    msg[n++] = 'a';
    msg[n++] = 't';
    msg[n++] = ' ';
    for (int i = 28; i >= 0; i -= 4) msg[n++] = hex[(pc >> i) & 15];
    msg[n++] = '\n';
    plat_write(msg, n);
    plat_exit(3);
}

void a_reset(void) {
    for (uint32_t *p = __bss_start; p < __bss_end; p++) *p = 0;
    plat_exit(main());
}
