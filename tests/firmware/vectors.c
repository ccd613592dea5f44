/* The core's answers, printed line by line: built for the Cortex-M4 emulator (semihosting) and
 * for the host, and the two transcripts must be byte-identical (`make firmware-test`). The
 * published vectors (docs: iotda-protocol.md section 6) are also asserted directly: a mismatch
 * prints "FAIL" and the program exits non-zero.
 *
 * Nothing printed may depend on where things are in memory: values pointing into an input are
 * printed as (offset, length, text). No libc: output goes through out.c. */
#include "huaweicloud.h"
#include "out.h"
#include "platform.h"
#include "samples.h"

static int failures, checks;

/* ----------------------------------------------------------------------------------------- */
/* Printing helpers. */

static void rc(int32_t r) {
    out_str(" rc=");
    out_i64(r);
}

static void text_field(const char *label, const char *s, size_t n) {
    out_str(" ");
    out_str(label);
    out_str("=\"");
    out_text(s, n);
    out_str("\"");
}

static const char *const kind_names[] = {"absent", "null", "false", "true", "number", "string",
                                         "object", "array", "key", "object_end", "array_end"};

static void value(const char *label, const hwc_json_value *v, const char *base) {
    out_str(" ");
    out_str(label);
    out_str("=");
    out_str(v->kind < 11 ? kind_names[v->kind] : "?");
    if (v->ptr) {
        out_str("@");
        out_i64((int64_t)(v->ptr - base));
        out_str("+");
        out_u64(v->len);
        out_str(":\"");
        out_text(v->ptr, v->len);
        out_str("\"");
    } else if (v->len) {
        out_str(" len=");
        out_u64(v->len);
    }
}

static void expect(const char *what, int ok) {
    checks++;
    if (!ok) {
        failures++;
        out_str("FAIL ");
        out_str(what);
        out_nl();
    }
}

static void expect_text(const char *what, const char *got, size_t n, const char *want) {
    expect(what, bytes_eq(got, n, want, cstrlen(want)));
}

#define S(lit) (lit), (sizeof(lit) - 1)

/* ----------------------------------------------------------------------------------------- */
/* Results. */

static void results(void) {
    for (int32_t code = -22; code <= 2; code++) {
        out_str("result_text");
        out_str(" code=");
        out_i64(code);
        const char *t = hwc_result_text(code);
        text_field("text", t, cstrlen(t));
        out_nl();
    }
}

/* ----------------------------------------------------------------------------------------- */
/* Credentials: the published password vectors, client ids, MACs. */

struct pw_vector {
    const char *name, *secret;
    size_t secret_len;
    const char *ts, *password;
};

