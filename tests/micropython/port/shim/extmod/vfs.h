// Stand-in for extmod/vfs.h, needed only by ports/unix/modsocket.c, whose
// socket.makefile() calls mp_vfs_open(n_args, args, kwargs) with the socket's
// fd as the file argument.  This port has no VFS; fdfile.c's open() accepts
// an int fd, so route the call there.
#ifndef HWC_HOSTPORT_SHIM_VFS_H
#define HWC_HOSTPORT_SHIM_VFS_H

#include "py/builtin.h"

#define mp_vfs_open mp_builtin_open

#endif // HWC_HOSTPORT_SHIM_VFS_H
