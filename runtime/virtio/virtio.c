/* SPDX-License-Identifier: ISC */
/* virtio.c: the device list, feature negotiation and the interrupt. */
#include "virtio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "lapic.h"
#include "platform.h"
#include "trap.h"

#define barrier() __asm__ volatile("" ::: "memory")

static struct virtio_dev *devices[VIRTIO_MAX_DEVICES];
static size_t ndevices;

int virtio_register(struct virtio_dev *d)
{
    if (ndevices == VIRTIO_MAX_DEVICES)
        return -ENOSPC;
    devices[ndevices] = d;
    /* the interrupt handler may look at the list from now on */
    barrier();
    ndevices++;
    return 0;
}

size_t virtio_count(void)
{
    return ndevices;
}

struct virtio_dev *virtio_at(size_t i)
{
    return i < ndevices ? devices[i] : NULL;
}

/* Every device's interrupt: acknowledge them all (the vector is shared),
 * then the local APIC. Whoever waits looks at the used rings. */
static void on_interrupt(unsigned vector)
{
    (void)vector;
    for (size_t i = 0; i < ndevices; i++) {
        struct virtio_dev *d = devices[i];

        if (d->ops->ack_interrupt)
            d->ops->ack_interrupt(d);
    }
    lapic_eoi();
}

void virtio_irq_init(void)
{
    trap_set_irq(VIRTIO_IRQ_VECTOR, on_interrupt);
}

/* Sets status bits (bits) on top of the device's current ones. */
static void add_status(struct virtio_dev *d, uint8_t bits)
{
    d->ops->set_status(d, (uint8_t)(d->ops->get_status(d) | bits));
}

int virtio_negotiate(struct virtio_dev *d, uint64_t wanted, uint64_t *got)
{
    uint64_t offered, accepted;

    /* virtio 1.x, 3.1.1: reset, ACKNOWLEDGE, DRIVER, features,
     * FEATURES_OK, and check that the device kept FEATURES_OK */
    d->ops->set_status(d, 0);
    add_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
    add_status(d, VIRTIO_STATUS_DRIVER);
    offered = d->ops->get_features(d);
    if (!(offered & VIRTIO_F_VERSION_1)) {
        add_status(d, VIRTIO_STATUS_FAILED);
        return -ENOTSUP;
    }
    accepted = (wanted | VIRTIO_F_VERSION_1) & offered;
    d->ops->set_features(d, accepted);
    add_status(d, VIRTIO_STATUS_FEATURES_OK);
    if (!(d->ops->get_status(d) & VIRTIO_STATUS_FEATURES_OK)) {
        add_status(d, VIRTIO_STATUS_FAILED);
        return -ENOTSUP;
    }
    if (got)
        *got = accepted;
    return 0;
}

void virtio_give_up(struct virtio_dev *d)
{
    d->ops->set_status(d, 0);
    add_status(d, VIRTIO_STATUS_FAILED);
}

void virtio_driver_ok(struct virtio_dev *d)
{
    /* the queues' setup is complete before the device may use them */
    barrier();
    add_status(d, VIRTIO_STATUS_DRIVER_OK);
    barrier();
}

void virtio_say(const char *fmt, ...)
{
    char line[240];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    plat_error_write(line,
                     (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}
