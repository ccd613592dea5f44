// MicroPython module `huaweicloud`: a thin C shim over the huaweicloud Rust
// library (C ABI: cbindings/huaweicloud.h).  Every topic string, JSON key and
// protocol rule lives in the library; this file only converts MicroPython
// objects to and from C values and raises exceptions.  The Python API is
// documented in docs/python-api.md and typed in huaweicloud.pyi.
//
// Builds against MicroPython 1.13 (QuecPython) up to current releases:
// plain `static` (no STATIC), module-level functions only (no custom types),
// MP_ERROR_TEXT defined when absent, version-dependent calls under `#if` on
// MICROPY_VERSION, and the module registration at the end of the file in the
// two forms MP_REGISTER_MODULE has had.
//
// Memory: conversions use fixed C stack buffers.  An encoder writes into a
// 512-byte stack buffer first; when the payload does not fit, the library's
// writer has measured its exact size, so the bytes object is allocated once
// at that size and the payload encoded again into it.  With `into=` the
// payload goes into the caller's buffer and nothing is allocated.  Nested
// values are walked with an explicit stack bounded by HWC_JSON_MAX_DEPTH,
// never by C recursion.  Error paths may allocate (the exception itself).
//
// Error messages name the argument (and the path inside it) followed by the
// library's hwc_result_text(); no caller data except dict keys in paths, so
// never a secret.
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "py/obj.h"
#include "py/objint.h"
#include "py/objstr.h"
#include "py/parsenum.h"
#include "py/runtime.h"
#include "py/smallint.h"

#include "huaweicloud.h"

#ifndef MP_ERROR_TEXT
#define MP_ERROR_TEXT(x) (x)
#endif

// MicroPython 1.20 split mp_obj_new_str_from_vstr(type, vstr) into a str and
// a bytes form (70656 = 1.20.0).
#if defined(MICROPY_VERSION) && MICROPY_VERSION >= 70656
#define SHIM_NEW_STR_FROM_VSTR(v) mp_obj_new_str_from_vstr(v)
#define SHIM_NEW_BYTES_FROM_VSTR(v) mp_obj_new_bytes_from_vstr(v)
#else
#define SHIM_NEW_STR_FROM_VSTR(v) mp_obj_new_str_from_vstr(&mp_type_str, v)
#define SHIM_NEW_BYTES_FROM_VSTR(v) mp_obj_new_str_from_vstr(&mp_type_bytes, v)
#endif

// First-pass output buffer of the encoders, and the stack buffer strings are
// unescaped into by the decoders (longer ones go to an exact-size vstr).
#define SHIM_STACK_OUT (512)
#define SHIM_STACK_STR (96)
// Decimal text of an int inside a JSON value: fits ints up to ~370 bits;
// longer ones make mp_obj_int_formatted() use a temporary heap buffer,
// freed at once.
#define SHIM_INT_TEXT (128)
#define SHIM_MAX_ARGS (8)

static const char shim_empty[1] = { 0 };

// ---------------------------------------------------------------------------
// Errors.

// Where an argument sits: "name[index]: " per level (index < 0: no index).
typedef struct _shim_where_t {
    const struct _shim_where_t *up;
    const char *name;
    mp_int_t index;
} shim_where_t;

// One open container while a value is being written: the object and the
// position of its next item (dict: next table slot).
typedef struct {
    mp_obj_t obj;
    size_t idx;
} shim_frame_t;

static bool shim_is_dict(mp_obj_t o) {
    return mp_obj_is_type(o, &mp_type_dict)
           #if MICROPY_PY_COLLECTIONS_ORDEREDDICT
           || mp_obj_is_type(o, &mp_type_ordereddict)
           #endif
    ;
}

static bool shim_is_seq(mp_obj_t o) {
    return mp_obj_is_type(o, &mp_type_list) || mp_obj_is_type(o, &mp_type_tuple);
}

static bool shim_slot_filled(const mp_map_t *map, size_t i) {
    return map->table[i].key != MP_OBJ_NULL && map->table[i].key != MP_OBJ_SENTINEL;
}

static void shim_print_where(const mp_print_t *p, const shim_where_t *w) {
    if (w == NULL) {
        return;
    }
    shim_print_where(p, w->up);
    mp_print_str(p, w->name);
    if (w->index >= 0) {
        mp_printf(p, "[%u]", (unsigned)w->index);
    }
    mp_print_str(p, ": ");
}

// Raises `type` with "where: name<path>: <fmt...>".  `fr`/`nfr` are the open
// containers of a value being written (each prints its current item).
static NORETURN void shim_raise(const mp_obj_type_t *type, const shim_where_t *up, const char *name,
    const shim_frame_t *fr, size_t nfr, const char *fmt, ...) {
    vstr_t v;
    vstr_init(&v, 64);
    mp_print_t p = { &v, (mp_print_strn_t)vstr_add_strn };
    shim_print_where(&p, up);
    if (name != NULL) {
        mp_print_str(&p, name);
    }
    for (size_t i = 0; i < nfr; i++) {
        mp_print_str(&p, "[");
        if (shim_is_dict(fr[i].obj)) {
            const mp_map_t *map = &((mp_obj_dict_t *)MP_OBJ_TO_PTR(fr[i].obj))->map;
            mp_obj_print_helper(&p, map->table[fr[i].idx - 1].key, PRINT_REPR);
        } else {
            mp_printf(&p, "%u", (unsigned)(fr[i].idx - 1));
        }
        mp_print_str(&p, "]");
    }
    if (name != NULL || nfr > 0) {
        mp_print_str(&p, ": ");
    }
    va_list ap;
    va_start(ap, fmt);
    mp_vprintf(&p, fmt, ap);
    va_end(ap);
    mp_raise_msg_varg(type, MP_ERROR_TEXT("%s"), vstr_null_terminated_str(&v));
}

// A library failure: ValueError "where: name: <hwc_result_text>".
static NORETURN void shim_raise_rc(const shim_where_t *up, const char *name, int32_t rc) {
    shim_raise(&mp_type_ValueError, up, name, NULL, 0, "%s", hwc_result_text(rc));
}

static void shim_check(int32_t rc, const shim_where_t *up, const char *name) {
    if (rc < 0) {
        shim_raise_rc(up, name, rc);
    }
}

static NORETURN void shim_raise_type(const shim_where_t *up, const char *name, const char *expected, mp_obj_t got) {
    shim_raise(&mp_type_TypeError, up, name, NULL, 0, "expected %s, not %s", expected, mp_obj_get_type_str(got));
}

// ---------------------------------------------------------------------------
// Arguments.

static bool shim_absent(mp_obj_t o) {
    return o == MP_OBJ_NULL || o == mp_const_none;
}

// Text: str, bytes, bytearray, memoryview (anything with the buffer protocol).
typedef struct {
    const char *ptr;
    size_t len;
} shim_text_t;

static bool shim_text_maybe(mp_obj_t o, shim_text_t *t) {
    mp_buffer_info_t b;
    if (o == MP_OBJ_NULL || !mp_get_buffer(o, &b, MP_BUFFER_READ)) {
        return false;
    }
    // An empty bytearray may have no buffer: NULL would read as "absent".
    t->ptr = b.buf != NULL ? (const char *)b.buf : shim_empty;
    t->len = b.len;
    return true;
}

static shim_text_t shim_arg_text(mp_obj_t o, const shim_where_t *up, const char *name) {
    shim_text_t t;
    if (!shim_text_maybe(o, &t)) {
        shim_raise_type(up, name, "str or bytes", o == MP_OBJ_NULL ? mp_const_none : o);
    }
    return t;
}

// None (or not given) is absent: a NULL pointer for the library.
static shim_text_t shim_arg_opt_text(mp_obj_t o, const shim_where_t *up, const char *name) {
    if (shim_absent(o)) {
        shim_text_t t = { NULL, 0 };
        return t;
    }
    return shim_arg_text(o, up, name);
}

static mp_obj_t shim_new_i64(int64_t v) {
    if (v >= MP_SMALL_INT_MIN && v <= MP_SMALL_INT_MAX) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)v);
    }
    return mp_obj_new_int_from_ll((long long)v);
}

// An int object (small or big) to int64: false when out of range.  Big ints
// go through their decimal text and the library's hwc_json_to_i64, which
// works with every long-int implementation and MicroPython version.
static bool shim_int_to_i64(mp_obj_t o, int64_t *out) {
    if (mp_obj_is_small_int(o)) {
        *out = MP_OBJ_SMALL_INT_VALUE(o);
        return true;
    }
    char stack[48];
    char *buf = stack;
    size_t size = sizeof(stack);
    size_t n = 0;
    char *s = mp_obj_int_formatted(&buf, &size, &n, o, 10, NULL, '\0', '\0');
    bool ok = false;
    if (buf == stack) {
        hwc_json_value v = { HWC_JSON_KIND_NUMBER, s, n };
        ok = hwc_json_to_i64(&v, out) == HWC_RESULT_OK;
    } else {
        m_del(char, buf, size);  // far beyond int64
    }
    return ok;
}

static int64_t shim_arg_i64(mp_obj_t o, const shim_where_t *up, const char *name) {
    if (o == MP_OBJ_NULL || !mp_obj_is_int(o)) {
        shim_raise_type(up, name, "int", o == MP_OBJ_NULL ? mp_const_none : o);
    }
    int64_t v;
    if (!shim_int_to_i64(o, &v)) {
        shim_raise_rc(up, name, HWC_RESULT_OUT_OF_RANGE);
    }
    return v;
}

static int64_t shim_arg_i64_default(mp_obj_t o, int64_t dflt, const char *name) {
    return o == MP_OBJ_NULL ? dflt : shim_arg_i64(o, NULL, name);
}

// An int for a uint32_t parameter whose every invalid value the library
// rejects: values outside uint32 become UINT32_MAX (rejected there too).
static uint32_t shim_arg_u32_sat(mp_obj_t o, const char *name) {
    if (o == MP_OBJ_NULL || !mp_obj_is_int(o)) {
        shim_raise_type(NULL, name, "int", o == MP_OBJ_NULL ? mp_const_none : o);
    }
    int64_t v;
    if (!shim_int_to_i64(o, &v) || v < 0 || v > (int64_t)UINT32_MAX) {
        return UINT32_MAX;
    }
    return (uint32_t)v;
}

static size_t shim_arg_seq(mp_obj_t o, mp_obj_t **items, const shim_where_t *up, const char *name) {
    if (o == MP_OBJ_NULL || !shim_is_seq(o)) {
        shim_raise_type(up, name, "list or tuple", o == MP_OBJ_NULL ? mp_const_none : o);
    }
    size_t n;
    mp_obj_get_array(o, &n, items);
    return n;
}

