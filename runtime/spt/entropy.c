/* SPDX-License-Identifier: ISC */
/* entropy.c: seeds from the host kernel's getrandom. */
#include <errno.h>

#include "platform.h"
#include "spt.h"
#include "syscall.h"

/*
 * getrandom with flags 0, at most MIRAGE_TENDER_SPT_GETRANDOM_MAX bytes a
 * call (the only form the tender's filter allows): it waits once, at early
 * boot, for the kernel's pool; a short answer is continued all the same.
 */
int plat_entropy(void *buf, size_t len)
{
    unsigned char *p = buf;

    while (len > 0) {
        size_t part = len < MIRAGE_TENDER_SPT_GETRANDOM_MAX
                          ? len
                          : MIRAGE_TENDER_SPT_GETRANDOM_MAX;
        long n = spt_syscall3(SPT_SYS_GETRANDOM, (long)p, (long)part, 0);

        if (n == -EINTR)
            continue;
        if (n < 0)
            return (int)n;
        if (n == 0)
            return -EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
