/* SPDX-License-Identifier: ISC */
/* null.c: the `null` implementation of `net`: drops every frame it is given. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/net.h>

#include "null.h"
#include "platform.h"

/* One connection; kept after a disconnect, so that the name can be reused. */
struct null_if {
    struct mirage_net dev;
    struct mirage_net_stats stats;
    struct mirage_cond gone; /* broadcast by a disconnect */
    unsigned generation;     /* counts connections */
    bool connected;
    struct null_if *next;
};

static struct null_if *interfaces;

/* 02:"null":00, locally administered and unicast. */
static const uint8_t null_mac[6] = {0x02, 0x6e, 0x75, 0x6c, 0x6c, 0x00};

static int null_info(struct mirage_net *dev, struct mirage_net_info *info)
{
    struct null_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    if (!info)
        return -EINVAL;
    memcpy(info->mac, null_mac, sizeof(info->mac));
    info->mtu = NET_NULL_MTU;
    return 0;
}

static int null_write(struct mirage_net *dev, const void *frame, size_t len)
{
    struct null_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    if (!frame || len < MIRAGE_NET_HEADER)
        return -EINVAL;
    if (len > MIRAGE_NET_FRAME_MAX(NET_NULL_MTU))
        return -EMSGSIZE;
    n->stats.tx_frames++; /* taken, and dropped */
    n->stats.tx_bytes += len;
    return 0;
}

/* No frame ever comes: waits out (timeout_ns) in this fiber. */
static int null_read(struct mirage_net *dev, void *buf, size_t cap, size_t *len,
                     uint64_t timeout_ns)
{
    struct null_if *n = dev->state;
    unsigned generation = n->generation;
    uint64_t start, waited;
    int rc;

    if (len)
        *len = 0;
    if (!n->connected)
        return -ENODEV;
    if (!buf || !len || cap < MIRAGE_NET_FRAME_MAX(NET_NULL_MTU))
        return -EINVAL;
    if (timeout_ns == 0)
        return -ETIMEDOUT;
    start = plat_clock_monotonic_ns();
    for (;;) {
        rc = mirage_cond_wait(&n->gone, timeout_ns);
        if (!n->connected || n->generation != generation)
            return -ENODEV;
        if (rc < 0)
            return rc; /* -ETIMEDOUT, -ECANCELED, -EPERM */
        /* woken, still connected: wait out the rest */
        waited = plat_clock_monotonic_ns() - start;
        if (timeout_ns != MIRAGE_FOREVER) {
            if (waited >= timeout_ns)
                return -ETIMEDOUT;
            timeout_ns -= waited;
            start += waited;
        }
    }
}

static int null_stats(struct mirage_net *dev, struct mirage_net_stats *stats)
{
    struct null_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    if (!stats)
        return -EINVAL;
    *stats = n->stats;
    return 0;
}

static int null_disconnect(struct mirage_net *dev)
{
    struct null_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    n->connected = false;
    mirage_cond_broadcast(&n->gone); /* waiting readers: -ENODEV */
    return 0;
}

static const struct mirage_net_ops null_ops = {
    .info = null_info,
    .write = null_write,
    .read = null_read,
    .stats = null_stats,
    .disconnect = null_disconnect,
};

int mirage_net_null_connect(struct mirage_net **dev, const char *name)
{
    struct null_if *n;

    if (!dev || !name)
        return -EINVAL;
    for (n = interfaces; n; n = n->next)
        if (strcmp(n->dev.name, name) == 0)
            break;
    if (n && n->connected) {
        *dev = &n->dev;
        return 0;
    }
    if (!n) {
        n = plat_mem_alloc(sizeof(*n));
        if (!n)
            return -ENOMEM;
        memset(n, 0, sizeof(*n));
        n->dev.ops = &null_ops;
        n->dev.state = n;
        n->dev.name = name;
        n->gone = (struct mirage_cond)MIRAGE_COND_INIT;
        n->next = interfaces;
        interfaces = n;
    }
    memset(&n->stats, 0, sizeof(n->stats));
    n->generation++;
    n->connected = true;
    *dev = &n->dev;
    return 0;
}
