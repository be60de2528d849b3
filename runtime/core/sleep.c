/* SPDX-License-Identifier: ISC */
/* sleep.c: waiting for a monotonic deadline, the one way code sleeps. */
#include "platform.h"
#include "sleep.h"

void core_sleep_until_ns(uint64_t deadline_ns)
{
    /* no fibers yet: the whole unikernel waits */
    plat_sleep_until_ns(deadline_ns);
}

uint64_t core_deadline_after_ns(uint64_t ns)
{
    uint64_t now = plat_clock_monotonic_ns();

    return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}
