/* SPDX-License-Identifier: ISC */
/* errstr.c: human text for errno values, without the host's strerror. */
#include <errno.h>
#include <stddef.h>

#include "errstr.h"

struct errstr {
    int err;
    const char *text;
};

/* The values that devices and the runtime return; others are "unknown". */
static const struct errstr errstrs[] = {
    {EPERM, "operation not permitted (EPERM)"},
    {ENOENT, "no such file or entry (ENOENT)"},
    {EINTR, "interrupted (EINTR)"},
    {EIO, "input/output error (EIO)"},
    {ENXIO, "no such device or address (ENXIO)"},
    {E2BIG, "argument list too long (E2BIG)"},
    {EBADF, "bad descriptor (EBADF)"},
    {EAGAIN, "resource temporarily unavailable (EAGAIN)"},
    {ENOMEM, "out of memory (ENOMEM)"},
    {EACCES, "permission denied (EACCES)"},
    {EFAULT, "bad address (EFAULT)"},
    {EBUSY, "device or resource busy (EBUSY)"},
    {EEXIST, "already exists (EEXIST)"},
    {ENODEV, "no such device (ENODEV)"},
    {ENOTDIR, "not a directory (ENOTDIR)"},
    {EISDIR, "is a directory (EISDIR)"},
    {EINVAL, "invalid argument (EINVAL)"},
    {ENOSPC, "no space left on device (ENOSPC)"},
    {EROFS, "read-only (EROFS)"},
    {EPIPE, "broken pipe (EPIPE)"},
    {ERANGE, "out of range (ERANGE)"},
    {ENAMETOOLONG, "name too long (ENAMETOOLONG)"},
    {ENOSYS, "not implemented (ENOSYS)"},
    {ENOTSUP, "not supported (ENOTSUP)"},
    {EADDRINUSE, "address in use (EADDRINUSE)"},
    {EADDRNOTAVAIL, "address not available (EADDRNOTAVAIL)"},
    {ENETDOWN, "network is down (ENETDOWN)"},
    {ENETUNREACH, "network unreachable (ENETUNREACH)"},
    {ECONNRESET, "connection reset (ECONNRESET)"},
    {ENOBUFS, "no buffer space (ENOBUFS)"},
    {ETIMEDOUT, "timed out (ETIMEDOUT)"},
    {ECONNREFUSED, "connection refused (ECONNREFUSED)"},
    {EHOSTUNREACH, "host unreachable (EHOSTUNREACH)"},
};

const char *core_strerror(int err)
{
    if (err < 0)
        err = -err;
    for (size_t i = 0; i < sizeof(errstrs) / sizeof(errstrs[0]); i++)
        if (errstrs[i].err == err)
            return errstrs[i].text;
    return NULL;
}
