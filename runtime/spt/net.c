/* SPDX-License-Identifier: ISC */
/* net.c: the network interfaces the tender attached, read and written. */
#include <errno.h>
#include <string.h>

#include <mirage/net.h>

#include "platform.h"
#include "spt.h"
#include "syscall.h"

/*
 * The tender opened each interface (--net:NAME=TAP, or @FD), made it
 * non-blocking, and passes its descriptor in the boot info; the guest
 * reads and writes whole frames on it itself (the filter allows read and
 * write on those descriptors only), and ppoll waits for it (poll.c).
 *
 * A read takes one datagram, and cuts one longer than the count asked
 * for without a word; so each frame is read into a buffer of the
 * interface's, one byte longer than the largest frame (MTU + 14): a read
 * that fills it was a frame too long, which is dropped. The buffer is
 * made when the interface is first found, of the size its MTU asks.
 */
static uint8_t *rx_buf[MIRAGE_TENDER_MANIFEST_MAX];

/* The MTU of net device (d): the tender's, 1500 if it gave none. */
static uint32_t mtu_of(const struct mirage_tender_device *d)
{
    return d->mtu ? d->mtu : 1500;
}

static const struct mirage_tender_device *device(int handle)
{
    if (handle < 0 || (uint32_t)handle >= spt_boot_info.ndevices ||
        spt_boot_info.devices[handle].type != MIRAGE_TENDER_DEV_NET)
        return NULL;
    return &spt_boot_info.devices[handle];
}

int plat_net_find(const char *name, struct plat_net_info *info)
{
    if (!name || !info)
        return -EINVAL;
    for (uint32_t i = 0; i < spt_boot_info.ndevices; i++) {
        const struct mirage_tender_device *d = &spt_boot_info.devices[i];

        if (d->type != MIRAGE_TENDER_DEV_NET ||
            strncmp(d->name, name, sizeof(d->name)) != 0)
            continue;
        if (i >= MIRAGE_TENDER_MANIFEST_MAX)
            break;
        if (!rx_buf[i]) {
            rx_buf[i] = plat_mem_alloc(MIRAGE_NET_FRAME_MAX(mtu_of(d)) + 1);
            if (!rx_buf[i])
                return -ENOMEM;
        }
        memcpy(info->mac, d->mac, sizeof(info->mac));
        info->mtu = mtu_of(d);
        info->source = d->fd;
        return (int)i;
    }
    return -ENOENT;
}

int plat_net_read(int handle, void *buf, size_t cap, size_t *len)
{
    const struct mirage_tender_device *d = device(handle);
    size_t max;
    long n;

    if (!d || handle >= MIRAGE_TENDER_MANIFEST_MAX || !rx_buf[handle])
        return -EBADF;
    max = MIRAGE_NET_FRAME_MAX(mtu_of(d));
    if (cap < max)
        max = cap;
    do
        n = spt_syscall3(SPT_SYS_READ, d->fd, (long)rx_buf[handle],
                         (long)(max + 1));
    while (n == -EINTR);
    if (n == -EAGAIN)
        return -EAGAIN;
    if (n < 0)
        return -EIO;
    if ((size_t)n > max)
        return -EMSGSIZE; /* longer than the largest frame: dropped */
    memcpy(buf, rx_buf[handle], (size_t)n);
    *len = (size_t)n; /* 0: an empty datagram (the tender refuses a socket
                         whose end would read so) */
    return 0;
}

int plat_net_write(int handle, const void *frame, size_t len)
{
    const struct mirage_tender_device *d = device(handle);
    long n;

    if (!d)
        return -EBADF;
    if (len > MIRAGE_NET_FRAME_MAX(mtu_of(d)))
        return -EMSGSIZE;
    do
        n = spt_syscall3(SPT_SYS_WRITE, d->fd, (long)frame, (long)len);
    while (n == -EINTR);
    if (n == -EAGAIN || n == -ENOBUFS)
        return -ENOBUFS;
    if (n < 0 || (size_t)n != len)
        return -EIO;
    return 0;
}
