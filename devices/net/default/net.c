/* SPDX-License-Identifier: ISC */
/* net.c: the `default` implementation of `net`: the target's interface. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/net.h>

#include "platform.h"

/*
 * The interface is the one the target attached under the device's name
 * (spt, hvt: the tender's --net:NAME=TAP or @FD); the platform's
 * plat_net_* calls move the frames without waiting, and a reader with
 * nothing to read waits on the interface's I/O source through the
 * scheduler (plat_io_watch), so only its own fiber waits.
 */

/*
 * Reads that bring no frame (an empty datagram) or a frame that is
 * dropped (too long, or shorter than the header) are skipped, at most
 * this many in a row in one call; then the reader waits as if none had
 * come, so that a source that keeps reading empty (a descriptor at its
 * end) or a flood of bad frames cannot hold the CPU.
 */
#define NET_SKIP_MAX 16

MIRAGE_LOG_DEVICE_SOURCE(net_log, "net",
                         "the net device: the target's network interface",
                         "net");

/* One connection; kept after a disconnect, so that the name can be reused. */
struct net_if {
    struct mirage_net dev;
    int handle;
    int source;
    struct mirage_net_info info;
    struct mirage_net_stats stats;
    struct mirage_cond readable; /* broadcast when a frame may be there */
    unsigned readers;            /* fibers waiting on (readable) */
    unsigned generation;         /* counts connections: a reader of an
                                    earlier one must not read this one */
    bool connected;
    struct net_if *next;
};

static struct net_if *interfaces;

static int net_info(struct mirage_net *dev, struct mirage_net_info *info)
{
    struct net_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    if (!info)
        return -EINVAL;
    *info = n->info;
    return 0;
}

static int net_write(struct mirage_net *dev, const void *frame, size_t len)
{
    struct net_if *n = dev->state;
    int rc;

    if (!n->connected)
        return -ENODEV;
    if (!frame || len < MIRAGE_NET_HEADER)
        return -EINVAL;
    if (len > MIRAGE_NET_FRAME_MAX(n->info.mtu))
        return -EMSGSIZE;
    rc = plat_net_write(n->handle, frame, len);
    if (rc < 0) {
        n->stats.tx_dropped++;
        return rc == -ENOBUFS ? rc : -EIO;
    }
    n->stats.tx_frames++;
    n->stats.tx_bytes += len;
    return 0;
}

/* The monotonic deadline (ns) nanoseconds from now, saturating. */
static uint64_t deadline_after(uint64_t ns)
{
    uint64_t now = plat_clock_monotonic_ns();

    return ns > PLAT_FOREVER - now ? PLAT_FOREVER : now + ns;
}

/*
 * Waits in this fiber until (n) may have a frame or (deadline) passes.
 * The watch is one-shot; the last reader to give up removes it, so that
 * no watch outlives its readers (an armed watch keeps the scheduler from
 * seeing a deadlock). Outside any fiber nothing else could run: -EPERM.
 */
static int wait_readable(struct net_if *n, uint64_t deadline)
{
    uint64_t timeout = MIRAGE_FOREVER;
    int rc;

    if (!mirage_in_fiber())
        return -EPERM;
    if (deadline != PLAT_FOREVER) {
        uint64_t now = plat_clock_monotonic_ns();

        if (now >= deadline)
            return -ETIMEDOUT;
        timeout = deadline - now;
    }
    rc = plat_io_watch(n->source, PLAT_IO_READ, &n->readable);
    if (rc < 0) {
        mirage_log_err(&net_log, "%s: cannot wait for frames (error %d)",
                       n->dev.name, -rc);
        return -EIO;
    }
    n->readers++;
    rc = mirage_cond_wait(&n->readable, timeout);
    n->readers--;
    if (rc < 0 && n->readers == 0 && n->connected)
        plat_io_unwatch(n->source);
    return rc;
}