// A time: Unix UTC seconds (int, or float with milliseconds), or a
// time.gmtime()-style tuple (year, month, mday, hour, minute, second, ...).
static void shim_arg_datetime(mp_obj_t o, const char *name, hwc_datetime *dt) {
    int32_t rc;
    if (mp_obj_is_int(o)) {
        int64_t s;
        if (!shim_int_to_i64(o, &s)) {
            s = -1;  // rejected by the library
        }
        rc = hwc_datetime_from_unix(s, 0, dt);
    #if MICROPY_PY_BUILTINS_FLOAT
    } else if (mp_obj_is_float(o)) {
        mp_float_t f = mp_obj_float_get(o);
        int64_t s = -1;  // NaN, inf, negative or huge: rejected by the library
        uint16_t ms = 0;
        if (f >= 0 && f < (mp_float_t)1e15) {
            s = (int64_t)f;
            int frac = (int)((f - (mp_float_t)s) * 1000);
            ms = (uint16_t)(frac < 0 ? 0 : frac > 999 ? 999 : frac);
        }
        rc = hwc_datetime_from_unix(s, ms, dt);
    #endif
    } else if (shim_is_seq(o)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_get_array(o, &n, &items);
        if (n < 6) {
            shim_raise(&mp_type_TypeError, NULL, name, NULL, 0,
                "expected (year, month, mday, hour, minute, second, ...), got %u items", (unsigned)n);
        }
        int64_t f[6];
        bool fits = true;
        for (size_t i = 0; i < 6; i++) {
            shim_where_t w = { NULL, name, (mp_int_t)i };
            if (!mp_obj_is_int(items[i])) {
                shim_raise_type(&w, NULL, "int", items[i]);
            }
            int64_t limit = i == 0 ? 65535 : 255;  // the C field's range
            fits = fits && shim_int_to_i64(items[i], &f[i]) && f[i] >= 0 && f[i] <= limit;
        }
        if (!fits) {
            shim_raise_rc(NULL, name, HWC_RESULT_INVALID_DATE_TIME);
        }
        dt->year = (uint16_t)f[0];
        dt->month = (uint8_t)f[1];
        dt->day = (uint8_t)f[2];
        dt->hour = (uint8_t)f[3];
        dt->minute = (uint8_t)f[4];
        dt->second = (uint8_t)f[5];
        dt->millis = 0;
        int64_t unix_seconds;
        rc = hwc_datetime_to_unix(dt, &unix_seconds);  // validates every field
    } else {
        shim_raise_type(NULL, name, "int (Unix UTC seconds) or time tuple", o);
    }
    shim_check(rc, NULL, name);
}

static void shim_parse_kw(size_t n_pos, const mp_obj_t *pos, mp_map_t *kw, size_t n,
    const mp_arg_t *allowed, mp_obj_t *out) {
    mp_arg_val_t vals[SHIM_MAX_ARGS];
    mp_arg_parse_all(n_pos, pos, kw, n, allowed, vals);
    for (size_t i = 0; i < n; i++) {
        out[i] = vals[i].u_obj;  // MP_OBJ_NULL: not given
    }
}

#define SHIM_ARG_REQ(q) { q, MP_ARG_REQUIRED | MP_ARG_OBJ, { .u_obj = MP_OBJ_NULL } }
#define SHIM_ARG_OPT(q) { q, MP_ARG_OBJ, { .u_obj = MP_OBJ_NULL } }
#define SHIM_ARG_KW(q) { q, MP_ARG_KW_ONLY | MP_ARG_OBJ, { .u_obj = MP_OBJ_NULL } }
#define SHIM_PARSE(tbl, out) shim_parse_kw(n_args, pos_args, kw_args, MP_ARRAY_SIZE(tbl), tbl, out)
// A payload encoder's Python function `name`: its arguments (then the keyword-only `into`) parsed
// and handed to shim_run_encoder with `enc`, which writes the payload.
#define SHIM_ENCODER(name, enc, ...)                                                              \
    static mp_obj_t hwcmod_##name(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) { \
        static const mp_arg_t allowed[] = { __VA_ARGS__, SHIM_ARG_KW(MP_QSTR_into) };           \
        mp_obj_t a[MP_ARRAY_SIZE(allowed)];                                                     \
        SHIM_PARSE(allowed, a);                                                                 \
        return shim_run_encoder(enc, a, a[MP_ARRAY_SIZE(allowed) - 1]);                         \
    }                                                                                           \
    static MP_DEFINE_CONST_FUN_OBJ_KW(hwcmod_##name##_obj, 0, hwcmod_##name)

static mp_obj_t shim_str(const char *buf, size_t len) {
    // Passwords, client ids and topics are never interned names, so skip mp_obj_new_str's
    // interned-string lookup (most of the cost of topic()); short text may be, so look it up.
    if (len >= 16) {
        return mp_obj_new_str_copy(&mp_type_str, (const byte *)buf, len);
    }
    return mp_obj_new_str(buf, len);
}

// ---------------------------------------------------------------------------
// Naming the argument a multi-argument library call rejected.

// What a candidate is: text (UTF-8, maybe required non-empty) or an event_time.
enum { SHIM_T_TEXT, SHIM_T_TIME };

typedef struct {
    const char *name;
    shim_text_t t;
    int kind;
} shim_named_t;

static bool shim_utf8_ok(shim_text_t t) {
    hwc_json_writer w;  // measuring writer: validates, writes nothing
    hwc_json_writer_init(&w, NULL, 0);
    return hwc_json_string(&w, t.ptr, t.len) >= 0;
}

// Raises for `rc` (if negative), naming the first candidate the library's
// checks reject; `fallback` when no text argument explains it.
static void shim_check_n(int32_t rc, const shim_where_t *up, const shim_named_t *a, size_t n, const char *fallback) {
    if (rc >= 0) {
        return;
    }
    const char *name = fallback;
    for (size_t i = 0; i < n; i++) {
        if (a[i].t.ptr == NULL) {
            continue;
        }
        bool hit = false;
        switch (rc) {
            case HWC_RESULT_INVALID_EVENT_TIME:
                hit = a[i].kind == SHIM_T_TIME;
                break;
            case HWC_RESULT_INVALID_UTF8:
                hit = !shim_utf8_ok(a[i].t);
                break;
            case HWC_RESULT_INVALID_ARGUMENT:
                hit = a[i].kind == SHIM_T_TEXT && a[i].t.len == 0;
                break;
            default:
                break;
        }
        if (hit) {
            name = a[i].name;
            break;
        }
    }
    shim_raise_rc(up, name, rc);
}

// ---------------------------------------------------------------------------
// Writing values (dict, list, tuple, str, int, float, bool, None) as JSON.

typedef struct _shim_enc_t {
    hwc_json_writer w;
    const mp_obj_t *args;
} shim_enc_t;

#define SHIM_UNSUPPORTED (INT32_MIN)

static int32_t shim_write_bigint(hwc_json_writer *w, mp_obj_t o) {
    char stack[SHIM_INT_TEXT];
    char *buf = stack;
    size_t size = sizeof(stack);
    size_t n = 0;
    char *s = mp_obj_int_formatted(&buf, &size, &n, o, 10, NULL, '\0', '\0');
    int32_t rc = hwc_json_number(w, s, n);
    if (buf != stack) {
        m_del(char, buf, size);
    }
    return rc;
}

#if MICROPY_PY_BUILTINS_FLOAT
// The float's repr, printed into a fixed buffer (no heap); NaN and infinities
// fail the library's number grammar.
static int32_t shim_write_float(hwc_json_writer *w, mp_obj_t o) {
    char buf[40];
    vstr_t v;
    vstr_init_fixed_buf(&v, sizeof(buf), buf);
    mp_print_t p = { &v, (mp_print_strn_t)vstr_add_strn };
    mp_obj_print_helper(&p, o, PRINT_REPR);
    return hwc_json_number(w, v.buf, v.len);
}
#endif

static int32_t shim_write_scalar(hwc_json_writer *w, mp_obj_t v) {
    if (v == mp_const_none) {
        return hwc_json_null(w);
    } else if (v == mp_const_true || v == mp_const_false) {
        return hwc_json_bool(w, v == mp_const_true);
    } else if (mp_obj_is_small_int(v)) {
        return hwc_json_int(w, MP_OBJ_SMALL_INT_VALUE(v));
    } else if (mp_obj_is_int(v)) {  // a big int (small ones handled above)
        return shim_write_bigint(w, v);
    #if MICROPY_PY_BUILTINS_FLOAT
    } else if (mp_obj_is_float(v)) {
        return shim_write_float(w, v);
    #endif
    } else if (mp_obj_is_str(v)) {
        size_t len;
        const char *s = mp_obj_str_get_data(v, &len);
        return hwc_json_string(w, s, len);
    }
    return SHIM_UNSUPPORTED;
}

// Writes `root` as one JSON value, or with `members_only` writes the members
// of dict `root` into an object the caller has opened (and will close).
// Containers are walked with an explicit stack: the library refuses nesting
// past HWC_JSON_MAX_DEPTH (cycles included) before the stack can fill.
static void shim_write_json(shim_enc_t *e, mp_obj_t root, const shim_where_t *up, const char *name, bool members_only) {
    shim_frame_t st[HWC_JSON_MAX_DEPTH + 1];
    size_t sp = 0;
    mp_obj_t v = root;
    bool have = true;
    if (members_only) {
        st[0].obj = root;
        st[0].idx = 0;
        sp = 1;
        have = false;
    }
    for (;;) {
        if (have) {
            int32_t rc;
            bool dict = shim_is_dict(v);
            if (dict || shim_is_seq(v)) {
                rc = dict ? hwc_json_begin_object(&e->w) : hwc_json_begin_array(&e->w);
                if (rc >= 0 && sp >= MP_ARRAY_SIZE(st)) {
                    rc = HWC_RESULT_NESTING_TOO_DEEP;
                }
                if (rc < 0) {
                    shim_raise(&mp_type_ValueError, up, name, st, sp, "%s", hwc_result_text(rc));
                }
                st[sp].obj = v;
                st[sp].idx = 0;
                sp++;
            } else {
                rc = shim_write_scalar(&e->w, v);
                if (rc == SHIM_UNSUPPORTED) {
                    shim_raise(&mp_type_TypeError, up, name, st, sp, "unsupported type %s", mp_obj_get_type_str(v));
                }
                if (rc < 0) {
                    shim_raise(&mp_type_ValueError, up, name, st, sp, "%s", hwc_result_text(rc));
                }
            }
        }
        // The next value: the next item of the innermost open container.
        have = false;
        while (!have) {
            if (sp == 0) {
                return;
            }
            shim_frame_t *f = &st[sp - 1];
            int32_t rc;
            if (shim_is_dict(f->obj)) {
                const mp_map_t *map = &((mp_obj_dict_t *)MP_OBJ_TO_PTR(f->obj))->map;
                while (f->idx < map->alloc && !shim_slot_filled(map, f->idx)) {
                    f->idx++;
                }
                if (f->idx < map->alloc) {
                    const mp_map_elem_t *el = &map->table[f->idx++];
                    if (!mp_obj_is_str(el->key)) {
                        shim_raise(&mp_type_TypeError, up, name, st, sp, "dict keys must be str, not %s",
                            mp_obj_get_type_str(el->key));
                    }
                    size_t klen;
                    const char *k = mp_obj_str_get_data(el->key, &klen);
                    rc = hwc_json_key(&e->w, k, klen);
                    if (rc < 0) {
                        shim_raise(&mp_type_ValueError, up, name, st, sp, "%s", hwc_result_text(rc));
                    }
                    v = el->value;
                    have = true;
                    continue;
                }
                rc = (members_only && sp == 1) ? HWC_RESULT_OK : hwc_json_end_object(&e->w);
            } else {
                size_t n;
                mp_obj_t *items;
                mp_obj_get_array(f->obj, &n, &items);
                if (f->idx < n) {
                    v = items[f->idx++];
                    have = true;
                    continue;
                }
                rc = hwc_json_end_array(&e->w);
            }
            sp--;
            if (rc < 0) {
                shim_raise(&mp_type_ValueError, up, name, st, sp, "%s", hwc_result_text(rc));
            }
        }
    }
}

static void shim_require_dict(mp_obj_t o, const shim_where_t *up, const char *name) {
    if (o == MP_OBJ_NULL || !shim_is_dict(o)) {
        shim_raise_type(up, name, "dict", o == MP_OBJ_NULL ? mp_const_none : o);
    }
}

// ---------------------------------------------------------------------------
// Running an encoder: into= buffer, or stack buffer, or exact-size bytes.

typedef void (*shim_encode_fn)(shim_enc_t *e);

static mp_obj_t shim_run_encoder(shim_encode_fn fn, const mp_obj_t *args, mp_obj_t into) {
    shim_enc_t e;
    e.args = args;
    size_t len = 0;
    int32_t rc;
    if (!shim_absent(into)) {
        mp_buffer_info_t b;
        if (!mp_get_buffer(into, &b, MP_BUFFER_WRITE)) {
            shim_raise_type(NULL, "into", "bytearray or writable memoryview", into);
        }
        hwc_json_writer_init(&e.w, b.len > 0 ? (char *)b.buf : NULL, b.len);
        fn(&e);
        rc = hwc_json_finish(&e.w, &len);
        if (rc == HWC_RESULT_BUFFER_TOO_SMALL) {
            shim_raise(&mp_type_ValueError, NULL, "into", NULL, 0, "buffer too small: %u bytes needed, %u given",
                (unsigned)len, (unsigned)b.len);
        }
        shim_check(rc, NULL, NULL);
        return mp_obj_new_int_from_uint(len);
    }
    char buf[SHIM_STACK_OUT];
    hwc_json_writer_init(&e.w, buf, sizeof(buf));
    fn(&e);
    rc = hwc_json_finish(&e.w, &len);
    if (rc == HWC_RESULT_OK) {
        return mp_obj_new_bytes((const byte *)buf, len);
    }
    if (rc != HWC_RESULT_BUFFER_TOO_SMALL) {
        shim_check(rc, NULL, NULL);
    }
    // `len` is the exact size: allocate once and encode again.
    vstr_t out;
    vstr_init_len(&out, len);
    hwc_json_writer_init(&e.w, out.buf, len);
    fn(&e);
    size_t len2 = 0;
    rc = hwc_json_finish(&e.w, &len2);
    if (rc != HWC_RESULT_OK || len2 != len) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("huaweicloud: payload changed while encoding"));
    }
    return SHIM_NEW_BYTES_FROM_VSTR(&out);
}

