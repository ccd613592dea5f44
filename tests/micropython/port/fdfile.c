// File objects over POSIX file descriptors for the host test interpreter:
// the built-in open() (this port has no VFS, so no extmod/vfs_posix_file.c)
// and sys.stdin / sys.stdout / sys.stderr on fds 0, 1 and 2.
//
// open(file, mode='r', buffering=-1, encoding=None)
//   file: a path (str) or an already-open int fd (socket.makefile() uses this)
//   mode: any of r w a x + b t; 'b' gives io.FileIO (bytes), else
//         io.TextIOWrapper (str).  I/O is unbuffered.
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "py/builtin.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stream.h"

typedef struct _mp_obj_fdfile_t {
    mp_obj_base_t base;
    int fd;
} mp_obj_fdfile_t;

extern const mp_obj_type_t mp_type_fileio;
extern const mp_obj_type_t mp_type_textio;

static void check_open(const mp_obj_fdfile_t *self) {
    if (self->fd < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("I/O operation on closed file"));
    }
}

static void fdfile_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    mp_obj_fdfile_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<io.%s %d>", mp_obj_get_type_str(self_in), self->fd);
}

static mp_uint_t fdfile_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    mp_obj_fdfile_t *self = MP_OBJ_TO_PTR(self_in);
    check_open(self);
    ssize_t r;
    MP_HAL_RETRY_SYSCALL(r, read(self->fd, buf, size), {
        *errcode = err;
        return MP_STREAM_ERROR;
    });
    return (mp_uint_t)r;
}

static mp_uint_t fdfile_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    mp_obj_fdfile_t *self = MP_OBJ_TO_PTR(self_in);
    check_open(self);
    ssize_t r;
    MP_HAL_RETRY_SYSCALL(r, write(self->fd, buf, size), {
        *errcode = err;
        return MP_STREAM_ERROR;
    });
    return (mp_uint_t)r;
}

static mp_uint_t fdfile_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    mp_obj_fdfile_t *self = MP_OBJ_TO_PTR(self_in);
    if (request != MP_STREAM_CLOSE) {
        check_open(self);
    }
    switch (request) {
        case MP_STREAM_FLUSH:
            // Writes go straight to the fd; nothing is buffered here.
            return 0;
        case MP_STREAM_SEEK: {
            struct mp_stream_seek_t *s = (struct mp_stream_seek_t *)arg;
            off_t off;
            MP_HAL_RETRY_SYSCALL(off, lseek(self->fd, s->offset, s->whence), {
                *errcode = err;
                return MP_STREAM_ERROR;
            });
            s->offset = off;
            return 0;
        }
        case MP_STREAM_CLOSE:
            if (self->fd >= 0) {
                close(self->fd);
                self->fd = -1;
            }
            return 0;
        case MP_STREAM_GET_FILENO:
            return self->fd;
        default:
            *errcode = MP_EINVAL;
            return MP_STREAM_ERROR;
    }
}

static mp_obj_t fdfile_fileno(mp_obj_t self_in) {
    mp_obj_fdfile_t *self = MP_OBJ_TO_PTR(self_in);
    check_open(self);
    return MP_OBJ_NEW_SMALL_INT(self->fd);
}
static MP_DEFINE_CONST_FUN_OBJ_1(fdfile_fileno_obj, fdfile_fileno);

static const mp_rom_map_elem_t fdfile_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_fileno), MP_ROM_PTR(&fdfile_fileno_obj) },
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_readlines), MP_ROM_PTR(&mp_stream_unbuffered_readlines_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_seek), MP_ROM_PTR(&mp_stream_seek_obj) },
    { MP_ROM_QSTR(MP_QSTR_tell), MP_ROM_PTR(&mp_stream_tell_obj) },
    { MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&mp_stream_flush_obj) },
    { MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&mp_identity_obj) },
    { MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&mp_stream___exit___obj) },
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&mp_stream_close_obj) },
};
static MP_DEFINE_CONST_DICT(fdfile_locals_dict, fdfile_locals_dict_table);

