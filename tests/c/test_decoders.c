/*
 * Every downlink decoder: the protocol doc's examples (§3.3-3.9, §4), field types, required
 * fields, event kind classification, system-format vs raw messages, time sync (§4.2), and for
 * every decoder the same malformed-input battery (truncations, trailing comma/garbage, lone
 * surrogates, raw control characters, invalid UTF-8, non-JSON numbers, nesting, wrong top-level
 * type, NULL arguments), with the output reset to "absent" on every failure.
 */
#include "harness.h"

#define OK(x) CHECK_RES((x), HWC_RESULT_OK)
#define CHECK_VAL(v, k, raw) check_val(__FILE__, __LINE__, #v, &(v), (k), (raw), sizeof(raw) - 1, g_in, g_inlen)
#define CHECK_ABSENT(v) CHECK_VAL(v, HWC_JSON_KIND_ABSENT, "")

/* The current input (exact-size heap copy), for "points into the input" checks. */
static const char *g_in;
static size_t g_inlen;

static const char *input(const char *json) {
    g_inlen = strlen(json);
    g_in = tmp_copy(json, g_inlen);
    return g_in;
}
/* Two arguments (copy, length); the length must not depend on argument evaluation order. */
#define IN(json) input(json), strlen(json)

/* Iterates an array value: returns element `index` (must exist). */
static hwc_json_value element(const hwc_json_value *array, size_t index) {
    hwc_json_reader r;
    hwc_json_value v;
    size_t i;
    memset(&v, 0, sizeof v);
    if (hwc_json_reader_open(&r, array->ptr, array->len, HWC_JSON_KIND_ARRAY) != HWC_RESULT_OK) {
        check_fail(__FILE__, __LINE__, "not an array");
        return v;
    }
    for (i = 0; i <= index; i++)
        if (hwc_json_next_value(&r, &v) != HWC_RESULT_OK) {
            check_fail(__FILE__, __LINE__, "array has no element %zu", index);
            break;
        }
    return v;
}

static size_t count(const hwc_json_value *array) {
    hwc_json_reader r;
    hwc_json_value v;
    size_t n = 0;
    if (hwc_json_reader_open(&r, array->ptr, array->len, HWC_JSON_KIND_ARRAY) != HWC_RESULT_OK) return (size_t)-1;
    while (hwc_json_next_value(&r, &v) == HWC_RESULT_OK) n++;
    return n;
}

/* ---- the generic battery --------------------------------------------------------------- */

struct decoder {
    const char *name;
    hwc_result (*fn)(const char *json, size_t len, void *out);
    size_t size;
    size_t first_value; /* offset of the first hwc_json_value */
    size_t nvalues;
    int has_kind;        /* hwc_event */
    int time_sync;       /* hwc_time_sync_response: integers */
    int message_down;    /* anything not system format is NO_MATCH */
    const char *valid;
};

#define ADAPT(fn, type)                                                                      \
    static hwc_result adapt_##fn(const char *json, size_t len, void *out) {                  \
        return hwc_##fn(json, len, (type *)out);                                             \
    }
ADAPT(decode_command_request, hwc_command_request)
ADAPT(decode_properties_set_request, hwc_properties_set_request)
ADAPT(decode_properties_get_request, hwc_properties_get_request)
ADAPT(decode_service, hwc_service)
ADAPT(decode_message_down, hwc_message_down)
ADAPT(decode_shadow_response, hwc_shadow_response)
ADAPT(decode_shadow_entry, hwc_shadow_entry)
ADAPT(decode_shadow_properties, hwc_shadow_properties)
ADAPT(decode_events, hwc_events)
ADAPT(decode_event, hwc_event)
ADAPT(decode_version_query, hwc_version_query)
ADAPT(decode_upgrade, hwc_upgrade)
ADAPT(decode_time_sync_response, hwc_time_sync_response)
ADAPT(decode_sub_device_notify, hwc_sub_device_notify)
ADAPT(decode_sub_device_response, hwc_sub_device_response)
ADAPT(decode_device_info, hwc_device_info)
ADAPT(decode_failed_device, hwc_failed_device)
ADAPT(decode_bootstrap, hwc_bootstrap)

#define VALUES(type) 0, sizeof(type) / sizeof(hwc_json_value)
#define D(fn, type) #fn, adapt_##fn, sizeof(type)

