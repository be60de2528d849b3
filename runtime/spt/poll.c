/* SPDX-License-Identifier: ISC */
/* poll.c: waiting for a deadline or a watched descriptor, with ppoll. */
#include <errno.h>

#include "core/iowatch.h"
#include "platform.h"
#include "spt.h"
#include "syscall.h"

#define NS_PER_S 1000000000ull

/*
 * The watched sources are the host descriptors of the net devices the
 * tender attached (plat_io_watch refuses others); one ppoll waits for them
 * and the deadline together. The filter allows ppoll with no signal mask
 * and at most one descriptor per net device, which this call never passes.
 * Block devices answer at once and need no watch.
 */
int plat_poll(uint64_t deadline_ns)
{
    struct spt_pollfd fds[CORE_IOWATCH_MAX];
    int sources[CORE_IOWATCH_MAX];
    unsigned events[CORE_IOWATCH_MAX];
    size_t n = core_iowatch_list(sources, events, CORE_IOWATCH_MAX);
    struct spt_timespec ts = {0, 0}, *timeout = &ts;
    long rc;
    int fired = 0;

    if (n == 0 && deadline_ns == PLAT_FOREVER)
        return -EDEADLK; /* nothing could ever end the wait */
    if (deadline_ns == PLAT_FOREVER) {
        timeout = NULL;
    } else if (deadline_ns != 0) {
        uint64_t now = plat_clock_monotonic_ns();
        uint64_t left = deadline_ns > now ? deadline_ns - now : 0;

        ts.tv_sec = (int64_t)(left / NS_PER_S);
        ts.tv_nsec = (int64_t)(left % NS_PER_S);
    }
    for (size_t i = 0; i < n; i++) {
        fds[i].fd = sources[i];
        fds[i].events = (short)((events[i] & PLAT_IO_READ ? SPT_POLLIN : 0) |
                                (events[i] & PLAT_IO_WRITE ? SPT_POLLOUT : 0));
        fds[i].revents = 0;
    }
    rc = spt_syscall5(SPT_SYS_PPOLL, (long)fds, (long)n, (long)timeout, 0, 0);
    if (rc <= 0)
        return 0; /* timed out, or a signal: the core reads the clock */
    for (size_t i = 0; i < n; i++) {
        unsigned ready = 0;

        if (fds[i].revents & SPT_POLLIN)
            ready |= PLAT_IO_READ;
        if (fds[i].revents & SPT_POLLOUT)
            ready |= PLAT_IO_WRITE;
        if (fds[i].revents & (SPT_POLLERR | SPT_POLLHUP | SPT_POLLNVAL))
            ready |= PLAT_IO_READ | PLAT_IO_WRITE;
        if (ready)
            fired += core_iowatch_fire(sources[i], ready);
    }
    return fired;
}

/* A source is a net device's descriptor: ppoll may watch only those. */
int plat_io_watch(int source, unsigned events, struct mirage_cond *cond)
{
    uint32_t i;

    for (i = 0; source >= 0 && i < spt_boot_info.ndevices; i++)
        if (spt_boot_info.devices[i].type == MIRAGE_TENDER_DEV_NET &&
            spt_boot_info.devices[i].fd == source)
            break;
    if (source >= 0 && i == spt_boot_info.ndevices)
        return -EBADF;
    return core_iowatch_arm(source, events, cond);
}

int plat_io_unwatch(int source)
{
    return core_iowatch_remove(source);
}
