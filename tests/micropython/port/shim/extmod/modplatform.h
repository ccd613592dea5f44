// Stand-in for extmod/modplatform.h, which py/modsys.c includes
// unconditionally but which is not part of the sdist (no extmod/).
// Only plain string macros are needed; the `platform` module itself is off.
#ifndef HWC_HOSTPORT_SHIM_MODPLATFORM_H
#define HWC_HOSTPORT_SHIM_MODPLATFORM_H

#if defined(__x86_64__)
#define MICROPY_PLATFORM_ARCH "x86_64"
#elif defined(__aarch64__)
#define MICROPY_PLATFORM_ARCH "aarch64"
#elif defined(__i386__)
#define MICROPY_PLATFORM_ARCH "x86"
#elif defined(__arm__)
#define MICROPY_PLATFORM_ARCH "arm"
#else
#define MICROPY_PLATFORM_ARCH ""
#endif

#if defined(__GNUC__)
#define MICROPY_PLATFORM_COMPILER "GCC " __VERSION__
#else
#define MICROPY_PLATFORM_COMPILER ""
#endif

#define MICROPY_PLATFORM_LIBC_LIB ""
#define MICROPY_PLATFORM_LIBC_VER ""
#define MICROPY_PLATFORM_SYSTEM "Linux"
#define MICROPY_PLATFORM_VERSION ""

#endif // HWC_HOSTPORT_SHIM_MODPLATFORM_H