static const struct decoder decoders[] = {
    {D(decode_command_request, hwc_command_request), VALUES(hwc_command_request), 0, 0, 0,
     "{\"object_device_id\":\"child-1\",\"command_name\":\"ON_OFF\",\"service_id\":\"WaterMeter\",\"paras\":{\"value\":\"1\"}}"},
    {D(decode_properties_set_request, hwc_properties_set_request), VALUES(hwc_properties_set_request), 0, 0, 0,
     "{\"object_device_id\":\"child-1\",\"services\":[{\"service_id\":\"Temperature\",\"properties\":{\"value\":57}}]}"},
    {D(decode_properties_get_request, hwc_properties_get_request), VALUES(hwc_properties_get_request), 0, 0, 0,
     "{\"object_device_id\":\"child-1\",\"service_id\":\"Temperature\"}"},
    {D(decode_service, hwc_service), VALUES(hwc_service), 0, 0, 0,
     "{\"service_id\":\"Temperature\",\"properties\":{\"value\":57},\"event_time\":\"20151212T121212Z\"}"},
    {D(decode_message_down, hwc_message_down), VALUES(hwc_message_down), 0, 0, 1,
     "{\"object_device_id\":\"child-1\",\"name\":null,\"id\":\"aca6a906-0001\",\"content\":\"hello!\"}"},
    {D(decode_shadow_response, hwc_shadow_response), VALUES(hwc_shadow_response), 0, 0, 0,
     "{\"object_device_id\":\"child-1\",\"shadow\":[{\"service_id\":\"WaterMeter\",\"version\":1}]}"},
    {D(decode_shadow_entry, hwc_shadow_entry), VALUES(hwc_shadow_entry), 0, 0, 0,
     "{\"service_id\":\"WaterMeter\",\"desired\":{\"properties\":{}},\"version\":1}"},
    {D(decode_shadow_properties, hwc_shadow_properties), VALUES(hwc_shadow_properties), 0, 0, 0,
     "{\"properties\":{\"temperature\":\"60\"},\"event_time\":\"20151212T121212Z\"}"},
    {D(decode_events, hwc_events), VALUES(hwc_events), 0, 0, 0,
     "{\"object_device_id\":\"child-1\",\"services\":[{\"service_id\":\"$ota\",\"event_type\":\"version_query\",\"paras\":{}}]}"},
    {D(decode_event, hwc_event), offsetof(hwc_event, service_id), 5, 1, 0, 0,
     "{\"service_id\":\"$ota\",\"event_type\":\"version_query\",\"event_time\":\"20151212T121212Z\",\"paras\":{}}"},
    {D(decode_version_query, hwc_version_query), VALUES(hwc_version_query), 0, 0, 0, "{}"},
    {D(decode_upgrade, hwc_upgrade), VALUES(hwc_upgrade), 0, 0, 0,
     "{\"version\":\"v1.2\",\"url\":\"https://example.com/fw.bin\",\"file_size\":81362}"},
    {D(decode_time_sync_response, hwc_time_sync_response), 0, 0, 0, 1, 0,
     "{\"device_send_time\":1582685678789,\"server_recv_time\":1582685696152,\"server_send_time\":1582685708109}"},
    {D(decode_sub_device_notify, hwc_sub_device_notify), VALUES(hwc_sub_device_notify), 0, 0, 0,
     "{\"devices\":[{\"node_id\":\"n1\",\"device_id\":\"p_n1\"}],\"version\":7}"},
    {D(decode_sub_device_response, hwc_sub_device_response), VALUES(hwc_sub_device_response), 0, 0, 0,
     "{\"successful_devices\":[\"p_n1\"],\"failed_devices\":[]}"},
    {D(decode_device_info, hwc_device_info), VALUES(hwc_device_info), 0, 0, 0,
     "{\"node_id\":\"n1\",\"device_id\":\"p_n1\",\"status\":\"ONLINE\"}"},
    {D(decode_failed_device, hwc_failed_device), VALUES(hwc_failed_device), 0, 0, 0,
     "{\"device_id\":\"p_n1\",\"error_code\":\"E1\",\"error_msg\":\"bad\"}"},
    {D(decode_bootstrap, hwc_bootstrap), VALUES(hwc_bootstrap), 0, 0, 0,
     "{\"address\":\"iot-mqtts.cn-north-4.myhuaweicloud.com:8883\",\"deviceSecret\":\"abc\"}"},
};

/* After a failure every output field is absent (no pointer into rejected input survives). */
static int all_absent(const struct decoder *d, const void *out) {
    const unsigned char *p = out;
    size_t i;
    if (d->time_sync) {
        const hwc_time_sync_response *t = out;
        return t->device_send_time == 0 && t->server_recv_time == 0 && t->server_send_time == 0;
    }
    if (d->has_kind && ((const hwc_event *)out)->kind != 0) return 0;
    for (i = 0; i < d->nvalues; i++) {
        hwc_json_value v;
        memcpy(&v, p + d->first_value + i * sizeof v, sizeof v);
        if (v.kind != 0 || v.ptr != NULL || v.len != 0) return 0;
    }
    return 1;
}

/* Runs decoder `d` on (text, len); checks the result and the reset-on-failure rule. */
static void expect_decode(const struct decoder *d, const char *text, size_t len, hwc_result want, const char *what,
                          int line) {
    void *out = tmp_alloc(d->size);
    const char *in = text ? tmp_copy(text, len) : NULL;
    hwc_result r;
    if (d->message_down && want != HWC_RESULT_OK && want != HWC_RESULT_NULL_ARGUMENT) want = HWC_RESULT_NO_MATCH;
    memset(out, 0x5a, d->size);
    r = d->fn(in, len, out);
    if (r != want) {
        check_fail(__FILE__, line, "%s(%s \"%.60s\") -> %s, want %s", d->name, what, text ? text : "(null)", rname(r),
                   rname(want));
        return;
    }
    if (r != HWC_RESULT_OK && r != HWC_RESULT_NULL_ARGUMENT && !all_absent(d, out))
        check_fail(__FILE__, line, "%s(%s): failure left output fields set", d->name, what);
}

/* `valid` with member `"zz":<value>` inserted first. */
static char *with_member(const char *valid, const char *value) {
    size_t vlen = strlen(valid), n = vlen + strlen(value) + 8;
    char *s = tmp_alloc(n);
    snprintf(s, n, "{\"zz\":%s%s%s", value, valid[1] == '}' ? "" : ",", valid + 1);
    return s;
}

