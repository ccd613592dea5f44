/*
 * Topics: every hwc_topic_kind built for the protocol's example device and parsed back
 * (zero-copy), report topics with ?request_id=, USER topics, subscription filters, the device's
 * standard subscriptions, response topics, and topics that are not IoTDA device topics.
 * Expected strings: protocol doc §2 table, subscription list and §6.3/§6.4.
 */
#include "harness.h"

#define DEVICE "5fbbb784b4ec2202e982e643_868540050954037"
#define P "$oc/devices/" DEVICE
#define RID "a1b2c3d4-0000-4000-8000-1234567890ab"
#define A64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

#define CHECK_ERR(expr)                                                                      \
    do {                                                                                     \
        hwc_result r_ = (expr);                                                              \
        if (r_ >= 0) check_fail(__FILE__, __LINE__, "%s -> %s, want an error", #expr, rname(r_)); \
    } while (0)

static hwc_result call_topic(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_topic(c->u, c->a, c->alen, c->b, c->blen, o, cap, n);
}
static hwc_result call_subscription(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_subscription(c->u, c->a, c->alen, o, cap, n);
}
static hwc_result call_response_topic(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_response_topic(c->a, c->alen, o, cap, n);
}

static struct out_call topic_call(uint32_t kind, const char *dev, size_t dlen, const char *extra,
                                  size_t elen) {
    struct out_call c = {0};
    c.fn = call_topic;
    c.u = kind;
    c.a = dev;
    c.alen = dlen;
    c.b = extra;
    c.blen = elen;
    return c;
}
static struct out_call subscription_call(uint32_t kind, const char *dev, size_t dlen) {
    struct out_call c = {0};
    c.fn = call_subscription;
    c.u = kind;
    c.a = dev;
    c.alen = dlen;
    return c;
}
static struct out_call response_call(const char *topic, size_t len) {
    struct out_call c = {0};
    c.fn = call_response_topic;
    c.a = topic;
    c.alen = len;
    return c;
}

struct topic_row {
    uint32_t kind;
    const char *extra; /* request id or USER name, NULL for none */
    const char *topic;
};

static const struct topic_row rows[] = {
    {HWC_TOPIC_KIND_MESSAGES_UP, NULL, P "/sys/messages/up"},
    {HWC_TOPIC_KIND_MESSAGES_UP, "123", P "/sys/messages/up?request_id=123"},
    {HWC_TOPIC_KIND_MESSAGES_DOWN, NULL, P "/sys/messages/down"},
    {HWC_TOPIC_KIND_COMMAND_REQUEST, RID, P "/sys/commands/request_id=" RID},
    {HWC_TOPIC_KIND_COMMAND_RESPONSE, RID, P "/sys/commands/response/request_id=" RID},
    {HWC_TOPIC_KIND_PROPERTIES_REPORT, NULL, P "/sys/properties/report"},
    {HWC_TOPIC_KIND_PROPERTIES_REPORT, "123", P "/sys/properties/report?request_id=123"},
    {HWC_TOPIC_KIND_GATEWAY_PROPERTIES_REPORT, NULL, P "/sys/gateway/sub_devices/properties/report"},
    {HWC_TOPIC_KIND_PROPERTIES_SET_REQUEST, RID, P "/sys/properties/set/request_id=" RID},
    {HWC_TOPIC_KIND_PROPERTIES_SET_RESPONSE, RID, P "/sys/properties/set/response/request_id=" RID},
    {HWC_TOPIC_KIND_PROPERTIES_GET_REQUEST, RID, P "/sys/properties/get/request_id=" RID},
    {HWC_TOPIC_KIND_PROPERTIES_GET_RESPONSE, RID, P "/sys/properties/get/response/request_id=" RID},
    {HWC_TOPIC_KIND_SHADOW_GET_REQUEST, "42", P "/sys/shadow/get/request_id=42"},
    {HWC_TOPIC_KIND_SHADOW_GET_RESPONSE, "42", P "/sys/shadow/get/response/request_id=42"},
    {HWC_TOPIC_KIND_EVENTS_UP, NULL, P "/sys/events/up"},
    {HWC_TOPIC_KIND_EVENTS_DOWN, NULL, P "/sys/events/down"},
    {HWC_TOPIC_KIND_BOOTSTRAP_UP, NULL, P "/sys/bootstrap/up"},
    {HWC_TOPIC_KIND_BOOTSTRAP_DOWN, NULL, P "/sys/bootstrap/down"},
    {HWC_TOPIC_KIND_USER, "custom", P "/user/custom"},
    {HWC_TOPIC_KIND_USER, "a/b.c-d_e", P "/user/a/b.c-d_e"},
};

/* Parses `topic` from an exact-size heap copy and checks every field points into it. */
static void check_parse(const char *topic, uint32_t kind, const char *device, const char *request_id,
                        const char *name, int line) {
    size_t len = strlen(topic);
    const char *in = tmp_copy(topic, len);
    hwc_topic_match m;
    hwc_result r;
    memset(&m, 0x5a, sizeof m);
    r = hwc_parse_topic(in, len, &m);
    if (r != HWC_RESULT_OK) {
        check_fail(__FILE__, line, "parse \"%s\" -> %s", topic, rname(r));
        return;
    }
    if (m.kind != kind) check_fail(__FILE__, line, "parse \"%s\": kind %u, want %u", topic, m.kind, kind);
    if (m.device_id != in + 12 || m.device_id_len != strlen(device) ||
        memcmp(m.device_id, device, m.device_id_len) != 0)
        check_fail(__FILE__, line, "parse \"%s\": device id not the slice after $oc/devices/", topic);
    if (request_id) {
        size_t rl = strlen(request_id);
        if (m.request_id != in + len - rl || m.request_id_len != rl)
            check_fail(__FILE__, line, "parse \"%s\": request id is not the topic's last %zu bytes", topic, rl);
    } else if (m.request_id != NULL || m.request_id_len != 0) {
        check_fail(__FILE__, line, "parse \"%s\": request id should be NULL", topic);
    }
    if (name) {
        size_t nl = strlen(name);
        if (m.name != in + len - nl || m.name_len != nl)
            check_fail(__FILE__, line, "parse \"%s\": name is not the topic's last %zu bytes", topic, nl);
    } else if (m.name != NULL || m.name_len != 0) {
        check_fail(__FILE__, line, "parse \"%s\": name should be NULL", topic);
    }
}

static void build_and_parse_every_kind(void) {
    size_t i;
    int seen[18] = {0};
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct topic_row *row = &rows[i];
        const char *extra = row->extra ? tmp_copy(row->extra, strlen(row->extra)) : NULL;
        struct out_call c = topic_call(row->kind, LIT(DEVICE), extra, extra ? strlen(row->extra) : 0);
        int is_user = row->kind == HWC_TOPIC_KIND_USER;
        check_output(__FILE__, __LINE__, &c, row->topic, strlen(row->topic));
        check_parse(row->topic, row->kind, DEVICE, is_user ? NULL : row->extra, is_user ? row->extra : NULL,
                    __LINE__);
        seen[row->kind] = 1;
    }
    for (i = 1; i <= 17; i++)
        if (!seen[i]) check_fail(__FILE__, __LINE__, "kind %zu not covered", i);
    /* protocol §6.3 derived topic, §6.4 request id extraction */
    {
        struct out_call c = topic_call(HWC_TOPIC_KIND_PROPERTIES_REPORT, LIT(DEVICE), NULL, 0);
        CHECK_OUTPUT(&c, "$oc/devices/5fbbb784b4ec2202e982e643_868540050954037/sys/properties/report");
    }
    check_parse("$oc/devices/d1/sys/commands/request_id=abc-123", HWC_TOPIC_KIND_COMMAND_REQUEST, "d1",
                "abc-123", NULL, __LINE__);
}

