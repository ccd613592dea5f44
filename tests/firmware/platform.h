/* What the firmware test programs need from where they run: the bare-metal Cortex-M harness
 * (m/startup.c, semihosting) or the host (host.c, stdio). */
#ifndef HWC_FW_PLATFORM_H
#define HWC_FW_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

void plat_write(const char *s, size_t n);
__attribute__((noreturn)) void plat_exit(int code);

/* Bare metal only: SysTick (counts down) and the lowest stack address; the profile's
 * semihosting trap (operation, argument block), which semihosting.c builds on. */
int semihost(int op, const void *arg);
void plat_ticks_start(void);
uint32_t plat_ticks(void);
uintptr_t plat_stack_limit(void);

#endif
