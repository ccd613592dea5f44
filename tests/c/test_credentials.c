/*
 * Result texts, UTC time, timestamps, event_time, device ids, client id, password, keep-alive,
 * back-off, time sync, and reentrancy across threads. Expected values: protocol doc §1, §4.2,
 * §5.6, §6 and RFC 4231; CPython recomputes the swept HMACs and calendar dates (records).
 */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <pthread.h>

#define DEVICE "5fbbb784b4ec2202e982e643_868540050954037"
#define SECRET_V1 "ac4263b86eaf6442997a"
#define PW_V1 "60cc88f72fb885ed7cfc0140417dd79633e26a4a0cc00572cb6a118cde54cb36"
#define A64 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ID128 A64 A64

/* ---- adapters for the output functions ------------------------------------------------- */

static hwc_result call_timestamp(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_timestamp(c->i, o, cap, n);
}
static hwc_result call_timestamp_dt(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_timestamp_from_datetime(c->t, o, cap, n);
}
static hwc_result call_event_time(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_event_time(c->t, c->u, o, cap, n);
}
static hwc_result call_client_id(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_client_id(c->a, c->alen, c->b, c->blen, c->u, o, cap, n);
}
static hwc_result call_password(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_password(c->a, c->alen, c->b, c->blen, o, cap, n);
}
static hwc_result call_password_from_mac(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_password_from_mac(c->mac, o, cap, n);
}

static struct out_call timestamp_call(int64_t seconds) {
    struct out_call c = {0};
    c.fn = call_timestamp;
    c.i = seconds;
    return c;
}
static struct out_call timestamp_dt_call(const hwc_datetime *t) {
    struct out_call c = {0};
    c.fn = call_timestamp_dt;
    c.t = t ? (const hwc_datetime *)tmp_copy(t, sizeof *t) : NULL;
    return c;
}
static struct out_call event_time_call(const hwc_datetime *t, uint32_t format) {
    struct out_call c = {0};
    c.fn = call_event_time;
    c.t = t ? (const hwc_datetime *)tmp_copy(t, sizeof *t) : NULL;
    c.u = format;
    return c;
}
static struct out_call client_id_call(const char *dev, size_t dlen, const char *ts, size_t tlen,
                                      uint32_t sign) {
    struct out_call c = {0};
    c.fn = call_client_id;
    c.a = dev;
    c.alen = dlen;
    c.b = ts;
    c.blen = tlen;
    c.u = sign;
    return c;
}
static struct out_call password_call(const char *secret, size_t slen, const char *ts, size_t tlen) {
    struct out_call c = {0};
    c.fn = call_password;
    c.a = secret;
    c.alen = slen;
    c.b = ts;
    c.blen = tlen;
    return c;
}
static struct out_call mac_call(const char *hex64) {
    struct out_call c = {0};
    uint8_t *mac = tmp_alloc(32);
    c.fn = call_password_from_mac;
    if (hex_decode(hex64, mac, 32) != 0) check_fail(__FILE__, __LINE__, "bad hex in test");
    c.mac = mac;
    return c;
}

static hwc_datetime dt(int y, int mo, int d, int h, int mi, int s, int ms) {
    hwc_datetime t;
    t.year = (uint16_t)y;
    t.month = (uint8_t)mo;
    t.day = (uint8_t)d;
    t.hour = (uint8_t)h;
    t.minute = (uint8_t)mi;
    t.second = (uint8_t)s;
    t.millis = (uint16_t)ms;
    return t;
}

#define CHECK_DT(t, y, mo, d, h, mi, s, ms)                                                  \
    do {                                                                                     \
        CHECK_I64((t).year, y);                                                              \
        CHECK_I64((t).month, mo);                                                            \
        CHECK_I64((t).day, d);                                                               \
        CHECK_I64((t).hour, h);                                                              \
        CHECK_I64((t).minute, mi);                                                           \
        CHECK_I64((t).second, s);                                                            \
        CHECK_I64((t).millis, ms);                                                           \
    } while (0)

/* ---- result texts ---------------------------------------------------------------------- */

static int printable(const char *s) {
    size_t i;
    for (i = 0; s[i]; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e) return 0;
    return i > 0 && i < 200;
}