static const struct pw_vector pw_vectors[] = {
    {"V1", S("ac4263b86eaf6442997a"), "2022010507", "60cc88f72fb885ed7cfc0140417dd79633e26a4a0cc00572cb6a118cde54cb36"},
    {"V2-doc", S("12345678"), "2025041401", "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a"},
    {"V3-nfd", S("p\xc3\xa4sswo\xcc\x88rd-\xe5\xaf\x86\xe9\x92\xa5"), "2023123123", 0},
    {"V3", S("p\xc3\xa4ssw\xc3\xb6rd-\xe5\xaf\x86\xe9\x92\xa5"), "2023123123",
     "72ebba6cf6586d845e57d2fcf95c2ccf77c8502af7b981c8a4ac7ef4ab4f6177"},
    {"V5", S("ac4263b86eaf6442997a"), "2018072417", "6e7d7f127575f6175c597ec3f98c1ca6e2da647274fb5eeb88f42bde2407f002"},
    {"zero-byte-mac", S("ac4263b86eaf6442997a"), "2022010501",
     "e367c7341a00db4f6405041049338a7e806877a0ec20d0c01f053dc7eaecd314"},
    {"bootstrap-derived", S("402ebec7732461f4314676bffc49938fa64b7f858dc37a6900c69bb63362d781"), "2022010507",
     "8b95e103c547c79e1f47ac592270afb31a6d26e490d2eb153f1825792cf128da"},
    {"prototype", S("0123456789abcdef0123456789abcdef"), "2022010507",
     "a2744352c7ba525f6faf2553c1fff80e85ee90afa1474d9e20f9ac79e8e6e5a8"},
    {"secret-128",
     S("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
     "2025041401", "d9c9011270556e799fab4657ede54a509b28f9c589ede357f89136d841c38626"},
};

static void passwords(void) {
    char out[80];
    size_t len;
    for (size_t i = 0; i < sizeof pw_vectors / sizeof pw_vectors[0]; i++) {
        const struct pw_vector *v = &pw_vectors[i];
        len = 0;
        int32_t r = hwc_password(v->secret, v->secret_len, v->ts, 10, out, sizeof out, &len);
        out_str("password ");
        out_str(v->name);
        rc(r);
        text_field("out", out, len);
        out_nl();
        if (v->password) {
            expect(v->name, r == HWC_RESULT_OK);
            expect_text(v->name, out, len, v->password);
        }
    }
    /* V4: the empty secret. The platform never issues one; the library refuses it. */
    len = 0;
    int32_t r = hwc_password("", 0, "2024022900", 10, out, sizeof out, &len);
    out_str("password V4-empty");
    rc(r);
    text_field("out", out, len);
    out_nl();
    expect("V4 empty secret refused or published value",
           r == HWC_RESULT_INVALID_SECRET ||
               bytes_eq(out, len, S("59a072dba42b228a572ddd43e501157ff462e77963c74f9493c6284dc6d0fd17")));
    /* Key and message the wrong way round (the secret as timestamp) must not give V1. */
    r = hwc_password(S("2022010507"), "ac4263b86eaf6442997a", 10, out, sizeof out, &len);
    out_str("password swapped (refused: the secret is no timestamp)");
    rc(r);
    text_field("out", out, len);
    out_nl();
    expect("swapped order differs", !bytes_eq(out, len, S("60cc88f72fb885ed7cfc0140417dd79633e26a4a0cc00572cb6a118cde54cb36")));
    /* Buffer sizes: a size query, one byte short (no room for the NUL), exact fit. */
    static const size_t caps[] = {0, 63, 64, 65};
    for (size_t i = 0; i < 4; i++) {
        char small[65];
        for (size_t k = 0; k < sizeof small; k++) small[k] = '#';
        len = 12345;
        r = hwc_password(S("ac4263b86eaf6442997a"), "2022010507", 10, caps[i] ? small : 0, caps[i], &len);
        out_str("password cap=");
        out_u64(caps[i]);
        rc(r);
        out_str(" len=");
        out_u64(len);
        if (caps[i]) text_field("buf", small, sizeof small);
        out_nl();
    }
    /* Bad arguments. */
    static const char *const bad_ts[] = {"2022013107", "2022013207", "2023022900", "20220105", "2022010524", "1969123123"};
    for (size_t i = 0; i < 6; i++) {
        r = hwc_password(S("secret"), bad_ts[i], cstrlen(bad_ts[i]), out, sizeof out, &len);
        out_str("password ts=");
        out_str(bad_ts[i]);
        rc(r);
        out_nl();
    }
    r = hwc_password(0, 5, "2022010507", 10, out, sizeof out, &len);
    out_str("password null-secret");
    rc(r);
    out_nl();

    uint8_t mac[32];
    for (int i = 0; i < 32; i++) mac[i] = (uint8_t)(i * 37 + 11);
    r = hwc_password_from_mac(mac, out, sizeof out, &len);
    out_str("password_from_mac");
    rc(r);
    text_field("out", out, len);
    out_nl();
}

static void client_ids(void) {
    static const char dev[] = "5fbbb784b4ec2202e982e643_868540050954037";
    char out[160];
    size_t len;
    for (uint32_t sign = 0; sign <= 2; sign++) {
        len = 0;
        int32_t r = hwc_client_id(S(dev), "2022010507", 10, sign, out, sizeof out, &len);
        out_str("client_id sign=");
        out_u64(sign);
        rc(r);
        text_field("out", out, len);
        out_nl();
    }
    expect("client id 6.3 sign 0", hwc_client_id(S(dev), "2022010507", 10, 0, out, sizeof out, &len) == 0 &&
                                       bytes_eq(out, len, S("5fbbb784b4ec2202e982e643_868540050954037_0_0_2022010507")));
    expect("client id 6.3 sign 1", hwc_client_id(S(dev), "2022010507", 10, 1, out, sizeof out, &len) == 0 &&
                                       bytes_eq(out, len, S("5fbbb784b4ec2202e982e643_868540050954037_0_1_2022010507")));
    static const char *const ids[] = {"a", "dev-1_X", "bad id", "bad/id", "", "\xc3\xa4"};
    for (size_t i = 0; i < 6; i++) {
        int32_t r = hwc_check_device_id(ids[i], cstrlen(ids[i]));
        out_str("check_device_id");
        text_field("id", ids[i], cstrlen(ids[i]));
        rc(r);
        r = hwc_client_id(ids[i], cstrlen(ids[i]), "2022010507", 10, 0, out, sizeof out, &len);
        out_str(" client_id");
        rc(r);
        out_nl();
    }
    char long_id[130];
    for (int i = 0; i < 130; i++) long_id[i] = (char)('a' + i % 26);
    out_str("check_device_id len128");
    rc(hwc_check_device_id(long_id, 128));
    out_str(" len129");
    rc(hwc_check_device_id(long_id, 129));
    out_nl();
    for (uint32_t s = 0; s <= 1300; s += 10) {
        int32_t r = hwc_check_keepalive(s);
        if (s == 20 || s == 30 || s == 120 || s == 1200 || s == 1210 || s == 0) {
            out_str("check_keepalive s=");
            out_u64(s);
            rc(r);
            out_nl();
        }
    }
    out_str("backoff");
    static const uint32_t rnd[] = {0, 199, 12345, 0xFFFFFFFFu};
    for (uint32_t a = 0; a <= 40; a += 1) {
        if (a > 12 && a != 31 && a != 32 && a != 40) continue;
        for (int k = 0; k < 4; k++) {
            out_str(" ");
            out_u64(hwc_backoff_ms(a, rnd[k]));
        }
    }
    out_nl();
}

/* ----------------------------------------------------------------------------------------- */
/* Time: timestamps (calendar edges, 2038, limits), broken-down time, event times, time sync. */

static void print_dt(const hwc_datetime *t) {
    out_str(" dt=");
    out_u64(t->year);
    out_str("-");
    out_u64(t->month);
    out_str("-");
    out_u64(t->day);
    out_str("T");
    out_u64(t->hour);
    out_str(":");
    out_u64(t->minute);
    out_str(":");
    out_u64(t->second);
    out_str(".");
    out_u64(t->millis);
}

static void times(void) {
    static const int64_t secs[] = {
        0, -1, 59, 3599, 3600, 86399, 86400, 951782399 /* 2000-02-28 23:59:59 */, 951868799 /* 2000-02-29 */,
        951868800 /* 2000-03-01 */, 1532454980 /* 2018-07-24 17:56:20 */, 1641351600 /* 2022-01-05 03:00 */,
        1704067199 /* 2023-12-31 23:59:59 */, 1709164800 /* 2024-02-29 */, 1709251199, 2147483647, 2147483648,
        4102444799 /* 2099-12-31 */, 4107542400 /* 2100-03-01 */, 4294967295, 4294967296, 253402300799 /* 9999 */,
        253402300800, (int64_t)0x7FFFFFFFFFFFFFFFLL, -(int64_t)0x7FFFFFFFFFFFFFFFLL - 1};
    char out[32];
    size_t len;
    for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++) {
        hwc_datetime t = {0, 0, 0, 0, 0, 0, 0};
        len = 0;
        out_str("time s=");
        out_i64(secs[i]);
        int32_t r = hwc_timestamp(secs[i], out, sizeof out, &len);
        out_str(" timestamp");
        rc(r);
        text_field("out", out, len);
        r = hwc_datetime_from_unix(secs[i], 999, &t);
        out_str(" from_unix");
        rc(r);
        print_dt(&t);
        if (r == 0) {
            int64_t back = -7;
            r = hwc_datetime_to_unix(&t, &back);
            out_str(" to_unix");
            rc(r);
            out_str(" back=");
            out_i64(back);
            expect("datetime round trip", back == secs[i]);
            for (uint32_t f = 0; f <= 2; f++) {
                len = 0;
                r = hwc_event_time(&t, f, out, sizeof out, &len);
                out_str(" event_time");
                out_u64(f);
                rc(r);
                text_field("out", out, len);
            }
            r = hwc_timestamp_from_datetime(&t, out, sizeof out, &len);
            out_str(" ts_from_dt");
            rc(r);
            text_field("out", out, len);
        }
        out_nl();
    }
    expect("timestamp 6.4", hwc_timestamp(1532454980, out, sizeof out, &len) == 0 && bytes_eq(out, len, S("2018072417")));
    hwc_datetime t;
    hwc_datetime_from_unix(1532454980, 0, &t);
    expect("event_time 6.4", hwc_event_time(&t, 0, out, sizeof out, &len) == 0 && bytes_eq(out, len, S("20180724T175620Z")));
    expect("event_time ms 6.4",
           hwc_event_time(&t, 1, out, sizeof out, &len) == 0 && bytes_eq(out, len, S("2018-07-24T17:56:20.000Z")));

    static const hwc_datetime bad[] = {{2023, 2, 29, 0, 0, 0, 0}, {2100, 2, 29, 0, 0, 0, 0}, {2000, 2, 29, 23, 59, 59, 999},
                                       {1969, 12, 31, 23, 0, 0, 0}, {2024, 4, 31, 0, 0, 0, 0}, {2024, 13, 1, 0, 0, 0, 0},
                                       {2024, 1, 1, 24, 0, 0, 0},   {2024, 1, 1, 0, 60, 0, 0},  {2024, 1, 1, 0, 0, 60, 0},
                                       {2024, 1, 1, 0, 0, 0, 1000}, {10000, 1, 1, 0, 0, 0, 0},  {2024, 0, 1, 0, 0, 0, 0},
                                       {2024, 1, 0, 0, 0, 0, 0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t s = -7;
        out_str("datetime");
        print_dt(&bad[i]);
        rc(hwc_datetime_to_unix(&bad[i], &s));
        out_str(" s=");
        out_i64(s);
        int32_t r = hwc_timestamp_from_datetime(&bad[i], out, sizeof out, &len);
        out_str(" ts");
        rc(r);
        r = hwc_event_time(&bad[i], 1, out, sizeof out, &len);
        out_str(" event_time");
        rc(r);
        text_field("out", out, len);
        out_nl();
    }

    static const char *const stamps[] = {"2024022900", "2023022900", "2100022900", "2000022900", "1970010100",
                                         "9999123123", "2023123124", "2023003100", "2023013200", "202301010",
                                         "20230101000", "2023O10100", "1969123123", "0000010100"};
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        out_str("check_timestamp");
        text_field("ts", stamps[i], cstrlen(stamps[i]));
        rc(hwc_check_timestamp(stamps[i], cstrlen(stamps[i])));
        out_nl();
    }
    static const char *const ets[] = {"20151212T121212Z", "2020-08-12T12:12:12.333Z", "20240229T235959Z",
                                      "20230229T000000Z", "2020-08-12T12:12:12Z",     "20151212T121212",
                                      "2020-08-12 12:12:12.333Z", "20151212T241212Z", "2020-02-30T00:00:00.000Z", ""};
    for (size_t i = 0; i < sizeof ets / sizeof ets[0]; i++) {
        out_str("check_event_time");
        text_field("t", ets[i], cstrlen(ets[i]));
        rc(hwc_check_event_time(ets[i], cstrlen(ets[i])));
        out_nl();
    }
    int64_t now = 0;
    int32_t r = hwc_time_sync_now(1582685678789LL, 1582685696152LL, 1582685708109LL, 1582685680000LL, &now);
    out_str("time_sync_now");
    rc(r);
    out_str(" now=");
    out_i64(now);
    out_nl();
    expect("time sync 4.2", r == 0 && now == 1582685702736LL);
    r = hwc_time_sync_now(0x7FFFFFFFFFFFFFFFLL, 0x7FFFFFFFFFFFFFFFLL, 0x7FFFFFFFFFFFFFFFLL, -1, &now);
    out_str("time_sync_now overflow");
    rc(r);
    out_nl();
}

