/* SPDX-License-Identifier: ISC */
/* clock.c: the host's clocks; sleeping until a deadline with ppoll. */
#include "platform.h"
#include "spt.h"
#include "syscall.h"

#define NS_PER_S 1000000000ll

/*
 * Both clocks are the host kernel's, read with clock_gettime (a real
 * system call: there is no vDSO in the guest). CLOCK_MONOTONIC never fails
 * on Linux; should it, the time reads as 0.
 */
static int64_t clock_ns(long clock)
{
    struct spt_timespec ts = {0, 0};

    if (spt_syscall3(SPT_SYS_CLOCK_GETTIME, clock, (long)&ts, 0) != 0)
        return 0;
    return ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

uint64_t plat_clock_monotonic_ns(void)
{
    return (uint64_t)clock_ns(SPT_CLOCK_MONOTONIC);
}

int64_t plat_clock_wall_ns(void)
{
    return clock_ns(SPT_CLOCK_REALTIME);
}

/*
 * Waits with ppoll on no descriptor, with the time left as its timeout,
 * until the monotonic clock reaches (deadline_ns); a signal (EINTR) only
 * shortens one round.
 */
void plat_sleep_until_ns(uint64_t deadline_ns)
{
    for (;;) {
        uint64_t now = plat_clock_monotonic_ns(), left;
        struct spt_timespec ts;

        if (now >= deadline_ns)
            return;
        left = deadline_ns - now;
        ts.tv_sec = (int64_t)(left / NS_PER_S);
        ts.tv_nsec = (int64_t)(left % NS_PER_S);
        spt_syscall5(SPT_SYS_PPOLL, 0, 0, (long)&ts, 0, 0);
    }
}
