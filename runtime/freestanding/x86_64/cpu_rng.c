/* SPDX-License-Identifier: ISC */
/* cpu_rng.c: random bytes from the CPU's RDSEED or RDRAND instructions. */
#include "cpu_rng.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* How often an instruction that is not ready (CF=0) is tried again. */
#define RNG_TRIES 100

enum rng_kind { RNG_UNKNOWN, RNG_NONE, RNG_RDSEED, RNG_RDRAND };

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

/* RDSEED: CPUID.(7,0):EBX bit 18; RDRAND: CPUID.1:ECX bit 30. */
static enum rng_kind rng_detect(void)
{
    uint32_t r[4];

    cpuid(0, 0, r);
    if (r[0] >= 7) {
        uint32_t s[4];

        cpuid(7, 0, s);
        if (s[1] & (1u << 18))
            return RNG_RDSEED;
    }
    cpuid(1, 0, r);
    return (r[2] & (1u << 30)) ? RNG_RDRAND : RNG_NONE;
}

static bool rng_word(enum rng_kind kind, uint64_t *out)
{
    for (int i = 0; i < RNG_TRIES; i++) {
        unsigned char ready;

        if (kind == RNG_RDSEED)
            __asm__ volatile("rdseed %0; setc %1" : "=r"(*out), "=qm"(ready));
        else
            __asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ready));
        if (ready)
            return true;
        __asm__ volatile("pause");
    }
    return false;
}

int cpu_rng_fill(void *buf, size_t len)
{
    static enum rng_kind kind = RNG_UNKNOWN;
    unsigned char *p = buf;

    if (kind == RNG_UNKNOWN)
        kind = rng_detect();
    if (kind == RNG_NONE)
        return -ENOSYS;
    while (len > 0) {
        uint64_t w;
        size_t n = len < sizeof(w) ? len : sizeof(w);

        if (!rng_word(kind, &w))
            return -EIO;
        memcpy(p, &w, n);
        p += n;
        len -= n;
    }
    return 0;
}
