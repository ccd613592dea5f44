/*
 * Runner and shared checks for the C ABI tests. Usage:
 *   test_c_abi [--bugs] [RECORDS_FILE [NAME_SUBSTRING]]
 * Runs every case (or those whose name contains NAME_SUBSTRING), writes the records
 * check_json.py verifies, prints one line per failure and a summary; exit status 1 if any
 * case failed. Cases named "bug_..." demonstrate open library bugs: they are skipped by
 * default and are the only ones run with --bugs (they fail until the bug is fixed).
 */
#include "harness.h"

static FILE *g_records;
static const char *g_case;
static unsigned g_case_failures;

/* Per-case heap blocks, freed when the case ends. */
static void **g_blocks;
static size_t g_nblocks, g_capblocks;

static void track(void *p) {
    if (g_nblocks == g_capblocks) {
        size_t cap = g_capblocks ? g_capblocks * 2 : 256;
        void **grown = realloc(g_blocks, cap * sizeof *grown);
        if (!grown) {
            fputs("out of memory\n", stderr);
            exit(2);
        }
        g_blocks = grown;
        g_capblocks = cap;
    }
    g_blocks[g_nblocks++] = p;
}

static void free_blocks(void) {
    size_t i;
    for (i = 0; i < g_nblocks; i++) free(g_blocks[i]);
    g_nblocks = 0;
}

void *tmp_alloc(size_t n) {
    /* malloc(0) gives a block with no accessible byte under ASan; keep it that way. */
    void *p = malloc(n);
    if (!p && n) {
        fputs("out of memory\n", stderr);
        exit(2);
    }
    if (!p) p = malloc(1);
    track(p);
    return p;
}

char *tmp_copy(const void *src, size_t n) {
    char *p = tmp_alloc(n);
    if (n) memcpy(p, src, n);
    return p;
}

void check_fail(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    g_case_failures++;
    if (g_case_failures > 25) return; /* one broken loop must not flood the log */
    fprintf(stdout, "FAIL %s: %s:%d: ", g_case, file, line);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}

const char *rname(hwc_result r) {
    switch (r) {
    case HWC_RESULT_OK: return "OK";
    case HWC_RESULT_NO_MATCH: return "NO_MATCH";
    case HWC_RESULT_NULL_ARGUMENT: return "NULL_ARGUMENT";
    case HWC_RESULT_BUFFER_TOO_SMALL: return "BUFFER_TOO_SMALL";
    case HWC_RESULT_INVALID_DEVICE_ID: return "INVALID_DEVICE_ID";
    case HWC_RESULT_INVALID_TIMESTAMP: return "INVALID_TIMESTAMP";
    case HWC_RESULT_INVALID_SECRET: return "INVALID_SECRET";
    case HWC_RESULT_INVALID_SIGN_TYPE: return "INVALID_SIGN_TYPE";
    case HWC_RESULT_INVALID_REQUEST_ID: return "INVALID_REQUEST_ID";
    case HWC_RESULT_INVALID_TOPIC_KIND: return "INVALID_TOPIC_KIND";
    case HWC_RESULT_INVALID_DATE_TIME: return "INVALID_DATE_TIME";
    case HWC_RESULT_INVALID_KEEP_ALIVE: return "INVALID_KEEP_ALIVE";
    case HWC_RESULT_INVALID_UTF8: return "INVALID_UTF8";
    case HWC_RESULT_INVALID_NUMBER: return "INVALID_NUMBER";
    case HWC_RESULT_NESTING_TOO_DEEP: return "NESTING_TOO_DEEP";
    case HWC_RESULT_JSON_STATE: return "JSON_STATE";
    case HWC_RESULT_MALFORMED_JSON: return "MALFORMED_JSON";
    case HWC_RESULT_MISSING_FIELD: return "MISSING_FIELD";
    case HWC_RESULT_WRONG_TYPE: return "WRONG_TYPE";
    case HWC_RESULT_INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case HWC_RESULT_NOT_A_REQUEST: return "NOT_A_REQUEST";
    case HWC_RESULT_OUT_OF_RANGE: return "OUT_OF_RANGE";
    case HWC_RESULT_INVALID_EVENT_TIME: return "INVALID_EVENT_TIME";
    default: return "?";
    }
}

