/* SPDX-License-Identifier: ISC */
/* net.c: the network interfaces the tender attached, by NET_READ/WRITE. */
#include <errno.h>
#include <string.h>

#include <mirage/net.h>

#include "hvt.h"
#include "platform.h"

/*
 * The tender opened each interface (--net:NAME=TAP, or @FD) and lists it
 * in the boot info; the handle is its index there, and also the source
 * that plat_io_watch watches (bit (handle) of POLL's mask, poll.c). One
 * frame is one hypercall, carried out by the tender without waiting.
 */
static const struct mirage_tender_device *device(int handle)
{
    if (handle < 0 || (uint32_t)handle >= hvt_boot_info.ndevices ||
        hvt_boot_info.devices[handle].type != MIRAGE_TENDER_DEV_NET)
        return NULL;
    return &hvt_boot_info.devices[handle];
}

int plat_net_find(const char *name, struct plat_net_info *info)
{
    if (!name || !info)
        return -EINVAL;
    for (uint32_t i = 0; i < hvt_boot_info.ndevices; i++) {
        const struct mirage_tender_device *d = &hvt_boot_info.devices[i];

        if (d->type != MIRAGE_TENDER_DEV_NET ||
            strncmp(d->name, name, sizeof(d->name)) != 0)
            continue;
        memcpy(info->mac, d->mac, sizeof(info->mac));
        info->mtu = d->mtu ? d->mtu : 1500;
        info->source = (int)i;
        return (int)i;
    }
    return -ENOENT;
}

int plat_net_read(int handle, void *buf, size_t cap, size_t *len)
{
    struct mirage_hvt_net p = {0};

    if (!device(handle))
        return -EBADF;
    p.handle = (uint32_t)handle;
    p.data = (uint64_t)(uintptr_t)buf;
    p.len = cap;
    p.ret = -EIO;
    hvt_call(MIRAGE_HVT_NET_READ, &p);
    if (p.ret == -EAGAIN || p.ret == -EMSGSIZE)
        return (int)p.ret; /* -EMSGSIZE: too long for (cap), dropped */
    if (p.ret < 0 || p.got > cap)
        return -EIO;
    *len = (size_t)p.got;
    return 0;
}

int plat_net_write(int handle, const void *frame, size_t len)
{
    const struct mirage_tender_device *d = device(handle);
    struct mirage_hvt_net p = {0};

    if (!d)
        return -EBADF;
    if (len > MIRAGE_NET_FRAME_MAX(d->mtu ? d->mtu : 1500))
        return -EMSGSIZE;
    p.handle = (uint32_t)handle;
    p.data = (uint64_t)(uintptr_t)frame;
    p.len = len;
    p.ret = -EIO;
    hvt_call(MIRAGE_HVT_NET_WRITE, &p);
    if (p.ret == -EAGAIN || p.ret == -ENOBUFS)
        return -ENOBUFS;
    return p.ret < 0 ? -EIO : 0;
}
