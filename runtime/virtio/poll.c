/* SPDX-License-Identifier: ISC */
/* poll.c: waiting for a deadline or a device, halted between interrupts. */
#include <errno.h>

#include "core/iowatch.h"
#include "pc.h"
#include "platform.h"
#include "virtio.h"
#include "virtio_devices.h"

/*
 * The watched sources are the NICs' handles (virtio_net.c); a NIC is
 * readable when its receive queue has a used buffer. Between looks the
 * CPU halts until an interrupt: a device's (MSI-X or the I/O APIC, on
 * VIRTIO_IRQ_VECTOR) or the APIC timer's at the deadline; the NICs
 * interrupt for received frames only around that halt (virtio_net_arm,
 * virtio_net_quiet). Writes never wait (a full transmit queue drops the
 * frame), so a write watch fires at once.
 */

/* Fires the watches whose source is ready; returns how many fired. */
static int fire_ready(void)
{
    int sources[CORE_IOWATCH_MAX];
    unsigned events[CORE_IOWATCH_MAX];
    size_t n = core_iowatch_list(sources, events, CORE_IOWATCH_MAX);
    int fired = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned ready = PLAT_IO_WRITE;

        if (virtio_net_ready(sources[i]))
            ready |= PLAT_IO_READ;
        fired += core_iowatch_fire(sources[i], ready);
    }
    return fired;
}

int plat_poll(uint64_t deadline_ns)
{
    int fired = fire_ready();

    if (fired || deadline_ns == 0)
        return fired;
    if (deadline_ns == PLAT_FOREVER && core_iowatch_armed() == 0)
        return -EDEADLK; /* nothing could ever end the wait */
    if (!virtio_net_arm())
        virtio_wait_interrupt(deadline_ns);
    virtio_net_quiet();
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

void virtio_wait_interrupt(uint64_t deadline_ns)
{
    for (size_t i = 0; i < virtio_count(); i++)
        if (virtio_at(i)->polled) {
            uint64_t soon = plat_clock_monotonic_ns() + VIRTIO_POLL_NS;

            if (soon < deadline_ns)
                deadline_ns = soon;
            break;
        }
    pc_wait_once(deadline_ns);
}