// ---------------------------------------------------------------------------
// Credentials and time.

static mp_obj_t hwcmod_password(mp_obj_t secret_in, mp_obj_t timestamp_in) {
    shim_text_t secret = shim_arg_text(secret_in, NULL, "secret");
    shim_text_t ts = shim_arg_text(timestamp_in, NULL, "timestamp");
    char out[HWC_PASSWORD_LEN + 1];
    size_t len = 0;
    int32_t rc = hwc_password(secret.ptr, secret.len, ts.ptr, ts.len, out, sizeof(out), &len);
    shim_check(rc, NULL, rc == HWC_RESULT_INVALID_TIMESTAMP ? "timestamp" : "secret");
    return shim_str(out, len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(hwcmod_password_obj, hwcmod_password);

static mp_obj_t hwcmod_timestamp(mp_obj_t t_in) {
    hwc_datetime dt;
    shim_arg_datetime(t_in, "t", &dt);
    char out[HWC_TIMESTAMP_LEN + 1];
    size_t len = 0;
    shim_check(hwc_timestamp_from_datetime(&dt, out, sizeof(out), &len), NULL, "t");
    return shim_str(out, len);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_timestamp_obj, hwcmod_timestamp);

static mp_obj_t hwcmod_event_time(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = { SHIM_ARG_REQ(MP_QSTR_t), SHIM_ARG_OPT(MP_QSTR_millis) };
    mp_obj_t a[2];
    SHIM_PARSE(allowed, a);
    hwc_datetime dt;
    shim_arg_datetime(a[0], "t", &dt);
    uint32_t format = (a[1] != MP_OBJ_NULL && mp_obj_is_true(a[1])) ? HWC_EVENT_TIME_FORMAT_MILLIS : HWC_EVENT_TIME_FORMAT_COMPACT;
    char out[HWC_EVENT_TIME_MILLIS_LEN + 1];
    size_t len = 0;
    shim_check(hwc_event_time(&dt, format, out, sizeof(out), &len), NULL, "t");
    return shim_str(out, len);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hwcmod_event_time_obj, 0, hwcmod_event_time);

static const char *shim_client_id_arg(int32_t rc) {
    switch (rc) {
        case HWC_RESULT_INVALID_TIMESTAMP:
            return "timestamp";
        case HWC_RESULT_INVALID_SIGN_TYPE:
            return "sign_type";
        default:
            return "device_id";
    }
}

static mp_obj_t hwcmod_client_id(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        SHIM_ARG_REQ(MP_QSTR_device_id), SHIM_ARG_REQ(MP_QSTR_timestamp), SHIM_ARG_OPT(MP_QSTR_sign_type),
    };
    mp_obj_t a[3];
    SHIM_PARSE(allowed, a);
    shim_text_t id = shim_arg_text(a[0], NULL, "device_id");
    shim_text_t ts = shim_arg_text(a[1], NULL, "timestamp");
    uint32_t sign = a[2] == MP_OBJ_NULL ? HWC_SIGN_TYPE_NO_TIME_CHECK : shim_arg_u32_sat(a[2], "sign_type");
    char out[HWC_CLIENT_ID_MAX_LEN + 1];
    size_t len = 0;
    int32_t rc = hwc_client_id(id.ptr, id.len, ts.ptr, ts.len, sign, out, sizeof(out), &len);
    shim_check(rc, NULL, shim_client_id_arg(rc));
    return shim_str(out, len);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hwcmod_client_id_obj, 0, hwcmod_client_id);

static mp_obj_t hwcmod_credentials(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        SHIM_ARG_REQ(MP_QSTR_device_id), SHIM_ARG_REQ(MP_QSTR_secret), SHIM_ARG_REQ(MP_QSTR_t),
        SHIM_ARG_OPT(MP_QSTR_sign_type),
    };
    mp_obj_t a[4];
    SHIM_PARSE(allowed, a);
    shim_text_t id = shim_arg_text(a[0], NULL, "device_id");
    shim_text_t secret = shim_arg_text(a[1], NULL, "secret");
    hwc_datetime dt;
    shim_arg_datetime(a[2], "t", &dt);
    uint32_t sign = a[3] == MP_OBJ_NULL ? HWC_SIGN_TYPE_NO_TIME_CHECK : shim_arg_u32_sat(a[3], "sign_type");
    char ts[HWC_TIMESTAMP_LEN + 1];
    size_t ts_len = 0;
    shim_check(hwc_timestamp_from_datetime(&dt, ts, sizeof(ts), &ts_len), NULL, "t");
    char client_id[HWC_CLIENT_ID_MAX_LEN + 1];
    size_t client_id_len = 0;
    int32_t rc = hwc_client_id(id.ptr, id.len, ts, ts_len, sign, client_id, sizeof(client_id), &client_id_len);
    shim_check(rc, NULL, shim_client_id_arg(rc));
    char password[HWC_PASSWORD_LEN + 1];
    size_t password_len = 0;
    shim_check(hwc_password(secret.ptr, secret.len, ts, ts_len, password, sizeof(password), &password_len), NULL, "secret");
    mp_obj_t items[3] = {
        shim_str(client_id, client_id_len),
        mp_obj_is_str(a[0]) ? a[0] : shim_str(id.ptr, id.len),  // username = device id
        shim_str(password, password_len),
    };
    return mp_obj_new_tuple(3, items);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hwcmod_credentials_obj, 0, hwcmod_credentials);

static mp_obj_t hwcmod_check_keepalive(mp_obj_t seconds_in) {
    shim_check(hwc_check_keepalive(shim_arg_u32_sat(seconds_in, "seconds")), NULL, "seconds");
    return seconds_in;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_check_keepalive_obj, hwcmod_check_keepalive);

static mp_obj_t hwcmod_backoff_ms(mp_obj_t attempt_in, mp_obj_t random_in) {
    if (!mp_obj_is_int(attempt_in)) {
        shim_raise_type(NULL, "attempt", "int", attempt_in);
    }
    int64_t attempt;
    if (!shim_int_to_i64(attempt_in, &attempt)) {
        attempt = mp_obj_int_sign(attempt_in) < 0 ? -1 : INT64_MAX;  // huge: the longest delay
    }
    if (attempt < 0) {
        shim_raise_rc(NULL, "attempt", HWC_RESULT_INVALID_ARGUMENT);
    }
    if (!mp_obj_is_int(random_in)) {
        shim_raise_type(NULL, "random", "int", random_in);
    }
    // Any int: its low 32 bits (the library takes random % 200).
    uint32_t random = (uint32_t)mp_obj_int_get_truncated(random_in);
    uint32_t ms = hwc_backoff_ms(attempt > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)attempt, random);
    return mp_obj_new_int_from_uint(ms);
}
static MP_DEFINE_CONST_FUN_OBJ_2(hwcmod_backoff_ms_obj, hwcmod_backoff_ms);

static mp_obj_t hwcmod_time_sync_now(size_t n_args, const mp_obj_t *args) {
    (void)n_args;
    int64_t device_send = shim_arg_i64(args[0], NULL, "device_send");
    int64_t server_recv = shim_arg_i64(args[1], NULL, "server_recv");
    int64_t server_send = shim_arg_i64(args[2], NULL, "server_send");
    int64_t device_recv = shim_arg_i64(args[3], NULL, "device_recv");
    int64_t now = 0;
    shim_check(hwc_time_sync_now(device_send, server_recv, server_send, device_recv, &now), NULL, NULL);
    return shim_new_i64(now);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hwcmod_time_sync_now_obj, 4, 4, hwcmod_time_sync_now);

// ---------------------------------------------------------------------------
// Topics.

