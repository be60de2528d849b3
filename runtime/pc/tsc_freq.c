/* SPDX-License-Identifier: ISC */
/* tsc_freq.c: the TSC's frequency, from the best source there is. */
#include "tsc_freq.h"

#include "io.h"
#include "tsc.h"
#include "kvmclock.h"

#define PIT_HZ          1193182u
#define PIT_CALIB_TICKS (PIT_HZ / 500u) /* 2 ms */
#define PIT_PORT_CH0    0x40
#define PIT_PORT_CMD    0x43
#define PIT_MAX_READS   200000u /* no PIT: a counter that never moves */

#define HV_LEAF_BASE   0x40000000u
#define HV_LEAF_TIMING 0x40000010u

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(0));
}

static uint64_t from_cpuid(void)
{
    uint32_t r[4], max;

    cpuid(0, r);
    max = r[0];
    if (max >= 0x15) {
        cpuid(0x15, r); /* eax: denominator, ebx: numerator, ecx: Hz */
        if (r[0] && r[1] && r[2])
            return (uint64_t)r[2] * r[1] / r[0];
    }
    if (max >= 0x16) {
        cpuid(0x16, r); /* eax: base frequency in MHz */
        if (r[0] & 0xffff)
            return (uint64_t)(r[0] & 0xffff) * 1000000;
    }
    return 0;
}

/* Under a hypervisor (CPUID.1:ECX[31]): its max leaf, else 0. */
static uint32_t hv_leaf(void)
{
    uint32_t r[4];

    cpuid(1, r);
    if (!(r[2] & (1u << 31)))
        return 0;
    cpuid(HV_LEAF_BASE, r);
    return r[0];
}

static uint16_t pit_count(void)
{
    uint8_t lo, hi;

    outb(PIT_PORT_CMD, 0x00); /* latch channel 0 */
    lo = inb(PIT_PORT_CH0);
    hi = inb(PIT_PORT_CH0);
    return (uint16_t)(hi << 8 | lo);
}

/* Channel 0, mode 2 with the largest reload (a 55 ms period), counted
 * down over 2 ms while the TSC runs; its gate is always on. */
static uint64_t from_pit(void)
{
    uint32_t elapsed = 0, reads = 0;
    uint16_t prev;
    uint64_t t0, t1;

    outb(PIT_PORT_CMD, 0x34); /* channel 0, lobyte/hibyte, mode 2 */
    outb(PIT_PORT_CH0, 0xff);
    outb(PIT_PORT_CH0, 0xff);
    prev = pit_count();
    t0 = tsc_read();
    while (elapsed < PIT_CALIB_TICKS) {
        uint16_t now = pit_count();

        elapsed += (uint16_t)(prev - now); /* counts down, wraps */
        prev = now;
        if (++reads == PIT_MAX_READS)
            return 0;
    }
    t1 = tsc_read();
    return (t1 - t0) * PIT_HZ / elapsed;
}

uint64_t tsc_freq_hz(const char **source)
{
    const char *src = "none";
    uint32_t max_hv, r[4];
    uint64_t hz = from_cpuid();

    if (hz) {
        src = "cpuid";
        goto out;
    }
    max_hv = hv_leaf();
    if (max_hv >= HV_LEAF_TIMING) {
        cpuid(HV_LEAF_TIMING, r);
        if (r[0]) {
            hz = (uint64_t)r[0] * 1000;
            src = "cpuid-hypervisor";
            goto out;
        }
    }
    hz = kvmclock_tsc_hz();
    if (hz) {
        src = "kvmclock";
        goto out;
    }
    hz = from_pit();
    if (hz)
        src = "pit";
out:
    if (source)
        *source = src;
    return hz;
}
