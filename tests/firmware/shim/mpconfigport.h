// 32-bit ARM configuration for measuring the module's C shim (`make size-shim`).
//
// What matters for the module's object is what changes its code: the object representation
// (A: 31-bit small ints, pointers tagged in the low bits, as on every 32-bit bare-metal port),
// a 32-bit mp_int_t, the float type, the long-int implementation, the ROM level (enables
// OrderedDict) and error reporting. QuecPython's 1.28 port (ports/quectel/mpconfigport.h) uses
// ROM level EXTRA_FEATURES, the level taken here; float support is single precision
// (MICROPY_FLOAT_IMPL_FLOAT, as 32-bit MicroPython ports on soft-float cores use) unless the
// build passes -DHWC_SHIM_FLOAT=0. Error reporting and ROM text compression are left at
// MicroPython's defaults for that level.

#include <stdint.h>

#define MICROPY_CONFIG_ROM_LEVEL            (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)
#define MICROPY_OBJ_REPR                    (MICROPY_OBJ_REPR_A)
#define MICROPY_LONGINT_IMPL                (MICROPY_LONGINT_IMPL_MPZ)
#ifndef HWC_SHIM_FLOAT
#define HWC_SHIM_FLOAT                      (1)
#endif
#if HWC_SHIM_FLOAT
#define MICROPY_FLOAT_IMPL                  (MICROPY_FLOAT_IMPL_FLOAT)
#else
#define MICROPY_FLOAT_IMPL                  (MICROPY_FLOAT_IMPL_NONE)
#endif
#define MICROPY_ENABLE_GC                   (1)
#define MICROPY_ENABLE_COMPILER             (1)
#define MICROPY_PERSISTENT_CODE_LOAD        (1)
#define MICROPY_HELPER_REPL                 (0)
#define MICROPY_USE_INTERNAL_PRINTF         (0)
#define MICROPY_ALLOC_PATH_MAX              (128)
#define MICROPY_GCREGS_SETJMP               (1)
#define MICROPY_NLR_SETJMP                  (1)
#define MICROPY_EMIT_THUMB                  (0)
#define MICROPY_EMIT_INLINE_THUMB           (0)

// Modules implemented in extmod/ (not in the sdists): off. None is used by the shim.
#include "../../micropython/mpconfig_extmod_off.h"
#define MICROPY_PY_UTIME                    (0)
#define MICROPY_PY_SOCKET                   (0)
#define MICROPY_PY_SYS_STDFILES             (0)

// MicroPython 1.18's mpconfig.h leaves the integer types to the port (1.20+ defines them).
#if MICROPY_VERSION_MAJOR == 1 && MICROPY_VERSION_MINOR < 20
typedef intptr_t mp_int_t;
typedef uintptr_t mp_uint_t;
#endif
typedef long mp_off_t;

#define MP_STATE_PORT MP_STATE_VM
#define MICROPY_HW_BOARD_NAME               "huaweicloud-size-shim"
#define MICROPY_HW_MCU_NAME                 "cortex-m4"
