/* Size entry (a): the password alone. Linked, never run (see mk/firmware.mk, `make size`). */
#include "huaweicloud.h"

static char out[HWC_PASSWORD_LEN + 1];
static size_t len;

int main(void) {
    static const char *volatile secret = "ac4263b86eaf6442997a";
    static const char *volatile ts = "2022010507";
    return hwc_password(secret, 20, ts, 10, out, sizeof out, &len);
}