/* ----------------------------------------------------------------------------------------- */
/* Topics: every kind built, subscribed to, parsed back; responses. */

static void print_match(const hwc_topic_match *m, const char *base) {
    out_str(" kind=");
    out_u64(m->kind);
    if (m->device_id) {
        out_str(" device@");
        out_i64((int64_t)(m->device_id - base));
        text_field("device", m->device_id, m->device_id_len);
    }
    if (m->request_id) {
        out_str(" req@");
        out_i64((int64_t)(m->request_id - base));
        text_field("req", m->request_id, m->request_id_len);
    }
    if (m->name) {
        out_str(" name@");
        out_i64((int64_t)(m->name - base));
        text_field("name", m->name, m->name_len);
    }
}

static void parse_and_print(const char *topic, size_t n) {
    hwc_topic_match m;
    int32_t r = hwc_parse_topic(topic, n, &m);
    out_str("parse");
    text_field("topic", topic, n);
    rc(r);
    print_match(&m, topic);
    char resp[HWC_TOPIC_MAX_LEN + 1];
    size_t len = 0;
    r = hwc_response_topic(topic, n, resp, sizeof resp, &len);
    out_str(" response");
    rc(r);
    text_field("out", resp, len);
    out_nl();
}

static void topics(void) {
    static const char dev[] = "5fbbb784b4ec2202e982e643_868540050954037";
    char out[HWC_TOPIC_MAX_LEN + 1];
    size_t len;
    for (uint32_t kind = 0; kind <= 18; kind++) {
        static const char *const extras[] = {0, "abc-123", "my_topic"};
        for (int e = 0; e < 3; e++) {
            len = 0;
            const char *x = extras[e];
            int32_t r = hwc_topic(kind, S(dev), x, x ? cstrlen(x) : 0, out, sizeof out, &len);
            out_str("topic kind=");
            out_u64(kind);
            out_str(" extra=");
            out_str(x ? x : "NULL");
            rc(r);
            text_field("out", out, len);
            out_nl();
            if (r == 0) parse_and_print(out, len);
        }
        len = 0;
        int32_t r = hwc_subscription(kind, S(dev), out, sizeof out, &len);
        out_str("subscription kind=");
        out_u64(kind);
        rc(r);
        text_field("out", out, len);
        out_nl();
    }
    expect("report topic 6.3",
           hwc_topic(HWC_TOPIC_KIND_PROPERTIES_REPORT, S(dev), 0, 0, out, sizeof out, &len) == 0 &&
               bytes_eq(out, len, S("$oc/devices/5fbbb784b4ec2202e982e643_868540050954037/sys/properties/report")));
    expect("command filter 6.3",
           hwc_subscription(HWC_TOPIC_KIND_COMMAND_REQUEST, S(dev), out, sizeof out, &len) == 0 &&
               bytes_eq(out, len, S("$oc/devices/5fbbb784b4ec2202e982e643_868540050954037/sys/commands/#")));
    size_t count = hwc_device_subscription_count();
    out_str("device_subscriptions count=");
    out_u64(count);
    for (size_t i = 0; i <= count; i++) {
        out_str(" ");
        out_u64(hwc_device_subscription(i));
    }
    out_nl();
    /* Size query and a too-small buffer. */
    len = 0;
    out_str("topic size-query");
    rc(hwc_topic(HWC_TOPIC_KIND_PROPERTIES_REPORT, S(dev), 0, 0, 0, 0, &len));
    out_str(" len=");
    out_u64(len);
    rc(hwc_topic(HWC_TOPIC_KIND_PROPERTIES_REPORT, S(dev), 0, 0, out, 10, &len));
    text_field("out", out, 10);
    out_nl();

    static const char *const received[] = {
        "$oc/devices/d1/sys/commands/request_id=abc-123",
        "$oc/devices/d1/sys/properties/set/request_id=42",
        "$oc/devices/d1/sys/properties/get/request_id=x_y-z",
        "$oc/devices/d1/sys/messages/down",
        "$oc/devices/d1/sys/events/down",
        "$oc/devices/d1/sys/shadow/get/response/request_id=7",
        "$oc/devices/d1/sys/bootstrap/down",
        "$oc/devices/d1/user/a/b",
        "$oc/devices/d1/sys/commands/request_id=",
        "$oc/devices/d1/sys/commands/",
        "$oc/devices//sys/commands/request_id=1",
        "$oc/devices/d1/sys/unknown",
        "$oc/devices/d 1/sys/messages/down",
        "$OC/devices/d1/sys/messages/down",
        "other/topic",
        "",
        "$oc/devices/d1/sys/commands/request_id=a+b",
        "$oc/devices/d1/sys/commands/request_id=\xe4\xb8\xad",
    };
    for (size_t i = 0; i < sizeof received / sizeof received[0]; i++) parse_and_print(received[i], cstrlen(received[i]));
    expect("response topic 6.4",
           hwc_response_topic(S("$oc/devices/d1/sys/commands/request_id=abc-123"), out, sizeof out, &len) == 0 &&
               bytes_eq(out, len, S("$oc/devices/d1/sys/commands/response/request_id=abc-123")));
}

