#include "out.h"

#include "platform.h"

static char line[512];
static size_t used;

static void flush(void) {
    if (used) plat_write(line, used);
    used = 0;
}

static void put(char c) {
    if (used == sizeof line) flush();
    line[used++] = c;
}

size_t cstrlen(const char *s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int bytes_eq(const char *a, size_t an, const char *b, size_t bn) {
    if (an != bn) return 0;
    for (size_t i = 0; i < an; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}

void out_str(const char *s) {
    while (*s) put(*s++);
}

void out_text(const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (!s) {
        out_str("(null)");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            put((char)c);
        } else {
            put('\\');
            put('x');
            put(hex[c >> 4]);
            put(hex[c & 15]);
        }
    }
}

void out_u64(uint64_t v) {
    char digits[20];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) put(digits[--n]);
}

void out_i64(int64_t v) {
    if (v < 0) {
        put('-');
        out_u64((uint64_t)0 - (uint64_t)v);
    } else {
        out_u64((uint64_t)v);
    }
}

void out_hex(const uint8_t *b, size_t n) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        put(hex[b[i] >> 4]);
        put(hex[b[i] & 15]);
    }
}

void out_nl(void) {
    put('\n');
    flush();
}
