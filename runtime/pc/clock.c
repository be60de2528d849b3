/* SPDX-License-Identifier: ISC */
/* clock.c: time from the TSC and the wall clock at boot; waiting on a hlt. */
#include "kvmclock.h"
#include "lapic.h"
#include "pc.h"
#include "platform.h"
#include "tsc.h"
#include "tsc_freq.h"

/*
 * Monotonic: TSC ticks since pc_clock_init, scaled to nanoseconds as
 * (ticks * mult) >> 32 with a 128-bit product (no division per read).
 * The TSC frequency comes from tsc_freq.c: CPUID, the hypervisor's timing
 * leaf or KVM's pvclock when they tell it, else 2 ms measured against the
 * PIT's channel 0 (QEMU's pc and microvm machines). An invariant TSC is
 * assumed (any KVM or TCG CPU).
 *
 * Wall: read once at boot, from KVM's wall clock (kvmclock.c) under KVM,
 * else the CMOS RTC (rtc.c), plus monotonic time since; 1970 when
 * neither answers.
 *
 * Waiting halts the CPU until the local APIC timer (lapic.c) fires at the
 * deadline; without a usable APIC timer it spins on the TSC.
 */
#define FALLBACK_HZ 1000000000ull /* no source answered: assume 1 GHz */

static uint64_t tsc_origin;
static uint64_t tsc_mult; /* nanoseconds per tick, 32.32 fixed point */
static int64_t wall_origin_ns;
static uint64_t tsc_hz;
static int timer_ok; /* the APIC timer can end a hlt */

void pc_clock_init(void)
{
    int64_t rtc;

    tsc_hz = tsc_freq_hz(NULL);
    if (tsc_hz < 1000000)
        tsc_hz = FALLBACK_HZ;
    tsc_mult = (1000000000ull << 32) / tsc_hz;
    tsc_origin = tsc_read();
    timer_ok = lapic_timer_init(tsc_hz) == 0;
    rtc = kvmclock_wall_ns();
    if (rtc < 0)
        rtc = pc_rtc_read_ns();
    wall_origin_ns = rtc < 0 ? 0 : rtc - (int64_t)pc_clock_monotonic_ns();
}

uint64_t pc_clock_monotonic_ns(void)
{
    uint64_t ticks = tsc_read() - tsc_origin;

    return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

int64_t pc_clock_wall_ns(void)
{
    return wall_origin_ns + (int64_t)pc_clock_monotonic_ns();
}

void pc_wait_once(uint64_t deadline_ns)
{
    uint64_t now = pc_clock_monotonic_ns();

    if (now >= deadline_ns)
        return;
    if (deadline_ns != PLAT_FOREVER) {
        uint64_t ticks = (uint64_t)((unsigned __int128)(deadline_ns - now) *
                                    tsc_hz / 1000000000u);

        if (!timer_ok || lapic_timer_arm(tsc_read(), ticks) != 0) {
            __asm__ volatile("pause");
            return;
        }
    }
    /* sti's one-instruction shadow: a pending interrupt ends the hlt */
    __asm__ volatile("sti; hlt; cli" : : : "memory");
}

void pc_sleep_until_ns(uint64_t deadline_ns)
{
    for (;;) {
        uint64_t now = pc_clock_monotonic_ns();
        uint64_t ticks;

        if (now >= deadline_ns)
            return;
        ticks = (uint64_t)((unsigned __int128)(deadline_ns - now) * tsc_hz /
                           1000000000u);
        if (timer_ok && lapic_timer_arm(tsc_read(), ticks) == 0)
            /* sti's one-instruction shadow: an interrupt that is already
             * pending ends the hlt instead of slipping in before it */
            __asm__ volatile("sti; hlt; cli" : : : "memory");
        else
            __asm__ volatile("pause");
    }
}
