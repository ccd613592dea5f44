// A small `time` module for the host test interpreter (extmod/modtime.c is
// not in the sdist).  Registered as an extensible module, so `import utime`
// works too, as on QuecPython.
//
// ticks_ms/ticks_us/ticks_add/ticks_diff, sleep/sleep_ms/sleep_us,
// time() (float seconds, like the unix port), time_ns(),
// gmtime/localtime (both UTC) and mktime.
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/smallint.h"
#include "shared/timeutils/timeutils.h"

#define TICKS_PERIOD ((mp_uint_t)MICROPY_PY_TIME_TICKS_PERIOD)
#define TICKS_MAX (TICKS_PERIOD - 1)
#define TICKS_HALFPERIOD ((mp_int_t)(TICKS_PERIOD / 2))

static mp_obj_t time_ticks_ms(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_ms() & TICKS_MAX);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_ms_obj, time_ticks_ms);

static mp_obj_t time_ticks_us(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_us() & TICKS_MAX);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_us_obj, time_ticks_us);

static mp_obj_t time_ticks_diff(mp_obj_t end_in, mp_obj_t start_in) {
    // Both values are assumed to come from ticks_*(); the result is signed,
    // in (-TICKS_HALFPERIOD, TICKS_HALFPERIOD].
    mp_uint_t end = MP_OBJ_SMALL_INT_VALUE(end_in);
    mp_uint_t start = MP_OBJ_SMALL_INT_VALUE(start_in);
    mp_int_t diff = (mp_int_t)((end - start + (mp_uint_t)TICKS_HALFPERIOD) & TICKS_MAX) - TICKS_HALFPERIOD;
    return MP_OBJ_NEW_SMALL_INT(diff);
}
static MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_diff_obj, time_ticks_diff);

static mp_obj_t time_ticks_add(mp_obj_t ticks_in, mp_obj_t delta_in) {
    mp_uint_t ticks = MP_OBJ_SMALL_INT_VALUE(ticks_in);
    mp_int_t delta = mp_obj_get_int(delta_in);
    if (-delta >= TICKS_HALFPERIOD || delta >= TICKS_HALFPERIOD) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("ticks interval overflow"));
    }
    return MP_OBJ_NEW_SMALL_INT((ticks + delta) & TICKS_MAX);
}
static MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_add_obj, time_ticks_add);

static mp_obj_t time_sleep(mp_obj_t seconds_in) {
    mp_float_t s = mp_obj_get_float(seconds_in);
    if (s > 0) {
        mp_hal_delay_ms((mp_uint_t)(s * 1000 + (mp_float_t)0.5));
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_obj, time_sleep);

static mp_obj_t time_sleep_ms(mp_obj_t ms_in) {
    mp_int_t ms = mp_obj_get_int(ms_in);
    if (ms > 0) {
        mp_hal_delay_ms(ms);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_ms_obj, time_sleep_ms);

static mp_obj_t time_sleep_us(mp_obj_t us_in) {
    mp_int_t us = mp_obj_get_int(us_in);
    if (us > 0) {
        mp_hal_delay_us(us);
        mp_handle_pending(MP_HANDLE_PENDING_CALLBACKS_AND_EXCEPTIONS);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_us_obj, time_sleep_us);

static mp_obj_t time_time(void) {
    return mp_obj_new_float((mp_float_t)mp_hal_time_ns() / (mp_float_t)1e9);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_time_obj, time_time);

static mp_obj_t time_time_ns(void) {
    return mp_obj_new_int_from_ull(mp_hal_time_ns());
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_time_ns_obj, time_time_ns);

// gmtime([secs]) -> (year, month, mday, hour, minute, second, weekday, yearday)
// Same 8-tuple as MicroPython's time.gmtime; weekday 0 = Monday.
static mp_obj_t time_gmtime(size_t n_args, const mp_obj_t *args) {
    long long secs;
    if (n_args == 0 || args[0] == mp_const_none) {
        secs = (long long)(mp_hal_time_ns() / 1000000000u);
    } else {
        secs = (long long)mp_obj_get_float(args[0]);
    }
    timeutils_struct_time_t tm;
    timeutils_seconds_since_1970_to_struct_time((timeutils_timestamp_t)secs, &tm);
    mp_obj_t tuple[8] = {
        mp_obj_new_int(tm.tm_year),
        MP_OBJ_NEW_SMALL_INT(tm.tm_mon),
        MP_OBJ_NEW_SMALL_INT(tm.tm_mday),
        MP_OBJ_NEW_SMALL_INT(tm.tm_hour),
        MP_OBJ_NEW_SMALL_INT(tm.tm_min),
        MP_OBJ_NEW_SMALL_INT(tm.tm_sec),
        MP_OBJ_NEW_SMALL_INT(tm.tm_wday),
        MP_OBJ_NEW_SMALL_INT(tm.tm_yday),
    };
    return mp_obj_new_tuple(8, tuple);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(time_gmtime_obj, 0, 1, time_gmtime);

// mktime(tuple) -> int seconds since 1970 (the tuple is taken as UTC).
static mp_obj_t time_mktime(mp_obj_t tuple_in) {
    size_t len;
    mp_obj_t *elem;
    mp_obj_get_array(tuple_in, &len, &elem);
    if (len < 6 || len > 9) {
        mp_raise_TypeError(MP_ERROR_TEXT("mktime needs a tuple of length 6 to 9"));
    }
    timeutils_timestamp_t t = timeutils_mktime_1970(
        mp_obj_get_int(elem[0]), mp_obj_get_int(elem[1]), mp_obj_get_int(elem[2]),
        mp_obj_get_int(elem[3]), mp_obj_get_int(elem[4]), mp_obj_get_int(elem[5]));
    return mp_obj_new_int_from_ll((long long)t);
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_mktime_obj, time_mktime);

static const mp_rom_map_elem_t time_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_time) },
    { MP_ROM_QSTR(MP_QSTR_ticks_ms), MP_ROM_PTR(&time_ticks_ms_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_us), MP_ROM_PTR(&time_ticks_us_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_diff), MP_ROM_PTR(&time_ticks_diff_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_add), MP_ROM_PTR(&time_ticks_add_obj) },
    { MP_ROM_QSTR(MP_QSTR_sleep), MP_ROM_PTR(&time_sleep_obj) },
    { MP_ROM_QSTR(MP_QSTR_sleep_ms), MP_ROM_PTR(&time_sleep_ms_obj) },
    { MP_ROM_QSTR(MP_QSTR_sleep_us), MP_ROM_PTR(&time_sleep_us_obj) },
    { MP_ROM_QSTR(MP_QSTR_time), MP_ROM_PTR(&time_time_obj) },
    { MP_ROM_QSTR(MP_QSTR_time_ns), MP_ROM_PTR(&time_time_ns_obj) },
    { MP_ROM_QSTR(MP_QSTR_gmtime), MP_ROM_PTR(&time_gmtime_obj) },
    { MP_ROM_QSTR(MP_QSTR_localtime), MP_ROM_PTR(&time_gmtime_obj) },
    { MP_ROM_QSTR(MP_QSTR_mktime), MP_ROM_PTR(&time_mktime_obj) },
};
static MP_DEFINE_CONST_DICT(time_module_globals, time_module_globals_table);

const mp_obj_module_t mp_module_time_host = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&time_module_globals,
};

MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_time, mp_module_time_host);
