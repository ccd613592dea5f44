/* Host (x86_64) platform for the firmware test programs: stdout and exit. */
#include <stdio.h>
#include <stdlib.h>

#include "platform.h"

void plat_write(const char *s, size_t n) { fwrite(s, 1, n, stdout); }

void plat_exit(int code) {
    fflush(stdout);
    exit(code);
}
