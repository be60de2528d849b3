/* SPDX-License-Identifier: ISC */
/* virtio_net.c: the virtio NICs (virtio 1.x, 5.1) behind plat_net_*. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "platform.h"
#include "tsc.h"
#include "virtio.h"
#include "virtio_devices.h"

/*
 * Each new name that plat_net_find is asked for takes the next unclaimed
 * virtio NIC in discovery order; the handle, also the I/O source that
 * plat_io_watch watches, is the NIC's index in our table. Only the MAC
 * and MTU features are negotiated, so the header before each frame is
 * the plain 12 bytes of virtio_net_hdr (VERSION_1: num_buffers included),
 * all zero on transmit, and every frame fits in one buffer. The receive
 * queue holds a buffer in each of its entries, put back as soon as its
 * frame is copied out; transmitting copies the frame into a free buffer
 * of a pool as large as the transmit queue, and takes back the buffers
 * the device is done with on the next write. Nothing waits.
 *
 * Batching, so that a burst costs the device and the CPU little:
 * - buffers put back on the receive queue are published to the device
 *   (one notification) only once the queue has been drained, once
 *   NET_RX_BATCH are waiting, or before the CPU halts;
 * - the receive queue asks for no interrupt while the CPU runs: the
 *   interrupts are wanted only by a halted CPU, so virtio_net_arm turns
 *   them on just before a halt and virtio_net_quiet off again after it;
 * - the transmit queue never interrupts, and notifications are skipped
 *   while the device says it is already at work on the queue.
 */

MIRAGE_LOG_DEVICE_SOURCE(virtio_net_log, "virtio-net",
                         "the virtio network driver: NICs of the virtio "
                         "target",
                         "net");

/* Feature bits (5.1.3). */
#define NET_F_MTU (1ull << 3)
#define NET_F_MAC (1ull << 5)

/* Configuration offsets (5.1.4). */
#define NET_CFG_MAC 0
#define NET_CFG_MTU 10

#define NET_RX          0u   /* receiveq1 */
#define NET_TX          1u   /* transmitq1 */
#define NET_QUEUE_MAX   256u /* entries of either queue */
#define NET_RX_BATCH    32u  /* receive buffers put back per notification */
#define NET_NICS        16   /* NICs in the table */
#define NET_ETH_HEADER  14u
#define NET_MTU_DEFAULT 1500u
#define NET_MTU_MAX     9000u

/* The header before each frame (5.1.6), without any offload: zeros. */
struct net_hdr {
    uint8_t flags;
    uint8_t gso_type;
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;
    uint16_t csum_offset;
    uint16_t num_buffers;
};
_Static_assert(sizeof(struct net_hdr) == 12, "virtio_net_hdr is 12 bytes");
#define NET_HDR sizeof(struct net_hdr)

struct nic {
    struct virtio_dev *dev;
    char *name; /* the name bound to it */
    int error;  /* setup failed: its negative errno value; else 0 */
    struct virtq rx, tx;
    uint8_t mac[6];
    uint32_t mtu;      /* bytes of payload */
    size_t buf_bytes;  /* of each buffer: header and largest frame */
    uint8_t *rx_mem;   /* rx.size buffers */
    uint8_t *tx_mem;   /* tx.size buffers */
    uint16_t *tx_free; /* indices of the free tx buffers, a stack */
    uint16_t tx_nfree;
    unsigned rx_unkicked; /* buffers put back, not yet published */
};

static struct nic nics[NET_NICS];
static int nnics;

/* A locally administered, unicast address, different for each (index). */
static void generate_mac(uint8_t mac[6], int index)
{
    uint64_t x = tsc_read() + (uint64_t)(index + 1) * 0x9e3779b97f4a7c15ull;

    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    x ^= x >> 31;
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)(x >> (8 * i));
    mac[0] = (uint8_t)((mac[0] & 0xfe) | 0x02);
}

