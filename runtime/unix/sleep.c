/* SPDX-License-Identifier: ISC */
/* sleep.c: blocking the process until a monotonic deadline. */
#include <errno.h>
#include <time.h>

#include "platform.h"

void plat_sleep_until_ns(uint64_t deadline_ns)
{
    uint64_t secs = deadline_ns / 1000000000;
    struct timespec ts;

    /* a 32-bit time_t ends in 2038: wait until then at most */
    if (sizeof(time_t) < sizeof(uint64_t) && secs > INT32_MAX)
        secs = INT32_MAX;
    ts.tv_sec = (time_t)secs;
    ts.tv_nsec = (long)(deadline_ns % 1000000000);

    /* absolute, so a signal that interrupts it loses no time */
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}