/* ----------------------------------------------------------------------------------------- */
/* JSON writer and the uplink payloads. */

static char doc[1024];
static hwc_json_writer w;

static void begin(const char *name, size_t cap) {
    out_str("json ");
    out_str(name);
    hwc_json_writer_init(&w, cap ? doc : 0, cap);
}

static void finish(void) {
    size_t len = 0;
    int32_t r = hwc_json_finish(&w, &len);
    rc(r);
    out_str(" len=");
    out_u64(len);
    if (r == 0) text_field("doc", doc, len);
    out_nl();
}

static void writers(void) {
    /* The classic script's report, with every scalar kind. */
    begin("report", sizeof doc);
    hwc_properties_report_begin(&w);
    hwc_service_begin(&w, S("WaterMeterControl"));
    hwc_json_key(&w, S("state"));
    hwc_json_string(&w, S("T:15c,  H: 85% "));
    hwc_json_key(&w, S("int"));
    hwc_json_int(&w, -1234567890123LL);
    hwc_json_key(&w, S("min"));
    hwc_json_int(&w, -(int64_t)0x7FFFFFFFFFFFFFFFLL - 1);
    hwc_json_key(&w, S("umax"));
    hwc_json_uint(&w, 0xFFFFFFFFFFFFFFFFULL);
    hwc_json_key(&w, S("num"));
    hwc_json_number(&w, S("-12.5e-3"));
    hwc_json_key(&w, S("dec"));
    hwc_json_decimal(&w, 2345, 2);
    hwc_json_key(&w, S("dec2"));
    hwc_json_decimal(&w, -5, 3);
    hwc_json_key(&w, S("dec18"));
    hwc_json_decimal(&w, -(int64_t)0x7FFFFFFFFFFFFFFFLL - 1, 18);
    hwc_json_key(&w, S("b"));
    hwc_json_bool(&w, 1);
    hwc_json_key(&w, S("n"));
    hwc_json_null(&w);
    hwc_json_key(&w, S("esc\"\\\n\x01\xe5\xaf\x86"));
    hwc_json_begin_array(&w);
    hwc_json_begin_object(&w);
    hwc_json_end_object(&w);
    hwc_json_begin_array(&w);
    hwc_json_end_array(&w);
    hwc_json_string(&w, S("\t\x7f/"));
    hwc_json_end_array(&w);
    hwc_service_end(&w, S("20151212T121212Z"));
    hwc_service_begin(&w, S("Battery"));
    hwc_json_key(&w, S("level"));
    hwc_json_int(&w, 80);
    hwc_service_end(&w, 0, 0);
    hwc_properties_report_end(&w);
    finish();

    /* The same measured with no buffer, and cut short. */
    static const size_t caps[] = {0, 16};
    for (int i = 0; i < 2; i++) {
        begin("report-cap", caps[i]);
        out_u64(caps[i]);
        hwc_properties_report_begin(&w);
        hwc_service_begin(&w, S("Temperature"));
        hwc_json_key(&w, S("value"));
        hwc_json_int(&w, 57);
        hwc_service_end(&w, S("2020-08-12T12:12:12.333Z"));
        hwc_properties_report_end(&w);
        finish();
    }

    /* Errors are sticky and reported by finish. */
    static const char *const bad_numbers[] = {"NaN", "inf", "1.", "+1", "01", "-", "1e", ".5", "1.5E+10", "-0"};
    for (int i = 0; i < 10; i++) {
        begin("number", sizeof doc);
        text_field("text", bad_numbers[i], cstrlen(bad_numbers[i]));
        rc(hwc_json_number(&w, bad_numbers[i], cstrlen(bad_numbers[i])));
        finish();
    }
    begin("decimal-scale19", sizeof doc);
    rc(hwc_json_decimal(&w, 1, 19));
    finish();
    begin("value-where-key", sizeof doc);
    hwc_json_begin_object(&w);
    rc(hwc_json_int(&w, 1));
    finish();
    begin("unbalanced", sizeof doc);
    hwc_json_begin_array(&w);
    rc(hwc_json_end_object(&w));
    finish();
    begin("unclosed", sizeof doc);
    hwc_json_begin_array(&w);
    finish();
    begin("depth", sizeof doc);
    int32_t r = 0;
    int depth = 0;
    while (r == 0 && depth < 40) {
        r = hwc_json_begin_array(&w);
        depth++;
    }
    out_str(" failed_at=");
    out_i64(depth);
    rc(r);
    finish();
    begin("bad-utf8", sizeof doc);
    rc(hwc_json_string(&w, S("\xc3\x28")));
    finish();
    begin("null-writer", 0);
    rc(hwc_json_int(0, 1));
    out_nl();

    /* Command response (classic flow) and its parameters. */
    begin("command_response", sizeof doc);
    hwc_command_response_begin(&w, 0, S("COMMAND_RESPONSE"));
    hwc_command_response_paras_begin(&w);
    hwc_json_key(&w, S("result"));
    hwc_json_string(&w, S("success"));
    hwc_command_response_paras_end(&w);
    hwc_command_response_end(&w);
    finish();
    expect("command response 3.6", bytes_eq(doc, cstrlen(doc), S("{\"result_code\":0,\"response_name\":\"COMMAND_RESPONSE\","
                                                                  "\"paras\":{\"result\":\"success\"}}")));
    begin("command_response-min", sizeof doc);
    hwc_command_response_begin(&w, -1, 0, 0);
    hwc_command_response_end(&w);
    finish();

    begin("properties_set_response", sizeof doc);
    hwc_properties_set_response(&w, 0, S("success"));
    finish();
    expect("set response 3.3", bytes_eq(doc, cstrlen(doc), S("{\"result_code\":0,\"result_desc\":\"success\"}")));
    begin("properties_set_response-nodesc", sizeof doc);
    hwc_properties_set_response(&w, 1, 0, 0);
    finish();

    begin("gateway_report", sizeof doc);
    hwc_gateway_report_begin(&w);
    hwc_gateway_device_begin(&w, S("child-1"));
    hwc_service_begin(&w, S("analog"));
    hwc_json_key(&w, S("PhV_phsA"));
    hwc_json_string(&w, S("1"));
    hwc_service_end(&w, S("20190606T121212Z"));
    hwc_gateway_device_end(&w);
    hwc_gateway_report_end(&w);
    finish();

    begin("message", sizeof doc);
    hwc_message_begin(&w, S("child"), S("n"), S("aca6a906"));
    hwc_json_string(&w, S("hello!"));
    hwc_message_end(&w);
    finish();
    begin("message-object", sizeof doc);
    hwc_message_begin(&w, 0, 0, 0, 0, 0, 0);
    hwc_json_begin_object(&w);
    hwc_json_key(&w, S("k"));
    hwc_json_int(&w, 1);
    hwc_json_end_object(&w);
    hwc_message_end(&w);
    finish();

    begin("shadow_get_request", sizeof doc);
    hwc_shadow_get_request(&w, S("dev"), S("WaterMeter"));
    finish();
    begin("shadow_get_request-empty", sizeof doc);
    hwc_shadow_get_request(&w, 0, 0, 0, 0);
    finish();

    begin("events", sizeof doc);
    hwc_events_begin(&w, S("child"));
    hwc_event_begin(&w, S("$ota"), S("version_report"), S("20151212T121212Z"), S("40cc9ab1"));
    hwc_json_key(&w, S("sw_version"));
    hwc_json_string(&w, S("v1.0"));
    hwc_event_end(&w);
    hwc_event_begin(&w, S("custom"), S("ping"), 0, 0, 0, 0);
    hwc_event_end(&w);
    hwc_events_end(&w);
    finish();

    for (uint32_t kind = 0; kind <= 20; kind++) {
        begin("system_event kind=", sizeof doc);
        out_u64(kind);
        r = hwc_system_event_begin(&w, kind, S("20151212T121212Z"), S("id-1"));
        rc(r);
        if (r == 0) hwc_system_event_end(&w);
        finish();
    }
    begin("ota_version_report", sizeof doc);
    hwc_ota_version_report(&w, S("sw1"), S("fw2"), S("20151212T121212Z"));
    finish();
    begin("ota_version_report-none", sizeof doc);
    hwc_ota_version_report(&w, 0, 0, 0, 0, 0, 0);
    finish();
    static const int32_t progress[] = {-1, 0, 55, 100, 101, -2};
    for (int i = 0; i < 6; i++) {
        begin("ota_progress_report p=", sizeof doc);
        out_i64(progress[i]);
        hwc_ota_progress_report(&w, 0, progress[i], S("v2.0"), S("downloading"), S("20151212T121212Z"));
        finish();
    }
    begin("time_sync_request", sizeof doc);
    hwc_time_sync_request(&w, 1582685678789LL, S("20151212T121212Z"));
    finish();
    begin("sdk_info_report", sizeof doc);
    hwc_sdk_info_report(&w, S("C_v0.5.0"), S("sw"), S("fw"), S("10.0.0.1"), 0, 0);
    finish();
    begin("sub_device_sync_request", sizeof doc);
    hwc_sub_device_sync_request(&w, 1234567890123LL, 0, 0);
    finish();
    begin("sub_devices add", sizeof doc);
    hwc_sub_devices_begin(&w, HWC_EVENT_KIND_ADD_SUB_DEVICE_REQUEST, S("20151212T121212Z"), S("e1"));
    hwc_sub_device_add_item(&w, S("node1"), S("prod1"), S("dev1"), S("name"), S("desc"), S("parent"));
    hwc_sub_device_add_item(&w, S("node2"), S("prod2"), 0, 0, 0, 0, 0, 0, 0, 0);
    hwc_sub_devices_end(&w);
    finish();
    begin("sub_devices delete", sizeof doc);
    hwc_sub_devices_begin(&w, HWC_EVENT_KIND_DELETE_SUB_DEVICE_REQUEST, 0, 0, 0, 0);
    hwc_sub_device_delete_item(&w, S("dev1"));
    hwc_sub_device_delete_item(&w, S("dev2"));
    hwc_sub_devices_end(&w);
    finish();
    begin("sub_devices status", sizeof doc);
    hwc_sub_devices_begin(&w, HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, 0, 0, 0, 0);
    hwc_sub_device_status_item(&w, S("dev1"), 1);
    hwc_sub_device_status_item(&w, S("dev2"), 0);
    hwc_sub_devices_end(&w);
    finish();
    begin("sub_devices wrong-item", sizeof doc);
    hwc_sub_devices_begin(&w, HWC_EVENT_KIND_SUB_DEVICE_UPDATE_STATUS, 0, 0, 0, 0);
    rc(hwc_sub_device_delete_item(&w, S("dev1")));
    finish();
}