static void result_text_every_code(void) {
    const char *texts[23];
    char copies[23][200];
    int code, i, j;
    char out[65];
    size_t n;
    for (code = -21; code <= 1; code++) {
        const char *t = hwc_result_text(code);
        CHECK(t != NULL);
        if (!t) continue;
        CHECK(printable(t));
        CHECK(hwc_result_text(code) == t); /* static */
        texts[code + 21] = t;
        strncpy(copies[code + 21], t, sizeof copies[0] - 1);
        copies[code + 21][sizeof copies[0] - 1] = 0;
    }
    for (i = 0; i < 23; i++)
        for (j = i + 1; j < 23; j++)
            if (texts[i] && texts[j] && strcmp(texts[i], texts[j]) == 0)
                check_fail(__FILE__, __LINE__, "codes %d and %d share the text \"%s\"", i - 21, j - 21,
                           texts[i]);
    {
        const int32_t unknown[] = {2, 3, -22, -23, 100, -100, INT32_MIN, INT32_MAX};
        for (i = 0; i < (int)(sizeof unknown / sizeof unknown[0]); i++) {
            const char *t = hwc_result_text(unknown[i]);
            CHECK(t != NULL);
            if (!t) continue;
            CHECK(printable(t));
            for (j = 0; j < 23; j++) /* never mistaken for a known code in a log */
                if (texts[j] && strcmp(t, texts[j]) == 0)
                    check_fail(__FILE__, __LINE__, "unknown code %d reads as code %d", (int)unknown[i], j - 21);
        }
    }
    /* Failing calls with caller data must not leak it into any text. */
    CHECK_RES(hwc_password(LIT("SECRET-canary-4711"), LIT("2022130101"), out, sizeof out, &n),
              HWC_RESULT_INVALID_TIMESTAMP);
    CHECK_RES(hwc_check_device_id(LIT("DEVICE/canary")), HWC_RESULT_INVALID_DEVICE_ID);
    for (code = -21; code <= 1; code++) {
        const char *t = hwc_result_text(code);
        CHECK(t == texts[code + 21]);
        CHECK(strcmp(t, copies[code + 21]) == 0);
        CHECK(strstr(t, "canary") == NULL);
    }
}

/* ---- time ------------------------------------------------------------------------------ */

static void datetime_from_unix_edges(void) {
    hwc_datetime t;
    CHECK_RES(hwc_datetime_from_unix(0, 0, &t), HWC_RESULT_OK);
    CHECK_DT(t, 1970, 1, 1, 0, 0, 0, 0);
    CHECK_RES(hwc_datetime_from_unix(951782400, 1, &t), HWC_RESULT_OK);
    CHECK_DT(t, 2000, 2, 29, 0, 0, 0, 1);
    CHECK_RES(hwc_datetime_from_unix(4107542400LL, 0, &t), HWC_RESULT_OK);
    CHECK_DT(t, 2100, 3, 1, 0, 0, 0, 0);
    CHECK_RES(hwc_datetime_from_unix(4107542399LL, 0, &t), HWC_RESULT_OK);
    CHECK_DT(t, 2100, 2, 28, 23, 59, 59, 0);
    CHECK_RES(hwc_datetime_from_unix(1709251199, 0, &t), HWC_RESULT_OK);
    CHECK_DT(t, 2024, 2, 29, 23, 59, 59, 0);
    CHECK_RES(hwc_datetime_from_unix(253402300799LL, 999, &t), HWC_RESULT_OK);
    CHECK_DT(t, 9999, 12, 31, 23, 59, 59, 999);
    CHECK_RES(hwc_datetime_from_unix(1532454980, 0, &t), HWC_RESULT_OK);
    CHECK_DT(t, 2018, 7, 24, 17, 56, 20, 0);
    CHECK_RES(hwc_datetime_from_unix(-1, 0, &t), HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_datetime_from_unix(253402300800LL, 0, &t), HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_datetime_from_unix(INT64_MIN, 0, &t), HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_datetime_from_unix(INT64_MAX, 0, &t), HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_datetime_from_unix(0, 1000, &t), HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_datetime_from_unix(0, UINT16_MAX, &t), HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_datetime_from_unix(0, 0, NULL), HWC_RESULT_NULL_ARGUMENT);
}

