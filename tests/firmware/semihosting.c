/* Output and exit through ARM semihosting, for both bare-metal harnesses; each supplies its
 * profile's trap (`semihost`: bkpt on M, svc on A). */
#include <stddef.h>
#include <stdint.h>

#include "platform.h"

#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define ADP_STOPPED_RUNTIME_ERROR 0x20023

void plat_write(const char *s, size_t n) {
    char chunk[129];
    while (n > 0) {
        size_t k = n < 128 ? n : 128;
        for (size_t i = 0; i < k; i++) chunk[i] = s[i];
        chunk[k] = 0;
        semihost(SYS_WRITE0, chunk);
        s += k;
        n -= k;
    }
}

void plat_exit(int code) {
    /* QEMU exits with status 0 for ApplicationExit and 1 for any other reason. */
    semihost(SYS_EXIT, (const void *)(uintptr_t)(code == 0 ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR));
    for (;;) {
    }
}
