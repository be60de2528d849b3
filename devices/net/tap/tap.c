/* SPDX-License-Identifier: ISC */
/* tap.c: the `tap` implementation of `net` (unix): a host tap interface. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/net.h>

#include "platform.h"
#include "tap.h"

/*
 * The descriptor (a tap's, or a datagram socket's; tap_host.c) is
 * non-blocking: a read or a write never waits in the host. A reader with
 * nothing to read waits on the descriptor through the scheduler
 * (plat_io_watch), so only its own fiber waits, as the `default` device
 * does on the other targets.
 */

/*
 * Reads that bring no frame (an empty datagram) or a frame that is
 * dropped (too long, or shorter than the header) are skipped, at most
 * this many in a row in one call; then the reader waits as if none had
 * come, so that a flood of bad frames cannot hold the CPU.
 */
#define TAP_SKIP_MAX 16

MIRAGE_LOG_DEVICE_SOURCE(net_tap_log, "net-tap",
                         "the tap net device: a host tap interface", "net");

/* One connection; kept after a disconnect, so that the name can be reused. */
struct tap_if {
    struct mirage_net dev;
    struct tap_host host;
    char *attach; /* the boot argument, as given; NULL when disconnected */
    struct mirage_net_info info;
    struct mirage_net_stats stats;
    struct mirage_cond readable; /* broadcast when a frame may be there */
    unsigned readers;            /* fibers waiting on (readable) */
    unsigned generation;         /* counts connections: a reader of an
                                    earlier one must not read this one */
    int last_err;                /* the host error logged last */
    bool connected;
    struct tap_if *next;
};

static struct tap_if *interfaces;

/* Logs the host's error (err) on (n), once until another one comes. */
static void host_error(struct tap_if *n, const char *what, int err)
{
    if (err == n->last_err)
        return;
    n->last_err = err;
    mirage_log_err(&net_tap_log, "%s: %s %s: %s", n->dev.name, what,
                   n->host.socket ? "the socket" : n->host.ifname,
                   strerror(err));
}

static int tap_info(struct mirage_net *dev, struct mirage_net_info *info)
{
    struct tap_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    if (!info)
        return -EINVAL;
    *info = n->info;
    return 0;
}

static int tap_write(struct mirage_net *dev, const void *frame, size_t len)
{
    struct tap_if *n = dev->state;
    ssize_t put;
    int err;

    if (!n->connected)
        return -ENODEV;
    if (!frame || len < MIRAGE_NET_HEADER)
        return -EINVAL;
    if (len > MIRAGE_NET_FRAME_MAX(n->info.mtu))
        return -EMSGSIZE;
    do
        put = n->host.socket ? send(n->host.fd, frame, len, MSG_NOSIGNAL)
                             : write(n->host.fd, frame, len);
    while (put < 0 && errno == EINTR);
    if (put >= 0 && (size_t)put == len) {
        n->stats.tx_frames++;
        n->stats.tx_bytes += len;
        return 0;
    }
    n->stats.tx_dropped++;
    err = put < 0 ? errno : EIO;
    if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS)
        return -ENOBUFS; /* no room: dropped, as on a wire */
    host_error(n, "writing to", err);
    return -EIO;
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
static int wait_readable(struct tap_if *n, uint64_t deadline)
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
    rc = plat_io_watch(n->host.fd, PLAT_IO_READ, &n->readable);
    if (rc < 0) {
        host_error(n, "waiting for frames of", -rc);
        return -EIO;
    }
    n->readers++;
    rc = mirage_cond_wait(&n->readable, timeout);
    n->readers--;
    if (rc < 0 && n->readers == 0 && n->connected)
        plat_io_unwatch(n->host.fd);
    return rc;
}

/*
 * Takes the next frame into (buf), of room for the largest frame (max),
 * without waiting. A frame one byte longer fills the second buffer, so a
 * longer one is seen as such (a tap and a datagram socket both cut a frame
 * to the room given). Returns its length, 0 for none that counts (empty,
 * or dropped), or -errno.
 */