static void decoders_malformed_battery(void) {
    size_t i, cut;
    for (i = 0; i < sizeof decoders / sizeof decoders[0]; i++) {
        const struct decoder *d = &decoders[i];
        size_t len = strlen(d->valid);
        char *s;
        char deep[2 * HWC_JSON_MAX_DEPTH + 8];
        int k;

        expect_decode(d, d->valid, len, HWC_RESULT_OK, "valid", __LINE__);
        for (cut = 0; cut < len; cut++) expect_decode(d, d->valid, cut, HWC_RESULT_MALFORMED_JSON, "truncated", __LINE__);

        s = tmp_alloc(len + 2);
        memcpy(s, d->valid, len - 1);
        s[len - 1] = ',';
        s[len] = '}';
        s[len + 1] = 0;
        expect_decode(d, s, len + 1, HWC_RESULT_MALFORMED_JSON, "trailing comma", __LINE__);
        {
            static const char *const tails[] = {"x", "}", "{}", ",", "[]", "\"", "0", "\xff", "\0"};
            size_t t;
            for (t = 0; t < sizeof tails / sizeof tails[0]; t++) {
                size_t tl = t == 8 ? 1 : strlen(tails[t]);
                s = tmp_alloc(len + tl + 1);
                memcpy(s, d->valid, len);
                memcpy(s + len, tails[t], tl);
                expect_decode(d, s, len + tl, HWC_RESULT_MALFORMED_JSON, "trailing garbage", __LINE__);
            }
            s = tmp_alloc(len + 5);
            memcpy(s, " \r\n\t", 4);
            memcpy(s + 4, d->valid, len);
            expect_decode(d, s, len + 4, HWC_RESULT_OK, "leading whitespace", __LINE__);
            s = tmp_alloc(len + 5);
            memcpy(s, d->valid, len);
            memcpy(s + len, " \r\n\t", 4);
            expect_decode(d, s, len + 4, HWC_RESULT_OK, "trailing whitespace", __LINE__);
        }
        {
            static const struct {
                const char *value;
                hwc_result want;
            } members[] = {
                {"\"\\ud800\"", HWC_RESULT_MALFORMED_JSON},       {"\"\\udc00\"", HWC_RESULT_MALFORMED_JSON},
                {"\"\\ud83d\\u0041\"", HWC_RESULT_MALFORMED_JSON}, {"\"a\x01z\"", HWC_RESULT_MALFORMED_JSON},
                {"\"a\x1fz\"", HWC_RESULT_MALFORMED_JSON},         {"\"a\nz\"", HWC_RESULT_MALFORMED_JSON},
                {"\"\xff\"", HWC_RESULT_INVALID_UTF8},             {"\"\xc3\"", HWC_RESULT_INVALID_UTF8},
                {"\"\xed\xa0\x80\"", HWC_RESULT_INVALID_UTF8},     {"NaN", HWC_RESULT_MALFORMED_JSON},
                {"Infinity", HWC_RESULT_MALFORMED_JSON},           {"-Infinity", HWC_RESULT_MALFORMED_JSON},
                {"1.", HWC_RESULT_MALFORMED_JSON},                 {"+1", HWC_RESULT_MALFORMED_JSON},
                {"01", HWC_RESULT_MALFORMED_JSON},                 {".5", HWC_RESULT_MALFORMED_JSON},
                {"{\"a\":1,}", HWC_RESULT_MALFORMED_JSON},         {"[1,]", HWC_RESULT_MALFORMED_JSON},
                {"undefined", HWC_RESULT_MALFORMED_JSON},          {"'s'", HWC_RESULT_MALFORMED_JSON},
                {"\"\\x41\"", HWC_RESULT_MALFORMED_JSON},          {"", HWC_RESULT_MALFORMED_JSON},
                {"[1,{\"x\":[null,true,\"\\ud83d\\ude00\"]}]", HWC_RESULT_OK},
                {"\"\\u00e9\xe5\xaf\x86\"", HWC_RESULT_OK},
                {"-1.5e+300", HWC_RESULT_OK},
            };
            size_t m;
            for (m = 0; m < sizeof members / sizeof members[0]; m++) {
                /* an extra member makes a message raw: NO_MATCH whatever its value */
                s = with_member(d->valid, members[m].value);
                expect_decode(d, s, strlen(s), d->message_down ? HWC_RESULT_NO_MATCH : members[m].want, "member",
                              __LINE__);
            }
        }
        /* nesting: the object is level 1, so 31 more levels fit and 32 do not */
        for (k = 0; k < 2; k++) {
            size_t n = 0;
            int j, levels = HWC_JSON_MAX_DEPTH - 1 + k;
            for (j = 0; j < levels; j++) deep[n++] = '[';
            for (j = 0; j < levels; j++) deep[n++] = ']';
            deep[n] = 0;
            s = with_member(d->valid, deep);
            expect_decode(d, s, strlen(s),
                          d->message_down ? HWC_RESULT_NO_MATCH : k ? HWC_RESULT_NESTING_TOO_DEEP : HWC_RESULT_OK,
                          "nesting", __LINE__);
        }
        s = tmp_alloc(len + 3);
        snprintf(s, len + 3, "[%s]", d->valid);
        expect_decode(d, s, len + 2, HWC_RESULT_WRONG_TYPE, "inside an array", __LINE__);
        expect_decode(d, "\"text\"", 6, HWC_RESULT_WRONG_TYPE, "string", __LINE__);
        expect_decode(d, "42", 2, HWC_RESULT_WRONG_TYPE, "number", __LINE__);
        expect_decode(d, "null", 4, HWC_RESULT_WRONG_TYPE, "null", __LINE__);
        expect_decode(d, "", 0, HWC_RESULT_MALFORMED_JSON, "empty", __LINE__);
        expect_decode(d, "   ", 3, HWC_RESULT_MALFORMED_JSON, "blank", __LINE__);
        expect_decode(d, "hello!", 6, HWC_RESULT_MALFORMED_JSON, "raw text", __LINE__);
        expect_decode(d, NULL, 0, HWC_RESULT_MALFORMED_JSON, "NULL, 0", __LINE__);
        expect_decode(d, NULL, 5, HWC_RESULT_NULL_ARGUMENT, "NULL, 5", __LINE__);
        if (d->fn(d->valid, len, NULL) != HWC_RESULT_NULL_ARGUMENT)
            check_fail(__FILE__, __LINE__, "%s with out NULL is not NULL_ARGUMENT", d->name);
    }
}

/* ---- per-message checks ---------------------------------------------------------------- */

static void decode_command_request_cases(void) {
    hwc_command_request c;
    OK(hwc_decode_command_request(IN("{\"object_device_id\":\"{id}\",\"command_name\":\"ON_OFF\","
                                     "\"service_id\":\"WaterMeter\",\"paras\":{\"value\":\"1\"}}"),
                                  &c)); /* §3.6 example */
    CHECK_VAL(c.object_device_id, HWC_JSON_KIND_STRING, "{id}");
    CHECK_VAL(c.command_name, HWC_JSON_KIND_STRING, "ON_OFF");
    CHECK_VAL(c.service_id, HWC_JSON_KIND_STRING, "WaterMeter");
    CHECK_VAL(c.paras, HWC_JSON_KIND_OBJECT, "{\"value\":\"1\"}");
    /* pretty-printed (the C SDK uses cJSON_Print) */
    OK(hwc_decode_command_request(IN("{\n\t\"service_id\":\t\"s\",\n\t\"paras\":\t{\n\t\t\"a\":\t[1, 2]\n\t}\n}"), &c));
    CHECK_VAL(c.paras, HWC_JSON_KIND_OBJECT, "{\n\t\t\"a\":\t[1, 2]\n\t}");
    CHECK_ABSENT(c.object_device_id);
    CHECK_ABSENT(c.command_name);
    OK(hwc_decode_command_request(IN("{}"), &c));
    CHECK_ABSENT(c.paras);
    OK(hwc_decode_command_request(IN("{\"command_name\":\"A\",\"command_name\":\"B\",\"service_id\":null}"), &c));
    CHECK_VAL(c.command_name, HWC_JSON_KIND_STRING, "B");
    CHECK_VAL(c.service_id, HWC_JSON_KIND_NULL, "null");
    OK(hwc_decode_command_request(IN("{\"command_name\":\"\\u004fN\",\"extra\":[1,{\"a\":null}]}"), &c));
    CHECK(hwc_json_equals(&c.command_name, LIT("ON")));
    CHECK_RES(hwc_decode_command_request(IN("{\"paras\":[1]}"), &c), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_command_request(IN("{\"paras\":\"x\"}"), &c), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_command_request(IN("{\"service_id\":1}"), &c), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_command_request(IN("{\"command_name\":{}}"), &c), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_command_request(IN("{\"object_device_id\":true}"), &c), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_command_request(IN("{\"paras\":{},\"paras\":5}"), &c), HWC_RESULT_WRONG_TYPE);
}

