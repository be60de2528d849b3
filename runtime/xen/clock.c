/* SPDX-License-Identifier: ISC */
/* clock.c: time from the TSC and RTC (QEMU) or Xen's PV clock; waiting. */
#include "hypercall.h"
#include "kvmclock.h"
#include "lapic.h"
#include "tsc.h"
#include "tsc_freq.h"
#include "platform.h"
#include "xen.h"

/*
 * Monotonic: TSC ticks since xen_clock_init, scaled to nanoseconds as
 * (ticks * mult) >> 32 with a 128-bit product (no division per read).
 * The TSC frequency comes from pc/tsc_freq.c: CPUID, the hypervisor's timing
 * leaf or KVM's pvclock when they tell it, else 2 ms measured against the
 * PIT's channel 0 (QEMU's pc and microvm machines). An invariant TSC is
 * assumed (any KVM or TCG CPU).
 *
 * Wall: read once at boot, from KVM's wall clock (pc/kvmclock.c) under
 * KVM, else the CMOS RTC (rtc.c), plus monotonic time since; 1970 when
 * neither answers.
 *
 * Waiting halts the CPU until the local APIC timer (pc/lapic.c) fires at
 * the deadline; without a usable APIC timer it spins on the TSC.
 *
 * Under Xen (xen_pv_active) neither the PIT, the RTC nor the APIC timer is
 * used. Monotonic: Xen system time (vCPU 0's PV clock) minus its value at
 * xen_clock_init. Wall: shared info's wall clock plus Xen system time.
 * Waiting: SCHEDOP_poll with no port and the deadline as its timeout; any
 * event of the domain may end it early, so the wait loops.
 */
#define FALLBACK_HZ 1000000000ull /* no source answered: assume 1 GHz */

static uint64_t tsc_origin;
static uint64_t tsc_mult; /* nanoseconds per tick, 32.32 fixed point */
static int64_t wall_origin_ns;
static uint64_t tsc_hz;
static int timer_ok;        /* the APIC timer can end a hlt */
static uint64_t xen_origin; /* Xen system time at xen_clock_init */

void xen_clock_init(void)
{
    int64_t rtc;

    if (xen_pv_active()) {
        xen_origin = xen_pv_system_ns();
        return;
    }
    tsc_hz = tsc_freq_hz(NULL);
    if (tsc_hz < 1000000)
        tsc_hz = FALLBACK_HZ;
    tsc_mult = (1000000000ull << 32) / tsc_hz;
    tsc_origin = xen_rdtsc();
    timer_ok = lapic_timer_init(tsc_hz) == 0;
    rtc = kvmclock_wall_ns();
    if (rtc < 0)
        rtc = xen_rtc_read_ns();
    wall_origin_ns = rtc < 0 ? 0 : rtc - (int64_t)plat_clock_monotonic_ns();
}

uint64_t plat_clock_monotonic_ns(void)
{
    uint64_t ticks;

    if (xen_pv_active())
        return xen_pv_system_ns() - xen_origin;
    ticks = xen_rdtsc() - tsc_origin;
    return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

int64_t plat_clock_wall_ns(void)
{
    if (xen_pv_active())
        return xen_wallclock_ns(xen_pv_shared_info(), xen_pv_system_ns());
    return wall_origin_ns + (int64_t)plat_clock_monotonic_ns();
}

static void xen_sleep_until_ns(uint64_t deadline_ns)
{
    uint64_t timeout = xen_poll_timeout(deadline_ns, xen_origin);

    while (plat_clock_monotonic_ns() < deadline_ns) {
        if (xen_poll(NULL, 0, timeout) != 0)
            __asm__ volatile("pause");
    }
}

void xen_wait_once(uint64_t deadline_ns)
{
    uint64_t now = plat_clock_monotonic_ns();

    if (now >= deadline_ns)
        return;
    if (deadline_ns != PLAT_FOREVER) {
        uint64_t ticks = (uint64_t)((unsigned __int128)(deadline_ns - now) *
                                    tsc_hz / 1000000000u);

        if (!timer_ok || lapic_timer_arm(xen_rdtsc(), ticks) != 0) {
            __asm__ volatile("pause");
            return;
        }
    }
    /* sti's one-instruction shadow: a pending interrupt ends the hlt */
    __asm__ volatile("sti; hlt; cli" : : : "memory");
}

void plat_sleep_until_ns(uint64_t deadline_ns)
{
    if (xen_pv_active()) {
        xen_sleep_until_ns(deadline_ns);
        return;
    }
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