/* ----------------------------------------------------------------------------------------- */
/* JSON reader. */

static void readers(void) {
    hwc_json_reader r;
    hwc_json_value v, k;
    int32_t res = hwc_json_reader_init(&r, S(sample));
    out_str("reader init");
    rc(res);
    out_nl();
    for (int i = 0; i < 60; i++) {
        res = hwc_json_next_token(&r, &v);
        out_str("token");
        rc(res);
        value("v", &v, sample);
        out_nl();
        if (res != 0) break;
    }
    res = hwc_json_reader_open(&r, S(sample), HWC_JSON_KIND_OBJECT);
    out_str("reader open");
    rc(res);
    out_nl();
    for (int i = 0; i < 20; i++) {
        res = hwc_json_next_member(&r, &k, &v);
        out_str("member");
        rc(res);
        value("k", &k, sample);
        value("v", &v, sample);
        if (res == 0) {
            char buf[64];
            size_t len = 0;
            int32_t u = hwc_json_unescape(&k, buf, sizeof buf, &len);
            out_str(" unescaped");
            rc(u);
            text_field("key", buf, len);
            int64_t n = 0;
            u = hwc_json_to_i64(&v, &n);
            out_str(" to_i64");
            rc(u);
            out_str(" n=");
            out_i64(n);
            out_str(" equals_a=");
            out_u64(hwc_json_equals(&k, S("a")));
            out_str(" equals_kA=");
            out_u64(hwc_json_equals(&k, S("kA")));
        }
        out_nl();
        if (res != 0) break;
    }
    static const char arr[] = "[1, \"two\", {\"3\":[4]}, [5,[6]], null]";
    res = hwc_json_reader_open(&r, S(arr), HWC_JSON_KIND_ARRAY);
    out_str("reader open-array");
    rc(res);
    out_nl();
    for (int i = 0; i < 10; i++) {
        res = hwc_json_next_value(&r, &v);
        out_str("next_value");
        rc(res);
        value("v", &v, arr);
        out_nl();
        if (res != 0) break;
    }
    out_str("reader open-wrong");
    rc(hwc_json_reader_open(&r, S(arr), HWC_JSON_KIND_OBJECT));
    rc(hwc_json_reader_open(&r, S(arr), 3));
    out_nl();

    static const char *const keys[] = {"a", "b", "e", "zz", "kA", "k\\u0041"};
    for (int i = 0; i < 6; i++) {
        res = hwc_json_get(S(sample), keys[i], cstrlen(keys[i]), &v);
        out_str("get");
        text_field("key", keys[i], cstrlen(keys[i]));
        rc(res);
        value("v", &v, sample);
        if (res == 0 && v.kind == HWC_JSON_KIND_STRING) {
            char buf[64];
            size_t len = 0;
            int32_t u = hwc_json_unescape(&v, buf, sizeof buf, &len);
            out_str(" unescape");
            rc(u);
            text_field("s", buf, len);
        }
        out_nl();
    }
    /* The escaped string of "a"[5]. */
    size_t at = 0;
    while (!(sample[at] == '"' && sample[at + 1] == 's' && sample[at + 2] == '\\')) at++;
    hwc_json_value s = {HWC_JSON_KIND_STRING, sample + at + 1, 0};
    while (!(s.ptr[s.len] == '"' && s.ptr[s.len - 1] != '\\')) s.len++;
    char buf[64];
    size_t len = 0;
    res = hwc_json_unescape(&s, buf, sizeof buf, &len);
    out_str("unescape");
    text_field("raw", s.ptr, s.len);
    rc(res);
    text_field("out", buf, len);
    out_hex((const uint8_t *)buf, len);
    out_nl();
    res = hwc_json_unescape(&s, buf, 3, &len);
    out_str("unescape cap=3");
    rc(res);
    out_str(" len=");
    out_u64(len);
    out_nl();

    static const char *const malformed[] = {"{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "\"unterminated",
                                            "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\x01\"}", "{} {}", "{\"a\":01}",
                                            "{\"a\":\"\\ud800\"}", "{\"a\":\"\xff\"}", "", "   "};
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
        res = hwc_json_get(malformed[i], cstrlen(malformed[i]), S("a"), &v);
        out_str("malformed");
        text_field("json", malformed[i], cstrlen(malformed[i]));
        rc(res);
        out_nl();
    }
    /* Nesting: 32 levels are fine, 33 are not. */
    char deep[80];
    for (int levels = 32; levels <= 33; levels++) {
        size_t n = 0;
        for (int i = 0; i < levels; i++) deep[n++] = '[';
        for (int i = 0; i < levels; i++) deep[n++] = ']';
        hwc_json_reader_init(&r, deep, n);
        int tokens = 0;
        do {
            res = hwc_json_next_token(&r, &v);
            tokens++;
        } while (res == 0 && tokens < 100);
        out_str("nesting levels=");
        out_i64(levels);
        out_str(" tokens=");
        out_i64(tokens);
        rc(res);
        out_nl();
    }
}