static void decode_properties_requests(void) {
    hwc_properties_set_request s;
    hwc_properties_get_request g;
    hwc_service svc;
    hwc_json_value e;
    OK(hwc_decode_properties_set_request(
        IN("{\"object_device_id\":\"child-1\",\"services\":[{\"service_id\":\"Temperature\",\"properties\":{\"value\":57}},"
           "{\"service_id\":\"Battery\",\"properties\":{\"level\":80,\"low\":false},\"event_time\":\"20151212T121212Z\"}]}"),
        &s)); /* §3.3 */
    CHECK_VAL(s.object_device_id, HWC_JSON_KIND_STRING, "child-1");
    CHECK_U64(count(&s.services), 2);
    e = element(&s.services, 0);
    OK(hwc_decode_service(e.ptr, e.len, &svc));
    CHECK_VAL(svc.service_id, HWC_JSON_KIND_STRING, "Temperature");
    CHECK_VAL(svc.properties, HWC_JSON_KIND_OBJECT, "{\"value\":57}");
    CHECK_ABSENT(svc.event_time);
    e = element(&s.services, 1);
    OK(hwc_decode_service(e.ptr, e.len, &svc));
    CHECK_VAL(svc.properties, HWC_JSON_KIND_OBJECT, "{\"level\":80,\"low\":false}");
    CHECK_VAL(svc.event_time, HWC_JSON_KIND_STRING, "20151212T121212Z");
    OK(hwc_decode_properties_set_request(IN("{\"services\":[]}"), &s));
    CHECK_ABSENT(s.object_device_id);
    CHECK_RES(hwc_decode_properties_set_request(IN("{\"object_device_id\":\"x\"}"), &s), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_properties_set_request(IN("{}"), &s), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_properties_set_request(IN("{\"services\":{}}"), &s), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_properties_set_request(IN("{\"services\":null}"), &s), HWC_RESULT_WRONG_TYPE);

    OK(hwc_decode_properties_get_request(IN("{\"object_device_id\":\"child-1\",\"service_id\":\"Temperature\"}"), &g));
    CHECK_VAL(g.object_device_id, HWC_JSON_KIND_STRING, "child-1");
    CHECK_VAL(g.service_id, HWC_JSON_KIND_STRING, "Temperature");
    OK(hwc_decode_properties_get_request(IN("{}"), &g)); /* all services */
    CHECK_ABSENT(g.service_id);
    CHECK_RES(hwc_decode_properties_get_request(IN("{\"service_id\":5}"), &g), HWC_RESULT_WRONG_TYPE);

    CHECK_RES(hwc_decode_service(IN("{\"service_id\":\"s\"}"), &svc), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_service(IN("{\"properties\":{}}"), &svc), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_service(IN("{\"service_id\":\"s\",\"properties\":[]}"), &svc), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_service(IN("{\"service_id\":\"s\",\"properties\":null}"), &svc), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_service(IN("{\"service_id\":7,\"properties\":{}}"), &svc), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_service(IN("{\"service_id\":\"s\",\"properties\":{},\"event_time\":1}"), &svc),
              HWC_RESULT_WRONG_TYPE);
}

