// HAL declarations for the huaweicloud host test interpreter.
#ifndef HWC_HOSTPORT_MPHALPORT_H
#define HWC_HOSTPORT_MPHALPORT_H

#include <errno.h>
#include <unistd.h>

// No pins on the host.  Defining this stops py/mphal.h from including
// extmod/virtpin.h, which is not in the sdist.
#define mp_hal_pin_obj_t void *

// Ctrl-C: c == 3 makes SIGINT raise KeyboardInterrupt, -1 restores the
// default action (micropython.kbd_intr() calls this; so does main.c).
void mp_hal_set_interrupt_char(int c);

// ticks_cpu is not meaningful here.
#define mp_hal_ticks_cpu() 0

// Retry a system call on EINTR (PEP 475), running pending callbacks and
// exceptions in between; on any other error run `raise`, which can use `err`.
// Used by ports/unix/modsocket.c and by fdfile.c.
#define MP_HAL_RETRY_SYSCALL(ret, syscall, raise) \
    do { \
        for (;;) { \
            ret = syscall; \
            if (ret == -1) { \
                int err = errno; \
                if (err == EINTR) { \
                    mp_handle_pending(MP_HANDLE_PENDING_CALLBACKS_AND_EXCEPTIONS); \
                    continue; \
                } \
                raise; \
            } \
            break; \
        } \
    } while (0)

// Raise OSError(error_val) when err_flag is -1 (used by modsocket.c).
#define RAISE_ERRNO(err_flag, error_val) \
    do { \
        if ((err_flag) == -1) { \
            mp_raise_OSError(error_val); \
        } \
    } while (0)

#endif // HWC_HOSTPORT_MPHALPORT_H
