/*
 * JSON pull reader: tokens, whole-value and member iteration, hwc_json_get (last duplicate
 * wins), unescape (surrogate pairs to 4-byte UTF-8), equals, to_i64 limits, strict grammar
 * (RFC 8259), nesting bound, NULL arguments and garbage state. Inputs live in exact-size heap
 * blocks without a NUL, so any read past the length is caught.
 */
#include "harness.h"

#define OK(x) CHECK_RES((x), HWC_RESULT_OK)

/* Value `v` is `kind` with raw text `raw`, pointing into [in, in + inlen). */
#define CHECK_VAL(v, k, raw, in, inlen) check_val(__FILE__, __LINE__, #v, &(v), (k), (raw), sizeof(raw) - 1, (in), (inlen))
#define CHECK_ABSENT(v) CHECK((v).kind == HWC_JSON_KIND_ABSENT && (v).ptr == NULL && (v).len == 0)

static hwc_result call_unescape(const struct out_call *c, char *o, size_t cap, size_t *n) {
    return hwc_json_unescape(c->v, o, cap, n);
}
static struct out_call unescape_call(const hwc_json_value *v) {
    struct out_call c = {0};
    c.fn = call_unescape;
    c.v = v;
    return c;
}

/* The first member value of object text `json` (from an exact-size copy). */
static hwc_json_value first_value(const char *json, const char **in_out) {
    hwc_json_reader r;
    hwc_json_value k, v;
    size_t len = strlen(json);
    const char *in = tmp_copy(json, len);
    memset(&v, 0, sizeof v);
    if (hwc_json_reader_open(&r, in, len, HWC_JSON_KIND_OBJECT) != HWC_RESULT_OK ||
        hwc_json_next_member(&r, &k, &v) != HWC_RESULT_OK)
        check_fail(__FILE__, __LINE__, "could not read %s", json);
    if (in_out) *in_out = in;
    return v;
}

struct tok {
    uint32_t kind;
    const char *raw;
};

static void reader_tokens(void) {
    static const char doc[] =
        " {\"a\" : [1, -2.5e3,true ,false,null, \"x\\n\", {}, []],\n\t\"b\":{\"c\\u0041\":\"\"}, \"d\":0}\r\n ";
    static const struct tok want[] = {
        {HWC_JSON_KIND_OBJECT, "{"},      {HWC_JSON_KIND_KEY, "a"},        {HWC_JSON_KIND_ARRAY, "["},
        {HWC_JSON_KIND_NUMBER, "1"},      {HWC_JSON_KIND_NUMBER, "-2.5e3"}, {HWC_JSON_KIND_TRUE, "true"},
        {HWC_JSON_KIND_FALSE, "false"},   {HWC_JSON_KIND_NULL, "null"},    {HWC_JSON_KIND_STRING, "x\\n"},
        {HWC_JSON_KIND_OBJECT, "{"},      {HWC_JSON_KIND_OBJECT_END, "}"}, {HWC_JSON_KIND_ARRAY, "["},
        {HWC_JSON_KIND_ARRAY_END, "]"},   {HWC_JSON_KIND_ARRAY_END, "]"},  {HWC_JSON_KIND_KEY, "b"},
        {HWC_JSON_KIND_OBJECT, "{"},      {HWC_JSON_KIND_KEY, "c\\u0041"}, {HWC_JSON_KIND_STRING, ""},
        {HWC_JSON_KIND_OBJECT_END, "}"},  {HWC_JSON_KIND_KEY, "d"},        {HWC_JSON_KIND_NUMBER, "0"},
        {HWC_JSON_KIND_OBJECT_END, "}"},
    };
    const char *in = tmp_copy(doc, sizeof doc - 1);
    hwc_json_reader r;
    hwc_json_value v;
    const char *prev = in - 1;
    size_t i;
    OK(hwc_json_reader_init(&r, in, sizeof doc - 1));
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        hwc_result res = hwc_json_next_token(&r, &v);
        if (res != HWC_RESULT_OK) {
            check_fail(__FILE__, __LINE__, "token %zu -> %s", i, rname(res));
            return;
        }
        check_val(__FILE__, __LINE__, "token", &v, want[i].kind, want[i].raw, strlen(want[i].raw), in,
                  sizeof doc - 1);
        if (v.ptr && v.ptr <= prev) check_fail(__FILE__, __LINE__, "token %zu does not move forward", i);
        if (v.ptr) prev = v.ptr;
    }
    CHECK_RES(hwc_json_next_token(&r, &v), HWC_RESULT_NO_MATCH);
    CHECK_ABSENT(v);
    CHECK_RES(hwc_json_next_token(&r, &v), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_json_next_value(&r, &v), HWC_RESULT_NO_MATCH);
}