static void datetime_to_unix_edges(void) {
    int64_t s = 42;
    hwc_datetime t;
    struct {
        hwc_datetime t;
        int64_t want;
    } ok[6];
    struct {
        hwc_datetime t;
        const char *why;
    } bad[13];
    int i;
    ok[0].t = dt(1970, 1, 1, 0, 0, 0, 0), ok[0].want = 0;
    ok[1].t = dt(2000, 2, 29, 0, 0, 0, 999), ok[1].want = 951782400; /* millis ignored */
    ok[2].t = dt(2100, 3, 1, 0, 0, 0, 0), ok[2].want = 4107542400LL;
    ok[3].t = dt(9999, 12, 31, 23, 59, 59, 0), ok[3].want = 253402300799LL;
    ok[4].t = dt(2018, 7, 24, 17, 56, 20, 0), ok[4].want = 1532454980;
    ok[5].t = dt(2024, 2, 29, 23, 59, 59, 0), ok[5].want = 1709251199;
    for (i = 0; i < 6; i++) {
        s = -5;
        CHECK_RES(hwc_datetime_to_unix(&ok[i].t, &s), HWC_RESULT_OK);
        CHECK_I64(s, ok[i].want);
    }
    bad[0].t = dt(2023, 13, 1, 0, 0, 0, 0), bad[0].why = "month 13";
    bad[1].t = dt(2023, 0, 1, 0, 0, 0, 0), bad[1].why = "month 0";
    bad[2].t = dt(2023, 2, 29, 0, 0, 0, 0), bad[2].why = "Feb 29 2023";
    bad[3].t = dt(2100, 2, 29, 0, 0, 0, 0), bad[3].why = "Feb 29 2100";
    bad[4].t = dt(2023, 4, 31, 0, 0, 0, 0), bad[4].why = "Apr 31";
    bad[5].t = dt(2023, 1, 0, 0, 0, 0, 0), bad[5].why = "day 0";
    bad[6].t = dt(2023, 1, 1, 24, 0, 0, 0), bad[6].why = "hour 24";
    bad[7].t = dt(2023, 1, 1, 0, 60, 0, 0), bad[7].why = "minute 60";
    bad[8].t = dt(2023, 1, 1, 0, 0, 60, 0), bad[8].why = "second 60";
    bad[9].t = dt(1969, 12, 31, 23, 59, 59, 0), bad[9].why = "year 1969";
    bad[10].t = dt(10000, 1, 1, 0, 0, 0, 0), bad[10].why = "year 10000";
    bad[11].t = dt(0, 1, 1, 0, 0, 0, 0), bad[11].why = "year 0";
    bad[12].t = dt(2023, 1, 32, 0, 0, 0, 0), bad[12].why = "Jan 32";
    for (i = 0; i < 13; i++) {
        hwc_result r = hwc_datetime_to_unix(&bad[i].t, &s);
        if (r != HWC_RESULT_INVALID_DATE_TIME)
            check_fail(__FILE__, __LINE__, "to_unix(%s) -> %s", bad[i].why, rname(r));
    }
    t = dt(2000, 1, 1, 0, 0, 0, 0);
    CHECK_RES(hwc_datetime_to_unix(NULL, &s), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_datetime_to_unix(&t, NULL), HWC_RESULT_NULL_ARGUMENT);
}

/* A spread of instants through 1970-9999 both ways; CPython checks the civil dates. */
static void datetime_sweep_cpython(void) {
    int64_t s, back;
    uint64_t x = 88172645463325252ULL;
    int i;
    char line[96];
    for (i = 0; i < 400; i++) {
        hwc_datetime t;
        int len;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        s = i < 10 ? (int64_t)i * 86399 : (int64_t)(x % 253402300800ULL);
        CHECK_RES(hwc_datetime_from_unix(s, (uint16_t)(i % 1000), &t), HWC_RESULT_OK);
        back = -1;
        CHECK_RES(hwc_datetime_to_unix(&t, &back), HWC_RESULT_OK);
        CHECK_I64(back, s);
        len = snprintf(line, sizeof line, "%lld %04d-%02d-%02dT%02d:%02d:%02d.%03d", (long long)s,
                       t.year, t.month, t.day, t.hour, t.minute, t.second, t.millis);
        record("datetime", "sweep", line, (size_t)len);
    }
}

static void timestamp_of_unix(void) {
    struct out_call c = timestamp_call(1532454980);
    CHECK_OUTPUT(&c, "2018072417"); /* protocol §1.2 / §6.4 */
    c = timestamp_call(0);
    CHECK_OUTPUT(&c, "1970010100");
    c = timestamp_call(253402300799LL);
    CHECK_OUTPUT(&c, "9999123123");
    c = timestamp_call(951782400 + 3599);
    CHECK_OUTPUT(&c, "2000022900");
    c = timestamp_call(-1);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DATE_TIME);
    c = timestamp_call(253402300800LL);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DATE_TIME);
    CHECK(sizeof("2018072417") - 1 == HWC_TIMESTAMP_LEN);
}

static void timestamp_of_datetime(void) {
    hwc_datetime t = dt(2018, 7, 24, 17, 56, 20, 0);
    struct out_call c = timestamp_dt_call(&t);
    char out[16];
    size_t n;
    CHECK_OUTPUT(&c, "2018072417");
    t = dt(2018, 7, 24, 17, 59, 59, 999); /* the hour, not rounded */
    c = timestamp_dt_call(&t);
    CHECK_OUTPUT(&c, "2018072417");
    t = dt(2023, 2, 29, 0, 0, 0, 0);
    c = timestamp_dt_call(&t);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DATE_TIME);
    t = dt(2023, 1, 1, 24, 0, 0, 0);
    c = timestamp_dt_call(&t);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DATE_TIME);
    t = dt(2023, 1, 1, 0, 0, 0, 1000);
    c = timestamp_dt_call(&t);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_timestamp_from_datetime(NULL, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
}

