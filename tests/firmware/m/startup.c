/* Startup, vector table, semihosting and SysTick for the bare-metal Cortex-M harness
 * (QEMU mps2-an386: `-semihosting -icount shift=0`). No C runtime start files (-nostartfiles);
 * newlib-nano and libgcc are linked only for the helpers the library calls (memcpy, ...). */
#include <stddef.h>
#include <stdint.h>

#include "../platform.h"

extern uint32_t __bss_start[], __bss_end[], __stack_top[], __stack_limit[];
int main(void);

/* ARM semihosting: `bkpt 0xab` with the operation in r0 and its argument block in r1. */
int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* SysTick on the processor clock, free-running down from 2^24-1; no interrupt. */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

void plat_ticks_start(void) {
    SYST_CSR = 0;
    SYST_RVR = 0x00FFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = 5; /* ENABLE | CLKSOURCE=processor */
}

uint32_t plat_ticks(void) { return SYST_CVR; }

uintptr_t plat_stack_limit(void) { return (uintptr_t)__stack_limit; }

static void fault(const char *what) {
    static const char msg[] = "FATAL: ";
    plat_write(msg, sizeof msg - 1);
    const char *p = what;
    size_t n = 0;
    while (p[n]) n++;
    plat_write(what, n);
    plat_write("\n", 1);
    plat_exit(3);
}

static void hard_fault(void) { fault("HardFault"); }
static void mem_fault(void) { fault("MemManage"); }
static void bus_fault(void) { fault("BusFault"); }
static void usage_fault(void) { fault("UsageFault"); }
static void other_exception(void) { fault("unexpected exception"); }

void reset_handler(void);

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))__stack_top, reset_handler, other_exception, hard_fault, mem_fault, bus_fault, usage_fault,
    0, 0, 0, 0, other_exception, other_exception, 0, other_exception, other_exception,
};

void reset_handler(void) {
    for (uint32_t *p = __bss_start; p < __bss_end; p++) *p = 0;
#if defined(__ARM_FP)
    /* Hard-float builds: grant CP10/CP11 (the FPU) full access before any FP instruction. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    /* Report MemManage, BusFault and UsageFault separately; trap division by zero. */
    *(volatile uint32_t *)0xE000ED24u |= 7u << 16;
    *(volatile uint32_t *)0xE000ED14u |= 1u << 4;
    plat_exit(main());
}
