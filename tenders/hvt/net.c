/* SPDX-License-Identifier: ISC */
/* net.c: mirage-hvt's network interfaces: NET_READ, NET_WRITE, POLL. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/devices.h"
#include "hvt.h"

/* The bytes of an Ethernet header, beside the MTU's payload. */
#define ETH_HEADER 14u

/*
 * NET_READ reads each frame here first, a byte more than the largest
 * frame of any MTU: a read cuts a longer datagram without a word, so a
 * read that fills the room asked for (the guest's buffer or MTU + 14,
 * whichever is less) and the byte after it was a frame too long, which
 * is dropped (-EMSGSIZE), not cut. The guest's buffer gets whole frames.
 */
static uint8_t rx[TENDER_NET_MTU_MAX + ETH_HEADER + 1];

/*
 * One frame in or out: 0, -EINVAL, -EFAULT, -EAGAIN (no frame),
 * -EMSGSIZE (a frame too long for the guest's buffer or the MTU: dropped),
 * -errno.
 */
static int64_t frame(struct hvt *h, unsigned nr, struct mirage_hvt_net *p)
{
    const struct hvt_device *d =
        hvt_device(h, p->handle, MIRAGE_TENDER_DEV_NET);
    size_t max;
    ssize_t n;

    if (!d)
        return -EINVAL;
    if (!hvt_in_guest(h, p->data, p->len))
        return -EFAULT;
    if (nr == MIRAGE_HVT_NET_WRITE) {
        if (p->len > d->mtu + ETH_HEADER)
            return -EINVAL;
        n = write(d->fd, h->mem + p->data, p->len);
        if (n < 0)
            return -errno;
        return (uint64_t)n == p->len ? 0 : -EIO;
    }
    max = (d->mtu < TENDER_NET_MTU_MAX ? d->mtu : TENDER_NET_MTU_MAX) +
          ETH_HEADER;
    if (p->len < max)
        max = (size_t)p->len;
    n = read(d->fd, rx, max + 1);
    if (n < 0)
        return errno == EWOULDBLOCK ? -EAGAIN : -errno;
    if ((size_t)n > max)
        return -EMSGSIZE;
    memcpy(h->mem + p->data, rx, (size_t)n);
    p->got = (uint64_t)n;
    return 0;
}

void hvt_net_call(struct hvt *h, unsigned nr, uint64_t gpa)
{
    struct mirage_hvt_net p;

    hvt_get_arg(h, nr, gpa, &p, sizeof p);
    p.got = 0;
    p.ret = frame(h, nr, &p);
    hvt_set_arg(h, gpa, &p, sizeof p);
}

/*
 * Waits for a frame on the NICs whose bits are set in (p->ready) (other
 * bits are ignored) or for the timeout; the console is written out first.
 */
static int64_t wait_frames(struct hvt *h, struct mirage_hvt_poll *p)
{
    struct pollfd fds[MIRAGE_TENDER_MANIFEST_MAX];
    unsigned idx[MIRAGE_TENDER_MANIFEST_MAX], n = 0;
    struct timespec ts;
    int rc;

    hvt_console_flush();
    for (unsigned i = 0; i < h->ndevices && i < MIRAGE_TENDER_MANIFEST_MAX; i++)
        if (h->devices[i].type == MIRAGE_TENDER_DEV_NET &&
            (p->ready & (1ull << i))) {
            fds[n] = (struct pollfd){h->devices[i].fd, POLLIN, 0};
            idx[n++] = i;
        }
    ts.tv_sec = (time_t)(p->timeout_ns / 1000000000u);
    ts.tv_nsec = (long)(p->timeout_ns % 1000000000u);
    p->ready = 0;
    rc = ppoll(fds, n, &ts, NULL);
    if (rc < 0)
        return errno == EINTR ? 0 : -errno;
    for (unsigned k = 0; k < n; k++)
        if (fds[k].revents & POLLIN)
            p->ready |= 1ull << idx[k];
    return 0;
}

void hvt_net_poll(struct hvt *h, uint64_t gpa)
{
    struct mirage_hvt_poll p;

    hvt_get_arg(h, MIRAGE_HVT_POLL, gpa, &p, sizeof p);
    p.ret = wait_frames(h, &p);
    hvt_set_arg(h, gpa, &p, sizeof p);
}