static void event_time_forms(void) {
    hwc_datetime t = dt(2018, 7, 24, 17, 56, 20, 0);
    char out[32];
    size_t n;
    struct out_call c = event_time_call(&t, HWC_EVENT_TIME_FORMAT_COMPACT);
    CHECK_OUTPUT(&c, "20180724T175620Z"); /* protocol §6.4 */
    c = event_time_call(&t, HWC_EVENT_TIME_FORMAT_MILLIS);
    CHECK_OUTPUT(&c, "2018-07-24T17:56:20.000Z");
    t = dt(2020, 8, 12, 12, 12, 12, 333);
    c = event_time_call(&t, HWC_EVENT_TIME_FORMAT_MILLIS);
    CHECK_OUTPUT(&c, "2020-08-12T12:12:12.333Z"); /* protocol §1 / §3 example */
    t = dt(2015, 12, 12, 12, 12, 12, 0);
    c = event_time_call(&t, HWC_EVENT_TIME_FORMAT_COMPACT);
    CHECK_OUTPUT(&c, "20151212T121212Z");
    CHECK(sizeof("20151212T121212Z") - 1 == HWC_EVENT_TIME_COMPACT_LEN);
    CHECK(sizeof("2020-08-12T12:12:12.333Z") - 1 == HWC_EVENT_TIME_MILLIS_LEN);
    /* an unknown format is refused (out_len/empty-output handling: bug_event_time_format_out_len) */
    CHECK_RES(hwc_event_time(&t, 2, out, sizeof out, &n), HWC_RESULT_INVALID_ARGUMENT);
    CHECK_RES(hwc_event_time(&t, UINT32_MAX, NULL, 0, &n), HWC_RESULT_INVALID_ARGUMENT);
    t = dt(2023, 2, 29, 0, 0, 0, 0);
    c = event_time_call(&t, HWC_EVENT_TIME_FORMAT_COMPACT);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DATE_TIME);
    t = dt(2023, 1, 1, 0, 0, 0, 1000);
    c = event_time_call(&t, HWC_EVENT_TIME_FORMAT_MILLIS);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DATE_TIME);
    CHECK_RES(hwc_event_time(NULL, 0, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
}

/* Open bug: every output function reports out_len (0 on failure) and leaves the empty string
 * in the buffer, except hwc_event_time with an unknown format, which returns
 * INVALID_ARGUMENT before touching either (src/ffi.rs: the format is matched before emit). */
static void bug_event_time_format_out_len(void) {
    hwc_datetime t = dt(2015, 12, 12, 12, 12, 12, 0);
    struct out_call c = event_time_call(&t, 2);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_ARGUMENT);
    c = event_time_call(&t, UINT32_MAX);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_ARGUMENT);
}

static void check_timestamp_cases(void) {
    static const char *const good[] = {"2018072417", "1970010100", "9999123123", "2000022923",
                                       "2024022900", "2022010501"};
    static const char *const bad[] = {
        "201807241",   /* 9 digits */
        "20180724170", /* 11 digits */
        "2018132417",  /* month 13 */
        "2018002417",  /* month 0 */
        "2018070017",  /* day 0 */
        "2023022900",  /* Feb 29 2023 */
        "2100022900",  /* 2100 is not leap */
        "2018073224",  /* day 32 / hour 24 */
        "2018072424",  /* hour 24 */
        "1969123123",  /* year 1969 */
        "2018O72417",  /* letter O */
        "+018072417", " 018072417", "201807241 ", "2018-07-24", "",
    };
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        hwc_result r = hwc_check_timestamp(STR(good[i]));
        if (r != HWC_RESULT_OK) check_fail(__FILE__, __LINE__, "\"%s\" -> %s", good[i], rname(r));
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hwc_result r = hwc_check_timestamp(STR(bad[i]));
        if (r != HWC_RESULT_INVALID_TIMESTAMP)
            check_fail(__FILE__, __LINE__, "\"%s\" -> %s, want INVALID_TIMESTAMP", bad[i], rname(r));
    }
    CHECK_RES(hwc_check_timestamp(LIT("20180724\0" "7")), HWC_RESULT_INVALID_TIMESTAMP);
    CHECK_RES(hwc_check_timestamp(NULL, 0), HWC_RESULT_INVALID_TIMESTAMP);
    CHECK_RES(hwc_check_timestamp(NULL, 10), HWC_RESULT_NULL_ARGUMENT);
}

static void check_event_time_cases(void) {
    static const char *const good[] = {"20151212T121212Z", "20161219T114920Z", "2020-08-12T12:12:12.333Z",
                                       "19700101T000000Z", "9999-12-31T23:59:59.999Z", "20240229T235959Z"};
    static const char *const bad[] = {
        "20151212T121212",          "20151212t121212Z",         "20151212T121212z",
        "20151212 121212Z",         "20151312T121212Z",         "20230229T121212Z",
        "20151212T241212Z",         "20151212T126012Z",         "20151212T121260Z",
        "19691231T235959Z",         "2020-08-12T12:12:12Z",     "2020-08-12 12:12:12.333Z",
        "2020-08-12T12:12:12.333",  "2020/08/12T12:12:12.333Z", "2020-08-12T12:12:12,333Z",
        "2020-08-12T12:12:12.33Z",  "2020-13-12T12:12:12.333Z", "2015121T2121212Z",
        "",                         "2020-08-12T12:12:12.3a3Z",
    };
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        hwc_result r = hwc_check_event_time(STR(good[i]));
        if (r != HWC_RESULT_OK) check_fail(__FILE__, __LINE__, "\"%s\" -> %s", good[i], rname(r));
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hwc_result r = hwc_check_event_time(STR(bad[i]));
        if (r != HWC_RESULT_INVALID_EVENT_TIME)
            check_fail(__FILE__, __LINE__, "\"%s\" -> %s, want INVALID_EVENT_TIME", bad[i], rname(r));
    }
    CHECK_RES(hwc_check_event_time(NULL, 0), HWC_RESULT_INVALID_EVENT_TIME);
    CHECK_RES(hwc_check_event_time(NULL, 16), HWC_RESULT_NULL_ARGUMENT);
}

