/* SPDX-License-Identifier: ISC */
/* clock.c: monotonic time from the TSC, wall time from the RTC at boot. */
#include "io.h"
#include "lapic.h"
#include "platform.h"
#include "xen.h"

/*
 * Monotonic: TSC ticks since xen_clock_init, scaled to nanoseconds as
 * (ticks * mult) >> 32 with a 128-bit product (no division per read).
 * The TSC frequency comes from CPUID leaf 0x15 (crystal clock times the
 * TSC/crystal ratio) when the CPU reports it, else leaf 0x16 (base MHz),
 * else one calibration against PIT channel 2 (1.193182 MHz) over 20 ms at
 * boot: accurate to about 0.1% under KVM, less under TCG, where the TSC
 * follows the host's. An invariant TSC is assumed (any KVM or TCG CPU).
 *
 * Wall: the CMOS RTC read once at boot (rtc.c), plus monotonic time since.
 *
 * Waiting halts the CPU until the local APIC timer (boot/lapic.c) fires at
 * the deadline; without a usable APIC timer it spins on the TSC.
 */
#define PIT_HZ          1193182u
#define PIT_CALIB_MS    20u
#define PIT_PORT_CH2    0x42
#define PIT_PORT_CMD    0x43
#define PIT_PORT_GATE   0x61
#define PIT_FALLBACK_HZ 1000000000ull /* no PIT answer: assume 1 GHz */

static uint64_t tsc_origin;
static uint64_t tsc_mult; /* nanoseconds per tick, 32.32 fixed point */
static int64_t wall_origin_ns;
static uint64_t tsc_hz;
static int timer_ok; /* the APIC timer can end a hlt */

static uint64_t freq_from_cpuid(void)
{
    uint32_t r[4], max;

    xen_cpuid(0, 0, r);
    max = r[0];
    if (max >= 0x15) {
        xen_cpuid(0x15, 0, r); /* eax: denominator, ebx: numerator */
        if (r[0] && r[1] && r[2])
            return (uint64_t)r[2] * r[1] / r[0];
    }
    if (max >= 0x16) {
        xen_cpuid(0x16, 0, r); /* eax: base frequency in MHz */
        if (r[0] & 0xffff)
            return (uint64_t)(r[0] & 0xffff) * 1000000;
    }
    return 0;
}

/* Counts TSC ticks while PIT channel 2 counts down PIT_CALIB_MS. */
static uint64_t freq_from_pit(void)
{
    uint32_t count = PIT_HZ / 1000 * PIT_CALIB_MS;
    uint64_t t0, t1;
    uint32_t spins = 0;

    /* gate of channel 2 high, speaker off */
    outb(PIT_PORT_GATE, (uint8_t)((inb(PIT_PORT_GATE) & ~0x02) | 0x01));
    /* channel 2, low then high byte, mode 0 (out goes high at 0), binary */
    outb(PIT_PORT_CMD, 0xb0);
    outb(PIT_PORT_CH2, (uint8_t)(count & 0xff));
    outb(PIT_PORT_CH2, (uint8_t)(count >> 8));
    t0 = xen_rdtsc();
    while ((inb(PIT_PORT_GATE) & 0x20) == 0) {
        if (++spins == 100000000u)
            return 0; /* no PIT */
    }
    t1 = xen_rdtsc();
    return (t1 - t0) * 1000 / PIT_CALIB_MS;
}

void xen_clock_init(void)
{
    int64_t rtc;

    tsc_hz = freq_from_cpuid();
    if (tsc_hz == 0)
        tsc_hz = freq_from_pit();
    if (tsc_hz < 1000000)
        tsc_hz = PIT_FALLBACK_HZ;
    tsc_mult = (1000000000ull << 32) / tsc_hz;
    tsc_origin = xen_rdtsc();
    timer_ok = lapic_timer_init(tsc_hz) == 0;
    rtc = xen_rtc_read_ns();
    wall_origin_ns = rtc < 0 ? 0 : rtc - (int64_t)plat_clock_monotonic_ns();
}

uint64_t plat_clock_monotonic_ns(void)
{
    uint64_t ticks = xen_rdtsc() - tsc_origin;

    return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

int64_t plat_clock_wall_ns(void)
{
    return wall_origin_ns + (int64_t)plat_clock_monotonic_ns();
}

void plat_sleep_until_ns(uint64_t deadline_ns)
{
    for (;;) {
        uint64_t now = plat_clock_monotonic_ns();
        uint64_t ticks;

        if (now >= deadline_ns)
            return;
        ticks = (uint64_t)((unsigned __int128)(deadline_ns - now) * tsc_hz /
                           1000000000u);
        if (timer_ok && lapic_timer_arm(xen_rdtsc(), ticks) == 0)
            /* sti's one-instruction shadow: an interrupt that is already
             * pending ends the hlt instead of slipping in before it */
            __asm__ volatile("sti; hlt; cli" : : : "memory");
        else
            __asm__ volatile("pause");
    }
}