static mp_obj_t hwcmod_topic(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    static const mp_arg_t allowed[] = {
        SHIM_ARG_REQ(MP_QSTR_kind), SHIM_ARG_REQ(MP_QSTR_device_id), SHIM_ARG_OPT(MP_QSTR_request_id),
    };
    mp_obj_t a[3];
    SHIM_PARSE(allowed, a);
    uint32_t kind = shim_arg_u32_sat(a[0], "kind");
    shim_text_t id = shim_arg_text(a[1], NULL, "device_id");
    shim_text_t extra = shim_arg_opt_text(a[2], NULL, "request_id");
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t len = 0;
    int32_t rc = hwc_topic(kind, id.ptr, id.len, extra.ptr, extra.len, out, sizeof(out), &len);
    if (rc < 0) {
        const char *name = "request_id";
        if (rc == HWC_RESULT_INVALID_TOPIC_KIND) {
            name = "kind";
        } else if (rc == HWC_RESULT_INVALID_DEVICE_ID) {
            name = "device_id";
        } else if (kind == HWC_TOPIC_KIND_USER) {
            name = "name";
        }
        shim_raise_rc(NULL, name, rc);
    }
    return shim_str(out, len);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hwcmod_topic_obj, 0, hwcmod_topic);

static mp_obj_t hwcmod_subscription(mp_obj_t kind_in, mp_obj_t device_id_in) {
    uint32_t kind = shim_arg_u32_sat(kind_in, "kind");
    shim_text_t id = shim_arg_text(device_id_in, NULL, "device_id");
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t len = 0;
    int32_t rc = hwc_subscription(kind, id.ptr, id.len, out, sizeof(out), &len);
    shim_check(rc, NULL, rc == HWC_RESULT_INVALID_DEVICE_ID ? "device_id" : "kind");
    return shim_str(out, len);
}
static MP_DEFINE_CONST_FUN_OBJ_2(hwcmod_subscription_obj, hwcmod_subscription);

static mp_obj_t hwcmod_subscriptions(mp_obj_t device_id_in) {
    shim_text_t id = shim_arg_text(device_id_in, NULL, "device_id");
    size_t n = hwc_device_subscription_count();
    mp_obj_t list = mp_obj_new_list(0, NULL);
    for (size_t i = 0; i < n; i++) {
        char out[HWC_TOPIC_MAX_LEN + 1];
        size_t len = 0;
        shim_check(hwc_subscription(hwc_device_subscription(i), id.ptr, id.len, out, sizeof(out), &len), NULL, "device_id");
        mp_obj_list_append(list, shim_str(out, len));
    }
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_subscriptions_obj, hwcmod_subscriptions);

