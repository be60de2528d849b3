/* SPDX-License-Identifier: ISC */
/* entropy.c: seeds from the CPU's RDSEED or RDRAND (x86_64/cpu_rng.c). */
#include "cpu_rng.h"
#include "platform.h"

/* The same under QEMU and under Xen: the instructions are the CPU's, as
 * the hypervisor shows it (-ENOSYS when it shows neither). */
int plat_entropy(void *buf, size_t len)
{
    return cpu_rng_fill(buf, len);
}
