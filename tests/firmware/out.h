/* Text output without libc, identical on the host and on bare metal: everything the test
 * programs print goes through here, so the ARM and host transcripts can be compared byte for
 * byte. Bytes outside printable ASCII (and the backslash) are written as \xNN. */
#ifndef HWC_FW_OUT_H
#define HWC_FW_OUT_H

#include <stddef.h>
#include <stdint.h>

void out_str(const char *s);              /* NUL-terminated, as is */
void out_text(const char *s, size_t n);   /* escaped */
void out_i64(int64_t v);
void out_u64(uint64_t v);
void out_hex(const uint8_t *b, size_t n);
void out_nl(void);                        /* ends the line and flushes it */
size_t cstrlen(const char *s);
int bytes_eq(const char *a, size_t an, const char *b, size_t bn);

#endif
