/* SPDX-License-Identifier: ISC */
/* tsc.h: reading the time stamp counter. */
#ifndef MIRAGE_X86_64_TSC_H
#define MIRAGE_X86_64_TSC_H

#include <stdint.h>

/* The counter itself. Its rate is the platform's to learn: the hvt
 * tender measures it, the PC targets ask pc/tsc_freq.c. */
static inline uint64_t tsc_read(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