/* Sets up device (d) as NIC (n): 0 or a negative errno value. */
static int nic_setup(struct nic *n, struct virtio_dev *d)
{
    uint64_t features = 0;
    int rc;

    n->dev = d;
    rc = virtio_negotiate(d, NET_F_MAC | NET_F_MTU, &features);
    if (rc < 0)
        return rc;
    n->mtu = NET_MTU_DEFAULT;
    if (features & NET_F_MTU) {
        uint16_t mtu = 0;

        d->ops->read_config(d, NET_CFG_MTU, &mtu, sizeof(mtu));
        if (mtu > 0)
            n->mtu = mtu < NET_MTU_MAX ? mtu : NET_MTU_MAX;
    }
    if (features & NET_F_MAC) {
        /* one read: one configuration generation for all six bytes */
        d->ops->read_config(d, NET_CFG_MAC, n->mac, sizeof(n->mac));
    } else {
        generate_mac(n->mac, (int)(n - nics));
    }
    n->buf_bytes = NET_HDR + NET_ETH_HEADER + n->mtu;

    rc = virtq_init(&n->rx, d, NET_RX, NET_QUEUE_MAX);
    if (rc == 0)
        rc = virtq_init(&n->tx, d, NET_TX, NET_QUEUE_MAX);
    if (rc == 0) {
        n->rx_mem = malloc(n->rx.size * n->buf_bytes);
        n->tx_mem = malloc(n->tx.size * n->buf_bytes);
        n->tx_free = malloc(n->tx.size * sizeof(*n->tx_free));
        if (!n->rx_mem || !n->tx_mem || !n->tx_free)
            rc = -ENOMEM;
    }
    if (rc < 0) {
        virtio_give_up(d); /* reset: the device forgets the rings */
        virtq_free(&n->rx);
        virtq_free(&n->tx);
        free(n->rx_mem);
        free(n->tx_mem);
        free(n->tx_free);
        n->rx_mem = n->tx_mem = NULL;
        n->tx_free = NULL;
        return rc;
    }

    for (uint16_t i = 0; i < n->rx.size; i++) {
        uint8_t *b = n->rx_mem + (size_t)i * n->buf_bytes;
        struct virtq_buf vb = {b, (uint32_t)n->buf_bytes};

        virtq_add(&n->rx, &vb, 0, 1, b); /* cannot fail: one per entry */
    }
    for (uint16_t i = 0; i < n->tx.size; i++)
        n->tx_free[i] = i;
    n->tx_nfree = n->tx.size;
    /* Finished frames are taken back on the next write: no interrupts.
     * Received ones interrupt only a halted CPU (virtio_net_arm). */
    virtq_interrupts_off(&n->tx);
    virtq_interrupts_off(&n->rx);

    virtio_driver_ok(d);
    virtq_kick(&n->rx); /* notifications only after DRIVER_OK */
    return 0;
}

/* The next unclaimed virtio NIC in discovery order, or NULL. */
static struct virtio_dev *next_device(void)
{
    for (size_t i = 0; i < virtio_count(); i++) {
        struct virtio_dev *d = virtio_at(i);

        if (d && d->device_id == VIRTIO_ID_NET && !d->claimed)
            return d;
    }
    return NULL;
}

static int report(const struct nic *n, struct plat_net_info *info)
{
    if (n->error < 0)
        return n->error;
    memcpy(info->mac, n->mac, sizeof(info->mac));
    info->mtu = n->mtu;
    info->source = (int)(n - nics);
    return (int)(n - nics);
}

int plat_net_find(const char *name, struct plat_net_info *info)
{
    struct virtio_dev *d;
    struct nic *n;
    char *copy;

    if (!name || !info)
        return -EINVAL;
    for (int i = 0; i < nnics; i++)
        if (strcmp(nics[i].name, name) == 0)
            return report(&nics[i], info);
    d = next_device();
    if (!d || nnics == NET_NICS)
        return -ENOENT;
    copy = strdup(name);
    if (!copy)
        return -ENOMEM;
    d->claimed = true;
    n = &nics[nnics++];
    n->name = copy;
    n->error = nic_setup(n, d);
    if (n->error < 0)
        mirage_log_err(&virtio_net_log,
                       "%s: the virtio NIC for %s could not be set up "
                       "(error %d)",
                       d->where, name, -n->error);
    return report(n, info);
}

