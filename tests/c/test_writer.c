/*
 * Streaming JSON writer and every uplink payload encoder. Each document is produced by a
 * script run through RUN_WRITER (measure with NULL, then exact/larger/smaller buffers) and
 * recorded; check_json.py parses every record with CPython's json and compares it with the
 * structure built from the protocol doc (§3, §4). Misuse, bad input and NULL arguments are
 * checked here directly.
 */
#include "harness.h"

#define OK(x) CHECK_RES((x), HWC_RESULT_OK)
#define DEVICE "5fbbb784b4ec2202e982e643_868540050954037"
#define TIME_C "20151212T121212Z"
#define TIME_MS "2020-08-12T12:12:12.333Z"

/* ---- documents (expected structures: check_json.py, same names) ------------------------ */

static void w_properties_report_doc(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_properties_report_begin(w));
    OK(hwc_service_begin(w, LIT("Temperature")));
    OK(hwc_json_key(w, LIT("value")));
    OK(hwc_json_int(w, 57));
    OK(hwc_json_key(w, LIT("value2")));
    OK(hwc_json_int(w, 60));
    OK(hwc_service_end(w, LIT(TIME_C)));
    OK(hwc_service_begin(w, LIT("Battery")));
    OK(hwc_json_key(w, LIT("level")));
    OK(hwc_json_int(w, 80));
    OK(hwc_service_end(w, LIT(TIME_C)));
    OK(hwc_properties_report_end(w));
}

static void w_properties_report_all_types(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_properties_report_begin(w));
    OK(hwc_service_begin(w, LIT("Sensor")));
    OK(hwc_json_key(w, LIT("i_min")));
    OK(hwc_json_int(w, INT64_MIN));
    OK(hwc_json_key(w, LIT("i_max")));
    OK(hwc_json_int(w, INT64_MAX));
    OK(hwc_json_key(w, LIT("i_zero")));
    OK(hwc_json_int(w, 0));
    OK(hwc_json_key(w, LIT("i_neg")));
    OK(hwc_json_int(w, -42));
    OK(hwc_json_key(w, LIT("u_max")));
    OK(hwc_json_uint(w, UINT64_MAX));
    OK(hwc_json_key(w, LIT("u_zero")));
    OK(hwc_json_uint(w, 0));
    OK(hwc_json_key(w, LIT("d_2345_2")));
    OK(hwc_json_decimal(w, 2345, 2));
    OK(hwc_json_key(w, LIT("d_neg5_3")));
    OK(hwc_json_decimal(w, -5, 3));
    OK(hwc_json_key(w, LIT("d_0_2")));
    OK(hwc_json_decimal(w, 0, 2));
    OK(hwc_json_key(w, LIT("d_7_0")));
    OK(hwc_json_decimal(w, 7, 0));
    OK(hwc_json_key(w, LIT("d_100_2")));
    OK(hwc_json_decimal(w, 100, 2));
    OK(hwc_json_key(w, LIT("d_min_18")));
    OK(hwc_json_decimal(w, INT64_MIN, 18));
    OK(hwc_json_key(w, LIT("d_max_18")));
    OK(hwc_json_decimal(w, INT64_MAX, 18));
    OK(hwc_json_key(w, LIT("d_small_18")));
    OK(hwc_json_decimal(w, 123456789, 18));
    OK(hwc_json_key(w, LIT("d_neg_1_1")));
    OK(hwc_json_decimal(w, -1, 1));
    OK(hwc_json_key(w, LIT("n_exp")));
    OK(hwc_json_number(w, LIT("1.5e-3")));
    OK(hwc_json_key(w, LIT("n_negzero")));
    OK(hwc_json_number(w, LIT("-0")));
    OK(hwc_json_key(w, LIT("n_zero_frac")));
    OK(hwc_json_number(w, LIT("0.0")));
    OK(hwc_json_key(w, LIT("n_big_e")));
    OK(hwc_json_number(w, LIT("1E+5")));
    OK(hwc_json_key(w, LIT("n_huge")));
    OK(hwc_json_number(w, LIT("123456789012345678901234567890")));
    OK(hwc_json_key(w, LIT("n_float")));
    OK(hwc_json_number(w, LIT("21.5")));
    OK(hwc_json_key(w, LIT("t")));
    OK(hwc_json_bool(w, true));
    OK(hwc_json_key(w, LIT("f")));
    OK(hwc_json_bool(w, false));
    OK(hwc_json_key(w, LIT("nul")));
    OK(hwc_json_null(w));
    OK(hwc_json_key(w, LIT("escapes")));
    OK(hwc_json_string(w, LIT("q\" b\\ n\n t\t r\r b\b f\f c\x01\x1f\x7f / \xc3\xa9 \xe5\xaf\x86 \xf0\x9f\x98\x80")));
    OK(hwc_json_key(w, LIT("nul_char")));
    OK(hwc_json_string(w, LIT("a\0b")));
    OK(hwc_json_key(w, LIT("empty")));
    OK(hwc_json_string(w, NULL, 0));
    OK(hwc_json_key(w, LIT("k\"e\\y\n\xe9\x94\xae")));
    OK(hwc_json_string(w, LIT("v")));
    OK(hwc_json_key(w, NULL, 0));
    OK(hwc_json_string(w, LIT("empty key")));
    OK(hwc_json_key(w, LIT("nested")));
    OK(hwc_json_begin_object(w));
    OK(hwc_json_key(w, LIT("a")));
    OK(hwc_json_begin_array(w));
    OK(hwc_json_int(w, 1));
    OK(hwc_json_begin_array(w));
    OK(hwc_json_end_array(w));
    OK(hwc_json_begin_object(w));
    OK(hwc_json_end_object(w));
    OK(hwc_json_string(w, LIT("s")));
    OK(hwc_json_null(w));
    OK(hwc_json_end_array(w));
    OK(hwc_json_end_object(w));
    OK(hwc_service_end(w, LIT(TIME_MS)));
    OK(hwc_service_begin(w, LIT("NoTime")));
    OK(hwc_service_end(w, NULL, 0));
    OK(hwc_service_begin(w, LIT("NoTimeLen")));
    OK(hwc_service_end(w, NULL, 16)); /* optional: NULL is absent whatever the length */
    OK(hwc_properties_report_end(w));
}

