/* SPDX-License-Identifier: ISC */
/* poll.c: waiting for a deadline; no I/O sources yet. */
#include <errno.h>

#include "platform.h"

/*
 * No I/O source can wake the unikernel yet, so a wait is a wait for the
 * deadline (plat_sleep_until_ns, clock.c): under QEMU the CPU halts until
 * the APIC timer fires; under Xen, SCHEDOP_poll with the deadline as its
 * timeout. TODO(xen): event channels (ports for SCHEDOP_poll), when
 * devices need them.
 */
int plat_poll(uint64_t deadline_ns)
{
    if (deadline_ns == PLAT_FOREVER)
        return -EDEADLK; /* nothing could ever end the wait */
    if (deadline_ns != 0)
        plat_sleep_until_ns(deadline_ns);
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
