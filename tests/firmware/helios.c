/* Link-order check (mk/firmware.mk, `make cross`): linked like the Helios SDK links firmware
 * (link.mk: `--whole-archive <every archive> --no-whole-archive <libc, libm, libgcc>`), the
 * firmware's own calls to memcpy, memset, memcmp, fmod, floor and sqrt must still resolve to
 * libc/libm, never to a definition from libhuaweicloud.a (the link traces each with -Wl,-y).
 * Linked, never run. */
#include <math.h>
#include <string.h>

#include "huaweicloud.h"

static char buf[64];
static char out[HWC_PASSWORD_LEN + 1];
static size_t len;

int main(void) {
    static const char *volatile secret = "ac4263b86eaf6442997a";
    static const char *volatile ts = "2022010507";
    static volatile double x = 5.5, y = 2.0;
    static volatile size_t n = 20;
    memset(buf, 'x', n);
    memcpy(buf + 32, secret, n);
    int r = memcmp(buf, buf + 32, n) != 0;
    r += (int)fmod(x, y) + (int)floor(x) + (int)sqrt(y);
    return r + hwc_password(secret, 20, ts, 10, out, sizeof out, &len);
}
