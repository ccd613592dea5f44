// Links against the archive that micropython.cmake selected and checks the
// published Huawei password vector.
#include <stdio.h>
#include <string.h>

#include "huaweicloud.h"

// See tests/micropython/port/main.c: a no_std Rust archive for a hosted
// target references rust_eh_personality.
__attribute__((weak)) void rust_eh_personality(void);
__attribute__((weak)) void rust_eh_personality(void) {
}

int main(void) {
    static const char expected[] = "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a";
    char out[HWC_PASSWORD_LEN + 1];
    size_t len = 0;
    hwc_result rc = hwc_password("12345678", 8, "2025041401", 10, out, sizeof(out), &len);
    if (rc != HWC_RESULT_OK || len != HWC_PASSWORD_LEN || strcmp(out, expected) != 0) {
        printf("pwcheck: FAILED (rc %d)\n", (int)rc);
        return 1;
    }
    printf("pwcheck: ok\n");
    return 0;
}