static void decode_message_down_cases(void) {
    hwc_message_down m;
    OK(hwc_decode_message_down(IN("{\"object_device_id\":\"child-1\",\"name\":null,\"id\":\"aca6a906-0001\",\"content\":\"hello!\"}"),
                               &m)); /* §3.7 */
    CHECK_VAL(m.object_device_id, HWC_JSON_KIND_STRING, "child-1");
    CHECK_VAL(m.name, HWC_JSON_KIND_NULL, "null");
    CHECK_VAL(m.id, HWC_JSON_KIND_STRING, "aca6a906-0001");
    CHECK_VAL(m.content, HWC_JSON_KIND_STRING, "hello!");
    OK(hwc_decode_message_down(IN("{\"content\":{\"a\":[1,2]}}"), &m));
    CHECK_VAL(m.content, HWC_JSON_KIND_OBJECT, "{\"a\":[1,2]}");
    CHECK_ABSENT(m.id);
    /* raw messages: NO_MATCH, not an error */
    CHECK_RES(hwc_decode_message_down(IN("hello!"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{\"content\":\"x\",\"extra\":1}"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{\"content\":5}"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{\"content\":[1]}"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{\"content\":null}"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{\"name\":\"n\",\"id\":\"1\"}"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{\"content\":\"x\",\"name\":5}"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{}"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("[\"content\"]"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("{\"content\":\"x\""), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(IN("\xff\xfe binary"), &m), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_decode_message_down(NULL, 0, &m), HWC_RESULT_NO_MATCH);
    CHECK_ABSENT(m.content);
}

static void decode_shadow_cases(void) {
    hwc_shadow_response s;
    hwc_shadow_entry e;
    hwc_shadow_properties p;
    hwc_json_value v;
    OK(hwc_decode_shadow_response(
        IN("{\"object_device_id\":\"dev\",\"shadow\":[{\"service_id\":\"WaterMeter\","
           "\"desired\":{\"properties\":{\"temperature\":\"60\"},\"event_time\":\"20151212T121212Z\"},"
           "\"reported\":{\"properties\":{\"temperature\":\"61\"},\"event_time\":\"20151212T121213Z\"},"
           "\"version\":1}]}"),
        &s)); /* §3.5 */
    CHECK_VAL(s.object_device_id, HWC_JSON_KIND_STRING, "dev");
    CHECK_U64(count(&s.shadow), 1);
    v = element(&s.shadow, 0);
    OK(hwc_decode_shadow_entry(v.ptr, v.len, &e));
    CHECK_VAL(e.service_id, HWC_JSON_KIND_STRING, "WaterMeter");
    CHECK_VAL(e.version, HWC_JSON_KIND_NUMBER, "1");
    OK(hwc_decode_shadow_properties(e.desired.ptr, e.desired.len, &p));
    CHECK_VAL(p.properties, HWC_JSON_KIND_OBJECT, "{\"temperature\":\"60\"}");
    CHECK_VAL(p.event_time, HWC_JSON_KIND_STRING, "20151212T121212Z");
    OK(hwc_decode_shadow_properties(e.reported.ptr, e.reported.len, &p));
    CHECK_VAL(p.properties, HWC_JSON_KIND_OBJECT, "{\"temperature\":\"61\"}");
    CHECK_VAL(p.event_time, HWC_JSON_KIND_STRING, "20151212T121213Z"); /* not desired's (C SDK bug, §3.5) */
    OK(hwc_decode_shadow_response(IN("{\"object_device_id\":\"dev\"}"), &s));
    CHECK_ABSENT(s.shadow);
    CHECK_RES(hwc_decode_shadow_response(IN("{\"shadow\":{}}"), &s), HWC_RESULT_WRONG_TYPE);
    OK(hwc_decode_shadow_entry(IN("{\"service_id\":\"W\"}"), &e));
    CHECK_ABSENT(e.desired);
    CHECK_ABSENT(e.version);
    CHECK_RES(hwc_decode_shadow_entry(IN("{\"version\":1}"), &e), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_shadow_entry(IN("{\"service_id\":\"W\",\"version\":\"1\"}"), &e), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_shadow_entry(IN("{\"service_id\":\"W\",\"version\":1.5}"), &e), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_shadow_entry(IN("{\"service_id\":\"W\",\"version\":99999999999999999999}"), &e),
              HWC_RESULT_OUT_OF_RANGE);
    CHECK_RES(hwc_decode_shadow_entry(IN("{\"service_id\":\"W\",\"desired\":[]}"), &e), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_shadow_properties(IN("{\"event_time\":\"20151212T121212Z\"}"), &p), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_shadow_properties(IN("{\"properties\":\"x\"}"), &p), HWC_RESULT_WRONG_TYPE);
}

/* §4 table: service_id/event_type of each hwc_event_kind. */
static const struct {
    uint32_t kind;
    const char *service, *type;
} event_table[] = {
    {HWC_EVENT_KIND_OTA_VERSION_QUERY, "$ota", "version_query"},
    {HWC_EVENT_KIND_OTA_VERSION_REPORT, "$ota", "version_report"},
    {HWC_EVENT_KIND_OTA_FIRMWARE_UPGRADE, "$ota", "firmware_upgrade"},
    {HWC_EVENT_KIND_OTA_SOFTWARE_UPGRADE, "$ota", "software_upgrade"},
    {HWC_EVENT_KIND_OTA_FIRMWARE_UPGRADE_V2, "$ota", "firmware_upgrade_v2"},
    {HWC_EVENT_KIND_OTA_SOFTWARE_UPGRADE_V2, "$ota", "software_upgrade_v2"},
    {HWC_EVENT_KIND_OTA_UPGRADE_PROGRESS_REPORT, "$ota", "upgrade_progress_report"},
    {HWC_EVENT_KIND_TIME_SYNC_REQUEST, "$time_sync", "time_sync_request"},
    {HWC_EVENT_KIND_TIME_SYNC_RESPONSE, "$time_sync", "time_sync_response"},
    {HWC_EVENT_KIND_SDK_INFO_REPORT, "$sdk_info", "sdk_info_report"},
    {HWC_EVENT_KIND_ADD_SUB_DEVICE_NOTIFY, "$sub_device_manager", "add_sub_device_notify"},
    {HWC_EVENT_KIND_DELETE_SUB_DEVICE_NOTIFY, "$sub_device_manager", "delete_sub_device_notify"},
    {HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, "$sub_device_manager", "sub_device_update_status"},
    {HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS_RESPONSE, "$sub_device_manager", "sub_device_update_status_response"},
    {HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, "$sub_device_manager", "add_sub_device_request"},
    {HWC_EVENT_KIND_ADD_SUB_DEVICE_RESPONSE, "$sub_device_manager", "add_sub_device_response"},
    {HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, "$sub_device_manager", "delete_sub_device_request"},
    {HWC_EVENT_KIND_DELETE_SUB_DEVICE_RESPONSE, "$sub_device_manager", "delete_sub_device_response"},
    {HWC_EVENT_KIND_SUB_DEVICE_SYNC_REQUEST, "$sub_device_manager", "sub_device_sync_request"},
};

static void decode_events_cases(void) {
    hwc_events ev;
    hwc_event e;
    hwc_json_value v;
    size_t i;
    OK(hwc_decode_events(
        IN("{\"object_device_id\":\"dev\",\"services\":[{\"service_id\":\"$ota\",\"event_type\":\"version_query\","
           "\"event_time\":\"20151212T121212Z\",\"event_id\":\"40cc9ab1-3579-488c-95c6-c18941c99eb4\",\"paras\":{}},"
           "{\"service_id\":\"$log\",\"event_type\":\"log_config\",\"paras\":{\"switch\":\"on\"}}]}"),
        &ev)); /* §3.8 */
    CHECK_VAL(ev.object_device_id, HWC_JSON_KIND_STRING, "dev");
    CHECK_U64(count(&ev.services), 2);
    v = element(&ev.services, 0);
    OK(hwc_decode_event(v.ptr, v.len, &e));
    CHECK_U64(e.kind, HWC_EVENT_KIND_OTA_VERSION_QUERY);
    CHECK_VAL(e.service_id, HWC_JSON_KIND_STRING, "$ota");
    CHECK_VAL(e.event_type, HWC_JSON_KIND_STRING, "version_query");
    CHECK_VAL(e.event_time, HWC_JSON_KIND_STRING, "20151212T121212Z");
    CHECK_VAL(e.event_id, HWC_JSON_KIND_STRING, "40cc9ab1-3579-488c-95c6-c18941c99eb4");
    CHECK_VAL(e.paras, HWC_JSON_KIND_OBJECT, "{}");
    v = element(&ev.services, 1);
    OK(hwc_decode_event(v.ptr, v.len, &e));
    CHECK_U64(e.kind, HWC_EVENT_KIND_UNKNOWN);
    CHECK_VAL(e.paras, HWC_JSON_KIND_OBJECT, "{\"switch\":\"on\"}");
    CHECK_ABSENT(e.event_id);
    CHECK_RES(hwc_decode_events(IN("{\"object_device_id\":\"dev\"}"), &ev), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_events(IN("{\"services\":{}}"), &ev), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_events(IN("{\"services\":[],\"object_device_id\":1}"), &ev), HWC_RESULT_WRONG_TYPE);

    for (i = 0; i < sizeof event_table / sizeof event_table[0]; i++) {
        char doc[200];
        snprintf(doc, sizeof doc, "{\"service_id\":\"%s\",\"event_type\":\"%s\",\"paras\":{}}", event_table[i].service,
                 event_table[i].type);
        memset(&e, 0x5a, sizeof e);
        OK(hwc_decode_event(IN(doc), &e));
        if (e.kind != event_table[i].kind)
            check_fail(__FILE__, __LINE__, "%s/%s classified %u, want %u", event_table[i].service, event_table[i].type,
                       e.kind, event_table[i].kind);
    }
    {
        static const char *const unknown[] = {
            "{\"service_id\":\"$log\",\"event_type\":\"log_config\"}",
            "{\"service_id\":\"$ota\",\"event_type\":\"upgrade_version_query\"}",
            "{\"service_id\":\"sub_device_manager\",\"event_type\":\"sub_device_sync_request\"}", /* Java typo */
            "{\"service_id\":\"$OTA\",\"event_type\":\"version_query\"}",
            "{\"service_id\":\"$ota\",\"event_type\":\"version_query \"}",
            "{\"service_id\":\"$time_sync\",\"event_type\":\"version_query\"}",
            "{\"service_id\":\"\",\"event_type\":\"\"}",
        };
        for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
            OK(hwc_decode_event(IN(unknown[i]), &e));
            if (e.kind != HWC_EVENT_KIND_UNKNOWN) check_fail(__FILE__, __LINE__, "%s -> kind %u", unknown[i], e.kind);
            CHECK_ABSENT(e.paras);
        }
    }
    /* classification compares decoded text */
    OK(hwc_decode_event(IN("{\"service_id\":\"\\u0024ota\",\"event_type\":\"version\\u005fquery\"}"), &e));
    CHECK_U64(e.kind, HWC_EVENT_KIND_OTA_VERSION_QUERY);
    CHECK_RES(hwc_decode_event(IN("{\"service_id\":\"$ota\"}"), &e), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_event(IN("{\"event_type\":\"version_query\"}"), &e), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_event(IN("{\"service_id\":\"$ota\",\"event_type\":\"version_query\",\"paras\":\"x\"}"), &e),
              HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_event(IN("{\"service_id\":\"$ota\",\"event_type\":\"version_query\",\"paras\":[]}"), &e),
              HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_event(IN("{\"service_id\":\"$ota\",\"event_type\":5}"), &e), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_event(IN("{\"service_id\":\"$ota\",\"event_type\":null}"), &e), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_event(IN("{\"service_id\":\"$ota\",\"event_type\":\"x\",\"event_time\":1}"), &e),
              HWC_RESULT_WRONG_TYPE);
    CHECK_U64(e.kind, HWC_EVENT_KIND_UNKNOWN);
}

static void decode_ota_cases(void) {
    hwc_version_query q;
    hwc_upgrade u;
    OK(hwc_decode_version_query(IN("{}"), &q));
    CHECK_ABSENT(q.task_id);
    CHECK_ABSENT(q.sub_device_count);
    CHECK_ABSENT(q.task_ext_info);
    OK(hwc_decode_version_query(IN("{\"task_id\":\"t1\",\"sub_device_count\":3,\"task_ext_info\":{\"k\":\"v\"}}"), &q));
    CHECK_VAL(q.task_id, HWC_JSON_KIND_STRING, "t1");
    CHECK_VAL(q.sub_device_count, HWC_JSON_KIND_NUMBER, "3");
    CHECK_VAL(q.task_ext_info, HWC_JSON_KIND_OBJECT, "{\"k\":\"v\"}");
    OK(hwc_decode_version_query(IN("{\"task_ext_info\":\"text\"}"), &q));
    CHECK_VAL(q.task_ext_info, HWC_JSON_KIND_STRING, "text");
    CHECK_RES(hwc_decode_version_query(IN("{\"sub_device_count\":\"3\"}"), &q), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_version_query(IN("{\"sub_device_count\":1.5}"), &q), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_version_query(IN("{\"sub_device_count\":99999999999999999999}"), &q), HWC_RESULT_OUT_OF_RANGE);
    CHECK_RES(hwc_decode_version_query(IN("{\"task_id\":3}"), &q), HWC_RESULT_WRONG_TYPE);

    OK(hwc_decode_upgrade(
        IN("{\"version\":\"v1.2\",\"url\":\"https://10.1.1.1:8943/iodm/inner/v1.3.0/firmwarefiles/abc\","
           "\"file_size\":81362,\"file_name\":\"fw.bin\",\"access_token\":\"tok\",\"expires\":86400,"
           "\"sign\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"custom_info\":\"ci\","
           "\"task_id\":\"t\",\"sub_device_count\":2,\"task_ext_info\":{\"a\":1}}"),
        &u)); /* §4 firmware_upgrade */
    CHECK_VAL(u.version, HWC_JSON_KIND_STRING, "v1.2");
    CHECK_VAL(u.url, HWC_JSON_KIND_STRING, "https://10.1.1.1:8943/iodm/inner/v1.3.0/firmwarefiles/abc");
    CHECK_VAL(u.file_size, HWC_JSON_KIND_NUMBER, "81362");
    CHECK_VAL(u.file_name, HWC_JSON_KIND_STRING, "fw.bin");
    CHECK_VAL(u.access_token, HWC_JSON_KIND_STRING, "tok");
    CHECK_VAL(u.expires, HWC_JSON_KIND_NUMBER, "86400");
    CHECK_VAL(u.sign, HWC_JSON_KIND_STRING, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_VAL(u.custom_info, HWC_JSON_KIND_STRING, "ci");
    CHECK_VAL(u.task_id, HWC_JSON_KIND_STRING, "t");
    CHECK_VAL(u.sub_device_count, HWC_JSON_KIND_NUMBER, "2");
    CHECK_VAL(u.task_ext_info, HWC_JSON_KIND_OBJECT, "{\"a\":1}");
    {
        int64_t size = 0;
        OK(hwc_json_to_i64(&u.file_size, &size));
        CHECK_I64(size, 81362);
    }
    /* v2: OBS URL, no token */
    OK(hwc_decode_upgrade(IN("{\"version\":\"v2\",\"url\":\"https://obs.example.com/x?sig=1\",\"file_size\":5,"
                             "\"sign\":\"00\",\"custom_info\":{\"k\":[1]}}"),
                          &u));
    CHECK_ABSENT(u.access_token);
    CHECK_ABSENT(u.expires);
    CHECK_VAL(u.custom_info, HWC_JSON_KIND_OBJECT, "{\"k\":[1]}");
    CHECK_RES(hwc_decode_upgrade(IN("{\"url\":\"u\"}"), &u), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_upgrade(IN("{\"version\":\"v\"}"), &u), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_upgrade(IN("{\"version\":null,\"url\":\"u\"}"), &u), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_upgrade(IN("{\"version\":\"v\",\"url\":\"u\",\"file_size\":\"81362\"}"), &u),
              HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_upgrade(IN("{\"version\":\"v\",\"url\":\"u\",\"expires\":1e3}"), &u), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_upgrade(IN("{\"version\":1,\"url\":\"u\"}"), &u), HWC_RESULT_WRONG_TYPE);
    OK(hwc_decode_upgrade(IN("{\"version\":\"v\",\"url\":\"u\",\"expires\":null}"), &u));
    CHECK_VAL(u.expires, HWC_JSON_KIND_NULL, "null");
}

static void decode_time_sync_cases(void) {
    hwc_time_sync_response t;
    int64_t now = 0;
    OK(hwc_decode_time_sync_response(IN("{\"device_send_time\":1582685678789,\"server_recv_time\":1582685696152,"
                                        "\"server_send_time\":1582685708109}"),
                                     &t));
    CHECK_I64(t.device_send_time, 1582685678789LL);
    CHECK_I64(t.server_recv_time, 1582685696152LL);
    CHECK_I64(t.server_send_time, 1582685708109LL);
    OK(hwc_time_sync_now(t.device_send_time, t.server_recv_time, t.server_send_time, 1582685680000LL, &now));
    CHECK_I64(now, 1582685702736LL); /* §4.2 worked example */
    CHECK_RES(hwc_decode_time_sync_response(IN("{\"device_send_time\":1,\"server_recv_time\":2}"), &t),
              HWC_RESULT_MISSING_FIELD);
    CHECK(t.device_send_time == 0 && t.server_recv_time == 0 && t.server_send_time == 0);
    CHECK_RES(hwc_decode_time_sync_response(IN("{\"device_send_time\":1.5,\"server_recv_time\":2,\"server_send_time\":3}"), &t),
              HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_time_sync_response(IN("{\"device_send_time\":\"1\",\"server_recv_time\":2,\"server_send_time\":3}"), &t),
              HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_time_sync_response(IN("{\"device_send_time\":null,\"server_recv_time\":2,\"server_send_time\":3}"), &t),
              HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_time_sync_response(
                  IN("{\"device_send_time\":9223372036854775808,\"server_recv_time\":2,\"server_send_time\":3}"), &t),
              HWC_RESULT_OUT_OF_RANGE);
    OK(hwc_decode_time_sync_response(
        IN("{\"server_send_time\":-9223372036854775808,\"device_send_time\":9223372036854775807,\"server_recv_time\":0}"), &t));
    CHECK_I64(t.server_send_time, INT64_MIN);
    CHECK_I64(t.device_send_time, INT64_MAX);
}

static void decode_gateway_cases(void) {
    hwc_sub_device_notify n;
    hwc_sub_device_response r;
    hwc_device_info d;
    hwc_failed_device f;
    hwc_json_value v;
    OK(hwc_decode_sub_device_notify(
        IN("{\"devices\":[{\"parent_device_id\":\"gw\",\"node_id\":\"n1\",\"device_id\":\"p_n1\",\"name\":\"c1\","
           "\"description\":\"d\",\"manufacturer_id\":\"m\",\"model\":\"x\",\"product_id\":\"p\",\"fw_version\":\"1\","
           "\"sw_version\":\"2\",\"status\":\"ONLINE\",\"extension_info\":{\"k\":1}},"
           "{\"parent_device_id\":\"gw\",\"node_id\":\"n2\",\"device_id\":\"p_n2\"}],\"version\":7}"),
        &n)); /* §4.3 DeviceInfo */
    CHECK_VAL(n.version, HWC_JSON_KIND_NUMBER, "7");
    CHECK_U64(count(&n.devices), 2);
    v = element(&n.devices, 0);
    OK(hwc_decode_device_info(v.ptr, v.len, &d));
    CHECK_VAL(d.parent_device_id, HWC_JSON_KIND_STRING, "gw");
    CHECK_VAL(d.node_id, HWC_JSON_KIND_STRING, "n1");
    CHECK_VAL(d.device_id, HWC_JSON_KIND_STRING, "p_n1");
    CHECK_VAL(d.name, HWC_JSON_KIND_STRING, "c1");
    CHECK_VAL(d.description, HWC_JSON_KIND_STRING, "d");
    CHECK_VAL(d.manufacturer_id, HWC_JSON_KIND_STRING, "m");
    CHECK_VAL(d.model, HWC_JSON_KIND_STRING, "x");
    CHECK_VAL(d.product_id, HWC_JSON_KIND_STRING, "p");
    CHECK_VAL(d.fw_version, HWC_JSON_KIND_STRING, "1");
    CHECK_VAL(d.sw_version, HWC_JSON_KIND_STRING, "2");
    CHECK_VAL(d.status, HWC_JSON_KIND_STRING, "ONLINE");
    CHECK_VAL(d.extension_info, HWC_JSON_KIND_OBJECT, "{\"k\":1}");
    v = element(&n.devices, 1);
    OK(hwc_decode_device_info(v.ptr, v.len, &d));
    CHECK_VAL(d.device_id, HWC_JSON_KIND_STRING, "p_n2");
    CHECK_ABSENT(d.status);
    CHECK_ABSENT(d.extension_info);
    OK(hwc_decode_sub_device_notify(IN("{\"devices\":[]}"), &n));
    CHECK_ABSENT(n.version);
    CHECK_RES(hwc_decode_sub_device_notify(IN("{\"version\":7}"), &n), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_sub_device_notify(IN("{\"devices\":[],\"version\":\"7\"}"), &n), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_sub_device_notify(IN("{\"devices\":{}}"), &n), HWC_RESULT_WRONG_TYPE);

    /* add response: device infos and {node_id, product_id, error_code, error_msg} */
    OK(hwc_decode_sub_device_response(
        IN("{\"successful_devices\":[{\"node_id\":\"n1\",\"device_id\":\"p_n1\",\"status\":\"OFFLINE\"}],"
           "\"failed_devices\":[{\"node_id\":\"n3\",\"product_id\":\"p3\",\"error_code\":\"E1\",\"error_msg\":\"bad\"}]}"),
        &r));
    CHECK_U64(count(&r.successful_devices), 1);
    v = element(&r.failed_devices, 0);
    OK(hwc_decode_failed_device(v.ptr, v.len, &f));
    CHECK_VAL(f.node_id, HWC_JSON_KIND_STRING, "n3");
    CHECK_VAL(f.product_id, HWC_JSON_KIND_STRING, "p3");
    CHECK_VAL(f.error_code, HWC_JSON_KIND_STRING, "E1");
    CHECK_VAL(f.error_msg, HWC_JSON_KIND_STRING, "bad");
    CHECK_ABSENT(f.device_id);
    /* delete response: device id strings, numeric error code */
    OK(hwc_decode_sub_device_response(
        IN("{\"successful_devices\":[\"p_n1\",\"p_n2\"],\"failed_devices\":[{\"device_id\":\"p_n9\",\"error_code\":404,"
           "\"error_msg\":\"not found\"}]}"),
        &r));
    v = element(&r.successful_devices, 1);
    CHECK_VAL(v, HWC_JSON_KIND_STRING, "p_n2");
    v = element(&r.failed_devices, 0);
    OK(hwc_decode_failed_device(v.ptr, v.len, &f));
    CHECK_VAL(f.device_id, HWC_JSON_KIND_STRING, "p_n9");
    CHECK_VAL(f.error_code, HWC_JSON_KIND_NUMBER, "404");
    OK(hwc_decode_sub_device_response(IN("{}"), &r));
    CHECK_ABSENT(r.successful_devices);
    CHECK_ABSENT(r.failed_devices);
    CHECK_RES(hwc_decode_sub_device_response(IN("{\"successful_devices\":{}}"), &r), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_sub_device_response(IN("{\"failed_devices\":\"x\"}"), &r), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_device_info(IN("{\"name\":5}"), &d), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_device_info(IN("{\"status\":true}"), &d), HWC_RESULT_WRONG_TYPE);
    OK(hwc_decode_device_info(IN("{\"extension_info\":\"s\"}"), &d));
    CHECK_RES(hwc_decode_failed_device(IN("{\"error_msg\":1}"), &f), HWC_RESULT_WRONG_TYPE);
    OK(hwc_decode_failed_device(IN("{\"error_code\":{\"x\":1}}"), &f));
}

static void decode_bootstrap_cases(void) {
    hwc_bootstrap b;
    OK(hwc_decode_bootstrap(IN("{\"address\":\"iot-mqtts.cn-north-4.myhuaweicloud.com:8883\",\"deviceSecret\":\"abc\"}"),
                            &b)); /* §3.9 */
    CHECK_VAL(b.address, HWC_JSON_KIND_STRING, "iot-mqtts.cn-north-4.myhuaweicloud.com:8883");
    CHECK_VAL(b.device_secret, HWC_JSON_KIND_STRING, "abc");
    OK(hwc_decode_bootstrap(IN("{\"address\":\"host:1883\"}"), &b));
    CHECK_ABSENT(b.device_secret);
    OK(hwc_decode_bootstrap(IN("{\"device_secret\":\"x\",\"address\":\"h:1\"}"), &b)); /* camelCase only */
    CHECK_ABSENT(b.device_secret);
    CHECK_RES(hwc_decode_bootstrap(IN("{\"deviceSecret\":\"abc\"}"), &b), HWC_RESULT_MISSING_FIELD);
    CHECK_RES(hwc_decode_bootstrap(IN("{\"address\":1}"), &b), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_decode_bootstrap(IN("{\"address\":\"h:1\",\"deviceSecret\":[]}"), &b), HWC_RESULT_WRONG_TYPE);
}

const struct test_case decoder_tests[] = {
    {"decoders_malformed_battery", decoders_malformed_battery},
    {"decode_command_request_cases", decode_command_request_cases},
    {"decode_properties_requests", decode_properties_requests},
    {"decode_message_down_cases", decode_message_down_cases},
    {"decode_shadow_cases", decode_shadow_cases},
    {"decode_events_cases", decode_events_cases},
    {"decode_ota_cases", decode_ota_cases},
    {"decode_time_sync_cases", decode_time_sync_cases},
    {"decode_gateway_cases", decode_gateway_cases},
    {"decode_bootstrap_cases", decode_bootstrap_cases},
    {NULL, NULL},
};
