/* SPDX-License-Identifier: ISC */
/* clock.c: the monotonic and wall clocks, from clock_gettime(2). */
#include <time.h>

#include "platform.h"

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts) != 0)
        return 0; /* cannot happen for the clocks used here */
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t plat_clock_monotonic_ns(void)
{
    return (uint64_t)clock_ns(CLOCK_MONOTONIC);
}

int64_t plat_clock_wall_ns(void)
{
    return clock_ns(CLOCK_REALTIME);
}