static void request_id_rules(void) {
    static const char *const good[] = {"1", "abc-123", "a=b", "with space", "\xe8\xaf\xb7\xe6\xb1\x82-1",
                                       A64 A64, "x.y_z:1;2,3"};
    static const char *const bad[] = {"a/b", "a#b", "a+b", "a?b", A64 A64 "a", "tab\there", "nl\n",
                                      "del\x7f", "\xff", "\xc3", "\xc0\xaf", "\xed\xa0\x80"};
    size_t i;
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t n;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        char want[HWC_TOPIC_MAX_LEN + 1];
        struct out_call c = topic_call(HWC_TOPIC_KIND_COMMAND_RESPONSE, LIT(DEVICE), STR(good[i]));
        snprintf(want, sizeof want, P "/sys/commands/response/request_id=%s", good[i]);
        check_output(__FILE__, __LINE__, &c, want, strlen(want));
        check_parse(want, HWC_TOPIC_KIND_COMMAND_RESPONSE, DEVICE, good[i], NULL, __LINE__);
        snprintf(want, sizeof want, P "/sys/messages/up?request_id=%s", good[i]);
        check_parse(want, HWC_TOPIC_KIND_MESSAGES_UP, DEVICE, good[i], NULL, __LINE__);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t kinds[] = {HWC_TOPIC_KIND_COMMAND_RESPONSE, HWC_TOPIC_KIND_SHADOW_GET_REQUEST,
                            HWC_TOPIC_KIND_MESSAGES_UP, HWC_TOPIC_KIND_PROPERTIES_REPORT};
        size_t k;
        for (k = 0; k < 4; k++) {
            struct out_call c = topic_call(kinds[k], LIT(DEVICE), STR(bad[i]));
            hwc_result r = hwc_topic(kinds[k], DEVICE, 40, bad[i], strlen(bad[i]), out, sizeof out, &n);
            if (r != HWC_RESULT_INVALID_REQUEST_ID)
                check_fail(__FILE__, __LINE__, "kind %u request id #%zu -> %s", kinds[k], i, rname(r));
            else
                CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_REQUEST_ID);
        }
    }
    {
        struct out_call c = topic_call(HWC_TOPIC_KIND_COMMAND_RESPONSE, LIT(DEVICE), LIT(""));
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_REQUEST_ID);
        c = topic_call(HWC_TOPIC_KIND_COMMAND_RESPONSE, LIT(DEVICE), NULL, 0); /* required */
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_REQUEST_ID);
        c = topic_call(HWC_TOPIC_KIND_SHADOW_GET_REQUEST, LIT(DEVICE), NULL, 5);
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_REQUEST_ID);
    }
    /* an id given where the topic takes none */
    CHECK_ERR(hwc_topic(HWC_TOPIC_KIND_EVENTS_UP, LIT(DEVICE), LIT("1"), out, sizeof out, &n));
    CHECK_ERR(hwc_topic(HWC_TOPIC_KIND_MESSAGES_DOWN, LIT(DEVICE), LIT("1"), out, sizeof out, &n));
    CHECK_ERR(hwc_topic(HWC_TOPIC_KIND_GATEWAY_PROPERTIES_REPORT, LIT(DEVICE), LIT("1"), out, sizeof out, &n));
}