static const mp_stream_p_t fileio_stream_p = {
    .read = fdfile_read,
    .write = fdfile_write,
    .ioctl = fdfile_ioctl,
};

static const mp_stream_p_t textio_stream_p = {
    .read = fdfile_read,
    .write = fdfile_write,
    .ioctl = fdfile_ioctl,
    .is_text = true,
};

MP_DEFINE_CONST_OBJ_TYPE(
    mp_type_fileio,
    MP_QSTR_FileIO,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, fdfile_print,
    protocol, &fileio_stream_p,
    locals_dict, &fdfile_locals_dict
    );

MP_DEFINE_CONST_OBJ_TYPE(
    mp_type_textio,
    MP_QSTR_TextIOWrapper,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, fdfile_print,
    protocol, &textio_stream_p,
    locals_dict, &fdfile_locals_dict
    );

// Translate a Python mode string into open(2) flags; sets *binary.
static int mode_to_flags(const char *mode, bool *binary) {
    int rw = O_RDONLY;
    int extra = 0;
    bool plus = false;
    *binary = false;
    for (const char *m = mode; *m; ++m) {
        switch (*m) {
            case 'r':
                rw = O_RDONLY;
                extra = 0;
                break;
            case 'w':
                rw = O_WRONLY;
                extra = O_CREAT | O_TRUNC;
                break;
            case 'a':
                rw = O_WRONLY;
                extra = O_CREAT | O_APPEND;
                break;
            case 'x':
                rw = O_WRONLY;
                extra = O_CREAT | O_EXCL;
                break;
            case '+':
                plus = true;
                break;
            case 'b':
                *binary = true;
                break;
            case 't':
                *binary = false;
                break;
            default:
                mp_raise_ValueError(MP_ERROR_TEXT("invalid mode"));
        }
    }
    return (plus ? O_RDWR : rw) | extra | O_CLOEXEC;
}

mp_obj_t mp_builtin_open(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    enum { ARG_file, ARG_mode, ARG_buffering, ARG_encoding };
    static const mp_arg_t allowed_args[] = {
        { MP_QSTR_file, MP_ARG_OBJ | MP_ARG_REQUIRED, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_mode, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_QSTR(MP_QSTR_r)} },
        { MP_QSTR_buffering, MP_ARG_INT, {.u_int = -1} },
        { MP_QSTR_encoding, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    };
    mp_arg_val_t vals[MP_ARRAY_SIZE(allowed_args)];
    mp_arg_parse_all(n_args, args, kwargs, MP_ARRAY_SIZE(allowed_args), allowed_args, vals);

    bool binary;
    int flags = mode_to_flags(mp_obj_str_get_str(vals[ARG_mode].u_obj), &binary);
    mp_obj_t file = vals[ARG_file].u_obj;
    int fd;
    if (mp_obj_is_small_int(file)) {
        fd = MP_OBJ_SMALL_INT_VALUE(file);
    } else {
        const char *path = mp_obj_str_get_str(file);
        MP_HAL_RETRY_SYSCALL(fd, open(path, flags, 0644), mp_raise_OSError_with_filename(err, path));
    }
    mp_obj_fdfile_t *o = mp_obj_malloc_with_finaliser(mp_obj_fdfile_t, binary ? &mp_type_fileio : &mp_type_textio);
    o->fd = fd;
    return MP_OBJ_FROM_PTR(o);
}
MP_DEFINE_CONST_FUN_OBJ_KW(mp_builtin_open_obj, 1, mp_builtin_open);

// sys.stdin/stdout/stderr (py/modsys.c refers to these by name).  Text
// streams, so print() and sys.stdout.write() take str.
mp_obj_fdfile_t mp_sys_stdin_obj = { { &mp_type_textio }, STDIN_FILENO };
mp_obj_fdfile_t mp_sys_stdout_obj = { { &mp_type_textio }, STDOUT_FILENO };
mp_obj_fdfile_t mp_sys_stderr_obj = { { &mp_type_textio }, STDERR_FILENO };
