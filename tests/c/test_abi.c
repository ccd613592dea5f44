/*
 * Conventions that cut across the whole ABI (src/ffi.rs module comment): lengths beyond
 * PTRDIFF_MAX are refused before any byte is read, optional inputs given as NULL are absent
 * whatever their length, and the header's size constants hold.
 */
#include "harness.h"

#define OK(x) CHECK_RES((x), HWC_RESULT_OK)

/* A length no real object can have: the library must refuse it without reading. */
#define HUGE_LEN ((size_t)PTRDIFF_MAX + 1)

static void huge_lengths_refused(void) {
    char *p = tmp_copy("a", 1); /* one readable byte: ASan reports any read past it */
    char *out = tmp_alloc(HWC_TOPIC_MAX_LEN + 1);
    size_t n = 0;
    hwc_json_writer w;
    hwc_json_reader r;
    hwc_json_value v;
    hwc_topic_match m;
    union {
        hwc_command_request a;
        hwc_properties_set_request b;
        hwc_properties_get_request c;
        hwc_service d;
        hwc_message_down e;
        hwc_shadow_response f;
        hwc_shadow_entry g;
        hwc_shadow_properties h;
        hwc_events i;
        hwc_event j;
        hwc_version_query k;
        hwc_upgrade l;
        hwc_time_sync_response m;
        hwc_sub_device_notify n;
        hwc_sub_device_response o;
        hwc_device_info p;
        hwc_failed_device q;
        hwc_bootstrap s;
    } u;
    const hwc_result bad = HWC_RESULT_INVALID_ARGUMENT;

    CHECK_RES(hwc_check_device_id(p, HUGE_LEN), bad);
    CHECK_RES(hwc_check_timestamp(p, HUGE_LEN), bad);
    CHECK_RES(hwc_check_event_time(p, SIZE_MAX), bad);
    CHECK_RES(hwc_client_id(p, HUGE_LEN, LIT("2022010507"), 0, out, 200, &n), bad);
    CHECK_RES(hwc_client_id(LIT("dev"), LIT("2022010507"), 0, out, HUGE_LEN, &n), bad);
    CHECK_RES(hwc_password(p, HUGE_LEN, LIT("2022010507"), out, 65, &n), bad);
    CHECK_RES(hwc_password(LIT("secret"), p, SIZE_MAX, out, 65, &n), bad);
    CHECK_RES(hwc_password(LIT("secret"), LIT("2022010507"), out, SIZE_MAX, &n), bad);
    CHECK_RES(hwc_timestamp(0, out, HUGE_LEN, &n), bad);
    CHECK_RES(hwc_topic(HWC_TOPIC_KIND_EVENTS_UP, p, HUGE_LEN, NULL, 0, out, 100, &n), bad);
    CHECK_RES(hwc_topic(HWC_TOPIC_KIND_COMMAND_RESPONSE, LIT("dev"), p, HUGE_LEN, out, 100, &n), bad);
    CHECK_RES(hwc_subscription(HWC_TOPIC_KIND_EVENTS_DOWN, p, HUGE_LEN, out, 100, &n), bad);
    CHECK_RES(hwc_parse_topic(p, HUGE_LEN, &m), bad);
    CHECK_RES(hwc_response_topic(p, HUGE_LEN, out, 100, &n), bad);
    CHECK_RES(hwc_json_get(p, HUGE_LEN, LIT("a"), &v), bad);
    CHECK_RES(hwc_json_get(LIT("{}"), p, HUGE_LEN, &v), bad);
    CHECK_RES(hwc_json_reader_init(&r, p, HUGE_LEN), bad);
    CHECK_RES(hwc_json_reader_open(&r, p, HUGE_LEN, HWC_JSON_KIND_OBJECT), bad);
    CHECK_RES(hwc_json_writer_init(&w, out, HUGE_LEN), bad);
    CHECK_RES(hwc_json_begin_object(&w), bad);
    OK(hwc_json_writer_init(&w, NULL, 0));
    CHECK_RES(hwc_json_string(&w, p, HUGE_LEN), bad);
    CHECK_RES(hwc_json_finish(&w, &n), bad);
    OK(hwc_json_writer_init(&w, NULL, 0));
    CHECK_RES(hwc_json_number(&w, p, HUGE_LEN), bad);
    OK(hwc_json_writer_init(&w, NULL, 0));
    CHECK_RES(hwc_properties_set_response(&w, 0, p, HUGE_LEN), bad);
    CHECK(!hwc_json_equals(&v, p, HUGE_LEN));
    v.kind = HWC_JSON_KIND_STRING, v.ptr = p, v.len = HUGE_LEN;
    CHECK_RES(hwc_json_unescape(&v, out, 10, &n), bad);
    CHECK(!hwc_json_equals(&v, LIT("a")));
    v.kind = HWC_JSON_KIND_NUMBER;
    CHECK_RES(hwc_json_to_i64(&v, (int64_t *)(void *)out), bad);
    CHECK_RES(hwc_decode_command_request(p, HUGE_LEN, &u.a), bad);
    CHECK_RES(hwc_decode_properties_set_request(p, HUGE_LEN, &u.b), bad);
    CHECK_RES(hwc_decode_properties_get_request(p, HUGE_LEN, &u.c), bad);
    CHECK_RES(hwc_decode_service(p, HUGE_LEN, &u.d), bad);
    CHECK_RES(hwc_decode_message_down(p, HUGE_LEN, &u.e), bad);
    CHECK_RES(hwc_decode_shadow_response(p, HUGE_LEN, &u.f), bad);
    CHECK_RES(hwc_decode_shadow_entry(p, HUGE_LEN, &u.g), bad);
    CHECK_RES(hwc_decode_shadow_properties(p, HUGE_LEN, &u.h), bad);
    CHECK_RES(hwc_decode_events(p, HUGE_LEN, &u.i), bad);
    CHECK_RES(hwc_decode_event(p, HUGE_LEN, &u.j), bad);
    CHECK_RES(hwc_decode_version_query(p, HUGE_LEN, &u.k), bad);
    CHECK_RES(hwc_decode_upgrade(p, HUGE_LEN, &u.l), bad);
    CHECK_RES(hwc_decode_time_sync_response(p, HUGE_LEN, &u.m), bad);
    CHECK_RES(hwc_decode_sub_device_notify(p, HUGE_LEN, &u.n), bad);
    CHECK_RES(hwc_decode_sub_device_response(p, HUGE_LEN, &u.o), bad);
    CHECK_RES(hwc_decode_device_info(p, HUGE_LEN, &u.p), bad);
    CHECK_RES(hwc_decode_failed_device(p, HUGE_LEN, &u.q), bad);
    CHECK_RES(hwc_decode_bootstrap(p, HUGE_LEN, &u.s), bad);
}