static void w_properties_report_empty(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_properties_report_begin(w));
    OK(hwc_properties_report_end(w));
}

static void w_gateway_report_doc(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_gateway_report_begin(w));
    OK(hwc_gateway_device_begin(w, LIT("child-1")));
    OK(hwc_service_begin(w, LIT("analog")));
    OK(hwc_json_key(w, LIT("PhV_phsA")));
    OK(hwc_json_string(w, LIT("1")));
    OK(hwc_service_end(w, LIT("20190606T121212Z")));
    OK(hwc_gateway_device_end(w));
    OK(hwc_gateway_device_begin(w, LIT(DEVICE)));
    OK(hwc_service_begin(w, LIT("Temperature")));
    OK(hwc_json_key(w, LIT("value")));
    OK(hwc_json_decimal(w, 215, 1));
    OK(hwc_service_end(w, NULL, 0));
    OK(hwc_service_begin(w, LIT("Battery")));
    OK(hwc_json_key(w, LIT("level")));
    OK(hwc_json_uint(w, 80));
    OK(hwc_service_end(w, LIT(TIME_MS)));
    OK(hwc_gateway_device_end(w));
    OK(hwc_gateway_report_end(w));
}

static void w_properties_set_response_doc(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_properties_set_response(w, 0, LIT("success")));
}

static void w_properties_set_response_no_desc(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_properties_set_response(w, -1, NULL, 0));
}

static void w_command_response_doc(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_command_response_begin(w, 0, LIT("COMMAND_RESPONSE")));
    OK(hwc_command_response_paras_begin(w));
    OK(hwc_json_key(w, LIT("result")));
    OK(hwc_json_string(w, LIT("success")));
    OK(hwc_command_response_paras_end(w));
    OK(hwc_command_response_end(w));
}

static void w_command_response_minimal(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_command_response_begin(w, 1, NULL, 0));
    OK(hwc_command_response_end(w));
}

static void w_command_response_nested(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_command_response_begin(w, INT64_MIN, LIT("r\xc3\xa9ponse")));
    OK(hwc_command_response_paras_begin(w));
    OK(hwc_json_key(w, LIT("list")));
    OK(hwc_json_begin_array(w));
    OK(hwc_json_int(w, 1));
    OK(hwc_json_begin_object(w));
    OK(hwc_json_key(w, LIT("x")));
    OK(hwc_json_bool(w, false));
    OK(hwc_json_end_object(w));
    OK(hwc_json_end_array(w));
    OK(hwc_json_key(w, LIT("empty")));
    OK(hwc_json_begin_object(w));
    OK(hwc_json_end_object(w));
    OK(hwc_command_response_paras_end(w));
    OK(hwc_command_response_end(w));
}

static void w_message_up_string(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_message_begin(w, LIT("child-1"), LIT("msg-name"), LIT("aca6a906-0001")));
    OK(hwc_json_string(w, LIT("hello!")));
    OK(hwc_message_end(w));
}

static void w_message_up_object(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_message_begin(w, NULL, 0, NULL, 0, NULL, 0));
    OK(hwc_json_begin_object(w));
    OK(hwc_json_key(w, LIT("temp")));
    OK(hwc_json_number(w, LIT("21.5")));
    OK(hwc_json_key(w, LIT("ok")));
    OK(hwc_json_bool(w, true));
    OK(hwc_json_key(w, LIT("tags")));
    OK(hwc_json_begin_array(w));
    OK(hwc_json_string(w, LIT("a")));
    OK(hwc_json_end_array(w));
    OK(hwc_json_end_object(w));
    OK(hwc_message_end(w));
}

static void w_message_up_id_only(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_message_begin(w, NULL, 3, NULL, 9, LIT("id-1")));
    OK(hwc_json_string(w, NULL, 0));
    OK(hwc_message_end(w));
}

static void w_shadow_get_request_both(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_shadow_get_request(w, LIT("child-1"), LIT("WaterMeter")));
}

static void w_shadow_get_request_empty(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_shadow_get_request(w, NULL, 0, NULL, 0));
}

static void w_shadow_get_request_service(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_shadow_get_request(w, NULL, 0, LIT("WaterMeter")));
}

static void w_events_doc(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_events_begin(w, LIT("child-1")));
    OK(hwc_event_begin(w, LIT("$ota"), LIT("version_report"), LIT(TIME_C),
                       LIT("40cc9ab1-3579-488c-95c6-c18941c99eb4")));
    OK(hwc_json_key(w, LIT("sw_version")));
    OK(hwc_json_string(w, LIT("v1.0")));
    OK(hwc_json_key(w, LIT("fw_version")));
    OK(hwc_json_string(w, LIT("v2.0")));
    OK(hwc_event_end(w));
    OK(hwc_event_begin(w, LIT("$log"), LIT("log_report"), NULL, 0, NULL, 0));
    OK(hwc_json_key(w, LIT("type")));
    OK(hwc_json_string(w, LIT("DEVICE_STATUS")));
    OK(hwc_json_key(w, LIT("content")));
    OK(hwc_json_string(w, LIT("line1\nline2")));
    OK(hwc_event_end(w));
    OK(hwc_event_begin(w, LIT("custom"), LIT("t"), NULL, 16, LIT("e-2")));
    OK(hwc_event_end(w));
    OK(hwc_events_end(w));
}

