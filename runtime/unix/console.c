/* SPDX-License-Identifier: ISC */
/* console.c: unikernel output on stdout, diagnostics on stderr. */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "platform.h"

/* Writes all of (buf) to (fd), through signals and short writes. */
static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* a non-blocking descriptor inherited from the caller */
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            if (poll(&p, 1, -1) < 0 && errno != EINTR)
                return;
        } else {
            return; /* closed or failing: output is lost, not fatal */
        }
    }
}

void plat_console_write(const char *buf, size_t len)
{
    write_all(STDOUT_FILENO, buf, len);
}

void plat_error_write(const char *buf, size_t len)
{
    write_all(STDERR_FILENO, buf, len);
}
