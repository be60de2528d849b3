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
 */
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
        memcpy(info->mac, d->mac, sizeof(info->mac));
        info->mtu = d->mtu ? d->mtu : 1500;
        info->source = d->fd;
        return (int)i;
    }
    return -ENOENT;
}

int plat_net_read(int handle, void *buf, size_t cap, size_t *len)
{
    const struct mirage_tender_device *d = device(handle);
    long n;

    if (!d)
        return -EBADF;
    do
        n = spt_syscall3(SPT_SYS_READ, d->fd, (long)buf, (long)cap);
    while (n == -EINTR);
    if (n == -EAGAIN)
        return -EAGAIN;
    if (n < 0)
        return -EIO;
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
    if (len > MIRAGE_NET_FRAME_MAX(d->mtu ? d->mtu : 1500))
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