static void print_bytes(FILE *f, const void *p, size_t n) {
    const unsigned char *s = p;
    size_t i;
    fputc('"', f);
    for (i = 0; i < n && i < 400; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
            fputc(s[i], f);
        else
            fprintf(f, "\\x%02x", s[i]);
    }
    fputs(i < n ? "\"..." : "\"", f);
}

void check_text(const char *file, int line, const char *what, const void *ptr, size_t len,
                const void *want, size_t want_len) {
    if (len == want_len && (len == 0 || (ptr && memcmp(ptr, want, len) == 0))) return;
    check_fail(file, line, "%s has %zu bytes, want %zu", what, len, want_len);
    if (g_case_failures <= 25 && ptr) {
        fputs("    got:  ", stdout);
        print_bytes(stdout, ptr, len);
        fputs("\n    want: ", stdout);
        print_bytes(stdout, want, want_len);
        fputc('\n', stdout);
    }
}

void check_val(const char *file, int line, const char *what, const hwc_json_value *v, uint32_t kind,
               const char *raw, size_t raw_len, const char *in, size_t inlen) {
    if (v->kind != kind) {
        check_fail(file, line, "%s: kind %u, want %u", what, v->kind, kind);
        return;
    }
    if (kind == HWC_JSON_KIND_ABSENT) {
        if (v->ptr != NULL || v->len != 0) check_fail(file, line, "%s: absent value with a pointer", what);
        return;
    }
    if (!v->ptr || v->ptr < in || v->ptr + v->len > in + inlen) {
        check_fail(file, line, "%s: does not point into the input", what);
        return;
    }
    check_text(file, line, what, v->ptr, v->len, raw, raw_len);
}

struct gbuf gbuf_new(size_t cap) {
    struct gbuf b;
    b.cap = cap;
    b.mem = tmp_alloc(cap + GUARD);
    memset(b.mem, CANARY, cap + GUARD);
    return b;
}

int gbuf_untouched_from(const struct gbuf *b, size_t from) {
    size_t i;
    for (i = from; i < b->cap + GUARD; i++)
        if (b->mem[i] != CANARY) return 0;
    return 1;
}

/* ---- output-writing functions ---------------------------------------------------------- */

void check_output(const char *file, int line, const struct out_call *c, const char *want,
                  size_t want_len) {
    size_t n, cap;
    hwc_result r, query = want_len ? HWC_RESULT_BUFFER_TOO_SMALL : HWC_RESULT_OK;
    struct gbuf b;
    char *exact;

    n = (size_t)-1;
    r = c->fn(c, NULL, 0, &n);
    if (r != query || n != want_len)
        check_fail(file, line, "size query (NULL, 0) -> %s out_len %zu, want %s %zu", rname(r), n,
                   rname(query), want_len);
    r = c->fn(c, NULL, 0, NULL);
    if (r != query) check_fail(file, line, "size query without out_len -> %s", rname(r));

    n = 12345;
    r = c->fn(c, NULL, want_len + 1, &n);
    if (r != HWC_RESULT_NULL_ARGUMENT)
        check_fail(file, line, "NULL buffer with capacity %zu -> %s, want NULL_ARGUMENT",
                   want_len + 1, rname(r));

    for (cap = 0; cap < want_len; cap++) {
        b = gbuf_new(cap);
        n = 0;
        r = c->fn(c, (char *)b.mem, cap, &n);
        if (r != HWC_RESULT_BUFFER_TOO_SMALL || n != want_len)
            check_fail(file, line, "capacity %zu -> %s out_len %zu, want BUFFER_TOO_SMALL %zu", cap,
                       rname(r), n, want_len);
        if (!gbuf_untouched_from(&b, cap))
            check_fail(file, line, "capacity %zu: a byte past the capacity was written", cap);
    }

    b = gbuf_new(want_len);
    n = 0;
    r = c->fn(c, (char *)b.mem, want_len, &n);
    if (r != HWC_RESULT_OK || n != want_len)
        check_fail(file, line, "exact capacity %zu -> %s out_len %zu", want_len, rname(r), n);
    check_text(file, line, "output (exact capacity)", b.mem, n, want, want_len);
    if (!gbuf_untouched_from(&b, want_len))
        check_fail(file, line, "exact capacity: wrote past the capacity (a NUL?)");

    exact = tmp_alloc(want_len);
    n = 0;
    r = c->fn(c, exact, want_len, &n);
    if (r != HWC_RESULT_OK || n != want_len)
        check_fail(file, line, "exact heap block -> %s out_len %zu", rname(r), n);
    else
        check_text(file, line, "output (exact heap block)", exact, n, want, want_len);

    b = gbuf_new(want_len + 1);
    n = 0;
    r = c->fn(c, (char *)b.mem, want_len + 1, &n);
    if (r != HWC_RESULT_OK || n != want_len)
        check_fail(file, line, "capacity length+1 -> %s out_len %zu", rname(r), n);
    check_text(file, line, "output (capacity length+1)", b.mem, n, want, want_len);
    if (b.mem[want_len] != 0) check_fail(file, line, "capacity length+1: no NUL after the output");
    if (!gbuf_untouched_from(&b, want_len + 1))
        check_fail(file, line, "capacity length+1: wrote past the NUL");

    b = gbuf_new(want_len + 200);
    r = c->fn(c, (char *)b.mem, want_len + 200, NULL);
    if (r != HWC_RESULT_OK) check_fail(file, line, "large capacity, out_len NULL -> %s", rname(r));
    check_text(file, line, "output (large capacity)", b.mem, want_len, want, want_len);
    if (b.mem[want_len] != 0 || !gbuf_untouched_from(&b, want_len + 1))
        check_fail(file, line, "large capacity: missing NUL or bytes written after it");
}

