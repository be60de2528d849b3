/* SPDX-License-Identifier: ISC */
/* sleep.c: waiting for a monotonic deadline, the one way code sleeps. */
#include <errno.h>

#include <mirage/fiber.h>

#include "platform.h"
#include "sched_impl.h"
#include "sleep.h"

int core_sleep_until_ns(uint64_t deadline_ns)
{
    int rc;

    if (!core_sched_self()) {
        /* no fiber to block: the whole unikernel waits */
        plat_sleep_until_ns(deadline_ns);
        return 0;
    }
    rc = core_sched_wait(NULL, deadline_ns, true);
    return rc == -ETIMEDOUT ? 0 : rc;
}

uint64_t core_deadline_after_ns(uint64_t ns)
{
    uint64_t now = plat_clock_monotonic_ns();

    return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}

int mirage_sleep_ns(uint64_t ns)
{
    return core_sleep_until_ns(core_deadline_after_ns(ns));
}