static void w_events_direct(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_events_begin(w, NULL, 0));
    OK(hwc_event_begin(w, LIT("$time_sync"), LIT("time_sync_request"), LIT(TIME_C), NULL, 0));
    OK(hwc_json_key(w, LIT("device_send_time")));
    OK(hwc_json_int(w, 1582685678789LL));
    OK(hwc_event_end(w));
    OK(hwc_events_end(w));
}

static void w_system_event(hwc_json_writer *w, const void *ctx) {
    uint32_t kind = *(const uint32_t *)ctx;
    char id[16];
    int n = snprintf(id, sizeof id, "evt-%u", kind);
    OK(hwc_system_event_begin(w, kind, LIT(TIME_C), tmp_copy(id, (size_t)n), (size_t)n));
    OK(hwc_json_key(w, LIT("k")));
    OK(hwc_json_uint(w, kind));
    OK(hwc_system_event_end(w));
}

static void w_system_event_bare(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_system_event_begin(w, HWC_EVENT_KIND_OTA_VERSION_QUERY, NULL, 0, NULL, 0));
    OK(hwc_system_event_end(w));
}

static void w_ota_version_report(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_ota_version_report(w, LIT("v1.0.0"), LIT("fw-2"), LIT(TIME_C)));
}

static void w_ota_version_report_sw_only(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_ota_version_report(w, LIT("v1.0.0"), NULL, 0, NULL, 0));
}

static void w_ota_progress_report(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_ota_progress_report(w, 0, 100, LIT("v1.0.1"), LIT("upgrade ok"), LIT(TIME_C)));
}

static void w_ota_progress_report_minimal(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_ota_progress_report(w, 255, -1, LIT("v2"), NULL, 0, NULL, 0));
}

static void w_ota_progress_report_zero(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_ota_progress_report(w, 7, 0, LIT("v3"), LIT("package verification failed"), NULL, 0));
}

static void w_time_sync_request_doc(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_time_sync_request(w, 1582685678789LL, LIT(TIME_C)));
}

static void w_time_sync_request_no_time(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_time_sync_request(w, 0, NULL, 0));
}

static void w_sdk_info_report_full(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_sdk_info_report(w, LIT("C_v0.5.0"), LIT("sw-1"), LIT("fw-1"), LIT("192.168.1.10"), LIT(TIME_C)));
}

static void w_sdk_info_report_empty(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_sdk_info_report(w, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0));
}

static void w_sub_device_sync_request(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_sub_device_sync_request(w, 12, LIT(TIME_C)));
}

static void w_sub_devices_add(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_sub_devices_begin(w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, LIT(TIME_C), LIT("evt-add")));
    OK(hwc_sub_device_add_item(w, LIT("n1"), LIT("p1"), LIT("p1_n1"), LIT("Child 1"), LIT("first child"),
                               LIT("gw-1")));
    OK(hwc_sub_device_add_item(w, LIT("n2"), LIT("p2"), NULL, 0, NULL, 0, NULL, 0, NULL, 0));
    OK(hwc_sub_devices_end(w));
}

static void w_sub_devices_delete(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_sub_devices_begin(w, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0));
    OK(hwc_sub_device_delete_item(w, LIT("p1_n1")));
    OK(hwc_sub_device_delete_item(w, LIT(DEVICE)));
    OK(hwc_sub_devices_end(w));
}

static void w_sub_devices_status(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_sub_devices_begin(w, HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, LIT(TIME_C), NULL, 0));
    OK(hwc_sub_device_status_item(w, LIT("p1_n1"), true));
    OK(hwc_sub_device_status_item(w, LIT("p2_n2"), false));
    OK(hwc_sub_devices_end(w));
}

static void w_sub_devices_empty(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_sub_devices_begin(w, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, NULL, 0, LIT("e")));
    OK(hwc_sub_devices_end(w));
}

static void w_nesting_max(hwc_json_writer *w, const void *ctx) {
    int i;
    (void)ctx;
    for (i = 0; i < HWC_JSON_MAX_DEPTH; i++) {
        if (i % 2) {
            OK(hwc_json_begin_array(w));
        } else {
            OK(hwc_json_begin_object(w));
            OK(hwc_json_key(w, LIT("d")));
        }
    }
    for (i = HWC_JSON_MAX_DEPTH - 1; i >= 0; i--) {
        if (i % 2)
            OK(hwc_json_end_array(w));
        else
            OK(hwc_json_end_object(w));
    }
}

static void w_top_level_string(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_json_string(w, LIT("just a string")));
}

static void w_top_level_int(hwc_json_writer *w, const void *ctx) {
    (void)ctx;
    OK(hwc_json_int(w, -7));
}

static void writer_documents(void) {
    RUN_WRITER("properties_report_doc", w_properties_report_doc, NULL);
    RUN_WRITER("properties_report_all_types", w_properties_report_all_types, NULL);
    RUN_WRITER("properties_report_empty", w_properties_report_empty, NULL);
    RUN_WRITER("gateway_report_doc", w_gateway_report_doc, NULL);
    RUN_WRITER("properties_set_response_doc", w_properties_set_response_doc, NULL);
    RUN_WRITER("properties_set_response_no_desc", w_properties_set_response_no_desc, NULL);
    RUN_WRITER("command_response_doc", w_command_response_doc, NULL);
    RUN_WRITER("command_response_minimal", w_command_response_minimal, NULL);
    RUN_WRITER("command_response_nested", w_command_response_nested, NULL);
    RUN_WRITER("message_up_string", w_message_up_string, NULL);
    RUN_WRITER("message_up_object", w_message_up_object, NULL);
    RUN_WRITER("message_up_id_only", w_message_up_id_only, NULL);
    RUN_WRITER("shadow_get_request_both", w_shadow_get_request_both, NULL);
    RUN_WRITER("shadow_get_request_empty", w_shadow_get_request_empty, NULL);
    RUN_WRITER("shadow_get_request_service", w_shadow_get_request_service, NULL);
    RUN_WRITER("nesting_max", w_nesting_max, NULL);
    RUN_WRITER("top_level_string", w_top_level_string, NULL);
    RUN_WRITER("top_level_int", w_top_level_int, NULL);
}