static mp_obj_t hwcmod_parse_topic(mp_obj_t topic_in) {
    shim_text_t t = shim_arg_text(topic_in, NULL, "topic");
    hwc_topic_match m;
    int32_t rc = hwc_parse_topic(t.ptr, t.len, &m);
    if (rc == HWC_RESULT_NO_MATCH) {
        return mp_const_none;
    }
    shim_check(rc, NULL, "topic");
    mp_obj_t third = mp_const_none;
    if (m.name != NULL) {
        third = shim_str(m.name, m.name_len);
    } else if (m.request_id != NULL) {
        third = shim_str(m.request_id, m.request_id_len);
    }
    mp_obj_t items[3] = { mp_obj_new_int_from_uint(m.kind), shim_str(m.device_id, m.device_id_len), third };
    return mp_obj_new_tuple(3, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_parse_topic_obj, hwcmod_parse_topic);

static mp_obj_t hwcmod_response_topic(mp_obj_t topic_in) {
    shim_text_t t = shim_arg_text(topic_in, NULL, "request_topic");
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t len = 0;
    shim_check(hwc_response_topic(t.ptr, t.len, out, sizeof(out), &len), NULL, "request_topic");
    return shim_str(out, len);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_response_topic_obj, hwcmod_response_topic);

// ---------------------------------------------------------------------------
// Uplink payloads.  Each encoder reads its arguments from e->args (in the
// order of its argument table; the last one is `into`).

// One service: (service_id, properties[, event_time]).
static void shim_enc_service(shim_enc_t *e, mp_obj_t service_id, mp_obj_t properties, mp_obj_t event_time,
    const shim_where_t *up) {
    shim_text_t sid = shim_arg_text(service_id, up, "service_id");
    shim_require_dict(properties, up, "properties");
    shim_text_t et = shim_arg_opt_text(event_time, up, "event_time");
    shim_check(hwc_service_begin(&e->w, sid.ptr, sid.len), up, "service_id");
    shim_write_json(e, properties, up, "properties", true);
    shim_check(hwc_service_end(&e->w, et.ptr, et.len), up, "event_time");
}

// A list of services, each (service_id, properties) or (service_id, properties, event_time).
static void shim_enc_services(shim_enc_t *e, mp_obj_t services, const shim_where_t *up, const char *name) {
    mp_obj_t *items;
    size_t n = shim_arg_seq(services, &items, up, name);
    for (size_t i = 0; i < n; i++) {
        shim_where_t w = { up, name, (mp_int_t)i };
        mp_obj_t *f;
        size_t nf = 0;
        if (shim_is_seq(items[i])) {
            mp_obj_get_array(items[i], &nf, &f);
        }
        if (nf != 2 && nf != 3) {
            shim_raise(&mp_type_TypeError, &w, NULL, NULL, 0,
                "expected (service_id, properties[, event_time]), not %s", mp_obj_get_type_str(items[i]));
        }
        shim_enc_service(e, f[0], f[1], nf == 3 ? f[2] : mp_const_none, &w);
    }
}

static void shim_enc_properties_report(shim_enc_t *e) {
    shim_check(hwc_properties_report_begin(&e->w), NULL, NULL);
    shim_enc_service(e, e->args[0], e->args[1], e->args[2], NULL);
    shim_check(hwc_properties_report_end(&e->w), NULL, NULL);
}

SHIM_ENCODER(properties_report, shim_enc_properties_report,
    SHIM_ARG_REQ(MP_QSTR_service_id),
    SHIM_ARG_REQ(MP_QSTR_properties),
    SHIM_ARG_OPT(MP_QSTR_event_time));

// properties_report_services and properties_get_response: the same document.
static void shim_enc_services_report(shim_enc_t *e) {
    shim_check(hwc_properties_report_begin(&e->w), NULL, NULL);
    shim_enc_services(e, e->args[0], NULL, "services");
    shim_check(hwc_properties_report_end(&e->w), NULL, NULL);
}

SHIM_ENCODER(properties_report_services, shim_enc_services_report, SHIM_ARG_REQ(MP_QSTR_services));
// The same function: a get response is a report of the services asked for.
static MP_DEFINE_CONST_FUN_OBJ_KW(hwcmod_properties_get_response_obj, 0, hwcmod_properties_report_services);

static void shim_enc_gateway_report(shim_enc_t *e) {
    mp_obj_t *items;
    size_t n = shim_arg_seq(e->args[0], &items, NULL, "devices");
    shim_check(hwc_gateway_report_begin(&e->w), NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        shim_where_t w = { NULL, "devices", (mp_int_t)i };
        mp_obj_t *f;
        size_t nf = 0;
        if (shim_is_seq(items[i])) {
            mp_obj_get_array(items[i], &nf, &f);
        }
        if (nf != 2) {
            shim_raise(&mp_type_TypeError, &w, NULL, NULL, 0, "expected (device_id, services), not %s",
                mp_obj_get_type_str(items[i]));
        }
        shim_text_t id = shim_arg_text(f[0], &w, "device_id");
        shim_check(hwc_gateway_device_begin(&e->w, id.ptr, id.len), &w, "device_id");
        shim_enc_services(e, f[1], &w, "services");
        shim_check(hwc_gateway_device_end(&e->w), &w, NULL);
    }
    shim_check(hwc_gateway_report_end(&e->w), NULL, NULL);
}

SHIM_ENCODER(gateway_report, shim_enc_gateway_report, SHIM_ARG_REQ(MP_QSTR_devices));

static void shim_enc_properties_set_response(shim_enc_t *e) {
    int64_t code = shim_arg_i64_default(e->args[0], 0, "result_code");
    shim_text_t desc = shim_arg_opt_text(e->args[1], NULL, "result_desc");
    shim_check(hwc_properties_set_response(&e->w, code, desc.ptr, desc.len), NULL, "result_desc");
}

SHIM_ENCODER(properties_set_response, shim_enc_properties_set_response,
    SHIM_ARG_OPT(MP_QSTR_result_code),
    SHIM_ARG_OPT(MP_QSTR_result_desc));

static void shim_enc_command_response(shim_enc_t *e) {
    int64_t code = shim_arg_i64_default(e->args[0], 0, "result_code");
    shim_text_t name = shim_arg_opt_text(e->args[1], NULL, "response_name");
    mp_obj_t paras = e->args[2];
    if (!shim_absent(paras)) {
        shim_require_dict(paras, NULL, "paras");
    }
    shim_check(hwc_command_response_begin(&e->w, code, name.ptr, name.len), NULL, "response_name");
    if (!shim_absent(paras)) {
        shim_check(hwc_command_response_paras_begin(&e->w), NULL, "paras");
        shim_write_json(e, paras, NULL, "paras", true);
        shim_check(hwc_command_response_paras_end(&e->w), NULL, "paras");
    }
    shim_check(hwc_command_response_end(&e->w), NULL, NULL);
}

SHIM_ENCODER(command_response, shim_enc_command_response,
    SHIM_ARG_OPT(MP_QSTR_result_code),
    SHIM_ARG_OPT(MP_QSTR_response_name),
    SHIM_ARG_OPT(MP_QSTR_paras));

static void shim_enc_message(shim_enc_t *e) {
    mp_obj_t content = e->args[0];
    shim_text_t text = { NULL, 0 };
    bool dict = content != MP_OBJ_NULL && shim_is_dict(content);
    if (!dict && !shim_text_maybe(content, &text)) {
        shim_raise_type(NULL, "content", "str or dict", content);
    }
    shim_named_t n[3] = {
        { "object_device_id", shim_arg_opt_text(e->args[1], NULL, "object_device_id"), SHIM_T_TEXT },
        { "name", shim_arg_opt_text(e->args[2], NULL, "name"), SHIM_T_TEXT },
        { "id", shim_arg_opt_text(e->args[3], NULL, "id"), SHIM_T_TEXT },
    };
    shim_check_n(hwc_message_begin(&e->w, n[0].t.ptr, n[0].t.len, n[1].t.ptr, n[1].t.len, n[2].t.ptr, n[2].t.len),
        NULL, n, 3, NULL);
    if (dict) {
        shim_write_json(e, content, NULL, "content", false);
    } else {
        shim_check(hwc_json_string(&e->w, text.ptr, text.len), NULL, "content");
    }
    shim_check(hwc_message_end(&e->w), NULL, NULL);
}

SHIM_ENCODER(message, shim_enc_message,
    SHIM_ARG_REQ(MP_QSTR_content),
    SHIM_ARG_OPT(MP_QSTR_object_device_id),
    SHIM_ARG_OPT(MP_QSTR_name),
    SHIM_ARG_OPT(MP_QSTR_id));

static void shim_enc_shadow_get_request(shim_enc_t *e) {
    shim_named_t n[2] = {
        { "service_id", shim_arg_opt_text(e->args[0], NULL, "service_id"), SHIM_T_TEXT },
        { "object_device_id", shim_arg_opt_text(e->args[1], NULL, "object_device_id"), SHIM_T_TEXT },
    };
    shim_check_n(hwc_shadow_get_request(&e->w, n[1].t.ptr, n[1].t.len, n[0].t.ptr, n[0].t.len), NULL, n, 2, NULL);
}

SHIM_ENCODER(shadow_get_request, shim_enc_shadow_get_request,
    SHIM_ARG_OPT(MP_QSTR_service_id),
    SHIM_ARG_OPT(MP_QSTR_object_device_id));

static void shim_enc_event(shim_enc_t *e) {
    shim_text_t odid = shim_arg_opt_text(e->args[5], NULL, "object_device_id");
    shim_named_t n[4] = {
        { "service_id", shim_arg_text(e->args[0], NULL, "service_id"), SHIM_T_TEXT },
        { "event_type", shim_arg_text(e->args[1], NULL, "event_type"), SHIM_T_TEXT },
        { "event_time", shim_arg_opt_text(e->args[3], NULL, "event_time"), SHIM_T_TIME },
        { "event_id", shim_arg_opt_text(e->args[4], NULL, "event_id"), SHIM_T_TEXT },
    };
    mp_obj_t paras = e->args[2];
    if (!shim_absent(paras)) {
        shim_require_dict(paras, NULL, "paras");
    }
    shim_check(hwc_events_begin(&e->w, odid.ptr, odid.len), NULL, "object_device_id");
    shim_check_n(hwc_event_begin(&e->w, n[0].t.ptr, n[0].t.len, n[1].t.ptr, n[1].t.len, n[2].t.ptr, n[2].t.len,
        n[3].t.ptr, n[3].t.len), NULL, n, 4, NULL);
    if (!shim_absent(paras)) {
        shim_write_json(e, paras, NULL, "paras", true);
    }
    shim_check(hwc_event_end(&e->w), NULL, NULL);
    shim_check(hwc_events_end(&e->w), NULL, NULL);
}

SHIM_ENCODER(event, shim_enc_event,
    SHIM_ARG_REQ(MP_QSTR_service_id),
    SHIM_ARG_REQ(MP_QSTR_event_type),
    SHIM_ARG_REQ(MP_QSTR_paras),
    SHIM_ARG_OPT(MP_QSTR_event_time),
    SHIM_ARG_OPT(MP_QSTR_event_id),
    SHIM_ARG_OPT(MP_QSTR_object_device_id));

static void shim_enc_ota_version_report(shim_enc_t *e) {
    shim_named_t n[3] = {
        { "sw_version", shim_arg_opt_text(e->args[0], NULL, "sw_version"), SHIM_T_TEXT },
        { "fw_version", shim_arg_opt_text(e->args[1], NULL, "fw_version"), SHIM_T_TEXT },
        { "event_time", shim_arg_opt_text(e->args[2], NULL, "event_time"), SHIM_T_TIME },
    };
    shim_check_n(hwc_ota_version_report(&e->w, n[0].t.ptr, n[0].t.len, n[1].t.ptr, n[1].t.len, n[2].t.ptr, n[2].t.len),
        NULL, n, 3, NULL);
}

SHIM_ENCODER(ota_version_report, shim_enc_ota_version_report,
    SHIM_ARG_OPT(MP_QSTR_sw_version),
    SHIM_ARG_OPT(MP_QSTR_fw_version),
    SHIM_ARG_OPT(MP_QSTR_event_time));

static void shim_enc_ota_progress_report(shim_enc_t *e) {
    int64_t code = shim_arg_i64(e->args[0], NULL, "result_code");
    int32_t progress = -1;  // the library's "absent"
    if (!shim_absent(e->args[2])) {
        // Any int the library must reject (negative, huge) maps to INT32_MIN.
        int64_t p = shim_arg_i64(e->args[2], NULL, "progress");
        progress = (p < 0 || p > INT32_MAX) ? INT32_MIN : (int32_t)p;
    }
    shim_named_t n[3] = {
        { "version", shim_arg_text(e->args[1], NULL, "version"), SHIM_T_TEXT },
        { "description", shim_arg_opt_text(e->args[3], NULL, "description"), SHIM_T_TEXT },
        { "event_time", shim_arg_opt_text(e->args[4], NULL, "event_time"), SHIM_T_TIME },
    };
    shim_check_n(hwc_ota_progress_report(&e->w, code, progress, n[0].t.ptr, n[0].t.len, n[1].t.ptr, n[1].t.len,
        n[2].t.ptr, n[2].t.len), NULL, n, 3, "progress");
}

SHIM_ENCODER(ota_progress_report, shim_enc_ota_progress_report,
    SHIM_ARG_REQ(MP_QSTR_result_code),
    SHIM_ARG_REQ(MP_QSTR_version),
    SHIM_ARG_OPT(MP_QSTR_progress),
    SHIM_ARG_OPT(MP_QSTR_description),
    SHIM_ARG_OPT(MP_QSTR_event_time));

static void shim_enc_time_sync_request(shim_enc_t *e) {
    int64_t ms = shim_arg_i64(e->args[0], NULL, "device_send_time_ms");
    shim_text_t et = shim_arg_opt_text(e->args[1], NULL, "event_time");
    shim_check(hwc_time_sync_request(&e->w, ms, et.ptr, et.len), NULL, "event_time");
}

SHIM_ENCODER(time_sync_request, shim_enc_time_sync_request,
    SHIM_ARG_REQ(MP_QSTR_device_send_time_ms),
    SHIM_ARG_OPT(MP_QSTR_event_time));

static void shim_enc_sdk_info_report(shim_enc_t *e) {
    shim_named_t n[5] = {
        { "device_sdk_version", shim_arg_opt_text(e->args[0], NULL, "device_sdk_version"), SHIM_T_TEXT },
        { "sw_version", shim_arg_opt_text(e->args[1], NULL, "sw_version"), SHIM_T_TEXT },
        { "fw_version", shim_arg_opt_text(e->args[2], NULL, "fw_version"), SHIM_T_TEXT },
        { "device_ip", shim_arg_opt_text(e->args[3], NULL, "device_ip"), SHIM_T_TEXT },
        { "event_time", shim_arg_opt_text(e->args[4], NULL, "event_time"), SHIM_T_TIME },
    };
    shim_check_n(hwc_sdk_info_report(&e->w, n[0].t.ptr, n[0].t.len, n[1].t.ptr, n[1].t.len, n[2].t.ptr, n[2].t.len,
        n[3].t.ptr, n[3].t.len, n[4].t.ptr, n[4].t.len), NULL, n, 5, NULL);
}

SHIM_ENCODER(sdk_info_report, shim_enc_sdk_info_report,
    SHIM_ARG_OPT(MP_QSTR_device_sdk_version),
    SHIM_ARG_OPT(MP_QSTR_sw_version),
    SHIM_ARG_OPT(MP_QSTR_fw_version),
    SHIM_ARG_OPT(MP_QSTR_device_ip),
    SHIM_ARG_OPT(MP_QSTR_event_time));

static void shim_enc_sub_device_sync_request(shim_enc_t *e) {
    int64_t version = shim_arg_i64(e->args[0], NULL, "version");
    shim_text_t et = shim_arg_opt_text(e->args[1], NULL, "event_time");
    shim_check(hwc_sub_device_sync_request(&e->w, version, et.ptr, et.len), NULL, "event_time");
}

SHIM_ENCODER(sub_device_sync_request, shim_enc_sub_device_sync_request,
    SHIM_ARG_REQ(MP_QSTR_version),
    SHIM_ARG_OPT(MP_QSTR_event_time));

// Gateway list events: (list, event_time=None, event_id=None, *, into=None).
static mp_obj_t *shim_sub_devices_begin_list(shim_enc_t *e, uint32_t kind, const char *name, size_t *n) {
    mp_obj_t *items;
    *n = shim_arg_seq(e->args[0], &items, NULL, name);
    shim_named_t a[2] = {
        { "event_time", shim_arg_opt_text(e->args[1], NULL, "event_time"), SHIM_T_TIME },
        { "event_id", shim_arg_opt_text(e->args[2], NULL, "event_id"), SHIM_T_TEXT },
    };
    shim_check_n(hwc_sub_devices_begin(&e->w, kind, a[0].t.ptr, a[0].t.len, a[1].t.ptr, a[1].t.len), NULL, a, 2, NULL);
    return items;
}

// The keys a device dict of add_sub_devices may have, in the order of
// hwc_sub_device_add_item's parameters.
static const qstr shim_add_keys[6] = {
    MP_QSTR_node_id, MP_QSTR_product_id, MP_QSTR_device_id, MP_QSTR_name, MP_QSTR_description, MP_QSTR_parent_device_id,
};

static void shim_enc_add_sub_devices(shim_enc_t *e) {
    size_t n;
    mp_obj_t *items = shim_sub_devices_begin_list(e, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, "devices", &n);
    for (size_t i = 0; i < n; i++) {
        shim_where_t w = { NULL, "devices", (mp_int_t)i };
        if (!shim_is_dict(items[i])) {
            shim_raise_type(&w, NULL, "dict", items[i]);
        }
        mp_map_t *map = &((mp_obj_dict_t *)MP_OBJ_TO_PTR(items[i]))->map;
        for (size_t s = 0; s < map->alloc; s++) {
            if (!shim_slot_filled(map, s)) {
                continue;
            }
            mp_obj_t key = map->table[s].key;
            bool known = false;
            for (size_t k = 0; k < MP_ARRAY_SIZE(shim_add_keys) && mp_obj_is_str(key); k++) {
                known = known || mp_obj_equal(key, MP_OBJ_NEW_QSTR(shim_add_keys[k]));
            }
            if (!known) {
                vstr_t v;
                vstr_init(&v, 16);
                mp_print_t p = { &v, (mp_print_strn_t)vstr_add_strn };
                mp_obj_print_helper(&p, key, PRINT_REPR);
                shim_raise(&mp_type_TypeError, &w, NULL, NULL, 0, "unexpected key %s", vstr_null_terminated_str(&v));
            }
        }
        shim_named_t f[6];
        for (size_t k = 0; k < 6; k++) {
            mp_map_elem_t *el = mp_map_lookup(map, MP_OBJ_NEW_QSTR(shim_add_keys[k]), MP_MAP_LOOKUP);
            f[k].name = qstr_str(shim_add_keys[k]);
            f[k].kind = SHIM_T_TEXT;
            if (k < 2 && el == NULL) {
                shim_raise(&mp_type_TypeError, &w, NULL, NULL, 0, "missing '%s'", f[k].name);
            }
            f[k].t = k < 2 ? shim_arg_text(el->value, &w, f[k].name)
                : shim_arg_opt_text(el == NULL ? MP_OBJ_NULL : el->value, &w, f[k].name);
        }
        shim_check_n(hwc_sub_device_add_item(&e->w, f[0].t.ptr, f[0].t.len, f[1].t.ptr, f[1].t.len, f[2].t.ptr, f[2].t.len,
            f[3].t.ptr, f[3].t.len, f[4].t.ptr, f[4].t.len, f[5].t.ptr, f[5].t.len), &w, f, 6, NULL);
    }
    shim_check(hwc_sub_devices_end(&e->w), NULL, NULL);
}

static void shim_enc_delete_sub_devices(shim_enc_t *e) {
    size_t n;
    mp_obj_t *items = shim_sub_devices_begin_list(e, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, "device_ids", &n);
    for (size_t i = 0; i < n; i++) {
        shim_where_t w = { NULL, "device_ids", (mp_int_t)i };
        shim_text_t id = shim_arg_text(items[i], &w, NULL);
        shim_check(hwc_sub_device_delete_item(&e->w, id.ptr, id.len), &w, NULL);
    }
    shim_check(hwc_sub_devices_end(&e->w), NULL, NULL);
}

static void shim_enc_update_sub_device_status(shim_enc_t *e) {
    size_t n;
    mp_obj_t *items = shim_sub_devices_begin_list(e, HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, "statuses", &n);
    for (size_t i = 0; i < n; i++) {
        shim_where_t w = { NULL, "statuses", (mp_int_t)i };
        mp_obj_t *f;
        size_t nf = 0;
        if (shim_is_seq(items[i])) {
            mp_obj_get_array(items[i], &nf, &f);
        }
        if (nf != 2) {
            shim_raise(&mp_type_TypeError, &w, NULL, NULL, 0, "expected (device_id, online), not %s",
                mp_obj_get_type_str(items[i]));
        }
        shim_text_t id = shim_arg_text(f[0], &w, "device_id");
        if (f[1] != mp_const_true && f[1] != mp_const_false) {
            shim_raise_type(&w, "online", "bool", f[1]);
        }
        shim_check(hwc_sub_device_status_item(&e->w, id.ptr, id.len, f[1] == mp_const_true), &w, "device_id");
    }
    shim_check(hwc_sub_devices_end(&e->w), NULL, NULL);
}

SHIM_ENCODER(add_sub_devices, shim_enc_add_sub_devices,
    SHIM_ARG_REQ(MP_QSTR_devices), SHIM_ARG_OPT(MP_QSTR_event_time), SHIM_ARG_OPT(MP_QSTR_event_id));
SHIM_ENCODER(delete_sub_devices, shim_enc_delete_sub_devices,
    SHIM_ARG_REQ(MP_QSTR_device_ids), SHIM_ARG_OPT(MP_QSTR_event_time), SHIM_ARG_OPT(MP_QSTR_event_id));
SHIM_ENCODER(update_sub_device_status, shim_enc_update_sub_device_status,
    SHIM_ARG_REQ(MP_QSTR_statuses), SHIM_ARG_OPT(MP_QSTR_event_time), SHIM_ARG_OPT(MP_QSTR_event_id));

// ---------------------------------------------------------------------------
// Downlink payloads: the library's reader and typed decoders validate; the
// values are converted to str/int/float/bool/None/dict/list here.

static mp_obj_t shim_unescape(const hwc_json_value *v, const shim_where_t *up, const char *name) {
    char buf[SHIM_STACK_STR];
    size_t len = 0;
    int32_t rc = hwc_json_unescape(v, buf, sizeof(buf), &len);
    if (rc == HWC_RESULT_OK) {
        return shim_str(buf, len);
    }
    if (rc != HWC_RESULT_BUFFER_TOO_SMALL) {
        shim_raise_rc(up, name, rc);
    }
    vstr_t s;
    vstr_init_len(&s, len);
    size_t len2 = 0;
    rc = hwc_json_unescape(v, s.buf, len, &len2);
    if (rc != HWC_RESULT_OK || len2 != len) {
        shim_raise_rc(up, name, rc < 0 ? rc : HWC_RESULT_MALFORMED_JSON);
    }
    return SHIM_NEW_STR_FROM_VSTR(&s);
}

static mp_obj_t shim_number(const hwc_json_value *v, const shim_where_t *up, const char *name) {
    int64_t i;
    int32_t rc = hwc_json_to_i64(v, &i);
    if (rc == HWC_RESULT_OK) {
        return shim_new_i64(i);
    }
    if (rc == HWC_RESULT_OUT_OF_RANGE) {
        return mp_parse_num_integer(v->ptr, v->len, 10, NULL);
    }
    if (rc == HWC_RESULT_WRONG_TYPE) {  // a fraction or an exponent
        #if MICROPY_PY_BUILTINS_FLOAT
        // float(str): the same parser in every MicroPython version.
        return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_float), mp_obj_new_str(v->ptr, v->len));
        #else
        mp_raise_ValueError(MP_ERROR_TEXT("huaweicloud: no float support"));
        #endif
    }
    shim_raise_rc(up, name, rc);
}