static ssize_t take_frame(struct tap_if *n, void *buf, size_t max)
{
    unsigned char extra;
    struct iovec iov[2] = {{buf, max}, {&extra, 1}};
    ssize_t got;

    do
        got = readv(n->host.fd, iov, 2);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return -errno;
    if (got > 0 && ((size_t)got < MIRAGE_NET_HEADER || (size_t)got > max)) {
        n->stats.rx_dropped++;
        return 0;
    }
    return got;
}

static int tap_read(struct mirage_net *dev, void *buf, size_t cap, size_t *len,
                    uint64_t timeout_ns)
{
    struct tap_if *n = dev->state;
    uint64_t deadline = 0;
    unsigned generation = n->generation, skipped = 0;
    bool first = true;
    size_t max;

    if (len)
        *len = 0;
    if (!n->connected)
        return -ENODEV;
    max = MIRAGE_NET_FRAME_MAX(n->info.mtu);
    if (!buf || !len || cap < max)
        return -EINVAL;
    for (;;) {
        ssize_t got = take_frame(n, buf, max);
        int rc;

        if (got == 0) {
            /* an empty datagram, or a frame dropped: nothing received */
            if (++skipped < TAP_SKIP_MAX)
                continue;
            skipped = 0;
            got = -EAGAIN;
        }
        if (got > 0) {
            n->stats.rx_frames++;
            n->stats.rx_bytes += (size_t)got;
            *len = (size_t)got;
            return 0;
        }
        if (got != -EAGAIN && got != -EWOULDBLOCK) {
            host_error(n, "reading from", (int)-got);
            return -EIO;
        }
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

static int tap_stats(struct mirage_net *dev, struct mirage_net_stats *stats)
{
    struct tap_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    if (!stats)
        return -EINVAL;
    *stats = n->stats;
    return 0;
}

static int tap_disconnect(struct mirage_net *dev)
{
    struct tap_if *n = dev->state;

    if (!n->connected)
        return -ENODEV;
    n->connected = false;
    plat_io_unwatch(n->host.fd); /* before the descriptor may close */
    tap_host_close(&n->host);
    free(n->attach);
    n->attach = NULL;
    mirage_cond_broadcast(&n->readable); /* waiting readers: -ENODEV */
    mirage_log_debug(&net_tap_log, "%s: disconnected", dev->name);
    return 0;
}

static const struct mirage_net_ops tap_ops = {
    .info = tap_info,
    .write = tap_write,
    .read = tap_read,
    .stats = tap_stats,
    .disconnect = tap_disconnect,
};

/* Checks the MAC and MTU asked for; stores them in (*info). 0 or -EINVAL. */
static int check_asked(const char *name, const char *mac, const int *mtu,
                       struct mirage_net_info *info)
{
    char arg[64];

    if (mac && tap_parse_mac(mac, info->mac) < 0) {
        mirage_log_err(&net_tap_log,
                       "%s: bad Ethernet address in %s=%s: give six pairs of "
                       "hex digits separated by ':', a unicast address (the "
                       "first byte even), not all zero",
                       name, tap_arg_name("net-mac", name, arg, sizeof(arg)),
                       mac);
        return -EINVAL;
    }
    if (mtu && (*mtu < (int)NET_TAP_MTU_MIN || *mtu > (int)NET_TAP_MTU_MAX)) {
        mirage_log_err(&net_tap_log, "%s: bad MTU in %s=%d: give %u to %u",
                       name, tap_arg_name("net-mtu", name, arg, sizeof(arg)),
                       *mtu, NET_TAP_MTU_MIN, NET_TAP_MTU_MAX);
        return -EINVAL;
    }
    if (mtu)
        info->mtu = (uint32_t)*mtu;
    return 0;
}

/* Chooses the MTU and address not asked for, once (host) is attached. */
static int choose(const char *name, const struct tap_host *host, bool has_mac,
                  struct mirage_net_info *info)
{
    char arg[64];

    if (!info->mtu && host->mtu &&
        (host->mtu < NET_TAP_MTU_MIN || host->mtu > NET_TAP_MTU_MAX)) {
        mirage_log_err(&net_tap_log,
                       "%s: tap interface %s has an MTU of %u: give %s=N (%u "
                       "to %u)",
                       name, host->ifname, (unsigned)host->mtu,
                       tap_arg_name("net-mtu", name, arg, sizeof(arg)),
                       NET_TAP_MTU_MIN, NET_TAP_MTU_MAX);
        return -EINVAL;
    }
    if (!info->mtu)
        info->mtu = host->mtu ? host->mtu : NET_TAP_MTU;
    if (has_mac)
        return 0;
    /* as Solo5's tenders: a random locally administered unicast address,
       never the host side's own */
    if (plat_entropy(info->mac, sizeof(info->mac)) < 0) {
        mirage_log_err(&net_tap_log, "%s: no entropy for a random address",
                       name);
        return -EIO;
    }
    info->mac[0] = (uint8_t)((info->mac[0] & 0xfe) | 0x02);
    return 0;
}

int mirage_net_tap_connect(struct mirage_net **dev, const char *name,
                           const char *attach, const char *mac, const int *mtu)
{
    struct mirage_net_info info = {{0}, 0};
    struct tap_host host;
    struct tap_if *n;
    char arg[64];
    int rc;

    if (!dev || !name)
        return -EINVAL;
    for (n = interfaces; n; n = n->next)
        if (strcmp(n->dev.name, name) == 0)
            break;
    if (n && n->connected) {
        if (attach && strcmp(attach, n->attach) == 0) {
            *dev = &n->dev;
            return 0;
        }
        mirage_log_err(&net_tap_log, "%s: already connected to %s, not %s",
                       name, n->attach, attach ? attach : "nothing");
        return -EBUSY;
    }
    tap_arg_name("net", name, arg, sizeof(arg));
    if (!attach || !*attach) {
        mirage_log_err(&net_tap_log,
                       "%s: no interface given: boot with %s=TAP, a tap "
                       "interface (ip tuntap add dev TAP mode tap user USER), "
                       "or %s=@FD, an open descriptor of a tap or of a "
                       "datagram socket",
                       name, arg, arg);
        return -ENOENT;
    }
    rc = check_asked(name, mac, mtu, &info);
    if (rc < 0)
        return rc;
    rc = tap_host_open(name, attach, &host);
    if (rc < 0)
        return rc;
    rc = choose(name, &host, mac != NULL, &info);
    if (rc < 0)
        goto fail;
    if (!n) {
        n = calloc(1, sizeof(*n));
        if (!n)
            goto nomem;
        n->dev.ops = &tap_ops;
        n->dev.state = n;
        n->dev.name = name;
        n->readable = (struct mirage_cond)MIRAGE_COND_INIT;
        n->next = interfaces;
        interfaces = n;
    }
    n->attach = strdup(attach);
    if (!n->attach)
        goto nomem;
    n->host = host;
    n->info = info;
    memset(&n->stats, 0, sizeof(n->stats));
    n->last_err = 0;
    n->generation++;
    n->connected = true;
    mirage_log_debug(&net_tap_log,
                     "%s: connected to %s%s%s, %02x:%02x:%02x:%02x:%02x:%02x, "
                     "MTU %u",
                     name, attach, host.socket ? " (a socket)" : "",
                     host.owned ? "" : " (kept open at disconnect)",
                     info.mac[0], info.mac[1], info.mac[2], info.mac[3],
                     info.mac[4], info.mac[5], (unsigned)info.mtu);
    *dev = &n->dev;
    return 0;
nomem:
    mirage_log_err(&net_tap_log, "%s: out of memory", name);
    rc = -ENOMEM;
fail:
    tap_host_close(&host);
    return rc;
}