static void writer_event_documents(void) {
    uint32_t kind;
    RUN_WRITER("events_doc", w_events_doc, NULL);
    RUN_WRITER("events_direct", w_events_direct, NULL);
    for (kind = 1; kind <= 19; kind++) {
        char name[32];
        snprintf(name, sizeof name, "system_event_%u", kind);
        RUN_WRITER(name, w_system_event, &kind);
    }
    RUN_WRITER("system_event_bare", w_system_event_bare, NULL);
    RUN_WRITER("ota_version_report", w_ota_version_report, NULL);
    RUN_WRITER("ota_version_report_sw_only", w_ota_version_report_sw_only, NULL);
    RUN_WRITER("ota_progress_report", w_ota_progress_report, NULL);
    RUN_WRITER("ota_progress_report_minimal", w_ota_progress_report_minimal, NULL);
    RUN_WRITER("ota_progress_report_zero", w_ota_progress_report_zero, NULL);
    RUN_WRITER("time_sync_request_doc", w_time_sync_request_doc, NULL);
    RUN_WRITER("time_sync_request_no_time", w_time_sync_request_no_time, NULL);
    RUN_WRITER("sdk_info_report_full", w_sdk_info_report_full, NULL);
    RUN_WRITER("sdk_info_report_empty", w_sdk_info_report_empty, NULL);
    RUN_WRITER("sub_device_sync_request", w_sub_device_sync_request, NULL);
    RUN_WRITER("sub_devices_add", w_sub_devices_add, NULL);
    RUN_WRITER("sub_devices_delete", w_sub_devices_delete, NULL);
    RUN_WRITER("sub_devices_status", w_sub_devices_status, NULL);
    RUN_WRITER("sub_devices_empty", w_sub_devices_empty, NULL);
}

/* The doc's time-sync request (§4.2), byte for byte. */
static void writer_time_sync_doc_bytes(void) {
    static const char want[] =
        "{\"services\":[{\"service_id\":\"$time_sync\",\"event_type\":\"time_sync_request\","
        "\"event_time\":\"20151212T121212Z\",\"paras\":{\"device_send_time\":1582685678789}}]}";
    char *buf = tmp_alloc(sizeof want - 1);
    hwc_json_writer w;
    size_t n = 0;
    OK(hwc_json_writer_init(&w, buf, sizeof want - 1));
    OK(hwc_time_sync_request(&w, 1582685678789LL, LIT(TIME_C)));
    OK(hwc_json_finish(&w, &n));
    CHECK_TEXT(buf, n, want);
}

/* ---- misuse ---------------------------------------------------------------------------- */

/* Steps of a misuse script: ops applied in order; the last must fail with `err`. */
enum op {
    BO, EO, BA, EA, KEY, INT, STRV, FIN, SVC_END, REPORT_END, PARAS_BEGIN, MSG_END, EVT_END, SYS_END,
    SUBS_END, GW_DEV_END, CMD_END, END_OPS
};

static hwc_result apply(hwc_json_writer *w, enum op op, size_t *len) {
    switch (op) {
    case BO: return hwc_json_begin_object(w);
    case EO: return hwc_json_end_object(w);
    case BA: return hwc_json_begin_array(w);
    case EA: return hwc_json_end_array(w);
    case KEY: return hwc_json_key(w, LIT("k"));
    case INT: return hwc_json_int(w, 1);
    case STRV: return hwc_json_string(w, LIT("s"));
    case FIN: return hwc_json_finish(w, len);
    case SVC_END: return hwc_service_end(w, NULL, 0);
    case REPORT_END: return hwc_properties_report_end(w);
    case PARAS_BEGIN: return hwc_command_response_paras_begin(w);
    case MSG_END: return hwc_message_end(w);
    case EVT_END: return hwc_event_end(w);
    case SYS_END: return hwc_system_event_end(w);
    case SUBS_END: return hwc_sub_devices_end(w);
    case GW_DEV_END: return hwc_gateway_device_end(w);
    case CMD_END: return hwc_command_response_end(w);
    default: return HWC_RESULT_OK;
    }
}