static void reader_scalar_documents(void) {
    static const struct tok docs[] = {{HWC_JSON_KIND_NUMBER, "-0"},   {HWC_JSON_KIND_NUMBER, "1E+2"},
                                      {HWC_JSON_KIND_STRING, "s"},    {HWC_JSON_KIND_TRUE, "true"},
                                      {HWC_JSON_KIND_NULL, "null"},   {HWC_JSON_KIND_NUMBER, "0.5e-0"}};
    size_t i;
    for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        char text[32];
        hwc_json_reader r;
        hwc_json_value v;
        const char *in;
        size_t len;
        snprintf(text, sizeof text, docs[i].kind == HWC_JSON_KIND_STRING ? " \"%s\" " : " %s ", docs[i].raw);
        len = strlen(text);
        in = tmp_copy(text, len);
        OK(hwc_json_reader_init(&r, in, len));
        OK(hwc_json_next_value(&r, &v));
        check_val(__FILE__, __LINE__, text, &v, docs[i].kind, docs[i].raw, strlen(docs[i].raw), in, len);
        CHECK_RES(hwc_json_next_value(&r, &v), HWC_RESULT_NO_MATCH);
    }
}

static void reader_next_value(void) {
    static const char doc[] = "[1, \"two\", {\"three\": [3]}, [4, [5]], null, true, \"\\u00e9\"]";
    const char *in = tmp_copy(doc, sizeof doc - 1);
    size_t len = sizeof doc - 1;
    hwc_json_reader r, inner;
    hwc_json_value v, k, obj;
    OK(hwc_json_reader_open(&r, in, len, HWC_JSON_KIND_ARRAY));
    OK(hwc_json_next_value(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_NUMBER, "1", in, len);
    OK(hwc_json_next_value(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_STRING, "two", in, len);
    OK(hwc_json_next_value(&r, &obj));
    CHECK_VAL(obj, HWC_JSON_KIND_OBJECT, "{\"three\": [3]}", in, len);
    OK(hwc_json_next_value(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_ARRAY, "[4, [5]]", in, len);
    OK(hwc_json_next_value(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_NULL, "null", in, len);
    OK(hwc_json_next_value(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_TRUE, "true", in, len);
    OK(hwc_json_next_value(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_STRING, "\\u00e9", in, len);
    CHECK_RES(hwc_json_next_value(&r, &v), HWC_RESULT_NO_MATCH);
    CHECK_ABSENT(v);
    CHECK_RES(hwc_json_next_value(&r, &v), HWC_RESULT_NO_MATCH);
    /* descend into the object value, zero-copy */
    OK(hwc_json_reader_open(&inner, obj.ptr, obj.len, HWC_JSON_KIND_OBJECT));
    OK(hwc_json_next_member(&inner, &k, &v));
    CHECK_VAL(k, HWC_JSON_KIND_KEY, "three", in, len);
    CHECK_VAL(v, HWC_JSON_KIND_ARRAY, "[3]", in, len);
    CHECK_RES(hwc_json_next_member(&inner, &k, &v), HWC_RESULT_NO_MATCH);
    /* the top level read as one whole value */
    OK(hwc_json_reader_init(&r, in, len));
    OK(hwc_json_next_value(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_ARRAY, doc, in, len);
    CHECK_RES(hwc_json_next_value(&r, &v), HWC_RESULT_NO_MATCH);
    /* empty containers */
    OK(hwc_json_reader_open(&r, LIT(" [ ] "), HWC_JSON_KIND_ARRAY));
    CHECK_RES(hwc_json_next_value(&r, &v), HWC_RESULT_NO_MATCH);
    OK(hwc_json_reader_open(&r, LIT("{}"), HWC_JSON_KIND_OBJECT));
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_NO_MATCH);
    CHECK_ABSENT(k);
    CHECK_ABSENT(v);
}

static void reader_next_member(void) {
    static const char doc[] = "{\"a\":1, \"b\":[1,2], \"c\":{\"d\":null}, \"e\\u0301\":\"x\", \"a\":2}";
    const char *in = tmp_copy(doc, sizeof doc - 1);
    size_t len = sizeof doc - 1;
    hwc_json_reader r;
    hwc_json_value k, v;
    OK(hwc_json_reader_open(&r, in, len, HWC_JSON_KIND_OBJECT));
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_VAL(k, HWC_JSON_KIND_KEY, "a", in, len);
    CHECK_VAL(v, HWC_JSON_KIND_NUMBER, "1", in, len);
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_VAL(k, HWC_JSON_KIND_KEY, "b", in, len);
    CHECK_VAL(v, HWC_JSON_KIND_ARRAY, "[1,2]", in, len);
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_VAL(v, HWC_JSON_KIND_OBJECT, "{\"d\":null}", in, len);
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_VAL(k, HWC_JSON_KIND_KEY, "e\\u0301", in, len);
    CHECK(hwc_json_equals(&k, LIT("e\xcc\x81")));
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_VAL(v, HWC_JSON_KIND_NUMBER, "2", in, len);
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_NO_MATCH);
    CHECK_ABSENT(k);
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_NO_MATCH);
    /* after the last member, one more token tells a clean end (NO_MATCH) from trailing bytes */
    OK(hwc_json_reader_open(&r, LIT("{\"a\":1} x"), HWC_JSON_KIND_OBJECT));
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_json_next_token(&r, &v), HWC_RESULT_MALFORMED_JSON);
    OK(hwc_json_reader_open(&r, LIT("{\"a\":1}\n"), HWC_JSON_KIND_OBJECT));
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_json_next_token(&r, &v), HWC_RESULT_NO_MATCH);
    /* members of an array are a state error */
    OK(hwc_json_reader_open(&r, LIT("[1]"), HWC_JSON_KIND_ARRAY));
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_JSON_STATE);
    /* a malformed member fails */
    OK(hwc_json_reader_open(&r, LIT("{\"a\":1,\"b\"}"), HWC_JSON_KIND_OBJECT));
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_ABSENT(k);
    CHECK_ABSENT(v);
    CHECK_RES(hwc_json_next_member(&r, &k, &v), HWC_RESULT_MALFORMED_JSON);
}

/* The reader is plain caller-owned data: a copy reads on independently (look-ahead). */
static void reader_copy_is_independent(void) {
    static const char doc[] = "[\"a\", {\"b\": [1, 2]}, 3]";
    const char *in = tmp_copy(doc, sizeof doc - 1);
    size_t len = sizeof doc - 1;
    hwc_json_reader r, copy;
    hwc_json_value v, w;
    OK(hwc_json_reader_open(&r, in, len, HWC_JSON_KIND_ARRAY));
    OK(hwc_json_next_value(&r, &v));
    copy = r;
    OK(hwc_json_next_value(&copy, &w));
    CHECK_VAL(w, HWC_JSON_KIND_OBJECT, "{\"b\": [1, 2]}", in, len);
    OK(hwc_json_next_value(&copy, &w));
    CHECK_VAL(w, HWC_JSON_KIND_NUMBER, "3", in, len);
    OK(hwc_json_next_token(&r, &v)); /* the original is still before the object */
    CHECK_VAL(v, HWC_JSON_KIND_OBJECT, "{", in, len);
    OK(hwc_json_next_token(&r, &v));
    CHECK_VAL(v, HWC_JSON_KIND_KEY, "b", in, len);
}

static void reader_open_kinds(void) {
    hwc_json_reader r;
    CHECK_RES(hwc_json_reader_open(&r, LIT("[1]"), HWC_JSON_KIND_OBJECT), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_json_reader_open(&r, LIT("{}"), HWC_JSON_KIND_ARRAY), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_json_reader_open(&r, LIT("1"), HWC_JSON_KIND_OBJECT), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_json_reader_open(&r, LIT("\"s\""), HWC_JSON_KIND_ARRAY), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_json_reader_open(&r, LIT(""), HWC_JSON_KIND_OBJECT), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_reader_open(&r, LIT(" \n "), HWC_JSON_KIND_OBJECT), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_reader_open(&r, NULL, 0, HWC_JSON_KIND_OBJECT), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_reader_open(&r, LIT("x"), HWC_JSON_KIND_OBJECT), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_reader_open(&r, LIT("{}"), HWC_JSON_KIND_STRING), HWC_RESULT_INVALID_ARGUMENT);
    CHECK_RES(hwc_json_reader_open(&r, LIT("{}"), HWC_JSON_KIND_ABSENT), HWC_RESULT_INVALID_ARGUMENT);
    CHECK_RES(hwc_json_reader_open(&r, LIT("{}"), HWC_JSON_KIND_KEY), HWC_RESULT_INVALID_ARGUMENT);
    CHECK_RES(hwc_json_reader_open(&r, LIT("{}"), 99), HWC_RESULT_INVALID_ARGUMENT);
    CHECK_RES(hwc_json_reader_open(NULL, LIT("{}"), HWC_JSON_KIND_OBJECT), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_reader_open(&r, NULL, 2, HWC_JSON_KIND_OBJECT), HWC_RESULT_NULL_ARGUMENT);
}

/* Reads `doc` token by token until something other than OK; that must be `err`, and stick. */
static void expect_reader_error(const char *doc, size_t len, hwc_result err, int line) {
    const char *in = tmp_copy(doc, len);
    hwc_json_reader r;
    hwc_json_value v;
    hwc_result res;
    int i;
    if (hwc_json_reader_init(&r, in, len) != HWC_RESULT_OK) {
        check_fail(__FILE__, line, "init failed");
        return;
    }
    for (i = 0; i < 200; i++) {
        res = hwc_json_next_token(&r, &v);
        if (res != HWC_RESULT_OK) break;
    }
    if (res != err) {
        check_fail(__FILE__, line, "document \"%.40s\" -> %s, want %s", doc, rname(res), rname(err));
        return;
    }
    CHECK_ABSENT(v);
    res = hwc_json_next_token(&r, &v);
    if (res == HWC_RESULT_OK || res == HWC_RESULT_NO_MATCH)
        check_fail(__FILE__, line, "\"%.40s\": error did not stick (%s)", doc, rname(res));
}

static void reader_malformed(void) {
    static const char *const malformed[] = {
        "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}", "[1]x", "[1] [2]",
        "{\"a\":1}}", "[", "{\"a\":", "{\"a\":\"b", "\"abc", "tru", "nul", "fals", "falsey", "nulll",
        "[01]", "[-01]", "[1.]", "[+1]", "[.5]", "[-]", "[1e]", "[1e+]", "[NaN]", "[nan]", "[Infinity]",
        "[-Infinity]", "[inf]", "[0x1]", "[1.5.2]", "[1-2]", "[\"\\ud800\"]", "[\"\\udc00\"]",
        "[\"\\ud800\\u0041\"]", "[\"\\ud800x\"]", "[\"\\ud800\\\"]", "[\"\\u12\"]", "[\"\\u12G4\"]",
        "[\"\\q\"]", "[\"\\x41\"]", "[\"\\", "[\"\\u", "/*c*/1", "[1,//c\n2]", "{\"a\":1 \"b\":2}", "]",
        "}", ",", ":", "[,1]", "{,}", "{\"a\":1,,\"b\":2}", "\xef\xbb\xbf{}", "[1]\xff", "[\v1]",
        "[\f1]", "[\xc2\xa0 1]", "{\"a\":1:2}", "{\"a\"::1}", "[true false]", "[\"a\" \"b\"]",
        "{\"a\":[}", "{\"a\":{]}", "[]]", "{}{}", "[\"tab\there\"]", "[\"nl\nhere\"]",
    };
    size_t i;
    for (i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        expect_reader_error(malformed[i], strlen(malformed[i]), HWC_RESULT_MALFORMED_JSON, __LINE__);
    /* raw control characters in strings, including NUL */
    {
        char doc[8];
        int c;
        for (c = 0; c < 0x20; c++) {
            doc[0] = '[', doc[1] = '"', doc[2] = 'a', doc[3] = (char)c, doc[4] = '"', doc[5] = ']';
            expect_reader_error(doc, 6, HWC_RESULT_MALFORMED_JSON, __LINE__);
        }
        expect_reader_error("[\"a\0b\"]", 7, HWC_RESULT_MALFORMED_JSON, __LINE__);
        expect_reader_error("[1]\0", 4, HWC_RESULT_MALFORMED_JSON, __LINE__);
    }
}

static void reader_invalid_utf8(void) {
    static const char *const docs[] = {"[\"\xff\"]",          "[\"\xc3\"]",     "[\"a\x80\"]",
                                       "[\"\xc0\xaf\"]",      "[\"\xed\xa0\x80\"]", "[\"\xf4\x90\x80\x80\"]",
                                       "{\"\xff\":1}",        "{\"k\":\"\xe4\xb8\"}"};
    size_t i;
    for (i = 0; i < sizeof docs / sizeof docs[0]; i++)
        expect_reader_error(docs[i], strlen(docs[i]), HWC_RESULT_INVALID_UTF8, __LINE__);
    {
        /* valid multi-byte text passes untouched */
        hwc_json_value v = first_value("{\"k\":\"\xe5\xaf\x86\xf0\x9f\x98\x80\xc3\xa9\"}", NULL);
        CHECK(v.kind == HWC_JSON_KIND_STRING && v.len == 9);
    }
}

static void reader_nesting(void) {
    char doc[2 * (HWC_JSON_MAX_DEPTH + 1) + 16];
    int depth;
    for (depth = HWC_JSON_MAX_DEPTH; depth <= HWC_JSON_MAX_DEPTH + 1; depth++) {
        size_t n = 0;
        int i;
        hwc_json_value v;
        hwc_json_reader r;
        const char *in;
        for (i = 0; i < depth; i++) doc[n++] = '[';
        for (i = 0; i < depth; i++) doc[n++] = ']';
        in = tmp_copy(doc, n);
        OK(hwc_json_reader_init(&r, in, n));
        if (depth <= HWC_JSON_MAX_DEPTH) {
            OK(hwc_json_next_value(&r, &v));
            CHECK(v.kind == HWC_JSON_KIND_ARRAY && v.len == n);
        } else {
            CHECK_RES(hwc_json_next_value(&r, &v), HWC_RESULT_NESTING_TOO_DEEP);
            CHECK_RES(hwc_json_next_token(&r, &v), HWC_RESULT_MALFORMED_JSON);
        }
    }
    /* objects count the same; the bound applies below hwc_json_get's object too */
    {
        char obj[8 * (HWC_JSON_MAX_DEPTH + 1) + 16];
        size_t n = 0;
        int i;
        hwc_json_value v;
        for (i = 0; i < HWC_JSON_MAX_DEPTH + 1; i++) n += (size_t)sprintf(obj + n, "{\"a\":");
        n += (size_t)sprintf(obj + n, "1");
        for (i = 0; i < HWC_JSON_MAX_DEPTH + 1; i++) obj[n++] = '}';
        CHECK_RES(hwc_json_get(tmp_copy(obj, n), n, LIT("a"), &v), HWC_RESULT_NESTING_TOO_DEEP);
        /* one level less fits: 32 objects */
        {
            size_t m = 0;
            for (i = 0; i < HWC_JSON_MAX_DEPTH; i++) m += (size_t)sprintf(obj + m, "{\"a\":");
            m += (size_t)sprintf(obj + m, "1");
            for (i = 0; i < HWC_JSON_MAX_DEPTH; i++) obj[m++] = '}';
            OK(hwc_json_get(tmp_copy(obj, m), m, LIT("a"), &v));
            CHECK(v.kind == HWC_JSON_KIND_OBJECT);
        }
    }
}

static void json_get_cases(void) {
    static const char doc[] = "{\"a\":1,\"b\":\"two\",\"o\":{\"p\":[1,2]},\"a\":3,\"\":5,\"\\u0061b\":true,\"n\":null}";
    const char *in = tmp_copy(doc, sizeof doc - 1);
    size_t len = sizeof doc - 1;
    hwc_json_value v;
    OK(hwc_json_get(in, len, LIT("a"), &v));
    CHECK_VAL(v, HWC_JSON_KIND_NUMBER, "3", in, len); /* last duplicate wins */
    CHECK(v.ptr == in + (strstr(doc, "\"a\":3") - doc) + 4);
    OK(hwc_json_get(in, len, LIT("b"), &v));
    CHECK_VAL(v, HWC_JSON_KIND_STRING, "two", in, len);
    OK(hwc_json_get(in, len, LIT("o"), &v));
    CHECK_VAL(v, HWC_JSON_KIND_OBJECT, "{\"p\":[1,2]}", in, len);
    OK(hwc_json_get(in, len, LIT(""), &v));
    CHECK_VAL(v, HWC_JSON_KIND_NUMBER, "5", in, len);
    OK(hwc_json_get(in, len, NULL, 0, &v));
    CHECK_VAL(v, HWC_JSON_KIND_NUMBER, "5", in, len);
    OK(hwc_json_get(in, len, LIT("ab"), &v)); /* escaped key */
    CHECK_VAL(v, HWC_JSON_KIND_TRUE, "true", in, len);
    OK(hwc_json_get(in, len, LIT("n"), &v));
    CHECK_VAL(v, HWC_JSON_KIND_NULL, "null", in, len);
    CHECK_RES(hwc_json_get(in, len, LIT("p"), &v), HWC_RESULT_NO_MATCH); /* nested keys are not members */
    CHECK_ABSENT(v);
    CHECK_RES(hwc_json_get(in, len, LIT("A"), &v), HWC_RESULT_NO_MATCH);
    CHECK_RES(hwc_json_get(in, len, LIT("a\0"), &v), HWC_RESULT_NO_MATCH);
    /* the whole object is checked, also after the key was found */
    CHECK_RES(hwc_json_get(LIT("{\"a\":1,}"), LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_ABSENT(v);
    CHECK_RES(hwc_json_get(LIT("{\"a\":1,\"b\":01}"), LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_get(LIT("{\"a\":1} x"), LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_get(LIT("{\"a\":1}{}"), LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_get(LIT("{\"a\":1,\"b\":\"\\ud800\"}"), LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_get(LIT("{\"a\":1,\"b\":\"\xff\"}"), LIT("a"), &v), HWC_RESULT_INVALID_UTF8);
    CHECK_RES(hwc_json_get(LIT("{\"a\":1"), LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    OK(hwc_json_get(LIT("{\"a\":1}\n\t "), LIT("a"), &v));
    CHECK_RES(hwc_json_get(LIT("[1]"), LIT("a"), &v), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_json_get(LIT("\"a\""), LIT("a"), &v), HWC_RESULT_WRONG_TYPE);
    CHECK_RES(hwc_json_get(LIT(""), LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_get(NULL, 0, LIT("a"), &v), HWC_RESULT_MALFORMED_JSON);
    CHECK_RES(hwc_json_get(NULL, 3, LIT("a"), &v), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_get(LIT("{}"), NULL, 1, &v), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_get(LIT("{}"), LIT("a"), NULL), HWC_RESULT_NULL_ARGUMENT);
}

static void unescape_cases(void) {
    static const struct {
        const char *json;
        const char *want;
        size_t want_len;
    } cases[] = {
        {"{\"k\":\"plain\"}", "plain", 5},
        {"{\"k\":\"\\u00e9\"}", "\xc3\xa9", 2},
        {"{\"k\":\"\\u20ac\"}", "\xe2\x82\xac", 3},
        {"{\"k\":\"\\ud83d\\ude00\"}", "\xf0\x9f\x98\x80", 4},
        {"{\"k\":\"\\uD83D\\uDE00\"}", "\xf0\x9f\x98\x80", 4},
        {"{\"k\":\"\\udbff\\udfff\"}", "\xf4\x8f\xbf\xbf", 4},
        {"{\"k\":\"\\ud800\\udc00\"}", "\xf0\x90\x80\x80", 4},
        {"{\"k\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "\"\\/\b\f\n\r\t", 8},
        {"{\"k\":\"\\u0000\"}", "\0", 1},
        {"{\"k\":\"a\\u0062c\"}", "abc", 3},
        {"{\"k\":\"\\u007f\\u0080\\u07ff\\u0800\\uffff\"}", "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 11},
        {"{\"k\":\"\xe5\xaf\x86\\u94a5\"}", "\xe5\xaf\x86\xe9\x92\xa5", 6},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hwc_json_value *v = tmp_alloc(sizeof *v);
        struct out_call c;
        *v = first_value(cases[i].json, NULL);
        c = unescape_call(v);
        check_output(__FILE__, __LINE__, &c, cases[i].want, cases[i].want_len);
    }
    {
        /* empty string: nothing to write, OK even with no buffer */
        hwc_json_value *v = tmp_alloc(sizeof *v);
        struct out_call c;
        *v = first_value("{\"k\":\"\"}", NULL);
        c = unescape_call(v);
        CHECK_OUTPUT(&c, "");
    }
    {
        /* keys unescape too */
        hwc_json_reader r;
        hwc_json_value *k = tmp_alloc(sizeof *k), v;
        struct out_call c;
        OK(hwc_json_reader_open(&r, LIT("{\"k\\u00e9y\":1}"), HWC_JSON_KIND_OBJECT));
        OK(hwc_json_next_member(&r, k, &v));
        c = unescape_call(k);
        CHECK_OUTPUT(&c, "k\xc3\xa9y");
    }
    {
        /* only strings and keys */
        hwc_json_value *v = tmp_alloc(sizeof *v);
        struct out_call c;
        const char *kinds[] = {"{\"k\":1}", "{\"k\":{}}", "{\"k\":[]}", "{\"k\":null}", "{\"k\":true}"};
        size_t j;
        for (j = 0; j < 5; j++) {
            *v = first_value(kinds[j], NULL);
            c = unescape_call(v);
            CHECK_OUTPUT_ERR(&c, HWC_RESULT_WRONG_TYPE);
        }
        v->kind = HWC_JSON_KIND_ABSENT, v->ptr = NULL, v->len = 0;
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_WRONG_TYPE);
        c = unescape_call(NULL);
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_NULL_ARGUMENT);
        v->kind = HWC_JSON_KIND_STRING, v->ptr = NULL, v->len = 0; /* NULL, 0 is the empty string */
        c = unescape_call(v);
        CHECK_OUTPUT(&c, "");
        v->kind = HWC_JSON_KIND_STRING, v->ptr = NULL, v->len = 3;
        CHECK_OUTPUT_ERR(&c, HWC_RESULT_NULL_ARGUMENT);
    }
}

/* Hand-made values that did not come from the reader must not make it read past `len`. */
static void unescape_hand_made_values(void) {
    static const char *const raws[] = {"ab\\", "\\u12", "\\ud800", "\\ud800\\u", "\\udc00x", "\\", "\\u",
                                       "\\ud83d\\ude0", "x\\q", "\"", "\\u00"};
    size_t i;
    for (i = 0; i < sizeof raws / sizeof raws[0]; i++) {
        hwc_json_value v;
        struct gbuf b = gbuf_new(32);
        size_t n = 99;
        hwc_result r;
        v.kind = HWC_JSON_KIND_STRING;
        v.len = strlen(raws[i]);
        v.ptr = tmp_copy(raws[i], v.len);
        r = hwc_json_unescape(&v, (char *)b.mem, 32, &n);
        if (r != HWC_RESULT_OK && r >= 0) check_fail(__FILE__, __LINE__, "raw #%zu -> %s", i, rname(r));
        if (r == HWC_RESULT_OK && n > v.len) check_fail(__FILE__, __LINE__, "raw #%zu grew to %zu bytes", i, n);
        CHECK(gbuf_untouched_from(&b, 32));
        (void)hwc_json_equals(&v, LIT("ab"));
        v.kind = HWC_JSON_KIND_NUMBER;
        {
            int64_t x = 5;
            r = hwc_json_to_i64(&v, &x);
            CHECK(r < 0 && x == 5);
        }
    }
}

static void equals_cases(void) {
    hwc_json_value v = first_value("{\"k\":\"a\\u0062\"}", NULL), k;
    hwc_json_reader r;
    CHECK(hwc_json_equals(&v, LIT("ab")));
    CHECK(!hwc_json_equals(&v, LIT("abc")));
    CHECK(!hwc_json_equals(&v, LIT("a")));
    CHECK(!hwc_json_equals(&v, LIT("")));
    CHECK(!hwc_json_equals(&v, LIT("a\\u0062"))); /* compares decoded text, not raw */
    CHECK(!hwc_json_equals(&v, NULL, 2));
    CHECK(!hwc_json_equals(NULL, LIT("ab")));
    v = first_value("{\"k\":\"\"}", NULL);
    CHECK(hwc_json_equals(&v, NULL, 0));
    CHECK(hwc_json_equals(&v, LIT("")));
    v = first_value("{\"k\":\"a\\u0000b\"}", NULL);
    CHECK(hwc_json_equals(&v, LIT("a\0b")));
    CHECK(!hwc_json_equals(&v, LIT("a")));
    v = first_value("{\"k\":\"\\ud83d\\ude00\"}", NULL);
    CHECK(hwc_json_equals(&v, LIT("\xf0\x9f\x98\x80")));
    v = first_value("{\"k\":\"\xc3\xa9\"}", NULL);
    CHECK(hwc_json_equals(&v, LIT("\xc3\xa9")));
    CHECK(!hwc_json_equals(&v, LIT("e")));
    v = first_value("{\"k\":1}", NULL);
    CHECK(!hwc_json_equals(&v, LIT("1"))); /* numbers are not strings */
    v = first_value("{\"k\":true}", NULL);
    CHECK(!hwc_json_equals(&v, LIT("true")));
    v = first_value("{\"k\":null}", NULL);
    CHECK(!hwc_json_equals(&v, LIT("null")));
    OK(hwc_json_reader_open(&r, LIT("{\"na\\u006de\":0}"), HWC_JSON_KIND_OBJECT));
    OK(hwc_json_next_member(&r, &k, &v));
    CHECK(hwc_json_equals(&k, LIT("name")));
}

static void to_i64_cases(void) {
    static const char doc[] =
        "{\"z\":0,\"nz\":-0,\"max\":9223372036854775807,\"min\":-9223372036854775808,"
        "\"over\":9223372036854775808,\"under\":-9223372036854775809,\"frac\":1.5,\"exp\":1e3,"
        "\"zf\":1.0,\"s\":\"5\",\"t\":true,\"n\":null,\"o\":{},\"big\":123456789012345678901234567890,"
        "\"ms\":1582685678789,\"neg\":-42}";
    static const struct {
        const char *key;
        hwc_result res;
        int64_t value;
    } cases[] = {
        {"z", HWC_RESULT_OK, 0},
        {"nz", HWC_RESULT_OK, 0},
        {"max", HWC_RESULT_OK, INT64_MAX},
        {"min", HWC_RESULT_OK, INT64_MIN},
        {"ms", HWC_RESULT_OK, 1582685678789LL},
        {"neg", HWC_RESULT_OK, -42},
        {"over", HWC_RESULT_OUT_OF_RANGE, 0},
        {"under", HWC_RESULT_OUT_OF_RANGE, 0},
        {"big", HWC_RESULT_OUT_OF_RANGE, 0},
        {"frac", HWC_RESULT_WRONG_TYPE, 0},
        {"exp", HWC_RESULT_WRONG_TYPE, 0},
        {"zf", HWC_RESULT_WRONG_TYPE, 0},
        {"s", HWC_RESULT_WRONG_TYPE, 0},
        {"t", HWC_RESULT_WRONG_TYPE, 0},
        {"n", HWC_RESULT_WRONG_TYPE, 0},
        {"o", HWC_RESULT_WRONG_TYPE, 0},
    };
    const char *in = tmp_copy(doc, sizeof doc - 1);
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hwc_json_value v;
        int64_t x = 777;
        hwc_result r;
        OK(hwc_json_get(in, sizeof doc - 1, STR(cases[i].key), &v));
        r = hwc_json_to_i64(&v, &x);
        if (r != cases[i].res)
            check_fail(__FILE__, __LINE__, "to_i64(%s) -> %s, want %s", cases[i].key, rname(r), rname(cases[i].res));
        else if (r == HWC_RESULT_OK && x != cases[i].value)
            check_fail(__FILE__, __LINE__, "to_i64(%s) = %lld", cases[i].key, (long long)x);
        else if (r != HWC_RESULT_OK && x != 777)
            check_fail(__FILE__, __LINE__, "to_i64(%s) failed but wrote %lld", cases[i].key, (long long)x);
    }
    {
        hwc_json_value v;
        int64_t x;
        OK(hwc_json_get(in, sizeof doc - 1, LIT("z"), &v));
        CHECK_RES(hwc_json_to_i64(&v, NULL), HWC_RESULT_NULL_ARGUMENT);
        CHECK_RES(hwc_json_to_i64(NULL, &x), HWC_RESULT_NULL_ARGUMENT);
        v.kind = HWC_JSON_KIND_NUMBER, v.ptr = NULL, v.len = 2;
        CHECK_RES(hwc_json_to_i64(&v, &x), HWC_RESULT_NULL_ARGUMENT);
        v.kind = HWC_JSON_KIND_NUMBER, v.ptr = tmp_copy("01", 2), v.len = 2;
        CHECK_RES(hwc_json_to_i64(&v, &x), HWC_RESULT_WRONG_TYPE);
        v.kind = HWC_JSON_KIND_NUMBER, v.ptr = NULL, v.len = 0;
        CHECK_RES(hwc_json_to_i64(&v, &x), HWC_RESULT_WRONG_TYPE);
    }
}

static void reader_null_arguments(void) {
    hwc_json_reader r;
    hwc_json_value v, k;
    CHECK_RES(hwc_json_reader_init(NULL, LIT("{}")), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_reader_init(&r, NULL, 5), HWC_RESULT_NULL_ARGUMENT);
    OK(hwc_json_reader_init(&r, NULL, 0)); /* the empty document... */
    CHECK_RES(hwc_json_next_token(&r, &v), HWC_RESULT_MALFORMED_JSON); /* ...is not JSON */
    OK(hwc_json_reader_init(&r, LIT("[1]")));
    CHECK_RES(hwc_json_next_token(NULL, &v), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_next_token(&r, NULL), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_next_value(NULL, &v), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_next_value(&r, NULL), HWC_RESULT_NULL_ARGUMENT);
    OK(hwc_json_reader_open(&r, LIT("{\"a\":1}"), HWC_JSON_KIND_OBJECT));
    CHECK_RES(hwc_json_next_member(NULL, &k, &v), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_next_member(&r, NULL, &v), HWC_RESULT_NULL_ARGUMENT);
    CHECK_RES(hwc_json_next_member(&r, &k, NULL), HWC_RESULT_NULL_ARGUMENT);
    OK(hwc_json_next_member(&r, &k, &v)); /* the failed calls did not advance */
    CHECK(hwc_json_equals(&k, LIT("a")));
    /* a reader whose json pointer was cleared by the caller */
    r.json = NULL;
    CHECK_RES(hwc_json_next_token(&r, &v), HWC_RESULT_NULL_ARGUMENT);
}

/* Scribbled reader state: no crash, no read outside the input, results within the enum. */
static void reader_garbage_state(void) {
    static const char doc[] = "{\"a\":[1,{\"b\":\"c\\u00e9\"},null],\"d\":true}";
    const char *in = tmp_copy(doc, sizeof doc - 1);
    uint64_t x = 0xD1B54A32D192ED03ULL;
    int i, k;
    for (i = 0; i < 3000; i++) {
        hwc_json_reader r;
        hwc_json_value v, key;
        hwc_result res = HWC_RESULT_OK;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        OK(hwc_json_reader_init(&r, in, sizeof doc - 1));
        r.state.pos = (x & 1) ? (size_t)(x >> 8) % (sizeof doc + 4) : (size_t)(x >> 2);
        r.state.arrays = (uint32_t)(x >> 13);
        r.state.depth = (uint8_t)(x >> 29);
        if (x & 2) r.state.depth %= 34;
        r.state.expect = (uint8_t)(x >> 37);
        if (x & 4) r.state.expect %= 8;
        for (k = 0; k < 8; k++) {
            switch ((x >> (45 + 2 * k)) & 3) {
            case 0: res = hwc_json_next_token(&r, &v); break;
            case 1: res = hwc_json_next_value(&r, &v); break;
            default: res = hwc_json_next_member(&r, &key, &v); break;
            }
            if (res < HWC_RESULT_INVALID_EVENT_TIME || res > HWC_RESULT_NO_MATCH)
                check_fail(__FILE__, __LINE__, "garbage reader state: result %d", (int)res);
            if (res == HWC_RESULT_OK && v.ptr && (v.ptr < in || v.ptr + v.len > in + sizeof doc - 1))
                check_fail(__FILE__, __LINE__, "garbage reader state: value outside the input");
        }
    }
}

const struct test_case reader_tests[] = {
    {"reader_tokens", reader_tokens},
    {"reader_scalar_documents", reader_scalar_documents},
    {"reader_next_value", reader_next_value},
    {"reader_next_member", reader_next_member},
    {"reader_copy_is_independent", reader_copy_is_independent},
    {"reader_open_kinds", reader_open_kinds},
    {"reader_malformed", reader_malformed},
    {"reader_invalid_utf8", reader_invalid_utf8},
    {"reader_nesting", reader_nesting},
    {"json_get_cases", json_get_cases},
    {"unescape_cases", unescape_cases},
    {"unescape_hand_made_values", unescape_hand_made_values},
    {"equals_cases", equals_cases},
    {"to_i64_cases", to_i64_cases},
    {"reader_null_arguments", reader_null_arguments},
    {"reader_garbage_state", reader_garbage_state},
    {NULL, NULL},
};
