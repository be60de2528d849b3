/* SPDX-License-Identifier: ISC */
/* poll.c: waiting for a deadline or a watched net device, by POLL. */
#include <errno.h>

#include "core/iowatch.h"
#include "hvt.h"
#include "platform.h"

/*
 * The watched sources are net device handles (their index in the boot
 * info, bit i of POLL's mask). The tender waits in the host for a frame
 * on one of them or the timeout, so an idle unikernel costs no CPU; block
 * devices answer at once and need no watch. A net device is only ever
 * ready to write (the tender writes through), so a write watch fires at
 * once.
 */
#define POLL_MAX_NS 3600000000000ull /* one POLL waits an hour at most */

uint64_t hvt_poll(uint64_t timeout_ns, uint64_t watch)
{
    struct mirage_hvt_poll p = {0};

    hvt_console_flush();
    p.timeout_ns = timeout_ns;
    p.ready = watch;
    hvt_call(MIRAGE_HVT_POLL, &p);
    return p.ret < 0 ? 0 : p.ready & watch;
}

int plat_poll(uint64_t deadline_ns)
{
    int sources[CORE_IOWATCH_MAX];
    unsigned events[CORE_IOWATCH_MAX];
    size_t n = core_iowatch_list(sources, events, CORE_IOWATCH_MAX);
    uint64_t watch = 0, timeout = 0, ready;
    int fired = 0;

    if (n == 0 && deadline_ns == PLAT_FOREVER)
        return -EDEADLK; /* nothing could ever end the wait */
    for (size_t i = 0; i < n; i++) {
        if (events[i] & PLAT_IO_WRITE) {
            fired += core_iowatch_fire(sources[i], PLAT_IO_WRITE);
            continue;
        }
        if (sources[i] < 64)
            watch |= 1ull << sources[i];
    }
    if (fired)
        deadline_ns = 0; /* a fiber is ready: only look */
    if (deadline_ns == PLAT_FOREVER) {
        timeout = POLL_MAX_NS;
    } else if (deadline_ns != 0) {
        uint64_t now = plat_clock_monotonic_ns();

        timeout = deadline_ns > now ? deadline_ns - now : 0;
    }
    if (timeout == 0 && watch == 0)
        return fired;
    ready = hvt_poll(timeout, watch);
    for (size_t i = 0; i < n; i++)
        if (sources[i] < 64 && (ready & (1ull << sources[i])))
            fired += core_iowatch_fire(sources[i], PLAT_IO_READ);
    return fired;
}

int plat_io_watch(int source, unsigned events, struct mirage_cond *cond)
{
    return core_iowatch_arm(source, events, cond);
}

int plat_io_unwatch(int source)
{
    return core_iowatch_remove(source);
}
