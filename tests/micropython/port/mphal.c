// HAL for the huaweicloud host test interpreter: console I/O on fds 0/1 and
// monotonic/real-time clocks.
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "py/mphal.h"
#include "py/runtime.h"

// Write all of buf to fd, retrying on EINTR and short writes.  Errors other
// than EINTR are dropped: there is nowhere left to report them.
static void write_all(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

static void sigint_handler(int signo) {
    (void)signo;
    mp_sched_keyboard_interrupt();
}

// SIGINT -> KeyboardInterrupt.  No SA_RESTART: a blocking read/accept/sleep
// returns EINTR, and MP_HAL_RETRY_SYSCALL then raises the exception.
void mp_hal_set_interrupt_char(int c) {
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = c == 3 ? sigint_handler : SIG_DFL;
    sigaction(SIGINT, &sa, NULL);
}

mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    write_all(STDOUT_FILENO, str, len);
    return len;
}

// No terminal "cooking" (\n -> \r\n) on the host.
void mp_hal_stdout_tx_strn_cooked(const char *str, size_t len) {
    write_all(STDOUT_FILENO, str, len);
}

void mp_hal_stdout_tx_str(const char *str) {
    const char *end = str;
    while (*end) {
        ++end;
    }
    write_all(STDOUT_FILENO, str, (size_t)(end - str));
}

// Returns the next byte of stdin, or -1 (as int) at end of file.
int mp_hal_stdin_rx_chr(void) {
    unsigned char c;
    for (;;) {
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n == 1) {
            return c;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return -1;
    }
}

static uint64_t monotonic_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return (mp_uint_t)(monotonic_us() / 1000u);
}

mp_uint_t mp_hal_ticks_us(void) {
    return (mp_uint_t)monotonic_us();
}

uint64_t mp_hal_time_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void mp_hal_delay_us(mp_uint_t us) {
    struct timespec ts = { (time_t)(us / 1000000u), (long)(us % 1000000u) * 1000 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

// Sleep in slices of at most 10 ms so pending exceptions/callbacks
// (scheduled functions, a KeyboardInterrupt if ever enabled) are serviced.
void mp_hal_delay_ms(mp_uint_t ms) {
    uint64_t start = monotonic_us();
    uint64_t total = (uint64_t)ms * 1000u;
    for (;;) {
        mp_handle_pending(MP_HANDLE_PENDING_CALLBACKS_AND_EXCEPTIONS);
        uint64_t elapsed = monotonic_us() - start;
        if (elapsed >= total) {
            break;
        }
        uint64_t left = total - elapsed;
        mp_hal_delay_us((mp_uint_t)(left < 10000u ? left : 10000u));
    }
}