/* ---- credentials ----------------------------------------------------------------------- */

static void check_device_id_cases(void) {
    static const char *const good[] = {DEVICE, "a", "D39564861q3gDa", "5f052ac562369102d42b0fb6_0_0",
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
                                       ID128};
    static const char *const bad[] = {"",   ID128 "a", "a/b", "a b", "a.b", "a+b", "a#b",
                                      "a$b", "a=b",     "\xc3\xa9", "dev\xe5\xaf\x86", "a\tb"};
    size_t i;
    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        hwc_result r = hwc_check_device_id(STR(good[i]));
        if (r != HWC_RESULT_OK) check_fail(__FILE__, __LINE__, "\"%s\" -> %s", good[i], rname(r));
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hwc_result r = hwc_check_device_id(STR(bad[i]));
        if (r != HWC_RESULT_INVALID_DEVICE_ID)
            check_fail(__FILE__, __LINE__, "\"%s\" -> %s, want INVALID_DEVICE_ID", bad[i], rname(r));
    }
    CHECK(strlen(ID128) == HWC_DEVICE_ID_MAX_LEN);
    CHECK_RES(hwc_check_device_id(LIT("ab\0cd")), HWC_RESULT_INVALID_DEVICE_ID);
    CHECK_RES(hwc_check_device_id(NULL, 0), HWC_RESULT_INVALID_DEVICE_ID);
    CHECK_RES(hwc_check_device_id(NULL, 5), HWC_RESULT_NULL_ARGUMENT);
}

static void client_id_vectors(void) {
    struct out_call c = client_id_call(LIT(DEVICE), LIT("2022010507"), HWC_SIGN_TYPE_NO_TIME_CHECK);
    CHECK_OUTPUT(&c, DEVICE "_0_0_2022010507"); /* protocol §6.3 */
    c = client_id_call(LIT(DEVICE), LIT("2022010507"), HWC_SIGN_TYPE_TIME_CHECK);
    CHECK_OUTPUT(&c, DEVICE "_0_1_2022010507");
    CHECK(sizeof(DEVICE "_0_1_2022010507") - 1 == 55);
    c = client_id_call(LIT("D39564861q3gDa"), LIT("2018072417"), 0);
    CHECK_OUTPUT(&c, "D39564861q3gDa_0_0_2018072417"); /* protocol §1.2 example */
    c = client_id_call(LIT(ID128), LIT("2018072417"), 1);
    CHECK_OUTPUT(&c, ID128 "_0_1_2018072417");
    CHECK(sizeof(ID128 "_0_1_2018072417") - 1 == HWC_CLIENT_ID_MAX_LEN);
}