static int net_read(struct mirage_net *dev, void *buf, size_t cap, size_t *len,
                    uint64_t timeout_ns)
{
    struct net_if *n = dev->state;
    uint64_t deadline = 0;
    unsigned generation = n->generation, skipped = 0;
    bool first = true;

    if (len)
        *len = 0;
    if (!n->connected)
        return -ENODEV;
    if (!buf || !len || cap < MIRAGE_NET_FRAME_MAX(n->info.mtu))
        return -EINVAL;
    cap = MIRAGE_NET_FRAME_MAX(n->info.mtu); /* a longer frame: dropped */
    for (;;) {
        size_t got = 0;
        int rc = plat_net_read(n->handle, buf, cap, &got);

        if (rc == -EMSGSIZE ||
            (rc == 0 && got > 0 && (got < MIRAGE_NET_HEADER || got > cap))) {
            n->stats.rx_dropped++;
            got = 0;
            rc = 0;
        }
        if (rc == 0 && got == 0) {
            /* an empty datagram, or a frame dropped: nothing received */
            if (++skipped < NET_SKIP_MAX)
                continue;
            skipped = 0;
            rc = -EAGAIN;
        }
        if (rc == 0) {
            n->stats.rx_frames++;
            n->stats.rx_bytes += got;
            *len = got;
            return 0;
        }
        if (rc != -EAGAIN)
            return -EIO;
        if (timeout_ns == 0)
            return -ETIMEDOUT;
        if (first) {
            deadline = deadline_after(timeout_ns);
            first = false;
        }
        rc = wait_readable(n, deadline);
        if (!n->connected || n->generation != generation)
            return -ENODEV;
        if (rc < 0)
            return rc; /* -ETIMEDOUT, -ECANCELED, -EPERM, -EIO */
    }
}

static int net_stats(struct mirage_net *dev, struct mirage_net_stats *stats)
{
    struct net_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    if (!stats)
        return -EINVAL;
    *stats = n->stats;
    return 0;
}

static int net_disconnect(struct mirage_net *dev)
{
    struct net_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    n->connected = false; /* the interface is the target's: kept */
    plat_io_unwatch(n->source);
    mirage_cond_broadcast(&n->readable); /* waiting readers: -ENODEV */
    mirage_log_debug(&net_log, "%s: disconnected", dev->name);
    return 0;
}

static const struct mirage_net_ops net_ops = {
    .info = net_info,
    .write = net_write,
    .read = net_read,
    .stats = net_stats,
    .disconnect = net_disconnect,
};

int mirage_net_default_connect(struct mirage_net **dev, const char *name)
{
    struct plat_net_info info;
    struct net_if *n;
    int handle;

    if (!dev || !name)
        return -EINVAL;
    for (n = interfaces; n; n = n->next)
        if (strcmp(n->dev.name, name) == 0 && n->connected) {
            *dev = &n->dev;
            return 0;
        }
    handle = plat_net_find(name, &info);
    if (handle == -ENOENT) {
        mirage_log_err(&net_log,
                       "%s: no network interface of that name is attached "
                       "(spt, hvt: give the tender or mirage run "
                       "--net:%s=TAP; xen: the domain has fewer vifs than "
                       "net devices, see NAME.xl)",
                       name, name);
        return -ENOENT;
    }
    if (handle == -ENODEV) {
        mirage_log_err(&net_log,
                       "%s: this machine gives the image no network "
                       "interface (xen: no Xen hypervisor, as under QEMU)",
                       name);
        return -ENODEV;
    }
    if (handle < 0) {
        mirage_log_err(&net_log, "%s: the interface failed (error %d)", name,
                       -handle);
        return -EIO;
    }
    for (n = interfaces; n; n = n->next)
        if (strcmp(n->dev.name, name) == 0)
            break;
    if (!n) {
        n = plat_mem_alloc(sizeof(*n));
        if (!n) {
            mirage_log_err(&net_log, "%s: out of memory", name);
            return -ENOMEM;
        }
        memset(n, 0, sizeof(*n));
        n->dev.ops = &net_ops;
        n->dev.state = n;
        n->dev.name = name;
        n->readable = (struct mirage_cond)MIRAGE_COND_INIT;
        n->next = interfaces;
        interfaces = n;
    }
    n->handle = handle;
    n->source = info.source;
    memcpy(n->info.mac, info.mac, sizeof(n->info.mac));
    n->info.mtu = info.mtu;
    memset(&n->stats, 0, sizeof(n->stats));
    n->generation++;
    n->connected = true;
    mirage_log_debug(&net_log,
                     "%s: connected, %02x:%02x:%02x:%02x:%02x:%02x, MTU %u",
                     name, info.mac[0], info.mac[1], info.mac[2], info.mac[3],
                     info.mac[4], info.mac[5], (unsigned)info.mtu);
    *dev = &n->dev;
    return 0;
}