/* ----------------------------------------------------------------------------------------- */
/* Downlink decoders, each on a sample payload. Every decoder output struct except hwc_event and
 * hwc_time_sync_response is a row of hwc_json_value fields; they are printed by name. */

static void fields(const char *what, const char *payload, int32_t res, const hwc_json_value *vals, const char *names) {
    out_str("decode ");
    out_str(what);
    rc(res);
    const char *p = names;
    for (int i = 0; *p; i++) {
        char name[32];
        size_t n = 0;
        while (*p && *p != ' ' && n < sizeof name - 1) name[n++] = *p++;
        name[n] = 0;
        while (*p == ' ') p++;
        value(name, &vals[i], payload);
    }
    out_nl();
}

#define DECODE(fn, type, payload, names)                                                 \
    do {                                                                                 \
        type out_;                                                                       \
        int32_t r_ = fn(payload, cstrlen(payload), &out_);                              \
        fields(#fn, payload, r_, (const hwc_json_value *)&out_, names);                  \
    } while (0)

static void decoders(void) {
    DECODE(hwc_decode_command_request, hwc_command_request, cmd, "object_device_id service_id command_name paras");
    DECODE(hwc_decode_command_request, hwc_command_request, "{\"paras\":[]}",
           "object_device_id service_id command_name paras");
    DECODE(hwc_decode_command_request, hwc_command_request, "{\"command_name\":1,\"paras\":{}}",
           "object_device_id service_id command_name paras");
    DECODE(hwc_decode_command_request, hwc_command_request, "[]", "object_device_id service_id command_name paras");
    DECODE(hwc_decode_properties_set_request, hwc_properties_set_request, set_req, "object_device_id services");
    DECODE(hwc_decode_properties_set_request, hwc_properties_set_request, "{}", "object_device_id services");
    DECODE(hwc_decode_properties_get_request, hwc_properties_get_request, get_req, "object_device_id service_id");
    DECODE(hwc_decode_properties_get_request, hwc_properties_get_request, "{\"object_device_id\":\"d\"}",
           "object_device_id service_id");
    DECODE(hwc_decode_service, hwc_service, service, "service_id properties event_time");
    DECODE(hwc_decode_message_down, hwc_message_down, msg_sys, "object_device_id name id content");
    DECODE(hwc_decode_message_down, hwc_message_down, msg_obj, "object_device_id name id content");
    DECODE(hwc_decode_message_down, hwc_message_down, msg_raw, "object_device_id name id content");
    DECODE(hwc_decode_message_down, hwc_message_down, msg_text, "object_device_id name id content");
    DECODE(hwc_decode_shadow_response, hwc_shadow_response, shadow, "object_device_id shadow");
    DECODE(hwc_decode_shadow_entry, hwc_shadow_entry, shadow_entry, "service_id desired reported version");
    DECODE(hwc_decode_shadow_properties, hwc_shadow_properties, shadow_props, "properties event_time");
    DECODE(hwc_decode_events, hwc_events, events_doc, "object_device_id services");
    for (size_t i = 0; i < sizeof event_docs / sizeof event_docs[0]; i++) {
        hwc_event e;
        int32_t r = hwc_decode_event(event_docs[i], cstrlen(event_docs[i]), &e);
        out_str("decode hwc_decode_event");
        rc(r);
        out_str(" kind=");
        out_u64(e.kind);
        value("service_id", &e.service_id, event_docs[i]);
        value("event_type", &e.event_type, event_docs[i]);
        value("event_time", &e.event_time, event_docs[i]);
        value("event_id", &e.event_id, event_docs[i]);
        value("paras", &e.paras, event_docs[i]);
        out_nl();
    }
    DECODE(hwc_decode_version_query, hwc_version_query, version_query, "task_id sub_device_count task_ext_info");
    DECODE(hwc_decode_version_query, hwc_version_query, "{}", "task_id sub_device_count task_ext_info");
    DECODE(hwc_decode_upgrade, hwc_upgrade, upgrade,
           "version url file_size file_name access_token expires sign custom_info task_id sub_device_count task_ext_info");
    DECODE(hwc_decode_upgrade, hwc_upgrade, "{\"version\":\"v\"}",
           "version url file_size file_name access_token expires sign custom_info task_id sub_device_count task_ext_info");
    {
        hwc_time_sync_response t = {0, 0, 0};
        int32_t r = hwc_decode_time_sync_response(S(time_sync), &t);
        out_str("decode hwc_decode_time_sync_response");
        rc(r);
        out_str(" send=");
        out_i64(t.device_send_time);
        out_str(" recv=");
        out_i64(t.server_recv_time);
        out_str(" srv_send=");
        out_i64(t.server_send_time);
        int64_t now = 0;
        r = hwc_time_sync_now(t.device_send_time, t.server_recv_time, t.server_send_time, 1582685680000LL, &now);
        out_str(" now");
        rc(r);
        out_str(" =");
        out_i64(now);
        out_nl();
        expect("time sync decode 4.2", now == 1582685702736LL);
        r = hwc_decode_time_sync_response(S("{\"device_send_time\":1.5}"), &t);
        out_str("decode hwc_decode_time_sync_response fraction");
        rc(r);
        out_nl();
    }
    DECODE(hwc_decode_sub_device_notify, hwc_sub_device_notify, notify, "devices version");
    DECODE(hwc_decode_sub_device_response, hwc_sub_device_response, sub_response, "successful_devices failed_devices");
    DECODE(hwc_decode_device_info, hwc_device_info, device_info,
           "parent_device_id node_id device_id name description manufacturer_id model product_id fw_version sw_version "
           "status extension_info");
    DECODE(hwc_decode_failed_device, hwc_failed_device, failed_device, "device_id node_id product_id error_code error_msg");
    DECODE(hwc_decode_bootstrap, hwc_bootstrap, bootstrap, "address device_secret");
    DECODE(hwc_decode_bootstrap, hwc_bootstrap, "{\"address\":5}", "address device_secret");
    DECODE(hwc_decode_bootstrap, hwc_bootstrap, "{\"address\":\"a:1\",", "address device_secret");
}

int main(void) {
    results();
    passwords();
    client_ids();
    times();
    topics();
    writers();
    readers();
    decoders();
    out_str("vectors: ");
    out_i64(checks);
    out_str(" published-vector checks, ");
    out_i64(failures);
    out_str(" failed");
    out_nl();
    return failures ? 1 : 0;
}