static void writer_misuse(void) {
    static const struct {
        const char *what;
        enum op ops[6];
    } cases[] = {
        {"value where a key is due", {BO, INT, END_OPS}},
        {"string where a key is due", {BO, STRV, END_OPS}},
        {"object where a key is due", {BO, BO, END_OPS}},
        {"key in an array", {BA, KEY, END_OPS}},
        {"key at top level", {KEY, END_OPS}},
        {"key after key", {BO, KEY, KEY, END_OPS}},
        {"end object after key", {BO, KEY, EO, END_OPS}},
        {"end array in object", {BO, EA, END_OPS}},
        {"end object in array", {BA, EO, END_OPS}},
        {"end object at top", {EO, END_OPS}},
        {"end array at top", {EA, END_OPS}},
        {"unbalanced end", {BA, EA, EA, END_OPS}},
        {"finish with open object", {BO, FIN, END_OPS}},
        {"finish with open array", {BA, BA, EA, FIN, END_OPS}},
        {"finish with dangling key", {BO, KEY, FIN, END_OPS}},
        {"finish with nothing written", {FIN, END_OPS}},
        {"second top-level value", {INT, INT, END_OPS}},
        {"value after document", {BO, EO, BA, END_OPS}},
        {"service_end without service", {BO, SVC_END, END_OPS}},
        {"report_end at top", {REPORT_END, END_OPS}},
        {"paras outside an object", {PARAS_BEGIN, END_OPS}},
        {"paras in an array", {BA, PARAS_BEGIN, END_OPS}},
        {"message_end without content", {BO, KEY, MSG_END, END_OPS}},
        {"event_end at top", {EVT_END, END_OPS}},
        {"system_event_end at top", {SYS_END, END_OPS}},
        {"sub_devices_end at top", {SUBS_END, END_OPS}},
        {"gateway_device_end in object", {BO, GW_DEV_END, END_OPS}},
        {"command_response_end at top", {CMD_END, END_OPS}},
    };
    size_t i, j;
    int pass;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (pass = 0; pass < 2; pass++) {
            struct gbuf b = gbuf_new(64);
            hwc_json_writer w;
            hwc_result r = HWC_RESULT_OK;
            size_t len = 0;
            if (pass)
                OK(hwc_json_writer_init(&w, (char *)b.mem, 64));
            else
                OK(hwc_json_writer_init(&w, NULL, 0));
            for (j = 0; cases[i].ops[j] != END_OPS; j++) {
                r = apply(&w, cases[i].ops[j], &len);
                if (cases[i].ops[j + 1] != END_OPS && r != HWC_RESULT_OK)
                    check_fail(__FILE__, __LINE__, "%s: step %zu -> %s", cases[i].what, j, rname(r));
            }
            if (r != HWC_RESULT_JSON_STATE) {
                check_fail(__FILE__, __LINE__, "%s -> %s, want JSON_STATE", cases[i].what, rname(r));
                continue;
            }
            /* sticky: valid calls keep failing, finish reports the first error */
            r = hwc_json_null(&w);
            if (r != HWC_RESULT_JSON_STATE) check_fail(__FILE__, __LINE__, "%s: not sticky (%s)", cases[i].what, rname(r));
            r = hwc_json_finish(&w, &len);
            if (r != HWC_RESULT_JSON_STATE)
                check_fail(__FILE__, __LINE__, "%s: finish -> %s", cases[i].what, rname(r));
            if (!gbuf_untouched_from(&b, pass ? 64 : 0))
                check_fail(__FILE__, __LINE__, "%s: wrote past the buffer", cases[i].what);
        }
    }
}

static void writer_nesting_limit(void) {
    int pass, i;
    for (pass = 0; pass < 2; pass++) {
        hwc_json_writer w;
        char *buf = tmp_alloc(100);
        size_t n;
        OK(hwc_json_writer_init(&w, pass ? buf : NULL, pass ? 100 : 0));
        for (i = 0; i < HWC_JSON_MAX_DEPTH; i++) OK(hwc_json_begin_array(&w));
        CHECK_RES(hwc_json_begin_array(&w), HWC_RESULT_NESTING_TOO_DEEP);
        CHECK_RES(hwc_json_end_array(&w), HWC_RESULT_NESTING_TOO_DEEP); /* sticky */
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_NESTING_TOO_DEEP);
        OK(hwc_json_writer_init(&w, pass ? buf : NULL, pass ? 100 : 0));
        for (i = 0; i < HWC_JSON_MAX_DEPTH - 1; i++) OK(hwc_json_begin_array(&w));
        OK(hwc_json_begin_object(&w));
        OK(hwc_json_key(&w, LIT("k")));
        CHECK_RES(hwc_json_begin_object(&w), HWC_RESULT_NESTING_TOO_DEEP);
        OK(hwc_json_writer_init(&w, pass ? buf : NULL, pass ? 100 : 0));
        for (i = 0; i < HWC_JSON_MAX_DEPTH - 3; i++) OK(hwc_json_begin_array(&w));
        OK(hwc_properties_report_begin(&w)); /* depth 31 */
        CHECK_RES(hwc_service_begin(&w, LIT("s")), HWC_RESULT_NESTING_TOO_DEEP);
    }
}

static void writer_invalid_utf8(void) {
    static const char *const bad[] = {"\xff", "\xc3", "a\x80z", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                                      "\xf4\x90\x80\x80", "\xe4\xb8", "\xf0\x9f\x98", "\xf8\x88\x80\x80\x80"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hwc_json_writer w;
        size_t n;
        hwc_result r;
        OK(hwc_json_writer_init(&w, NULL, 0));
        OK(hwc_json_begin_object(&w));
        r = hwc_json_key(&w, STR(bad[i]));
        if (r != HWC_RESULT_INVALID_UTF8) check_fail(__FILE__, __LINE__, "key #%zu -> %s", i, rname(r));
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_INVALID_UTF8);
        OK(hwc_json_writer_init(&w, NULL, 0));
        r = hwc_json_string(&w, STR(bad[i]));
        if (r != HWC_RESULT_INVALID_UTF8) check_fail(__FILE__, __LINE__, "string #%zu -> %s", i, rname(r));
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_INVALID_UTF8);
        OK(hwc_json_writer_init(&w, NULL, 0));
        OK(hwc_properties_report_begin(&w));
        r = hwc_service_begin(&w, STR(bad[i]));
        if (r != HWC_RESULT_INVALID_UTF8) check_fail(__FILE__, __LINE__, "service id #%zu -> %s", i, rname(r));
        OK(hwc_json_writer_init(&w, NULL, 0));
        r = hwc_message_begin(&w, NULL, 0, STR(bad[i]), NULL, 0);
        if (r != HWC_RESULT_INVALID_UTF8) check_fail(__FILE__, __LINE__, "message name #%zu -> %s", i, rname(r));
        OK(hwc_json_writer_init(&w, NULL, 0));
        r = hwc_ota_version_report(&w, STR(bad[i]), NULL, 0, NULL, 0);
        if (r != HWC_RESULT_INVALID_UTF8) check_fail(__FILE__, __LINE__, "sw_version #%zu -> %s", i, rname(r));
    }
    {
        /* valid extremes are fine */
        hwc_json_writer w;
        size_t n;
        OK(hwc_json_writer_init(&w, NULL, 0));
        OK(hwc_json_string(&w, LIT("\xf4\x8f\xbf\xbf\xef\xbf\xbf\xc2\x80\x7f")));
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_BUFFER_TOO_SMALL);
    }
}

