/* SPDX-License-Identifier: ISC */
/* entropy.c: seeds from the CPU's RDSEED or RDRAND instructions. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "platform.h"
#include "xen.h"

/* How often a failing instruction (CF=0: not ready) is retried. */
#define ENTROPY_RETRIES 100

enum source { SOURCE_UNKNOWN, SOURCE_NONE, SOURCE_RDSEED, SOURCE_RDRAND };

static enum source source_detect(void)
{
    uint32_t r[4];

    xen_cpuid(0, 0, r);
    if (r[0] >= 7) {
        uint32_t l7[4];
        xen_cpuid(7, 0, l7);
        if (l7[1] & (1u << 18)) /* CPUID.(7,0):EBX.RDSEED */
            return SOURCE_RDSEED;
    }
    xen_cpuid(1, 0, r);
    if (r[2] & (1u << 30)) /* CPUID.1:ECX.RDRAND */
        return SOURCE_RDRAND;
    return SOURCE_NONE;
}

/* One 64-bit word from (src) into (*out); false when it keeps failing. */
static bool word(enum source src, uint64_t *out)
{
    for (int i = 0; i < ENTROPY_RETRIES; i++) {
        unsigned char ok;

        if (src == SOURCE_RDSEED)
            __asm__ volatile("rdseed %0; setc %1" : "=r"(*out), "=qm"(ok));
        else
            __asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
        if (ok)
            return true;
        __asm__ volatile("pause");
    }
    return false;
}

int plat_entropy(void *buf, size_t len)
{
    static enum source src = SOURCE_UNKNOWN;
    unsigned char *p = buf;

    if (src == SOURCE_UNKNOWN)
        src = source_detect();
    if (src == SOURCE_NONE)
        return -ENOSYS;
    while (len > 0) {
        uint64_t w;
        size_t n = len < sizeof(w) ? len : sizeof(w);

        if (!word(src, &w))
            return -EIO;
        memcpy(p, &w, n);
        p += n;
        len -= n;
    }
    return 0;
}
