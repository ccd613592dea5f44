// MicroPython module `huaweicloud`: a thin C shim over the huaweicloud Rust
// library (C ABI, see cbindings/huaweicloud.h).  All protocol logic lives in
// Rust; this file only converts MicroPython objects and raises exceptions.
//
// Builds against MicroPython 1.13 (QuecPython) up to current releases:
// plain `static` (no STATIC), no custom types, and the module registration
// at the end of the file in the two forms MP_REGISTER_MODULE has had.
//
// huaweicloud.password(secret, timestamp) -> str
//   secret, timestamp: str or bytes (any object with the buffer protocol).
//   Returns the 64-character lowercase hex MQTT password
//   HMAC-SHA256(key=timestamp, msg=secret); raises ValueError on error.
#include <stddef.h>
#include <stdint.h>

#include "py/obj.h"
#include "py/runtime.h"

#if defined(__has_include)
#if __has_include("huaweicloud.h")
#include "huaweicloud.h"
#endif
#endif

#ifndef HUAWEICLOUD_H
// Header not on the include path (or a compiler without __has_include):
// declare the functions used here, as in cbindings/huaweicloud.h
// (hwc_result is an int32_t enum; 0 = success, negative = error).
int32_t hwc_password(const char *secret, size_t secret_len,
    const char *timestamp, size_t timestamp_len,
    char *out, size_t cap, size_t *out_len);
const char *hwc_result_text(int32_t code);
#endif

// 64 hex characters plus the terminating NUL.
#define HWC_PASSWORD_BUF (65)

static mp_obj_t huaweicloud_password(mp_obj_t secret_in, mp_obj_t timestamp_in) {
    mp_buffer_info_t secret;
    mp_buffer_info_t timestamp;
    mp_get_buffer_raise(secret_in, &secret, MP_BUFFER_READ);
    mp_get_buffer_raise(timestamp_in, &timestamp, MP_BUFFER_READ);

    char out[HWC_PASSWORD_BUF];
    size_t out_len = 0;
    int32_t rc = hwc_password((const char *)secret.buf, secret.len,
        (const char *)timestamp.buf, timestamp.len,
        out, sizeof(out), &out_len);
    if (rc < 0) {
        // hwc_result_text() describes the code only, never caller data, so
        // the message cannot contain the secret.
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("password: %s"), hwc_result_text(rc));
    }
    if (out_len >= sizeof(out)) {
        out_len = sizeof(out) - 1;
    }
    return mp_obj_new_str(out, out_len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(huaweicloud_password_obj, huaweicloud_password);

static const mp_rom_map_elem_t huaweicloud_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_huaweicloud) },
    { MP_ROM_QSTR(MP_QSTR_password), MP_ROM_PTR(&huaweicloud_password_obj) },
};
static MP_DEFINE_CONST_DICT(huaweicloud_module_globals, huaweicloud_module_globals_table);

const mp_obj_module_t huaweicloud_user_cmodule = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&huaweicloud_module_globals,
};

// Module registration: keep this block LAST in the file, as two literal
// calls.  MicroPython <= 1.18 (70144 = 1.18.0) takes a third argument, the
// enable macro (set by micropython.mk / micropython.cmake), and 1.13's
// makemoduledefs.py greps the raw source for the literal call; >= 1.19 takes
// two arguments and collects them from the preprocessed source.
#if !defined(MICROPY_VERSION) || MICROPY_VERSION <= 70144
MP_REGISTER_MODULE(MP_QSTR_huaweicloud, huaweicloud_user_cmodule, MODULE_HUAWEICLOUD_ENABLED);
#else
MP_REGISTER_MODULE(MP_QSTR_huaweicloud, huaweicloud_user_cmodule);
#endif
