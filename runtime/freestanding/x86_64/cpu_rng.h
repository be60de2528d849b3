/* SPDX-License-Identifier: ISC */
/* cpu_rng.h: random bytes from the CPU's RDSEED or RDRAND instructions. */
#ifndef MIRAGE_X86_64_CPU_RNG_H
#define MIRAGE_X86_64_CPU_RNG_H

#include <stddef.h>

/*
 * Fills (len) bytes at (buf) from RDSEED, or RDRAND where the CPU has no
 * RDSEED (CPUID tells, once). An instruction that reports no value ready
 * is retried a bounded number of times. Returns 0, -ENOSYS when the CPU
 * has neither instruction, or -EIO when one keeps failing.
 */
int cpu_rng_fill(void *buf, size_t len);

#endif