/* Writes the same document with every optional input as (NULL, len). */
typedef void (*optional_script)(hwc_json_writer *w, size_t len);

static void opt_service(hwc_json_writer *w, size_t len) {
    OK(hwc_properties_report_begin(w));
    OK(hwc_service_begin(w, LIT("s")));
    OK(hwc_service_end(w, NULL, len));
    OK(hwc_properties_report_end(w));
}
static void opt_set_response(hwc_json_writer *w, size_t len) { OK(hwc_properties_set_response(w, 3, NULL, len)); }
static void opt_command_response(hwc_json_writer *w, size_t len) {
    OK(hwc_command_response_begin(w, 0, NULL, len));
    OK(hwc_command_response_end(w));
}
static void opt_message(hwc_json_writer *w, size_t len) {
    OK(hwc_message_begin(w, NULL, len, NULL, len, NULL, len));
    OK(hwc_json_string(w, LIT("x")));
    OK(hwc_message_end(w));
}
static void opt_shadow(hwc_json_writer *w, size_t len) { OK(hwc_shadow_get_request(w, NULL, len, NULL, len)); }
static void opt_events(hwc_json_writer *w, size_t len) {
    OK(hwc_events_begin(w, NULL, len));
    OK(hwc_event_begin(w, LIT("s"), LIT("t"), NULL, len, NULL, len));
    OK(hwc_event_end(w));
    OK(hwc_events_end(w));
}
static void opt_system_event(hwc_json_writer *w, size_t len) {
    OK(hwc_system_event_begin(w, HWC_EVENT_KIND_OTA_VERSION_QUERY, NULL, len, NULL, len));
    OK(hwc_system_event_end(w));
}
static void opt_version_report(hwc_json_writer *w, size_t len) {
    OK(hwc_ota_version_report(w, NULL, len, NULL, len, NULL, len));
}
static void opt_progress(hwc_json_writer *w, size_t len) {
    OK(hwc_ota_progress_report(w, 0, -1, LIT("v"), NULL, len, NULL, len));
}
static void opt_time_sync(hwc_json_writer *w, size_t len) { OK(hwc_time_sync_request(w, 1, NULL, len)); }
static void opt_sdk_info(hwc_json_writer *w, size_t len) {
    OK(hwc_sdk_info_report(w, NULL, len, NULL, len, NULL, len, NULL, len, NULL, len));
}
static void opt_sync(hwc_json_writer *w, size_t len) { OK(hwc_sub_device_sync_request(w, 1, NULL, len)); }
static void opt_sub_devices(hwc_json_writer *w, size_t len) {
    OK(hwc_sub_devices_begin(w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, NULL, len, NULL, len));
    OK(hwc_sub_device_add_item(w, LIT("n"), LIT("p"), NULL, len, NULL, len, NULL, len, NULL, len));
    OK(hwc_sub_devices_end(w));
}

