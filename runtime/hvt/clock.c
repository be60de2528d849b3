/* SPDX-License-Identifier: ISC */
/* clock.c: time from the TSC and the tender's wall clock; waiting by POLL. */
#include "hvt.h"
#include "platform.h"
#include "tsc.h"

/*
 * Monotonic: TSC ticks since hvt_clock_init, scaled to nanoseconds as
 * (ticks * mult) >> 32 with a 128-bit product (no division per read), at
 * the rate the tender measured (boot_info.tsc_hz; an invariant TSC, as
 * KVM gives). Wall: the tender's clock (WALLTIME) read once at boot, plus
 * monotonic time since.
 *
 * Waiting is the POLL hypercall with the time left as its timeout: the
 * tender blocks in the host until then (or until a network device has a
 * frame), so an idle unikernel costs no CPU. No timer interrupt is used.
 */
#define FALLBACK_HZ 1000000000ull /* no rate given: assume 1 GHz */
#define NS_PER_S    1000000000ull

static uint64_t tsc_origin;
static uint64_t tsc_mult; /* nanoseconds per tick, 32.32 fixed point */
static int64_t wall_origin_ns;

void hvt_clock_init(void)
{
    uint64_t hz = hvt_boot_info.tsc_hz;
    struct mirage_hvt_walltime w = {0};

    if (hz < 1000000)
        hz = FALLBACK_HZ;
    tsc_mult = (NS_PER_S << 32) / hz;
    tsc_origin = tsc_read();
    hvt_call(MIRAGE_HVT_WALLTIME, &w);
    wall_origin_ns = w.ns - (int64_t)plat_clock_monotonic_ns();
}

uint64_t plat_clock_monotonic_ns(void)
{
    uint64_t ticks = tsc_read() - tsc_origin;

    return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

int64_t plat_clock_wall_ns(void)
{
    return wall_origin_ns + (int64_t)plat_clock_monotonic_ns();
}

/* Sleeps by POLL hypercalls, watching no net device, until the deadline. */
void plat_sleep_until_ns(uint64_t deadline_ns)
{
    for (;;) {
        uint64_t now = plat_clock_monotonic_ns();

        if (now >= deadline_ns)
            return;
        hvt_poll(deadline_ns - now, 0);
    }
}