static void writer_invalid_numbers(void) {
    static const char *const bad[] = {"NaN", "nan", "inf", "-inf", "Infinity", "-Infinity", "1.", "+1", "01",
                                      "-01", ".5", "1e", "1e+", "-", "0x10", "1.5.2", " 1", "1 ", "1,5",
                                      "--1", "1e5.5", "\xd9\xa1", "00", "-.5", "1.e5"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hwc_json_writer w;
        size_t n;
        hwc_result r;
        OK(hwc_json_writer_init(&w, NULL, 0));
        OK(hwc_json_begin_array(&w));
        r = hwc_json_number(&w, STR(bad[i]));
        if (r != HWC_RESULT_INVALID_NUMBER)
            check_fail(__FILE__, __LINE__, "number \"%s\" -> %s, want INVALID_NUMBER", bad[i], rname(r));
        CHECK_RES(hwc_json_end_array(&w), HWC_RESULT_INVALID_NUMBER);
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_INVALID_NUMBER);
    }
    {
        hwc_json_writer w;
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_json_number(&w, LIT("")), HWC_RESULT_INVALID_NUMBER);
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_json_number(&w, NULL, 0), HWC_RESULT_INVALID_NUMBER);
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_json_number(&w, LIT("1\0")), HWC_RESULT_INVALID_NUMBER);
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_json_decimal(&w, 1, 19), HWC_RESULT_INVALID_ARGUMENT);
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_json_decimal(&w, 1, 255), HWC_RESULT_INVALID_ARGUMENT);
        CHECK_RES(hwc_json_int(&w, 1), HWC_RESULT_INVALID_ARGUMENT);
    }
}

