/*
 * Test harness for the C ABI tests (tests/c/test_*.c): named test cases, non-fatal checks, inputs
 * copied into exact-size heap blocks (so ASan/valgrind catch any read past an input's length),
 * canary-guarded output buffers, the generic checks every output-writing function gets, and
 * the records file that tests/c/check_json.py verifies with CPython.
 */
#ifndef HWC_TEST_HARNESS_H
#define HWC_TEST_HARNESS_H

#include "huaweicloud.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define HWC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HWC_PRINTF(f, a)
#endif

struct test_case {
    const char *name;
    void (*fn)(void);
};

/* Each test file defines one NULL-terminated table. */
extern const struct test_case credentials_tests[];
extern const struct test_case topic_tests[];
extern const struct test_case writer_tests[];
extern const struct test_case reader_tests[];
extern const struct test_case decoder_tests[];
extern const struct test_case abi_tests[];

/* ---- checks ---------------------------------------------------------------------------- */

void check_fail(const char *file, int line, const char *fmt, ...) HWC_PRINTF(3, 4);
const char *rname(hwc_result r);

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) check_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                     \
    } while (0)

#define CHECK_RES(expr, want)                                                                \
    do {                                                                                     \
        hwc_result r_ = (expr);                                                              \
        hwc_result w_ = (want);                                                              \
        if (r_ != w_)                                                                        \
            check_fail(__FILE__, __LINE__, "%s -> %d %s, want %d %s", #expr, (int)r_,        \
                       rname(r_), (int)w_, rname(w_));                                       \
    } while (0)

#define CHECK_I64(a, b)                                                                      \
    do {                                                                                     \
        long long a_ = (long long)(a), b_ = (long long)(b);                                  \
        if (a_ != b_) check_fail(__FILE__, __LINE__, "%s == %lld, want %lld", #a, a_, b_);   \
    } while (0)

#define CHECK_U64(a, b)                                                                      \
    do {                                                                                     \
        unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b);       \
        if (a_ != b_) check_fail(__FILE__, __LINE__, "%s == %llu, want %llu", #a, a_, b_);   \
    } while (0)

/* (ptr, len) equals the C string literal s. */
#define CHECK_TEXT(ptr, len, s) check_text(__FILE__, __LINE__, #ptr, (ptr), (len), (s), sizeof(s) - 1)
void check_text(const char *file, int line, const char *what, const void *ptr, size_t len,
                const void *want, size_t want_len);
/* A decoded value is `kind` with raw text `raw` (absent: NULL, 0), pointing into [in, in + inlen). */
void check_val(const char *file, int line, const char *what, const hwc_json_value *v, uint32_t kind,
               const char *raw, size_t raw_len, const char *in, size_t inlen);

/* ---- inputs ---------------------------------------------------------------------------- */

/* A copy of n bytes in a heap block of exactly n bytes, freed after the current case. */
char *tmp_copy(const void *src, size_t n);
/* An uninitialised heap block of exactly n bytes, freed after the current case. */
void *tmp_alloc(size_t n);
/* Expands to two arguments: an exact-size heap copy of a string literal, and its length. */
#define LIT(s) tmp_copy((s), sizeof(s) - 1), (sizeof(s) - 1)
/* The same for a runtime NUL-terminated string. */
#define STR(s) tmp_copy((s), strlen(s)), strlen(s)

/* ---- guarded output buffers ------------------------------------------------------------ */

#define GUARD 64
#define CANARY 0xA5

/* cap usable bytes followed by GUARD canary bytes; every byte starts as CANARY. */
struct gbuf {
    unsigned char *mem;
    size_t cap;
};
struct gbuf gbuf_new(size_t cap);
/* Whether bytes [from, cap + GUARD) still hold the canary. */
int gbuf_untouched_from(const struct gbuf *b, size_t from);

/* ---- output-writing functions ---------------------------------------------------------- */

/* One call of an output-writing function with fixed inputs, replayable with any buffer. */
struct out_call {
    hwc_result (*fn)(const struct out_call *c, char *out, size_t cap, size_t *out_len);
    int64_t i;
    uint32_t u;
    const hwc_datetime *t;
    const char *a;
    size_t alen;
    const char *b;
    size_t blen;
    const uint8_t *mac;
    const hwc_json_value *v;
};

/* The whole output contract for a call that succeeds with `want`: size query (NULL, 0) ->
 * BUFFER_TOO_SMALL with the exact length (or OK for an empty output), NULL buffer with a
 * capacity -> NULL_ARGUMENT, every capacity below the length -> BUFFER_TOO_SMALL without a
 * byte written past the capacity, capacity == length -> OK without NUL, length + 1 -> OK with
 * NUL, larger -> nothing written after the NUL, out_len NULL accepted. */
#define CHECK_OUTPUT(call, s) check_output(__FILE__, __LINE__, (call), (s), sizeof(s) - 1)
void check_output(const char *file, int line, const struct out_call *c, const char *want,
                  size_t want_len);
/* A call that fails with `err` whatever the buffer: out_len 0, output the empty string. */
#define CHECK_OUTPUT_ERR(call, err) check_output_err(__FILE__, __LINE__, (call), (err))
void check_output_err(const char *file, int line, const struct out_call *c, hwc_result err);
/* Runs the call into a fresh buffer of `cap`; returns the result and the text (heap, per case). */
hwc_result out_run(const struct out_call *c, size_t cap, char **text, size_t *len);

/* ---- streaming writer ------------------------------------------------------------------ */

typedef void (*writer_script)(hwc_json_writer *w, const void *ctx);

/* Runs `script` (whose writer calls must all return OK, checked by the script itself) with a
 * NULL buffer to measure, then with an exactly-sized buffer, a buffer one larger, one much
 * larger and every smaller capacity: identical output, exact sizes, canaries intact. The
 * output is recorded as JSON record `name` for check_json.py. */
#define RUN_WRITER(name, script, ctx) run_writer(__FILE__, __LINE__, (name), (script), (ctx))
void run_writer(const char *file, int line, const char *name, writer_script script,
                const void *ctx);

/* ---- records for check_json.py --------------------------------------------------------- */

/* kind "json": the text must parse (strictly) to the structure check_json.py expects under
 * `name`; kind "hmac": "<timestamp> <secret hex> <password>" recomputed with CPython hmac. */
void record(const char *kind, const char *name, const void *data, size_t len);

void hex_encode(const uint8_t *bytes, size_t n, char *out /* 2n + 1 */);
int hex_decode(const char *hex, uint8_t *out, size_t n);

#endif