static void optional_null_is_absent(void) {
    static const optional_script scripts[] = {opt_service,  opt_set_response,   opt_command_response, opt_message,
                                              opt_shadow,   opt_events,         opt_system_event,     opt_version_report,
                                              opt_progress, opt_time_sync,      opt_sdk_info,         opt_sync,
                                              opt_sub_devices};
    static const size_t lens[] = {7, HUGE_LEN, SIZE_MAX};
    size_t i, j;
    for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        char base[512], other[512];
        size_t base_len = 0, other_len = 0;
        hwc_json_writer w;
        OK(hwc_json_writer_init(&w, base, sizeof base));
        scripts[i](&w, 0);
        OK(hwc_json_finish(&w, &base_len));
        for (j = 0; j < sizeof lens / sizeof lens[0]; j++) {
            OK(hwc_json_writer_init(&w, other, sizeof other));
            scripts[i](&w, lens[j]);
            OK(hwc_json_finish(&w, &other_len));
            if (other_len != base_len || memcmp(base, other, base_len) != 0)
                check_fail(__FILE__, __LINE__, "script %zu: (NULL, %zu) differs from (NULL, 0): %s vs %s", i, lens[j],
                           other, base);
        }
    }
}

static void header_constants(void) {
    /* protocol §1: 64 hex characters, YYYYMMDDHH, device id <= 128, keep-alive 30-1200 (120) */
    CHECK(HWC_PASSWORD_LEN == 64);
    CHECK(HWC_TIMESTAMP_LEN == 10);
    CHECK(HWC_DEVICE_ID_MAX_LEN == 128);
    CHECK(HWC_CLIENT_ID_MAX_LEN == HWC_DEVICE_ID_MAX_LEN + 5 + HWC_TIMESTAMP_LEN);
    CHECK(HWC_EVENT_TIME_COMPACT_LEN == 16 && HWC_EVENT_TIME_MILLIS_LEN == 24);
    CHECK(HWC_TOPIC_MAX_LEN >= 12 + HWC_DEVICE_ID_MAX_LEN + 29 + 11 + HWC_REQUEST_ID_MAX_LEN);
    CHECK(HWC_JSON_MAX_DEPTH >= 4);
    CHECK(HWC_RESULT_OK == 0 && HWC_RESULT_NO_MATCH == 1);
    CHECK(HWC_TOPIC_KIND_MESSAGES_UP == 1 && HWC_TOPIC_KIND_USER == 17);
    CHECK(HWC_SIGN_TYPE_NO_TIME_CHECK == 0 && HWC_SIGN_TYPE_TIME_CHECK == 1);
    CHECK(sizeof(hwc_result) == 4);
    /* an absent value is all zero, so a zeroed struct reads as "all absent" */
    CHECK(HWC_JSON_KIND_ABSENT == 0);
}

const struct test_case abi_tests[] = {
    {"abi_huge_lengths_refused", huge_lengths_refused},
    {"abi_optional_null_is_absent", optional_null_is_absent},
    {"abi_header_constants", header_constants},
    {NULL, NULL},
};