static void writer_null_arguments(void) {
    hwc_json_writer w;
    size_t n = 0;
    char buf[8];
    CHECK_RES(hwc_json_writer_init(NULL, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_finish(NULL, &n), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_begin_object(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_end_object(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_begin_array(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_end_array(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_key(NULL, LIT("k")), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_string(NULL, LIT("s")), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_int(NULL, 1), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_uint(NULL, 1), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_number(NULL, LIT("1")), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_decimal(NULL, 1, 1), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_bool(NULL, true), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_null(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_properties_report_begin(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_properties_report_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_service_begin(NULL, LIT("s")), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_service_end(NULL, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_gateway_report_begin(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_gateway_report_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_gateway_device_begin(NULL, LIT("d")), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_gateway_device_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_properties_set_response(NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_command_response_begin(NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_command_response_paras_begin(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_command_response_paras_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_command_response_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_message_begin(NULL, NULL, 0, NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_message_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_shadow_get_request(NULL, NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_events_begin(NULL, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_events_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_event_begin(NULL, LIT("s"), LIT("t"), NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_event_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_system_event_begin(NULL, 1, NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_system_event_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_ota_version_report(NULL, NULL, 0, NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_ota_progress_report(NULL, 0, -1, LIT("v"), NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_time_sync_request(NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_sdk_info_report(NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_sub_device_sync_request(NULL, 0, NULL, 0), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_sub_devices_begin(NULL, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0),
              HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_sub_devices_end(NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_sub_device_add_item(NULL, LIT("n"), LIT("p"), NULL, 0, NULL, 0, NULL, 0, NULL, 0),
              HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_sub_device_delete_item(NULL, LIT("d")), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_sub_device_status_item(NULL, LIT("d"), true), HWC_RESULT_NULL_ARGUMENT);

    /* a NULL buffer with a capacity: init fails and the writer stays failed */
    CHECK_RES(hwc_json_writer_init(&w, NULL, 8), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_begin_object(&w), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_NULL_ARGUMENT);

    /* required text: NULL with a length is NULL_ARGUMENT and sticks */
#define NULL_TEXT_CASE(prepare, call)                                                        \
    do {                                                                                     \
        OK(hwc_json_writer_init(&w, buf, sizeof buf));                                       \
        prepare;                                                                             \
        CHECK_RES(call, HWC_RESULT_NULL_ARGUMENT);                                           \
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_NULL_ARGUMENT);                        \
    } while (0)
    NULL_TEXT_CASE(OK(hwc_json_begin_object(&w)), hwc_json_key(&w, NULL, 1));
    NULL_TEXT_CASE((void)0, hwc_json_string(&w, NULL, 1));
    NULL_TEXT_CASE((void)0, hwc_json_number(&w, NULL, 1));
    NULL_TEXT_CASE(OK(hwc_properties_report_begin(&w)), hwc_service_begin(&w, NULL, 3));
    NULL_TEXT_CASE(OK(hwc_gateway_report_begin(&w)), hwc_gateway_device_begin(&w, NULL, 3));
    NULL_TEXT_CASE(OK(hwc_events_begin(&w, NULL, 0)), hwc_event_begin(&w, NULL, 3, LIT("t"), NULL, 0, NULL, 0));
    NULL_TEXT_CASE(OK(hwc_events_begin(&w, NULL, 0)), hwc_event_begin(&w, LIT("s"), NULL, 3, NULL, 0, NULL, 0));
    NULL_TEXT_CASE((void)0, hwc_ota_progress_report(&w, 0, 1, NULL, 2, NULL, 0, NULL, 0));
    NULL_TEXT_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0)),
                   hwc_sub_device_add_item(&w, NULL, 2, LIT("p"), NULL, 0, NULL, 0, NULL, 0, NULL, 0));
    NULL_TEXT_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0)),
                   hwc_sub_device_add_item(&w, LIT("n"), NULL, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0));
    NULL_TEXT_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0)),
                   hwc_sub_device_delete_item(&w, NULL, 2));
    NULL_TEXT_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, NULL, 0, NULL, 0)),
                   hwc_sub_device_status_item(&w, NULL, 2, false));
#undef NULL_TEXT_CASE
}

/* Required text given as (NULL, 0) is the empty string: refused where it must not be empty. */
static void writer_empty_required_text(void) {
    hwc_json_writer w;
    size_t n;
#define EMPTY_CASE(prepare, call, err)                                                       \
    do {                                                                                     \
        OK(hwc_json_writer_init(&w, NULL, 0));                                               \
        prepare;                                                                             \
        CHECK_RES(call, err);                                                                \
        CHECK_RES(hwc_json_finish(&w, &n), err);                                             \
    } while (0)
    EMPTY_CASE(OK(hwc_properties_report_begin(&w)), hwc_service_begin(&w, NULL, 0), HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE(OK(hwc_properties_report_begin(&w)), hwc_service_begin(&w, LIT("")), HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE(OK(hwc_gateway_report_begin(&w)), hwc_gateway_device_begin(&w, NULL, 0), HWC_RESULT_INVALID_DEVICE_ID);
    EMPTY_CASE(OK(hwc_gateway_report_begin(&w)), hwc_gateway_device_begin(&w, LIT("bad/id")),
               HWC_RESULT_INVALID_DEVICE_ID);
    EMPTY_CASE(OK(hwc_events_begin(&w, NULL, 0)), hwc_event_begin(&w, NULL, 0, LIT("t"), NULL, 0, NULL, 0),
               HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE(OK(hwc_events_begin(&w, NULL, 0)), hwc_event_begin(&w, LIT("s"), NULL, 0, NULL, 0, NULL, 0),
               HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE((void)0, hwc_ota_progress_report(&w, 0, 50, NULL, 0, NULL, 0, NULL, 0), HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE((void)0, hwc_ota_progress_report(&w, 0, 50, LIT(""), NULL, 0, NULL, 0), HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0)),
               hwc_sub_device_add_item(&w, LIT(""), LIT("p"), NULL, 0, NULL, 0, NULL, 0, NULL, 0),
               HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0)),
               hwc_sub_device_add_item(&w, LIT("n"), NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0),
               HWC_RESULT_INVALID_ARGUMENT);
    EMPTY_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0)),
               hwc_sub_device_delete_item(&w, NULL, 0), HWC_RESULT_INVALID_DEVICE_ID);
    EMPTY_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, NULL, 0, NULL, 0)),
               hwc_sub_device_delete_item(&w, LIT("a b")), HWC_RESULT_INVALID_DEVICE_ID);
    EMPTY_CASE(OK(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, NULL, 0, NULL, 0)),
               hwc_sub_device_status_item(&w, LIT("\xc3\xa9"), true), HWC_RESULT_INVALID_DEVICE_ID);
#undef EMPTY_CASE
}

static void writer_argument_errors(void) {
    hwc_json_writer w;
    size_t n;
    static const uint32_t bad_kinds[] = {0, 20, 1000, UINT32_MAX};
    static const uint32_t not_list_kinds[] = {HWC_EVENT_KIND_OTA_VERSION_REPORT, HWC_EVENT_KIND_ADD_SUB_DEVICE_NOTIFY,
                                              HWC_EVENT_KIND_SUB_DEVICE_SYNC_REQUEST, 0, 20};
    static const int32_t bad_progress[] = {101, -2, INT32_MIN, INT32_MAX};
    size_t i;
    for (i = 0; i < sizeof bad_kinds / sizeof bad_kinds[0]; i++) {
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_system_event_begin(&w, bad_kinds[i], NULL, 0, NULL, 0), HWC_RESULT_INVALID_ARGUMENT);
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_INVALID_ARGUMENT);
    }
    for (i = 0; i < sizeof not_list_kinds / sizeof not_list_kinds[0]; i++) {
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_sub_devices_begin(&w, not_list_kinds[i], NULL, 0, NULL, 0), HWC_RESULT_INVALID_ARGUMENT);
    }
    for (i = 0; i < sizeof bad_progress / sizeof bad_progress[0]; i++) {
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_ota_progress_report(&w, 0, bad_progress[i], LIT("v"), NULL, 0, NULL, 0),
                  HWC_RESULT_INVALID_ARGUMENT);
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_INVALID_ARGUMENT);
    }
}

/* Events take the compact event_time only; services take either form; both are validated. */
static void writer_event_time_validation(void) {
    hwc_json_writer w;
    size_t n;
    static const char *const bad[] = {"20151312T121212Z", "2015-12-12T12:12:12Z", "20230229T000000Z", "now", ""};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        OK(hwc_json_writer_init(&w, NULL, 0));
        OK(hwc_properties_report_begin(&w));
        OK(hwc_service_begin(&w, LIT("s")));
        CHECK_RES(hwc_service_end(&w, STR(bad[i])), HWC_RESULT_INVALID_EVENT_TIME);
        CHECK_RES(hwc_json_finish(&w, &n), HWC_RESULT_INVALID_EVENT_TIME);
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_time_sync_request(&w, 1, STR(bad[i])), HWC_RESULT_INVALID_EVENT_TIME);
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_ota_version_report(&w, LIT("v"), NULL, 0, STR(bad[i])), HWC_RESULT_INVALID_EVENT_TIME);
        OK(hwc_json_writer_init(&w, NULL, 0));
        CHECK_RES(hwc_system_event_begin(&w, HWC_EVENT_KIND_SDK_INFO_REPORT, STR(bad[i]), NULL, 0),
                  HWC_RESULT_INVALID_EVENT_TIME);
    }
    /* the millisecond form is fine for a service, not for an event */
    OK(hwc_json_writer_init(&w, NULL, 0));
    OK(hwc_events_begin(&w, NULL, 0));
    CHECK_RES(hwc_event_begin(&w, LIT("$ota"), LIT("version_report"), LIT(TIME_MS), NULL, 0),
              HWC_RESULT_INVALID_EVENT_TIME);
    OK(hwc_json_writer_init(&w, NULL, 0));
    CHECK_RES(hwc_sdk_info_report(&w, NULL, 0, NULL, 0, NULL, 0, NULL, 0, LIT(TIME_MS)), HWC_RESULT_INVALID_EVENT_TIME);
    OK(hwc_json_writer_init(&w, NULL, 0));
    CHECK_RES(hwc_sub_device_sync_request(&w, 1, LIT(TIME_MS)), HWC_RESULT_INVALID_EVENT_TIME);
    OK(hwc_json_writer_init(&w, NULL, 0));
    CHECK_RES(hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, LIT(TIME_MS), NULL, 0),
              HWC_RESULT_INVALID_EVENT_TIME);
    OK(hwc_json_writer_init(&w, NULL, 0));
    CHECK_RES(hwc_ota_progress_report(&w, 0, 1, LIT("v"), NULL, 0, LIT(TIME_MS)), HWC_RESULT_INVALID_EVENT_TIME);
}

