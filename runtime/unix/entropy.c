/* SPDX-License-Identifier: ISC */
/* entropy.c: the unix entropy source: getrandom(2), else /dev/urandom. */
#include <errno.h>
#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include "platform.h"

/* Reads /dev/urandom, for kernels older than getrandom(2) (Linux 3.17). */
static int entropy_urandom(unsigned char *p, size_t len)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    int rc = 0;

    if (fd < 0)
        return -errno;
    while (len > 0) {
        ssize_t n = read(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -errno : -EIO;
            break;
        }
        p += n;
        len -= (size_t)n;
    }
    close(fd);
    return rc;
}

int plat_entropy(void *buf, size_t len)
{
    unsigned char *p = buf;

    while (len > 0) {
        /* at most 256 bytes per call are never cut short by a signal */
        ssize_t n = getrandom(p, len < 256 ? len : 256, 0);

        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ENOSYS)
                return entropy_urandom(p, len);
            return -errno;
        }
        /* a short read is not an error: ask again for the rest */
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
