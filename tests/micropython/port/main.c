// Entry point of the huaweicloud host test interpreter.
//
//   micropython [-X heapsize=N[k|m]] [-c CMD | SCRIPT.py] [ARGS...]
//
// Exit status: 0 on success, 1 on an uncaught exception, N for sys.exit(N)
// (0 for sys.exit() / sys.exit(None), 1 for sys.exit("message"), which is
// printed to stderr), 2 for a usage error or a script that cannot be opened.
//
// sys.argv is [SCRIPT, ARGS...] (['-c', ARGS...] with -c).  sys.path is
// [directory of SCRIPT ('' with -c)] followed by the entries of the
// colon-separated environment variable MICROPYPATH.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/cstack.h"
#include "py/gc.h"
#include "py/lexer.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/nlr.h"
#include "py/objlist.h"
#include "py/parse.h"
#include "py/runtime.h"
#include "py/stackctrl.h"

#define DEFAULT_HEAP_SIZE (1024 * 1024)
#define MIN_HEAP_SIZE (16 * 1024)
// Stack budget checked by MICROPY_STACK_CHECK; well below the usual 8 MiB
// main-thread limit.
#define STACK_LIMIT (1024 * 1024)

#define EXIT_USAGE (2)

static const char *prog_name = "micropython";

// Printer for tracebacks and diagnostics (MICROPY_ERROR_PRINTER).
static void stderr_print_strn(void *env, const char *str, size_t len) {
    (void)env;
    while (len > 0) {
        ssize_t n = write(STDERR_FILENO, str, len);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        str += n;
        len -= (size_t)n;
    }
}
const mp_print_t mp_stderr_print = { NULL, stderr_print_strn };

static int usage(void) {
    fprintf(stderr,
        "usage: %s [-X heapsize=N[k|m]] [-c CMD | SCRIPT.py] [ARGS...]\n"
        "  -X heapsize=N  GC heap size in bytes, or with a k/m suffix (default 1m)\n"
        "  -c CMD         run the program passed as a string\n"
        "environment: MICROPYPATH=dir1:dir2  extra import directories\n",
        prog_name);
    return EXIT_USAGE;
}

// Parses "N", "Nk" or "Nm" (case-insensitive).  Returns 0 on error.
static size_t parse_size(const char *s) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s) {
        return 0;
    }
    if (*end == 'k' || *end == 'K') {
        v *= 1024u;
        ++end;
    } else if (*end == 'm' || *end == 'M') {
        v *= 1024u * 1024u;
        ++end;
    }
    if (*end != '\0' || v > (unsigned long long)SIZE_MAX / 2) {
        return 0;
    }
    return (size_t)v;
}

// Maps an uncaught exception to the process exit status.
static int exit_status_for(mp_obj_t exc) {
    const mp_obj_type_t *type = mp_obj_get_type(exc);
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        mp_obj_t value = mp_obj_exception_get_value(exc);
        mp_int_t code;
        if (value == mp_const_none) {
            return 0;
        }
        if (mp_obj_get_int_maybe(value, &code)) {
            return (int)(code & 0xff);
        }
        mp_obj_print_helper(&mp_stderr_print, value, PRINT_STR);
        mp_print_str(&mp_stderr_print, "\n");
        return 1;
    }
    mp_obj_print_exception(&mp_stderr_print, exc);
    return 1;
}

// Compiles and runs a script file (is_file) or a -c command string.
static int execute(const char *source, bool is_file) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_lexer_t *lex;
        if (is_file) {
            lex = mp_lexer_new_from_file(qstr_from_str(source));
        } else {
            lex = mp_lexer_new_from_str_len(MP_QSTR__lt_string_gt_, source, strlen(source), 0);
        }
        qstr source_name = lex->source_name;
        if (is_file) {
            mp_store_global(MP_QSTR___file__, MP_OBJ_NEW_QSTR(source_name));
        }
        mp_parse_tree_t tree = mp_parse(lex, MP_PARSE_FILE_INPUT);
        mp_obj_t module_fun = mp_compile(&tree, source_name, false);
        mp_call_function_0(module_fun);
        mp_handle_pending(MP_HANDLE_PENDING_CALLBACKS_AND_EXCEPTIONS);
        nlr_pop();
        return 0;
    }
    return exit_status_for(MP_OBJ_FROM_PTR(nlr.ret_val));
}

// sys.path = [first, $MICROPYPATH entries...]
static void init_sys_path(const char *first, size_t first_len) {
    mp_sys_path = mp_obj_new_list(0, NULL);
    mp_obj_list_append(mp_sys_path, mp_obj_new_str(first, first_len));
    const char *p = getenv("MICROPYPATH");
    while (p != NULL && *p != '\0') {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        if (len > 0) {
            mp_obj_list_append(mp_sys_path, mp_obj_new_str(p, len));
        }
        p = colon ? colon + 1 : NULL;
    }
}