/* A caller that scribbles over the opaque state must not make the library write outside the
 * buffer or crash (ASan/UBSan/valgrind watch); results stay within the enum. */
static void writer_garbage_state(void) {
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    int i;
    for (i = 0; i < 3000; i++) {
        struct gbuf b = gbuf_new(32);
        hwc_json_writer w;
        hwc_result r = HWC_RESULT_OK;
        size_t n;
        int k;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        OK(hwc_json_writer_init(&w, (char *)b.mem, 32));
        w.state.len = (x & 1) ? (size_t)(x >> 8) % 64 : (size_t)(x >> 3);
        w.state.arrays = (uint32_t)(x >> 11);
        w.state.nonempty = (uint32_t)(x >> 19);
        w.state.depth = (uint8_t)(x >> 27);
        if (x & 2) w.state.depth %= 34;
        w.state.flags = (uint8_t)(x >> 35);
        w.state.error = (x & 4) ? (int32_t)(x >> 40) : 0;
        for (k = 0; k < 6; k++) {
            switch ((x >> (44 + 3 * k)) & 7) {
            case 0: r = hwc_json_begin_object(&w); break;
            case 1: r = hwc_json_end_object(&w); break;
            case 2: r = hwc_json_begin_array(&w); break;
            case 3: r = hwc_json_end_array(&w); break;
            case 4: r = hwc_json_key(&w, LIT("key")); break;
            case 5: r = hwc_json_string(&w, LIT("value")); break;
            case 6: r = hwc_json_decimal(&w, -12345, 3); break;
            default: r = hwc_events_begin(&w, LIT("d")); break;
            }
            if (r < HWC_RESULT_INVALID_EVENT_TIME || r > HWC_RESULT_NO_MATCH)
                check_fail(__FILE__, __LINE__, "garbage state: result %d outside the enum", (int)r);
        }
        r = hwc_json_finish(&w, &n);
        if (r < HWC_RESULT_INVALID_EVENT_TIME || r > HWC_RESULT_NO_MATCH)
            check_fail(__FILE__, __LINE__, "garbage state: finish result %d outside the enum", (int)r);
        if (!gbuf_untouched_from(&b, 32)) check_fail(__FILE__, __LINE__, "garbage state: wrote past the buffer");
    }
}

/* The writer is plain caller-owned data: a saved copy is a checkpoint to roll back to, e.g.
 * to drop a property that did not fit and close the document with what did. */
static void writer_checkpoint_restore(void) {
    char *buf = tmp_alloc(90);
    hwc_json_writer w, saved;
    size_t n = 0;
    int i;
    OK(hwc_json_writer_init(&w, buf, 90));
    OK(hwc_properties_report_begin(&w));
    OK(hwc_service_begin(&w, LIT("s")));
    for (i = 0; i < 10; i++) {
        char key[8];
        saved = w;
        snprintf(key, sizeof key, "p%d", i);
        OK(hwc_json_key(&w, STR(key)));
        OK(hwc_json_int(&w, 1000000 + i));
        OK(hwc_service_end(&w, NULL, 0));
        OK(hwc_properties_report_end(&w));
        if (hwc_json_finish(&w, &n) == HWC_RESULT_BUFFER_TOO_SMALL) {
            w = saved; /* roll back the property that did not fit */
            break;
        }
        w = saved;
        OK(hwc_json_key(&w, STR(key)));
        OK(hwc_json_int(&w, 1000000 + i));
    }
    OK(hwc_service_end(&w, NULL, 0));
    OK(hwc_properties_report_end(&w));
    OK(hwc_json_finish(&w, &n));
    CHECK(n < 90 && buf[n] == 0);
    record("json", "checkpoint_restore", buf, n);
}

const struct test_case writer_tests[] = {
    {"writer_checkpoint_restore", writer_checkpoint_restore},
    {"writer_documents", writer_documents},
    {"writer_event_documents", writer_event_documents},
    {"writer_time_sync_doc_bytes", writer_time_sync_doc_bytes},
    {"writer_misuse", writer_misuse},
    {"writer_nesting_limit", writer_nesting_limit},
    {"writer_invalid_utf8", writer_invalid_utf8},
    {"writer_invalid_numbers", writer_invalid_numbers},
    {"writer_null_arguments", writer_null_arguments},
    {"writer_empty_required_text", writer_empty_required_text},
    {"writer_argument_errors", writer_argument_errors},
    {"writer_event_time_validation", writer_event_time_validation},
    {"writer_garbage_state", writer_garbage_state},
    {NULL, NULL},
};
