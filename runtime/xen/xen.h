/* SPDX-License-Identifier: ISC */
/* xen.h: what the files of the xen platform (runtime/xen) share. */
#ifndef MIRAGE_XEN_XEN_H
#define MIRAGE_XEN_XEN_H

#include <stdint.h>

#include "boot.h"

/*
 * The xen target boots a PVH image (runtime/freestanding/boot): on QEMU
 * (-kernel, the pvh option ROM) today, on Xen's PVH mode later. Until
 * interrupts are set up (TODO: IDT, LAPIC timer), everything polls.
 */

/* The identity map that the boot path sets up (entry32.c): 0..1 GiB. */
#define XEN_IDENTITY_MAP_END (1ull << 30)

/* Calibrates the TSC and reads the RTC; before any clock is read. */
void xen_clock_init(void);

/* Nanoseconds since the Unix epoch from the CMOS RTC (UTC), or -1. */
int64_t xen_rtc_read_ns(void);

/* Gives the heap the RAM of (info)'s memory map above the image. */
void xen_heap_init(const struct boot_info *info);

/* CPUID leaf (leaf), subleaf (sub): out[0..3] = eax, ebx, ecx, edx. */
static inline void xen_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
                     : "a"(leaf), "c"(sub));
}

/* The time stamp counter. */
static inline uint64_t xen_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