// Kept out of line so the stack top captured in main() lies above all of
// this function's locals.
MP_NOINLINE static int run(int argc, char **argv) {
    size_t heap_size = DEFAULT_HEAP_SIZE;
    const char *command = NULL;
    const char *script = NULL;
    int a = 1;

    if (argc > 0 && argv[0] != NULL) {
        prog_name = argv[0];
    }
    for (; a < argc; ++a) {
        const char *arg = argv[a];
        if (strncmp(arg, "-X", 2) == 0) {  // "-X opt" or "-Xopt"
            const char *opt = arg[2] ? arg + 2 : (a + 1 < argc ? argv[++a] : NULL);
            if (opt == NULL || strncmp(opt, "heapsize=", 9) != 0) {
                return usage();
            }
            heap_size = parse_size(opt + 9);
            if (heap_size < MIN_HEAP_SIZE) {
                fprintf(stderr, "%s: bad heap size '%s' (minimum %dk)\n", prog_name, opt + 9, MIN_HEAP_SIZE / 1024);
                return EXIT_USAGE;
            }
        } else if (strcmp(arg, "-c") == 0) {
            if (a + 1 >= argc) {
                return usage();
            }
            command = argv[++a];
            ++a;
            break;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage();
            return 0;
        } else if (strcmp(arg, "--") == 0) {
            ++a;
            break;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return usage();
        } else {
            break;
        }
    }
    if (command == NULL) {
        if (a >= argc) {
            return usage();  // no REPL in this port
        }
        script = argv[a++];
        struct stat st;
        if (stat(script, &st) != 0) {
            fprintf(stderr, "%s: can't open file '%s': %s\n", prog_name, script, strerror(errno));
            return EXIT_USAGE;
        }
        if (!S_ISREG(st.st_mode)) {
            fprintf(stderr, "%s: can't open file '%s': not a regular file\n", prog_name, script);
            return EXIT_USAGE;
        }
    }

    char *heap = malloc(heap_size);
    if (heap == NULL) {
        fprintf(stderr, "%s: cannot allocate a %zu-byte heap\n", prog_name, heap_size);
        return EXIT_USAGE;
    }
    gc_init(heap, heap + heap_size);
    mp_init();
    mp_hal_set_interrupt_char(3);  // Ctrl-C raises KeyboardInterrupt

    int status;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (script != NULL) {
            const char *slash = strrchr(script, '/');
            init_sys_path(script, slash ? (size_t)(slash - script) : 0);
        } else {
            init_sys_path("", 0);
        }
        mp_obj_list_init(MP_OBJ_TO_PTR(mp_sys_argv), 0);
        const char *argv0 = script != NULL ? script : "-c";
        mp_obj_list_append(mp_sys_argv, mp_obj_new_str(argv0, strlen(argv0)));
        for (; a < argc; ++a) {
            mp_obj_list_append(mp_sys_argv, mp_obj_new_str(argv[a], strlen(argv[a])));
        }
        nlr_pop();
        status = script != NULL ? execute(script, true) : execute(command, false);
    } else {
        status = exit_status_for(MP_OBJ_FROM_PTR(nlr.ret_val));
    }

    // Run finalisers (closes files and sockets still open), then shut down.
    gc_sweep_all();
    mp_deinit();
    free(heap);
    return status;
}

int main(int argc, char **argv) {
    mp_cstack_init_with_sp_here(STACK_LIMIT);
    return run(argc, argv);
}

// Import support without a VFS: plain stat().
mp_import_stat_t mp_import_stat(const char *path) {
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            return MP_IMPORT_STAT_DIR;
        }
        if (S_ISREG(st.st_mode)) {
            return MP_IMPORT_STAT_FILE;
        }
    }
    return MP_IMPORT_STAT_NO_EXIST;
}

void nlr_jump_fail(void *val) {
    fprintf(stderr, "FATAL: uncaught NLR %p\n", val);
    abort();
}

// A `#![no_std]` Rust static library built for a hosted target such as
// x86_64-unknown-linux-gnu can carry a reference to rust_eh_personality (from
// unwind data in the prebuilt compiler_builtins objects, depending on which
// of them the library's code pulls in), even with panic = "abort"; the link
// then fails.  Firmware targets (thumbv*-none-*) do not have it.  A weak
// fallback lets the host interpreter link either way; a definition in the
// Rust library takes precedence.  It is never called: nothing unwinds.
MP_WEAK void rust_eh_personality(void);
MP_WEAK void rust_eh_personality(void) {
}
