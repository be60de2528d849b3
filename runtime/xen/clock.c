/* SPDX-License-Identifier: ISC */
/* clock.c: time from Xen's PV clock; waiting with SCHEDOP_poll. */
#include "hypercall.h"
#include "platform.h"
#include "xen.h"

/*
 * Under Xen neither the PIT, the RTC nor the APIC timer is used (under
 * QEMU the PC's clocks are: runtime/pc/clock.c, picked by choose.c).
 * Monotonic: Xen system time (vCPU 0's PV clock) minus its value at
 * xen_clock_init. Wall: shared info's wall clock plus Xen system time.
 * Waiting: SCHEDOP_poll with no port and the deadline as its timeout; any
 * event of the domain may end it early, so the wait loops.
 */
static uint64_t xen_origin; /* Xen system time at xen_clock_init */

void xen_clock_init(void)
{
    xen_origin = xen_pv_system_ns();
}

uint64_t xen_clock_monotonic_ns(void)
{
    return xen_pv_system_ns() - xen_origin;
}

int64_t xen_clock_wall_ns(void)
{
    return xen_wallclock_ns(xen_pv_shared_info(), xen_pv_system_ns());
}

void xen_sleep_until_ns(uint64_t deadline_ns)
{
    uint64_t timeout = xen_poll_timeout(deadline_ns, xen_origin);

    while (xen_clock_monotonic_ns() < deadline_ns) {
        if (xen_poll(NULL, 0, timeout) != 0)
            __asm__ volatile("pause");
    }
}

void xen_wait_ports(const evtchn_port_t *ports, unsigned n,
                    uint64_t deadline_ns)
{
    uint64_t timeout = deadline_ns == PLAT_FOREVER
                           ? 0
                           : xen_poll_timeout(deadline_ns, xen_origin);

    if (!xen_pv_active()) {
        if (deadline_ns != PLAT_FOREVER)
            plat_sleep_until_ns(deadline_ns);
        return;
    }
    /* one wait: an event of any port, or any other, ends it early */
    (void)xen_poll(ports, n, timeout);
}
