/* SPDX-License-Identifier: ISC */
/* console.c: unikernel output on the tender's stdout, diagnostics on stderr. */
#include <errno.h>

#include "platform.h"
#include "spt.h"
#include "syscall.h"

/*
 * As on unix, output and diagnostics are apart: the console is the
 * tender's file descriptor 1, runtime diagnostics (argument errors, crash
 * reports) its descriptor 2. Nothing is buffered, so an exit has nothing
 * to flush.
 */
void spt_write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        long n = spt_syscall3(SPT_SYS_WRITE, fd, (long)buf, (long)len);

        if (n == -EINTR)
            continue;
        if (n <= 0)
            return; /* a closed pipe or full disk: the output is lost */
        buf += n;
        len -= (size_t)n;
    }
}

void plat_console_write(const char *buf, size_t len)
{
    spt_write_all(1, buf, len);
}

void plat_error_write(const char *buf, size_t len)
{
    spt_write_all(2, buf, len);
}