// Any JSON text to Python objects, with an explicit stack of open containers.
static mp_obj_t shim_build(const char *json, size_t len, const shim_where_t *up, const char *name) {
    hwc_json_reader r;
    shim_check(hwc_json_reader_init(&r, json, len), up, name);
    mp_obj_t stack[HWC_JSON_MAX_DEPTH];
    size_t sp = 0;
    mp_obj_t key = MP_OBJ_NULL;
    mp_obj_t root = mp_const_none;
    for (;;) {
        hwc_json_value t;
        int32_t rc = hwc_json_next_token(&r, &t);
        if (rc == HWC_RESULT_NO_MATCH) {
            return root;
        }
        shim_check(rc, up, name);
        mp_obj_t v;
        bool open = false;
        switch (t.kind) {
            case HWC_JSON_KIND_KEY:
                key = shim_unescape(&t, up, name);
                continue;
            case HWC_JSON_KIND_OBJECT_END:
            case HWC_JSON_KIND_ARRAY_END:
                if (sp > 0) {
                    sp--;
                }
                continue;
            case HWC_JSON_KIND_OBJECT:
                v = mp_obj_new_dict(0);
                open = true;
                break;
            case HWC_JSON_KIND_ARRAY:
                v = mp_obj_new_list(0, NULL);
                open = true;
                break;
            case HWC_JSON_KIND_STRING:
                v = shim_unescape(&t, up, name);
                break;
            case HWC_JSON_KIND_NUMBER:
                v = shim_number(&t, up, name);
                break;
            case HWC_JSON_KIND_TRUE:
                v = mp_const_true;
                break;
            case HWC_JSON_KIND_FALSE:
                v = mp_const_false;
                break;
            default:
                v = mp_const_none;
                break;
        }
        if (sp == 0) {
            root = v;
        } else if (mp_obj_is_type(stack[sp - 1], &mp_type_list)) {
            mp_obj_list_append(stack[sp - 1], v);
        } else {
            mp_obj_dict_store(stack[sp - 1], key, v);
        }
        if (open) {
            if (sp >= MP_ARRAY_SIZE(stack)) {
                shim_raise_rc(up, name, HWC_RESULT_NESTING_TOO_DEEP);
            }
            stack[sp++] = v;
        }
    }
}

// A decoded field: absent and null are None.
static mp_obj_t shim_value(const hwc_json_value *v, const shim_where_t *up, const char *name) {
    switch (v->kind) {
        case HWC_JSON_KIND_STRING:
            return shim_unescape(v, up, name);
        case HWC_JSON_KIND_NUMBER:
            return shim_number(v, up, name);
        case HWC_JSON_KIND_TRUE:
            return mp_const_true;
        case HWC_JSON_KIND_FALSE:
            return mp_const_false;
        case HWC_JSON_KIND_OBJECT:
        case HWC_JSON_KIND_ARRAY:
            return shim_build(v->ptr, v->len, up, name);
        default:
            return mp_const_none;
    }
}

static bool shim_present(const hwc_json_value *v) {
    return v->kind != HWC_JSON_KIND_ABSENT && v->kind != HWC_JSON_KIND_NULL;
}

static void shim_store(mp_obj_t dict, qstr key, mp_obj_t value) {
    mp_obj_dict_store(dict, MP_OBJ_NEW_QSTR(key), value);
}

static void shim_store_value(mp_obj_t dict, qstr key, const hwc_json_value *v, const shim_where_t *up) {
    shim_store(dict, key, shim_value(v, up, qstr_str(key)));
}

// The items of an array field (absent or null: none), each converted by `fn`.
typedef mp_obj_t (*shim_item_fn)(const hwc_json_value *item, const shim_where_t *at);

static mp_obj_t shim_list(const hwc_json_value *arr, const shim_where_t *up, const char *name, shim_item_fn fn) {
    mp_obj_t list = mp_obj_new_list(0, NULL);
    if (!shim_present(arr)) {
        return list;
    }
    hwc_json_reader r;
    shim_check(hwc_json_reader_open(&r, arr->ptr, arr->len, HWC_JSON_KIND_ARRAY), up, name);
    for (mp_int_t i = 0;; i++) {
        hwc_json_value item;
        int32_t rc = hwc_json_next_value(&r, &item);
        if (rc == HWC_RESULT_NO_MATCH) {
            return list;
        }
        shim_check(rc, up, name);
        shim_where_t w = { up, name, i };
        mp_obj_list_append(list, fn(&item, &w));
    }
}

static shim_text_t shim_payload(mp_obj_t o) {
    return shim_arg_text(o, NULL, "payload");
}

static mp_obj_t hwcmod_loads(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    return shim_build(p.ptr, p.len, NULL, "payload");
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_loads_obj, hwcmod_loads);

static mp_obj_t hwcmod_command_request(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    hwc_command_request c;
    shim_check(hwc_decode_command_request(p.ptr, p.len, &c), NULL, "payload");
    mp_obj_t d = mp_obj_new_dict(4);
    shim_store_value(d, MP_QSTR_object_device_id, &c.object_device_id, NULL);
    shim_store_value(d, MP_QSTR_service_id, &c.service_id, NULL);
    shim_store_value(d, MP_QSTR_command_name, &c.command_name, NULL);
    shim_store_value(d, MP_QSTR_paras, &c.paras, NULL);
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_command_request_obj, hwcmod_command_request);

static mp_obj_t shim_service_item(const hwc_json_value *item, const shim_where_t *at) {
    hwc_service s;
    shim_check(hwc_decode_service(item->ptr, item->len, &s), at, NULL);
    mp_obj_t d = mp_obj_new_dict(3);
    shim_store_value(d, MP_QSTR_service_id, &s.service_id, at);
    shim_store_value(d, MP_QSTR_properties, &s.properties, at);
    shim_store_value(d, MP_QSTR_event_time, &s.event_time, at);
    return d;
}

