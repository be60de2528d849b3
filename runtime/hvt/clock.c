/* SPDX-License-Identifier: ISC */
/* clock.c: time from the TSC and the tender's wall clock; waiting by POLL. */
#include <errno.h>

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

/* One POLL of at most (timeout_ns); the console is written out first. */
static void poll_once(uint64_t timeout_ns)
{
    struct mirage_hvt_poll p = {0};

    hvt_console_flush();
    p.timeout_ns = timeout_ns;
    hvt_call(MIRAGE_HVT_POLL, &p);
}

void plat_sleep_until_ns(uint64_t deadline_ns)
{
    for (;;) {
        uint64_t now = plat_clock_monotonic_ns();

        if (now >= deadline_ns)
            return;
        poll_once(deadline_ns - now);
    }
}

/*
 * No I/O source can wake the unikernel yet (block devices answer at once
 * and no net implementation runs on hvt), so a wait is a wait for the
 * deadline, which may end early: the core reads the clock again.
 * TODO(hvt): net devices, whose ready bits POLL returns, will be watched
 * here.
 */
int plat_poll(uint64_t deadline_ns)
{
    uint64_t now;

    if (deadline_ns == PLAT_FOREVER)
        return -EDEADLK; /* nothing could ever end the wait */
    if (deadline_ns == 0)
        return 0;
    now = plat_clock_monotonic_ns();
    if (now < deadline_ns)
        poll_once(deadline_ns - now);
    return 0;
}

int plat_io_watch(int source, unsigned events, struct mirage_cond *cond)
{
    (void)source;
    (void)events;
    (void)cond;
    return -ENOTSUP;
}

int plat_io_unwatch(int source)
{
    (void)source;
    return -ENOENT;
}
