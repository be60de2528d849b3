/* SPDX-License-Identifier: ISC */
/* poll.c: waiting for a deadline or an event channel of a PV device. */
#include <errno.h>

#include "core/iowatch.h"
#include "hypercall.h"
#include "platform.h"
#include "xen.h"

/*
 * The I/O sources are event channel ports (xen_io_evtchn_source): a watch
 * fires while its port is pending in shared info. The pending bit is left
 * set: the frontend clears it (xen_io_evtchn_clear) before it looks at
 * its rings. With watches armed the vCPU waits in SCHEDOP_poll on their
 * ports, the deadline as the timeout; without, as before (clock.c). Under
 * QEMU there is no Xen and so no port: a wait is a wait for the deadline.
 */

#define POLL_PORTS 128u /* SCHEDOP_poll's limit */

/* Fires the watches whose port is pending; returns how many fired. */
static int fire_ready(void)
{
    int sources[CORE_IOWATCH_MAX];
    unsigned events[CORE_IOWATCH_MAX];
    size_t n = core_iowatch_list(sources, events, CORE_IOWATCH_MAX);
    volatile struct xen_shared_info *s = xen_pv_shared_info();
    int fired = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned ready = PLAT_IO_WRITE; /* writes never wait */

        if (sources[i] > 0 && xen_evtchn_pending(s, (evtchn_port_t)sources[i]))
            ready |= PLAT_IO_READ;
        fired += core_iowatch_fire(sources[i], ready);
    }
    return fired;
}

int plat_poll(uint64_t deadline_ns)
{
    int sources[CORE_IOWATCH_MAX];
    unsigned events[CORE_IOWATCH_MAX];
    evtchn_port_t ports[POLL_PORTS];
    size_t n;
    unsigned nports = 0;
    int fired = fire_ready();

    if (fired || deadline_ns == 0)
        return fired;
    n = core_iowatch_list(sources, events, CORE_IOWATCH_MAX);
    if (n == 0) {
        if (deadline_ns == PLAT_FOREVER)
            return -EDEADLK; /* nothing could ever end the wait */
        plat_sleep_until_ns(deadline_ns);
        return 0;
    }
    for (size_t i = 0; i < n && nports < POLL_PORTS; i++)
        if (sources[i] > 0)
            ports[nports++] = (evtchn_port_t)sources[i];
    xen_wait_ports(ports, nports, deadline_ns);
    return fire_ready();
}

int plat_io_watch(int source, unsigned events, struct mirage_cond *cond)
{
    return core_iowatch_arm(source, events, cond);
}

int plat_io_unwatch(int source)
{
    return core_iowatch_remove(source);
}