static mp_obj_t hwcmod_properties_set_request(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    hwc_properties_set_request s;
    shim_check(hwc_decode_properties_set_request(p.ptr, p.len, &s), NULL, "payload");
    mp_obj_t d = mp_obj_new_dict(2);
    shim_store_value(d, MP_QSTR_object_device_id, &s.object_device_id, NULL);
    shim_store(d, MP_QSTR_services, shim_list(&s.services, NULL, "services", shim_service_item));
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_properties_set_request_obj, hwcmod_properties_set_request);

static mp_obj_t hwcmod_properties_get_request(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    hwc_properties_get_request g;
    shim_check(hwc_decode_properties_get_request(p.ptr, p.len, &g), NULL, "payload");
    mp_obj_t d = mp_obj_new_dict(2);
    shim_store_value(d, MP_QSTR_object_device_id, &g.object_device_id, NULL);
    shim_store_value(d, MP_QSTR_service_id, &g.service_id, NULL);
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_properties_get_request_obj, hwcmod_properties_get_request);

static mp_obj_t hwcmod_message_down(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    hwc_message_down m;
    int32_t rc = hwc_decode_message_down(p.ptr, p.len, &m);
    if (rc == HWC_RESULT_NO_MATCH) {
        return mp_const_none;  // a raw message: use the payload as it is
    }
    shim_check(rc, NULL, "payload");
    mp_obj_t d = mp_obj_new_dict(4);
    shim_store_value(d, MP_QSTR_object_device_id, &m.object_device_id, NULL);
    shim_store_value(d, MP_QSTR_name, &m.name, NULL);
    shim_store_value(d, MP_QSTR_id, &m.id, NULL);
    shim_store_value(d, MP_QSTR_content, &m.content, NULL);
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_message_down_obj, hwcmod_message_down);

static mp_obj_t shim_shadow_props(const hwc_json_value *v, const shim_where_t *at, const char *name) {
    if (!shim_present(v)) {
        return mp_const_none;
    }
    hwc_shadow_properties s;
    shim_check(hwc_decode_shadow_properties(v->ptr, v->len, &s), at, name);
    shim_where_t w = { at, name, -1 };
    mp_obj_t d = mp_obj_new_dict(2);
    shim_store_value(d, MP_QSTR_properties, &s.properties, &w);
    shim_store_value(d, MP_QSTR_event_time, &s.event_time, &w);
    return d;
}

static mp_obj_t shim_shadow_item(const hwc_json_value *item, const shim_where_t *at) {
    hwc_shadow_entry s;
    shim_check(hwc_decode_shadow_entry(item->ptr, item->len, &s), at, NULL);
    mp_obj_t d = mp_obj_new_dict(4);
    shim_store_value(d, MP_QSTR_service_id, &s.service_id, at);
    shim_store(d, MP_QSTR_desired, shim_shadow_props(&s.desired, at, "desired"));
    shim_store(d, MP_QSTR_reported, shim_shadow_props(&s.reported, at, "reported"));
    shim_store_value(d, MP_QSTR_version, &s.version, at);
    return d;
}

static mp_obj_t hwcmod_shadow_response(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    hwc_shadow_response s;
    shim_check(hwc_decode_shadow_response(p.ptr, p.len, &s), NULL, "payload");
    mp_obj_t d = mp_obj_new_dict(2);
    shim_store_value(d, MP_QSTR_object_device_id, &s.object_device_id, NULL);
    shim_store(d, MP_QSTR_shadow, shim_list(&s.shadow, NULL, "shadow", shim_shadow_item));
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_shadow_response_obj, hwcmod_shadow_response);

// Typed validation of event parameters (the values are converted generically).
static mp_obj_t shim_check_device_info(const hwc_json_value *item, const shim_where_t *at) {
    hwc_device_info d;
    shim_check(hwc_decode_device_info(item->ptr, item->len, &d), at, NULL);
    return mp_const_none;
}

static mp_obj_t shim_check_failed_device(const hwc_json_value *item, const shim_where_t *at) {
    hwc_failed_device d;
    shim_check(hwc_decode_failed_device(item->ptr, item->len, &d), at, NULL);
    return mp_const_none;
}

static mp_obj_t shim_check_string_item(const hwc_json_value *item, const shim_where_t *at) {
    if (item->kind != HWC_JSON_KIND_STRING) {
        shim_raise_rc(at, NULL, HWC_RESULT_WRONG_TYPE);
    }
    return mp_const_none;
}

static void shim_check_event_paras(uint32_t kind, const hwc_json_value *paras, const shim_where_t *at) {
    const char *p = "{}";  // absent paras: checked as an empty object
    size_t n = 2;
    if (shim_present(paras)) {
        p = paras->ptr;
        n = paras->len;
    }
    shim_where_t w = { at, "paras", -1 };
    int32_t rc = HWC_RESULT_OK;
    switch (kind) {
        case HWC_EVENT_KIND_OTA_VERSION_QUERY: {
            hwc_version_query q;
            rc = hwc_decode_version_query(p, n, &q);
            break;
        }
        case HWC_EVENT_KIND_OTA_FIRMWARE_UPGRADE:
        case HWC_EVENT_KIND_OTA_SOFTWARE_UPGRADE:
        case HWC_EVENT_KIND_OTA_FIRMWARE_UPGRADE_V2:
        case HWC_EVENT_KIND_OTA_SOFTWARE_UPGRADE_V2: {
            hwc_upgrade u;
            rc = hwc_decode_upgrade(p, n, &u);
            break;
        }
        case HWC_EVENT_KIND_TIME_SYNC_RESPONSE: {
            hwc_time_sync_response t;
            rc = hwc_decode_time_sync_response(p, n, &t);
            break;
        }
        case HWC_EVENT_KIND_ADD_SUB_DEVICE_NOTIFY:
        case HWC_EVENT_KIND_DELETE_SUB_DEVICE_NOTIFY: {
            hwc_sub_device_notify s;
            shim_check(hwc_decode_sub_device_notify(p, n, &s), at, "paras");
            shim_list(&s.devices, &w, "devices", shim_check_device_info);
            break;
        }
        case HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS_RESPONSE:
        case HWC_EVENT_KIND_ADD_SUB_DEVICE_RESPONSE:
        case HWC_EVENT_KIND_DELETE_SUB_DEVICE_RESPONSE: {
            hwc_sub_device_response s;
            shim_check(hwc_decode_sub_device_response(p, n, &s), at, "paras");
            // Delete responses list device id strings; the others device infos.
            shim_list(&s.successful_devices, &w, "successful_devices",
                kind == HWC_EVENT_KIND_DELETE_SUB_DEVICE_RESPONSE ? shim_check_string_item : shim_check_device_info);
            shim_list(&s.failed_devices, &w, "failed_devices", shim_check_failed_device);
            break;
        }
        default:
            break;
    }
    shim_check(rc, at, "paras");
}

static mp_obj_t shim_event_item(const hwc_json_value *item, const shim_where_t *at) {
    hwc_event ev;
    shim_check(hwc_decode_event(item->ptr, item->len, &ev), at, NULL);
    shim_check_event_paras(ev.kind, &ev.paras, at);
    mp_obj_t d = mp_obj_new_dict(6);
    shim_store(d, MP_QSTR_kind, mp_obj_new_int_from_uint(ev.kind));
    shim_store_value(d, MP_QSTR_service_id, &ev.service_id, at);
    shim_store_value(d, MP_QSTR_event_type, &ev.event_type, at);
    shim_store_value(d, MP_QSTR_event_time, &ev.event_time, at);
    shim_store_value(d, MP_QSTR_event_id, &ev.event_id, at);
    shim_store(d, MP_QSTR_paras, shim_present(&ev.paras) ? shim_value(&ev.paras, at, "paras") : mp_obj_new_dict(0));
    return d;
}

static mp_obj_t hwcmod_events(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    hwc_events ev;
    shim_check(hwc_decode_events(p.ptr, p.len, &ev), NULL, "payload");
    mp_obj_t d = mp_obj_new_dict(2);
    shim_store_value(d, MP_QSTR_object_device_id, &ev.object_device_id, NULL);
    shim_store(d, MP_QSTR_services, shim_list(&ev.services, NULL, "services", shim_event_item));
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_events_obj, hwcmod_events);

static mp_obj_t hwcmod_bootstrap(mp_obj_t payload_in) {
    shim_text_t p = shim_payload(payload_in);
    hwc_bootstrap b;
    shim_check(hwc_decode_bootstrap(p.ptr, p.len, &b), NULL, "payload");
    mp_obj_t d = mp_obj_new_dict(2);
    shim_store_value(d, MP_QSTR_address, &b.address, NULL);
    shim_store_value(d, MP_QSTR_device_secret, &b.device_secret, NULL);
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hwcmod_bootstrap_obj, hwcmod_bootstrap);

// ---------------------------------------------------------------------------
// Module table.