static void topic_invalid_arguments(void) {
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t n;
    struct out_call c = topic_call(0, LIT(DEVICE), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TOPIC_KIND);
    c = topic_call(18, LIT(DEVICE), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TOPIC_KIND);
    c = topic_call(UINT32_MAX, LIT(DEVICE), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TOPIC_KIND);
    c = topic_call(HWC_TOPIC_KIND_EVENTS_UP, LIT(""), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = topic_call(HWC_TOPIC_KIND_EVENTS_UP, NULL, 0, NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = topic_call(HWC_TOPIC_KIND_EVENTS_UP, LIT(A64 A64 "a"), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = topic_call(HWC_TOPIC_KIND_EVENTS_UP, LIT("dev/1"), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = topic_call(HWC_TOPIC_KIND_EVENTS_UP, LIT("d\xc3\xa9v"), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = topic_call(HWC_TOPIC_KIND_EVENTS_UP, LIT("dev+1"), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    CHECK_RES(hwc_topic(HWC_TOPIC_KIND_EVENTS_UP, NULL, 40, NULL, 0, out, sizeof out, &n),
              HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_topic(HWC_TOPIC_KIND_EVENTS_UP, LIT(DEVICE), NULL, 0, NULL, 10, &n), HWC_RESULT_NULL_ARGUMENT);
}

static void user_topic_names(void) {
    static const char *const good[] = {"x", "custom", "a/b", "x.y-z_1", "up/down/left", A64};
    static const char *const bad[] = {"/a", "a/", "a//b", A64 "a", "a#", "a+", "a b", "\xc3\xa9", "#", "/"};
    size_t i;
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t n;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        char want[HWC_TOPIC_MAX_LEN + 1];
        struct out_call c = topic_call(HWC_TOPIC_KIND_USER, LIT(DEVICE), STR(good[i]));
        snprintf(want, sizeof want, P "/user/%s", good[i]);
        check_output(__FILE__, __LINE__, &c, want, strlen(want));
        check_parse(want, HWC_TOPIC_KIND_USER, DEVICE, NULL, good[i], __LINE__);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char t[HWC_TOPIC_MAX_LEN + 1];
        hwc_topic_match m;
        hwc_result r = hwc_topic(HWC_TOPIC_KIND_USER, DEVICE, 40, bad[i], strlen(bad[i]), out, sizeof out, &n);
        if (r != HWC_RESULT_INVALID_ARGUMENT)
            check_fail(__FILE__, __LINE__, "user name \"%s\" -> %s, want INVALID_ARGUMENT", bad[i], rname(r));
        snprintf(t, sizeof t, P "/user/%s", bad[i]);
        r = hwc_parse_topic(STR(t), &m);
        if (r != HWC_RESULT_NO_MATCH) check_fail(__FILE__, __LINE__, "parse \"%s\" -> %s", t, rname(r));
    }
    {
        struct out_call c = topic_call(HWC_TOPIC_KIND_USER, LIT(DEVICE), LIT(""));
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_ARGUMENT);
        c = topic_call(HWC_TOPIC_KIND_USER, LIT(DEVICE), NULL, 0);
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_ARGUMENT);
    }
}

static void longest_topics_fit(void) {
    uint32_t kind;
    char out[HWC_TOPIC_MAX_LEN + 1];
    for (kind = 1; kind <= 17; kind++) {
        size_t n = 0;
        hwc_result r = hwc_topic(kind, LIT(A64 A64), NULL, 0, NULL, 0, &n);
        if (r == HWC_RESULT_INVALID_REQUEST_ID || r == HWC_RESULT_INVALID_ARGUMENT)
            r = hwc_topic(kind, LIT(A64 A64), kind == HWC_TOPIC_KIND_USER ? A64 : A64 A64,
                          kind == HWC_TOPIC_KIND_USER ? 64 : 128, NULL, 0, &n);
        if (r == HWC_RESULT_BUFFER_TOO_SMALL && n <= HWC_TOPIC_MAX_LEN) continue;
        check_fail(__FILE__, __LINE__, "kind %u longest topic -> %s %zu (max %d)", kind, rname(r), n,
                   HWC_TOPIC_MAX_LEN);
    }
    {
        size_t n = 0;
        CHECK_RES(hwc_topic(HWC_TOPIC_KIND_PROPERTIES_REPORT, LIT(A64 A64), LIT(A64 A64), out, sizeof out, &n),
                  HWC_RESULT_OK);
        CHECK(n <= HWC_TOPIC_MAX_LEN && out[n] == 0);
    }
}

static void subscriptions(void) {
    static const struct {
        uint32_t kind;
        const char *filter;
    } down[] = {
        {HWC_TOPIC_KIND_MESSAGES_DOWN, P "/sys/messages/down"},
        {HWC_TOPIC_KIND_COMMAND_REQUEST, P "/sys/commands/#"},
        {HWC_TOPIC_KIND_PROPERTIES_SET_REQUEST, P "/sys/properties/set/#"},
        {HWC_TOPIC_KIND_PROPERTIES_GET_REQUEST, P "/sys/properties/get/#"},
        {HWC_TOPIC_KIND_SHADOW_GET_RESPONSE, P "/sys/shadow/get/response/#"},
        {HWC_TOPIC_KIND_EVENTS_DOWN, P "/sys/events/down"},
        {HWC_TOPIC_KIND_BOOTSTRAP_DOWN, P "/sys/bootstrap/down"},
        {HWC_TOPIC_KIND_USER, P "/user/#"},
    };
    static const uint32_t up[] = {HWC_TOPIC_KIND_MESSAGES_UP,
                                  HWC_TOPIC_KIND_COMMAND_RESPONSE,
                                  HWC_TOPIC_KIND_PROPERTIES_REPORT,
                                  HWC_TOPIC_KIND_GATEWAY_PROPERTIES_REPORT,
                                  HWC_TOPIC_KIND_PROPERTIES_SET_RESPONSE,
                                  HWC_TOPIC_KIND_PROPERTIES_GET_RESPONSE,
                                  HWC_TOPIC_KIND_SHADOW_GET_REQUEST,
                                  HWC_TOPIC_KIND_EVENTS_UP,
                                  HWC_TOPIC_KIND_BOOTSTRAP_UP,
                                  0,
                                  18,
                                  UINT32_MAX};
    size_t i;
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t n;
    for (i = 0; i < sizeof down / sizeof down[0]; i++) {
        struct out_call c = subscription_call(down[i].kind, LIT(DEVICE));
        check_output(__FILE__, __LINE__, &c, down[i].filter, strlen(down[i].filter));
    }
    {
        struct out_call c = subscription_call(HWC_TOPIC_KIND_COMMAND_REQUEST, LIT(DEVICE));
        CHECK_OUTPUT(&c, "$oc/devices/5fbbb784b4ec2202e982e643_868540050954037/sys/commands/#"); /* §6.3 */
    }
    for (i = 0; i < sizeof up / sizeof up[0]; i++) {
        struct out_call c = subscription_call(up[i], LIT(DEVICE));
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TOPIC_KIND);
    }
    {
        struct out_call c = subscription_call(HWC_TOPIC_KIND_EVENTS_DOWN, LIT("bad/id"));
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
        c = subscription_call(HWC_TOPIC_KIND_EVENTS_DOWN, LIT(""));
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
        c = subscription_call(HWC_TOPIC_KIND_EVENTS_DOWN, NULL, 0);
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    }
    CHECK_RES(hwc_subscription(HWC_TOPIC_KIND_EVENTS_DOWN, NULL, 3, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
}

/* The standard set is the protocol's list without bootstrap (IoTDP only): each once. */
static void device_subscriptions(void) {
    static const uint32_t want[] = {HWC_TOPIC_KIND_MESSAGES_DOWN,        HWC_TOPIC_KIND_COMMAND_REQUEST,
                                    HWC_TOPIC_KIND_PROPERTIES_SET_REQUEST, HWC_TOPIC_KIND_PROPERTIES_GET_REQUEST,
                                    HWC_TOPIC_KIND_SHADOW_GET_RESPONSE,  HWC_TOPIC_KIND_EVENTS_DOWN};
    size_t count = hwc_device_subscription_count(), i, j;
    int found[6] = {0};
    CHECK_U64(count, 6);
    for (i = 0; i < count; i++) {
        uint32_t kind = hwc_device_subscription(i);
        char out[HWC_TOPIC_MAX_LEN + 1];
        size_t n;
        int hit = 0;
        for (j = 0; j < 6; j++)
            if (want[j] == kind) {
                if (found[j]) check_fail(__FILE__, __LINE__, "kind %u listed twice", kind);
                found[j] = hit = 1;
            }
        if (!hit) check_fail(__FILE__, __LINE__, "unexpected standard subscription kind %u", kind);
        CHECK_RES(hwc_subscription(kind, LIT(DEVICE), out, sizeof out, &n), HWC_RESULT_OK);
    }
    CHECK_U64(hwc_device_subscription(count), 0);
    CHECK_U64(hwc_device_subscription(count + 1), 0);
    CHECK_U64(hwc_device_subscription((size_t)-1), 0);
}

static void response_topics(void) {
    static const struct {
        const char *request, *response;
    } ok[] = {
        {P "/sys/commands/request_id=" RID, P "/sys/commands/response/request_id=" RID},
        {P "/sys/properties/set/request_id=" RID, P "/sys/properties/set/response/request_id=" RID},
        {P "/sys/properties/get/request_id=" RID, P "/sys/properties/get/response/request_id=" RID},
        /* protocol §6.4 */
        {"$oc/devices/d1/sys/commands/request_id=abc-123", "$oc/devices/d1/sys/commands/response/request_id=abc-123"},
    };
    static const char *const not_requests[] = {
        P "/sys/messages/down",
        P "/sys/messages/up",
        P "/sys/events/down",
        P "/sys/bootstrap/down",
        P "/sys/shadow/get/response/request_id=1",
        P "/sys/shadow/get/request_id=1",
        P "/sys/commands/response/request_id=1",
        P "/sys/properties/set/response/request_id=1",
        P "/user/custom",
        "foo/bar",
        "$oc/devices/",
        "",
        P "/sys/commands/request_id=",
        P "/sys/commands/request_id=a/b",
    };
    size_t i;
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t n;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct out_call c = response_call(STR(ok[i].request));
        check_output(__FILE__, __LINE__, &c, ok[i].response, strlen(ok[i].response));
    }
    for (i = 0; i < sizeof not_requests / sizeof not_requests[0]; i++) {
        struct out_call c = response_call(STR(not_requests[i]));
        hwc_result r = hwc_response_topic(c.a, c.alen, out, sizeof out, &n);
        if (r != HWC_RESULT_NOT_A_REQUEST)
            check_fail(__FILE__, __LINE__, "response of \"%s\" -> %s", not_requests[i], rname(r));
        else
            CHECK_OUTPUT_ERR(&c, HWC_RESULT_NOT_A_REQUEST);
    }
    {
        struct out_call c = response_call(NULL, 0);
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_NOT_A_REQUEST);
    }
    CHECK_RES(hwc_response_topic(NULL, 10, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
}

static void parse_non_matching(void) {
    static const char *const topics[] = {
        "",
        "foo/bar",
        "$oc/devices",
        "$oc/devices/",
        "$oc/devices/" DEVICE,
        P "/",
        P "/sys",
        P "/sys/",
        P "/sys/unknown",
        P "/sys/messages/down/",
        P "/sys/messages/downx",
        P "/sys/messages/up?",
        P "/sys/messages/up?request_id=",
        P "/sys/messages/up?foo=1",
        P "/sys/events/up?request_id=1",
        P "/sys/commands/",
        P "/sys/commands/request_id=",
        P "/sys/commands/request_id=a/b",
        P "/sys/commands/request_id=a#",
        P "/sys/commands/abc",
        P "/sys/properties/report/",
        P "/user/",
        P "/user//x",
        "$oc/device/" DEVICE "/sys/messages/down",
        "$OC/devices/" DEVICE "/sys/messages/down",
        "/$oc/devices/" DEVICE "/sys/messages/down",
        "$oc/devices//sys/messages/down",
        "$oc/devices/a.b/sys/messages/down",
        "$oc/devices/" A64 A64 "a/sys/messages/down",
        "$oc/devices/d\xc3\xa9v/sys/messages/down",
        "$oc/m2m/to/" DEVICE "/from/x/request_id=1",
        "$oc/bridges/b1/devices/" DEVICE "/sys/messages/up",
        "/huawei/v1/devices/" DEVICE "/data/json",
    };
    size_t i;
    for (i = 0; i < sizeof topics / sizeof topics[0]; i++) {
        hwc_topic_match m;
        hwc_result r;
        memset(&m, 0x5a, sizeof m);
        r = hwc_parse_topic(STR(topics[i]), &m);
        if (r != HWC_RESULT_NO_MATCH)
            check_fail(__FILE__, __LINE__, "parse \"%s\" -> %s, want NO_MATCH", topics[i], rname(r));
        if (m.kind != 0 || m.device_id != NULL || m.request_id != NULL || m.name != NULL)
            check_fail(__FILE__, __LINE__, "parse \"%s\": NO_MATCH left stale fields", topics[i]);
    }
    {
        hwc_topic_match m;
        CHECK_RES(hwc_parse_topic(NULL, 0, &m), HWC_RESULT_NO_MATCH);
        CHECK_RES(hwc_parse_topic(NULL, 12, &m), HWC_RESULT_NULL_ARGUMENT);
        CHECK_RES(hwc_parse_topic(LIT(P "/sys/messages/down"), NULL), HWC_RESULT_NULL_ARGUMENT);
        /* A NUL inside the length is part of the topic, not its end. */
        CHECK_RES(hwc_parse_topic(LIT(P "/sys/messages/down\0"), &m), HWC_RESULT_NO_MATCH);
    }
}

const struct test_case topic_tests[] = {
    {"topic_build_and_parse_every_kind", build_and_parse_every_kind},
    {"topic_request_id_rules", request_id_rules},
    {"topic_invalid_arguments", topic_invalid_arguments},
    {"topic_user_names", user_topic_names},
    {"topic_longest_fit", longest_topics_fit},
    {"topic_subscriptions", subscriptions},
    {"topic_device_subscriptions", device_subscriptions},
    {"topic_response_topics", response_topics},
    {"topic_parse_non_matching", parse_non_matching},
    {NULL, NULL},
};