void check_output_err(const char *file, int line, const struct out_call *c, hwc_result err) {
    size_t n = 77;
    hwc_result r;
    struct gbuf b;

    r = c->fn(c, NULL, 0, &n);
    if (r != err || n != 0)
        check_fail(file, line, "(NULL, 0) -> %s out_len %zu, want %s and 0", rname(r), n, rname(err));
    r = c->fn(c, NULL, 0, NULL);
    if (r != err) check_fail(file, line, "(NULL, 0, NULL) -> %s, want %s", rname(r), rname(err));

    b = gbuf_new(80);
    n = 77;
    r = c->fn(c, (char *)b.mem, 80, &n);
    if (r != err || n != 0)
        check_fail(file, line, "capacity 80 -> %s out_len %zu, want %s and 0", rname(r), n, rname(err));
    if (b.mem[0] != 0) check_fail(file, line, "failed call left a non-empty output");
    if (!gbuf_untouched_from(&b, 1)) check_fail(file, line, "failed call wrote past the empty output");

    b = gbuf_new(0);
    r = c->fn(c, (char *)b.mem, 0, &n);
    if (r != err) check_fail(file, line, "capacity 0 -> %s, want %s", rname(r), rname(err));
    if (!gbuf_untouched_from(&b, 0)) check_fail(file, line, "capacity 0: a byte was written");
}

hwc_result out_run(const struct out_call *c, size_t cap, char **text, size_t *len) {
    char *buf = tmp_alloc(cap);
    *len = 0;
    *text = buf;
    return c->fn(c, buf, cap, len);
}

/* ---- streaming writer ------------------------------------------------------------------ */