/* The working NIC of (handle), or NULL. */
static struct nic *nic_of(int handle)
{
    if (handle < 0 || handle >= nnics || nics[handle].error < 0)
        return NULL;
    return &nics[handle];
}

/* Gives receive buffer (b) back to the device: published (with one
 * notification for the lot) once the queue is drained or a batch waits. */
static void repost(struct nic *n, uint8_t *b)
{
    struct virtq_buf vb = {b, (uint32_t)n->buf_bytes};

    virtq_add(&n->rx, &vb, 0, 1, b);
    if (++n->rx_unkicked >= NET_RX_BATCH || !virtq_has_used(&n->rx)) {
        n->rx_unkicked = 0;
        virtq_kick(&n->rx);
    }
}

int plat_net_read(int handle, void *buf, size_t cap, size_t *len)
{
    struct nic *n = nic_of(handle);
    uint8_t *b;
    uint32_t written = 0;

    if (!n)
        return -EBADF;
    while ((b = virtq_get(&n->rx, &written))) {
        size_t frame;

        if (written <= NET_HDR) {
            repost(n, b); /* no frame in it (empty): skipped */
            continue;
        }
        frame = written - NET_HDR;
        if (written > n->buf_bytes || frame > cap) {
            repost(n, b);
            return -EMSGSIZE; /* too long: dropped, and counted */
        }
        memcpy(buf, b + NET_HDR, frame);
        repost(n, b);
        *len = frame;
        return 0;
    }
    return -EAGAIN;
}

/* Takes back the transmit buffers the device is done with. */
static void tx_reclaim(struct nic *n)
{
    uint8_t *b;

    while ((b = virtq_get(&n->tx, NULL)))
        n->tx_free[n->tx_nfree++] = (uint16_t)((b - n->tx_mem) / n->buf_bytes);
}

int plat_net_write(int handle, const void *frame, size_t len)
{
    struct nic *n = nic_of(handle);
    struct virtq_buf vb;
    uint8_t *b;

    if (!n)
        return -EBADF;
    if (len > NET_ETH_HEADER + n->mtu)
        return -EMSGSIZE;
    tx_reclaim(n);
    if (n->tx_nfree == 0)
        return -ENOBUFS;
    b = n->tx_mem + (size_t)n->tx_free[n->tx_nfree - 1] * n->buf_bytes;
    memset(b, 0, NET_HDR);
    memcpy(b + NET_HDR, frame, len);
    vb = (struct virtq_buf){b, (uint32_t)(NET_HDR + len)};
    if (virtq_add(&n->tx, &vb, 1, 0, b) < 0)
        return -ENOBUFS;
    n->tx_nfree--;
    virtq_kick(&n->tx);
    return 0;
}

unsigned virtio_net_ready(int source)
{
    struct nic *n = nic_of(source);

    return n && virtq_has_used(&n->rx) ? PLAT_IO_READ : 0;
}

bool virtio_net_arm(void)
{
    bool pending = false;

    for (int i = 0; i < nnics; i++) {
        struct nic *n = &nics[i];

        if (n->error < 0)
            continue;
        if (n->rx_unkicked) {
            n->rx_unkicked = 0;
            virtq_kick(&n->rx);
        }
        if (virtq_interrupts_on(&n->rx))
            pending = true;
    }
    return pending;
}

void virtio_net_quiet(void)
{
    for (int i = 0; i < nnics; i++)
        if (nics[i].error == 0)
            virtq_interrupts_off(&nics[i].rx);
}

void virtio_net_flush(uint64_t timeout_ns)
{
    uint64_t end = plat_clock_monotonic_ns() + timeout_ns;

    for (int i = 0; i < nnics; i++) {
        struct nic *n = &nics[i];

        if (n->error < 0 || !n->tx_free)
            continue;
        for (;;) {
            tx_reclaim(n);
            if (n->tx_nfree >= n->tx.size || plat_clock_monotonic_ns() >= end)
                break;
            __asm__ volatile("pause");
        }
    }
}