static const mp_rom_map_elem_t huaweicloud_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_huaweicloud) },

    // Topic kinds (hwc_topic_kind).
    { MP_ROM_QSTR(MP_QSTR_MESSAGES_UP), MP_ROM_INT(HWC_TOPIC_KIND_MESSAGES_UP) },
    { MP_ROM_QSTR(MP_QSTR_MESSAGES_DOWN), MP_ROM_INT(HWC_TOPIC_KIND_MESSAGES_DOWN) },
    { MP_ROM_QSTR(MP_QSTR_COMMAND_REQUEST), MP_ROM_INT(HWC_TOPIC_KIND_COMMAND_REQUEST) },
    { MP_ROM_QSTR(MP_QSTR_COMMAND_RESPONSE), MP_ROM_INT(HWC_TOPIC_KIND_COMMAND_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_PROPERTIES_REPORT), MP_ROM_INT(HWC_TOPIC_KIND_PROPERTIES_REPORT) },
    { MP_ROM_QSTR(MP_QSTR_GATEWAY_PROPERTIES_REPORT), MP_ROM_INT(HWC_TOPIC_KIND_GATEWAY_PROPERTIES_REPORT) },
    { MP_ROM_QSTR(MP_QSTR_PROPERTIES_SET_REQUEST), MP_ROM_INT(HWC_TOPIC_KIND_PROPERTIES_SET_REQUEST) },
    { MP_ROM_QSTR(MP_QSTR_PROPERTIES_SET_RESPONSE), MP_ROM_INT(HWC_TOPIC_KIND_PROPERTIES_SET_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_PROPERTIES_GET_REQUEST), MP_ROM_INT(HWC_TOPIC_KIND_PROPERTIES_GET_REQUEST) },
    { MP_ROM_QSTR(MP_QSTR_PROPERTIES_GET_RESPONSE), MP_ROM_INT(HWC_TOPIC_KIND_PROPERTIES_GET_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_SHADOW_GET_REQUEST), MP_ROM_INT(HWC_TOPIC_KIND_SHADOW_GET_REQUEST) },
    { MP_ROM_QSTR(MP_QSTR_SHADOW_GET_RESPONSE), MP_ROM_INT(HWC_TOPIC_KIND_SHADOW_GET_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_EVENTS_UP), MP_ROM_INT(HWC_TOPIC_KIND_EVENTS_UP) },
    { MP_ROM_QSTR(MP_QSTR_EVENTS_DOWN), MP_ROM_INT(HWC_TOPIC_KIND_EVENTS_DOWN) },
    { MP_ROM_QSTR(MP_QSTR_BOOTSTRAP_UP), MP_ROM_INT(HWC_TOPIC_KIND_BOOTSTRAP_UP) },
    { MP_ROM_QSTR(MP_QSTR_BOOTSTRAP_DOWN), MP_ROM_INT(HWC_TOPIC_KIND_BOOTSTRAP_DOWN) },
    { MP_ROM_QSTR(MP_QSTR_USER), MP_ROM_INT(HWC_TOPIC_KIND_USER) },

    // Sign types (hwc_sign_type).
    { MP_ROM_QSTR(MP_QSTR_SIGN_NO_TIME_CHECK), MP_ROM_INT(HWC_SIGN_TYPE_NO_TIME_CHECK) },
    { MP_ROM_QSTR(MP_QSTR_SIGN_TIME_CHECK), MP_ROM_INT(HWC_SIGN_TYPE_TIME_CHECK) },

    // Event kinds (hwc_event_kind).
    { MP_ROM_QSTR(MP_QSTR_EVENT_UNKNOWN), MP_ROM_INT(HWC_EVENT_KIND_UNKNOWN) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_OTA_VERSION_QUERY), MP_ROM_INT(HWC_EVENT_KIND_OTA_VERSION_QUERY) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_OTA_VERSION_REPORT), MP_ROM_INT(HWC_EVENT_KIND_OTA_VERSION_REPORT) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_OTA_FIRMWARE_UPGRADE), MP_ROM_INT(HWC_EVENT_KIND_OTA_FIRMWARE_UPGRADE) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_OTA_SOFTWARE_UPGRADE), MP_ROM_INT(HWC_EVENT_KIND_OTA_SOFTWARE_UPGRADE) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_OTA_FIRMWARE_UPGRADE_V2), MP_ROM_INT(HWC_EVENT_KIND_OTA_FIRMWARE_UPGRADE_V2) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_OTA_SOFTWARE_UPGRADE_V2), MP_ROM_INT(HWC_EVENT_KIND_OTA_SOFTWARE_UPGRADE_V2) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_OTA_UPGRADE_PROGRESS_REPORT), MP_ROM_INT(HWC_EVENT_KIND_OTA_UPGRADE_PROGRESS_REPORT) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_TIME_SYNC_REQUEST), MP_ROM_INT(HWC_EVENT_KIND_TIME_SYNC_REQUEST) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_TIME_SYNC_RESPONSE), MP_ROM_INT(HWC_EVENT_KIND_TIME_SYNC_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_SDK_INFO_REPORT), MP_ROM_INT(HWC_EVENT_KIND_SDK_INFO_REPORT) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_ADD_SUB_DEVICE_NOTIFY), MP_ROM_INT(HWC_EVENT_KIND_ADD_SUB_DEVICE_NOTIFY) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_DELETE_SUB_DEVICE_NOTIFY), MP_ROM_INT(HWC_EVENT_KIND_DELETE_SUB_DEVICE_NOTIFY) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_SUB_DEVICE_UPDATE_STATUS), MP_ROM_INT(HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_SUB_DEVICE_UPDATE_STATUS_RESPONSE), MP_ROM_INT(HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_ADD_SUB_DEVICE_REQUEST), MP_ROM_INT(HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_ADD_SUB_DEVICE_RESPONSE), MP_ROM_INT(HWC_EVENT_KIND_ADD_SUB_DEVICE_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_DELETE_SUB_DEVICE_REQUEST), MP_ROM_INT(HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_DELETE_SUB_DEVICE_RESPONSE), MP_ROM_INT(HWC_EVENT_KIND_DELETE_SUB_DEVICE_RESPONSE) },
    { MP_ROM_QSTR(MP_QSTR_EVENT_SUB_DEVICE_SYNC_REQUEST), MP_ROM_INT(HWC_EVENT_KIND_SUB_DEVICE_SYNC_REQUEST) },

    // Sizes and limits.
    { MP_ROM_QSTR(MP_QSTR_PASSWORD_LEN), MP_ROM_INT(HWC_PASSWORD_LEN) },
    { MP_ROM_QSTR(MP_QSTR_TIMESTAMP_LEN), MP_ROM_INT(HWC_TIMESTAMP_LEN) },
    { MP_ROM_QSTR(MP_QSTR_CLIENT_ID_MAX_LEN), MP_ROM_INT(HWC_CLIENT_ID_MAX_LEN) },
    { MP_ROM_QSTR(MP_QSTR_TOPIC_MAX_LEN), MP_ROM_INT(HWC_TOPIC_MAX_LEN) },
    { MP_ROM_QSTR(MP_QSTR_KEEPALIVE_MIN), MP_ROM_INT(HWC_KEEPALIVE_MIN_SECONDS) },
    { MP_ROM_QSTR(MP_QSTR_KEEPALIVE_MAX), MP_ROM_INT(HWC_KEEPALIVE_MAX_SECONDS) },
    { MP_ROM_QSTR(MP_QSTR_KEEPALIVE_DEFAULT), MP_ROM_INT(HWC_KEEPALIVE_DEFAULT_SECONDS) },
    { MP_ROM_QSTR(MP_QSTR_JSON_MAX_DEPTH), MP_ROM_INT(HWC_JSON_MAX_DEPTH) },

    // Credentials and time.
    { MP_ROM_QSTR(MP_QSTR_password), MP_ROM_PTR(&hwcmod_password_obj) },
    { MP_ROM_QSTR(MP_QSTR_timestamp), MP_ROM_PTR(&hwcmod_timestamp_obj) },
    { MP_ROM_QSTR(MP_QSTR_event_time), MP_ROM_PTR(&hwcmod_event_time_obj) },
    { MP_ROM_QSTR(MP_QSTR_client_id), MP_ROM_PTR(&hwcmod_client_id_obj) },
    { MP_ROM_QSTR(MP_QSTR_credentials), MP_ROM_PTR(&hwcmod_credentials_obj) },
    { MP_ROM_QSTR(MP_QSTR_check_keepalive), MP_ROM_PTR(&hwcmod_check_keepalive_obj) },
    { MP_ROM_QSTR(MP_QSTR_backoff_ms), MP_ROM_PTR(&hwcmod_backoff_ms_obj) },
    { MP_ROM_QSTR(MP_QSTR_time_sync_now), MP_ROM_PTR(&hwcmod_time_sync_now_obj) },

    // Topics.
    { MP_ROM_QSTR(MP_QSTR_topic), MP_ROM_PTR(&hwcmod_topic_obj) },
    { MP_ROM_QSTR(MP_QSTR_subscription), MP_ROM_PTR(&hwcmod_subscription_obj) },
    { MP_ROM_QSTR(MP_QSTR_subscriptions), MP_ROM_PTR(&hwcmod_subscriptions_obj) },
    { MP_ROM_QSTR(MP_QSTR_parse_topic), MP_ROM_PTR(&hwcmod_parse_topic_obj) },
    { MP_ROM_QSTR(MP_QSTR_response_topic), MP_ROM_PTR(&hwcmod_response_topic_obj) },

    // Uplink payloads.
    { MP_ROM_QSTR(MP_QSTR_properties_report), MP_ROM_PTR(&hwcmod_properties_report_obj) },
    { MP_ROM_QSTR(MP_QSTR_properties_report_services), MP_ROM_PTR(&hwcmod_properties_report_services_obj) },
    { MP_ROM_QSTR(MP_QSTR_properties_get_response), MP_ROM_PTR(&hwcmod_properties_get_response_obj) },
    { MP_ROM_QSTR(MP_QSTR_gateway_report), MP_ROM_PTR(&hwcmod_gateway_report_obj) },
    { MP_ROM_QSTR(MP_QSTR_properties_set_response), MP_ROM_PTR(&hwcmod_properties_set_response_obj) },
    { MP_ROM_QSTR(MP_QSTR_command_response), MP_ROM_PTR(&hwcmod_command_response_obj) },
    { MP_ROM_QSTR(MP_QSTR_message), MP_ROM_PTR(&hwcmod_message_obj) },
    { MP_ROM_QSTR(MP_QSTR_shadow_get_request), MP_ROM_PTR(&hwcmod_shadow_get_request_obj) },
    { MP_ROM_QSTR(MP_QSTR_event), MP_ROM_PTR(&hwcmod_event_obj) },
    { MP_ROM_QSTR(MP_QSTR_ota_version_report), MP_ROM_PTR(&hwcmod_ota_version_report_obj) },
    { MP_ROM_QSTR(MP_QSTR_ota_progress_report), MP_ROM_PTR(&hwcmod_ota_progress_report_obj) },
    { MP_ROM_QSTR(MP_QSTR_time_sync_request), MP_ROM_PTR(&hwcmod_time_sync_request_obj) },
    { MP_ROM_QSTR(MP_QSTR_sdk_info_report), MP_ROM_PTR(&hwcmod_sdk_info_report_obj) },
    { MP_ROM_QSTR(MP_QSTR_sub_device_sync_request), MP_ROM_PTR(&hwcmod_sub_device_sync_request_obj) },
    { MP_ROM_QSTR(MP_QSTR_add_sub_devices), MP_ROM_PTR(&hwcmod_add_sub_devices_obj) },
    { MP_ROM_QSTR(MP_QSTR_delete_sub_devices), MP_ROM_PTR(&hwcmod_delete_sub_devices_obj) },
    { MP_ROM_QSTR(MP_QSTR_update_sub_device_status), MP_ROM_PTR(&hwcmod_update_sub_device_status_obj) },

    // Downlink payloads.
    { MP_ROM_QSTR(MP_QSTR_loads), MP_ROM_PTR(&hwcmod_loads_obj) },
    { MP_ROM_QSTR(MP_QSTR_command_request), MP_ROM_PTR(&hwcmod_command_request_obj) },
    { MP_ROM_QSTR(MP_QSTR_properties_set_request), MP_ROM_PTR(&hwcmod_properties_set_request_obj) },
    { MP_ROM_QSTR(MP_QSTR_properties_get_request), MP_ROM_PTR(&hwcmod_properties_get_request_obj) },
    { MP_ROM_QSTR(MP_QSTR_message_down), MP_ROM_PTR(&hwcmod_message_down_obj) },
    { MP_ROM_QSTR(MP_QSTR_shadow_response), MP_ROM_PTR(&hwcmod_shadow_response_obj) },
    { MP_ROM_QSTR(MP_QSTR_events), MP_ROM_PTR(&hwcmod_events_obj) },
    { MP_ROM_QSTR(MP_QSTR_bootstrap), MP_ROM_PTR(&hwcmod_bootstrap_obj) },
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