void run_writer(const char *file, int line, const char *name, writer_script script,
                const void *ctx) {
    hwc_json_writer w;
    size_t need = 0, n, cap;
    hwc_result r;
    char *exact;
    struct gbuf b;

    r = hwc_json_writer_init(&w, NULL, 0);
    if (r != HWC_RESULT_OK) check_fail(file, line, "%s: init (NULL, 0) -> %s", name, rname(r));
    script(&w, ctx);
    r = hwc_json_finish(&w, &need);
    if (r != HWC_RESULT_BUFFER_TOO_SMALL || need == 0) {
        check_fail(file, line, "%s: measuring finish -> %s size %zu", name, rname(r), need);
        return;
    }
    n = 0;
    r = hwc_json_finish(&w, &n);
    if (r != HWC_RESULT_BUFFER_TOO_SMALL || n != need)
        check_fail(file, line, "%s: second measuring finish -> %s %zu", name, rname(r), n);
    if (hwc_json_finish(&w, NULL) != HWC_RESULT_BUFFER_TOO_SMALL)
        check_fail(file, line, "%s: measuring finish without out_len", name);

    exact = tmp_alloc(need);
    hwc_json_writer_init(&w, exact, need);
    script(&w, ctx);
    n = 0;
    r = hwc_json_finish(&w, &n);
    if (r != HWC_RESULT_OK || n != need) {
        check_fail(file, line, "%s: exact buffer finish -> %s %zu, measured %zu", name, rname(r), n,
                   need);
        return;
    }

    b = gbuf_new(need);
    hwc_json_writer_init(&w, (char *)b.mem, need);
    script(&w, ctx);
    r = hwc_json_finish(&w, &n);
    if (r != HWC_RESULT_OK || n != need || memcmp(b.mem, exact, need) != 0)
        check_fail(file, line, "%s: guarded exact buffer differs (%s %zu)", name, rname(r), n);
    if (!gbuf_untouched_from(&b, need)) check_fail(file, line, "%s: exact buffer: wrote past it", name);

    for (cap = need + 1; cap <= need + 300; cap += 299) {
        b = gbuf_new(cap);
        hwc_json_writer_init(&w, (char *)b.mem, cap);
        script(&w, ctx);
        r = hwc_json_finish(&w, &n);
        if (r != HWC_RESULT_OK || n != need || memcmp(b.mem, exact, need) != 0)
            check_fail(file, line, "%s: capacity %zu differs (%s %zu)", name, cap, rname(r), n);
        if (b.mem[need] != 0) check_fail(file, line, "%s: capacity %zu: no NUL", name, cap);
        if (!gbuf_untouched_from(&b, need + 1))
            check_fail(file, line, "%s: capacity %zu: wrote after the NUL", name, cap);
    }

    for (cap = 0; cap < need; cap++) {
        b = gbuf_new(cap);
        hwc_json_writer_init(&w, (char *)b.mem, cap);
        script(&w, ctx);
        n = 0;
        r = hwc_json_finish(&w, &n);
        if (r != HWC_RESULT_BUFFER_TOO_SMALL || n != need)
            check_fail(file, line, "%s: capacity %zu -> %s %zu, want BUFFER_TOO_SMALL %zu", name, cap,
                       rname(r), n, need);
        if (!gbuf_untouched_from(&b, cap))
            check_fail(file, line, "%s: capacity %zu: wrote past the capacity", name, cap);
    }

    record("json", name, exact, need);
}

/* ---- records --------------------------------------------------------------------------- */

void record(const char *kind, const char *name, const void *data, size_t len) {
    if (!g_records) return;
    fprintf(g_records, "%s %s %zu\n", kind, name, len);
    if (len) fwrite(data, 1, len, g_records);
    fputc('\n', g_records);
}

void hex_encode(const uint8_t *bytes, size_t n, char *out) {
    static const char digits[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = 0;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int hex_decode(const char *hex, uint8_t *out, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* ---- main ------------------------------------------------------------------------------ */

int main(int argc, char **argv) {
    const struct test_case *tables[] = {credentials_tests, topic_tests,   writer_tests,
                                        reader_tests,      decoder_tests, abi_tests};
    const char *filter, *records;
    int bugs = argc > 1 && strcmp(argv[1], "--bugs") == 0;
    unsigned passed = 0, failed = 0;
    size_t t;
    const struct test_case *tc;

    argv += bugs, argc -= bugs;
    records = argc > 1 ? argv[1] : NULL;
    filter = argc > 2 ? argv[2] : NULL;
    if (records) {
        g_records = fopen(records, "wb");
        if (!g_records) {
            perror(records);
            return 2;
        }
    }
    for (t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        for (tc = tables[t]; tc->name; tc++) {
            if (filter && !strstr(tc->name, filter)) continue;
            if (bugs != (strncmp(tc->name, "bug_", 4) == 0)) continue;
            g_case = tc->name;
            g_case_failures = 0;
            tc->fn();
            free_blocks();
            if (g_case_failures) {
                failed++;
                printf("FAIL %s (%u failed checks)\n", tc->name, g_case_failures);
            } else {
                passed++;
            }
        }
    }
    free(g_blocks);
    if (g_records) {
        char line[64];
        int len = snprintf(line, sizeof line, "%u %u", passed, failed);
        record("summary", "c", line, (size_t)len);
        if (fclose(g_records) != 0) {
            perror(records);
            return 2;
        }
    }
    printf("c-abi (C cases%s): %u passed, %u failed\n", bugs ? ", known bugs" : "", passed, failed);
    return failed ? 1 : 0;
}
