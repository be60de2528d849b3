/* SPDX-License-Identifier: ISC */
/* entropy.c: seeds from the CPU's RDSEED or RDRAND (x86_64/cpu_rng.c). */
#include "cpu_rng.h"
#include "platform.h"

/* KVM passes RDSEED and RDRAND through to the host's CPU. */
int plat_entropy(void *buf, size_t len)
{
    return cpu_rng_fill(buf, len);
}