static void client_id_invalid(void) {
    struct out_call c = client_id_call(LIT(DEVICE), LIT("2022010507"), 2);
    char out[200];
    size_t n;
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_SIGN_TYPE);
    c = client_id_call(LIT(DEVICE), LIT("2022010507"), UINT32_MAX);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_SIGN_TYPE);
    c = client_id_call(LIT(""), LIT("2022010507"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = client_id_call(NULL, 0, LIT("2022010507"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = client_id_call(LIT(ID128 "a"), LIT("2022010507"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = client_id_call(LIT("dev/1"), LIT("2022010507"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = client_id_call(LIT("d\xc3\xa9v"), LIT("2022010507"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_DEVICE_ID);
    c = client_id_call(LIT(DEVICE), LIT("202201050"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = client_id_call(LIT(DEVICE), LIT("2022130507"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = client_id_call(LIT(DEVICE), LIT("2023022900"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = client_id_call(LIT(DEVICE), LIT("2022010524"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = client_id_call(LIT(DEVICE), LIT("1969123123"), 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = client_id_call(LIT(DEVICE), NULL, 0, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    CHECK_RES(hwc_client_id(NULL, 4, LIT("2022010507"), 0, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_client_id(LIT(DEVICE), NULL, 10, 0, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
}

static void password_vectors(void) {
    struct out_call c = password_call(LIT(SECRET_V1), LIT("2022010507"));
    CHECK_OUTPUT(&c, PW_V1); /* V1 */
    c = password_call(LIT("12345678"), LIT("2025041401"));
    CHECK_OUTPUT(&c, "c75150e6cb841417396819e4d2ee4358a416344a03a083e3a8567074ddec820a"); /* V2 doc */
    /* V3 "pässwörd-密钥" = 70c3a4737377c3b672642de5af86e992a5, byte by byte */
    c = password_call(LIT("\x70\xc3\xa4\x73\x73\x77\xc3\xb6\x72\x64\x2d\xe5\xaf\x86\xe9\x92\xa5"),
                      LIT("2023123123"));
    CHECK_OUTPUT(&c, "72ebba6cf6586d845e57d2fcf95c2ccf77c8502af7b981c8a4ac7ef4ab4f6177"); /* V3 */
    c = password_call(LIT(SECRET_V1), LIT("2018072417"));
    CHECK_OUTPUT(&c, "6e7d7f127575f6175c597ec3f98c1ca6e2da647274fb5eeb88f42bde2407f002"); /* V5 */
    /* MAC with a 0x00 byte: the full MAC, never the C SDK's timestamp bump (§5.4, §6.2). */
    c = password_call(LIT(SECRET_V1), LIT("2022010501"));
    CHECK_OUTPUT(&c, "e367c7341a00db4f6405041049338a7e806877a0ec20d0c01f053dc7eaecd314");
    CHECK(HWC_PASSWORD_LEN == 64);
}

static void password_not_swapped_or_bumped(void) {
    char *text;
    size_t n;
    struct out_call c = password_call(LIT(SECRET_V1), LIT("2022010507"));
    CHECK_RES(out_run(&c, 65, &text, &n), HWC_RESULT_OK);
    CHECK(n == 64);
    /* §6.2: key/message swapped, and upper-case hex: both must differ. */
    CHECK(memcmp(text, "9973df8cd675236f171b1951903b54ea6f6a31edec4753b505a4439496e6c727", 64) != 0);
    CHECK(memcmp(text, "60CC88F72FB885ED7CFC0140417DD79633E26A4A0CC00572CB6A118CDE54CB36", 64) != 0);
    c = password_call(LIT(SECRET_V1), LIT("2022010501"));
    CHECK_RES(out_run(&c, 65, &text, &n), HWC_RESULT_OK);
    CHECK(memcmp(text, "307eb1de2a3c0833612ae13a706db6484829b6dfb1ca30ee5a62b9f48ef64d62", 64) != 0);
}

static void password_invalid(void) {
    static const char s129[] = ID128 "a";
    char out[80];
    size_t n;
    struct out_call c = password_call(LIT(""), LIT("2022010507"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_SECRET); /* V4's empty secret is refused */
    c = password_call(NULL, 0, LIT("2022010507"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_SECRET);
    c = password_call(LIT(s129), LIT("2022010507"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_SECRET);
    c = password_call(LIT("abc\0def"), LIT("2022010507"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_SECRET);
    c = password_call(LIT("\0"), LIT("2022010507"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_SECRET);
    c = password_call(LIT(SECRET_V1), LIT("202201050"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = password_call(LIT(SECRET_V1), LIT("2022130507"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = password_call(LIT(SECRET_V1), LIT("2023022900"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = password_call(LIT(SECRET_V1), LIT("2022010524"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = password_call(LIT(SECRET_V1), LIT("1969123123"));
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    c = password_call(LIT(SECRET_V1), NULL, 0);
    CHECK_OUTPUT_ERR(&c, HWC_RESULT_INVALID_TIMESTAMP);
    CHECK_RES(hwc_password(NULL, 8, LIT("2022010507"), out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_password(LIT(SECRET_V1), NULL, 10, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_password(LIT(SECRET_V1), LIT("2022010507"), NULL, 65, &n), HWC_RESULT_NULL_ARGUMENT);
}

/* Secrets of every length 1-128 with every non-NUL byte value, at valid timestamps; CPython's
 * hmac recomputes each password from the record. */
static void password_sweep_cpython(void) {
    static const char *const stamps[] = {"1970010100", "2022010507", "2024022923", "9999123123",
                                         "2100030100", "2018072417"};
    size_t len, i;
    for (len = 1; len <= HWC_SECRET_MAX_LEN; len++) {
        char *secret = tmp_alloc(len);
        const char *ts = stamps[len % 6];
        char out[HWC_PASSWORD_LEN + 1];
        char line[11 + 1 + 2 * HWC_SECRET_MAX_LEN + 1 + HWC_PASSWORD_LEN + 1];
        char hex[2 * HWC_SECRET_MAX_LEN + 1];
        size_t n = 0;
        for (i = 0; i < len; i++) secret[i] = (char)(1 + (len * 97 + i * 31) % 255);
        CHECK_RES(hwc_password(secret, len, tmp_copy(ts, 10), 10, out, sizeof out, &n), HWC_RESULT_OK);
        CHECK(n == HWC_PASSWORD_LEN && out[64] == 0);
        hex_encode((const uint8_t *)secret, len, hex);
        snprintf(line, sizeof line, "%s %s %s", ts, hex, out);
        record("hmac", "sweep", line, strlen(line));
    }
}

static void password_from_mac_vectors(void) {
    struct out_call c = mac_call("e367c7341a00db4f6405041049338a7e806877a0ec20d0c01f053dc7eaecd314");
    char out[65];
    size_t n;
    CHECK_OUTPUT(&c, "e367c7341a00db4f6405041049338a7e806877a0ec20d0c01f053dc7eaecd314");
    /* RFC 4231 test case 2 (HMAC-SHA-256), a MAC with a zero byte */
    c = mac_call("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK_OUTPUT(&c, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    c = mac_call("0000000000000000000000000000000000000000000000000000000000000000");
    CHECK_OUTPUT(&c, "0000000000000000000000000000000000000000000000000000000000000000");
    c = mac_call("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
    CHECK_OUTPUT(&c, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    c = mac_call("0123456789ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef");
    CHECK_OUTPUT(&c, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    CHECK_RES(hwc_password_from_mac(NULL, out, sizeof out, &n), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_password_from_mac(NULL, NULL, 0, &n), HWC_RESULT_NULL_ARGUMENT);
}

static void keepalive_bounds(void) {
    CHECK_RES(hwc_check_keepalive(29), HWC_RESULT_INVALID_KEEP_ALIVE);
    CHECK_RES(hwc_check_keepalive(30), HWC_RESULT_OK);
    CHECK_RES(hwc_check_keepalive(120), HWC_RESULT_OK);
    CHECK_RES(hwc_check_keepalive(1200), HWC_RESULT_OK);
    CHECK_RES(hwc_check_keepalive(1201), HWC_RESULT_INVALID_KEEP_ALIVE);
    CHECK_RES(hwc_check_keepalive(0), HWC_RESULT_INVALID_KEEP_ALIVE);
    CHECK_RES(hwc_check_keepalive(UINT32_MAX), HWC_RESULT_INVALID_KEEP_ALIVE);
    CHECK(HWC_KEEPALIVE_MIN_SECONDS == 30 && HWC_KEEPALIVE_MAX_SECONDS == 1200);
    CHECK(HWC_KEEPALIVE_DEFAULT_SECONDS == 120);
    CHECK_RES(hwc_check_keepalive(HWC_KEEPALIVE_DEFAULT_SECONDS), HWC_RESULT_OK);
}

/* min(1000 + 2^n * (r + 800), 30000), r = 800 + random % 200 (protocol §5.6, header). */
static void backoff_formula(void) {
    uint32_t attempt, random, prev;
    CHECK_U64(hwc_backoff_ms(0, 0), 2600);
    CHECK_U64(hwc_backoff_ms(0, 199), 2799);
    CHECK_U64(hwc_backoff_ms(0, 200), 2600);
    CHECK_U64(hwc_backoff_ms(0, UINT32_MAX), 2695); /* 4294967295 % 200 = 95 */
    CHECK_U64(hwc_backoff_ms(1, 0), 4200);
    CHECK_U64(hwc_backoff_ms(2, 0), 7400);
    CHECK_U64(hwc_backoff_ms(3, 0), 13800);
    CHECK_U64(hwc_backoff_ms(3, 199), 15392);
    CHECK_U64(hwc_backoff_ms(4, 0), 26600);
    CHECK_U64(hwc_backoff_ms(4, 150), 29000);
    CHECK_U64(hwc_backoff_ms(4, 199), 29784);
    CHECK_U64(hwc_backoff_ms(5, 0), 30000);
    CHECK_U64(hwc_backoff_ms(15, 7), 30000);
    CHECK_U64(hwc_backoff_ms(16, 7), 30000);
    CHECK_U64(hwc_backoff_ms(31, 0), 30000);
    CHECK_U64(hwc_backoff_ms(32, 0), 30000);
    CHECK_U64(hwc_backoff_ms(1000, 3), 30000);
    CHECK_U64(hwc_backoff_ms(UINT32_MAX, UINT32_MAX), 30000);
    for (random = 0; random < 400; random += 13) {
        prev = 0;
        for (attempt = 0; attempt < 70; attempt++) {
            uint32_t ms = hwc_backoff_ms(attempt, random);
            uint64_t r = 800 + random % 200;
            uint64_t want = attempt < 20 ? 1000 + (1ULL << attempt) * (r + 800) : 30000;
            if (want > 30000) want = 30000;
            if (ms != want)
                check_fail(__FILE__, __LINE__, "backoff(%u, %u) = %u, want %llu", attempt, random, ms,
                           (unsigned long long)want);
            CHECK(ms >= prev);
            prev = ms;
        }
    }
}

static void time_sync_now_example(void) {
    int64_t now = 0;
    /* protocol §4.2 worked example */
    CHECK_RES(hwc_time_sync_now(1582685678789LL, 1582685696152LL, 1582685708109LL, 1582685680000LL, &now),
              HWC_RESULT_OK);
    CHECK_I64(now, 1582685702736LL);
    CHECK_RES(hwc_time_sync_now(0, 0, 0, 0, &now), HWC_RESULT_OK);
    CHECK_I64(now, 0);
    CHECK_RES(hwc_time_sync_now(0, 1, 1, 1, &now), HWC_RESULT_OK);
    CHECK_I64(now, 1);
    CHECK_RES(hwc_time_sync_now(1, 2, 3, 4, NULL), HWC_RESULT_NULL_ARGUMENT);
    /* Intermediate sums may exceed int64; only a result outside it is refused. */
    CHECK_RES(hwc_time_sync_now(0, INT64_MAX, INT64_MAX, 0, &now), HWC_RESULT_OK);
    CHECK(now == INT64_MAX);
    CHECK_RES(hwc_time_sync_now(0, INT64_MIN, INT64_MIN, 0, &now), HWC_RESULT_OK);
    CHECK(now == INT64_MIN);
    CHECK_RES(hwc_time_sync_now(INT64_MIN, INT64_MAX, INT64_MAX, INT64_MAX, &now), HWC_RESULT_OUT_OF_RANGE);
    CHECK_RES(hwc_time_sync_now(INT64_MAX, INT64_MIN, INT64_MIN, INT64_MIN, &now), HWC_RESULT_OUT_OF_RANGE);
}

/* ---- reentrancy ------------------------------------------------------------------------ */

struct thread_result {
    int failures;
};

static void *thread_body(void *arg) {
    struct thread_result *res = arg;
    int i;
    for (i = 0; i < 300; i++) {
        char pw[65], topic[HWC_TOPIC_MAX_LEN + 1], json[256];
        size_t n = 0;
        hwc_json_writer w;
        hwc_topic_match m;
        static const char want_topic[] = "$oc/devices/" DEVICE "/sys/commands/response/request_id=abc-123";
        static const char want_json[] =
            "{\"services\":[{\"service_id\":\"$time_sync\",\"event_type\":\"time_sync_request\","
            "\"event_time\":\"20151212T121212Z\",\"paras\":{\"device_send_time\":1582685678789}}]}";
        if (hwc_password(SECRET_V1, 20, "2022010507", 10, pw, sizeof pw, &n) != HWC_RESULT_OK ||
            strcmp(pw, PW_V1) != 0)
            res->failures++;
        if (hwc_topic(HWC_TOPIC_KIND_COMMAND_RESPONSE, DEVICE, 40, "abc-123", 7, topic, sizeof topic, &n) !=
                HWC_RESULT_OK ||
            strcmp(topic, want_topic) != 0)
            res->failures++;
        if (hwc_parse_topic(topic, n, &m) != HWC_RESULT_OK || m.kind != HWC_TOPIC_KIND_COMMAND_RESPONSE ||
            m.request_id != topic + n - 7)
            res->failures++;
        hwc_json_writer_init(&w, json, sizeof json);
        hwc_time_sync_request(&w, 1582685678789LL, "20151212T121212Z", 16);
        if (hwc_json_finish(&w, &n) != HWC_RESULT_OK || strcmp(json, want_json) != 0) res->failures++;
    }
    return NULL;
}

static void reentrancy_threads(void) {
    pthread_t threads[4];
    struct thread_result results[4];
    int i;
    for (i = 0; i < 4; i++) {
        results[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, thread_body, &results[i]) == 0);
    }
    for (i = 0; i < 4; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK_I64(results[i].failures, 0);
    }
}

const struct test_case credentials_tests[] = {
    {"result_text_every_code", result_text_every_code},
    {"datetime_from_unix_edges", datetime_from_unix_edges},
    {"datetime_to_unix_edges", datetime_to_unix_edges},
    {"datetime_sweep_cpython", datetime_sweep_cpython},
    {"timestamp_of_unix", timestamp_of_unix},
    {"timestamp_of_datetime", timestamp_of_datetime},
    {"event_time_forms", event_time_forms},
    {"bug_event_time_format_out_len", bug_event_time_format_out_len},
    {"check_timestamp_cases", check_timestamp_cases},
    {"check_event_time_cases", check_event_time_cases},
    {"check_device_id_cases", check_device_id_cases},
    {"client_id_vectors", client_id_vectors},
    {"client_id_invalid", client_id_invalid},
    {"password_vectors", password_vectors},
    {"password_not_swapped_or_bumped", password_not_swapped_or_bumped},
    {"password_invalid", password_invalid},
    {"password_sweep_cpython", password_sweep_cpython},
    {"password_from_mac_vectors", password_from_mac_vectors},
    {"keepalive_bounds", keepalive_bounds},
    {"backoff_formula", backoff_formula},
    {"time_sync_now_example", time_sync_now_example},
    {"reentrancy_threads", reentrancy_threads},
    {NULL, NULL},
};
