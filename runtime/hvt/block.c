/* SPDX-License-Identifier: ISC */
/* block.c: the disks the tender attached, through BLOCK_READ/BLOCK_WRITE. */
#include <errno.h>
#include <string.h>

#include "hvt.h"
#include "platform.h"

/*
 * The tender opened each disk (--block:NAME=PATH) and lists it in the boot
 * info; the handle is its index there. A read or write of many sectors is
 * one hypercall, which the tender carries out in the host before the guest
 * resumes (the unikernel waits for the host's I/O); a flush is
 * BLOCK_FLUSH, the tender's fdatasync.
 */
static const struct mirage_tender_device *device(int handle)
{
    if (handle < 0 || (uint32_t)handle >= hvt_boot_info.ndevices ||
        hvt_boot_info.devices[handle].type != MIRAGE_TENDER_DEV_BLOCK)
        return NULL;
    return &hvt_boot_info.devices[handle];
}

int plat_block_find(const char *name, struct plat_block_info *info)
{
    if (!name || !info)
        return -EINVAL;
    for (uint32_t i = 0; i < hvt_boot_info.ndevices; i++) {
        const struct mirage_tender_device *d = &hvt_boot_info.devices[i];

        if (d->type != MIRAGE_TENDER_DEV_BLOCK ||
            strncmp(d->name, name, sizeof(d->name)) != 0)
            continue;
        info->capacity = d->capacity;
        info->sector_size = d->sector_size ? d->sector_size : 512;
        info->read_only = d->read_only != 0;
        return (int)i;
    }
    return -ENOENT;
}

static int transfer(int handle, enum mirage_hvt_call nr, uint64_t offset,
                    void *buf, size_t len)
{
    const struct mirage_tender_device *d = device(handle);
    struct mirage_hvt_block b = {0};

    if (!d)
        return -EBADF;
    if (offset > d->capacity || len > d->capacity - offset)
        return -ERANGE;
    if (len == 0)
        return 0;
    b.handle = (uint32_t)handle;
    b.offset = offset;
    b.data = (uint64_t)(uintptr_t)buf;
    b.len = len;
    b.ret = -EIO;
    hvt_call(nr, &b);
    return b.ret < 0 ? (int)b.ret : 0;
}

int plat_block_read(int handle, uint64_t offset, void *buf, size_t len)
{
    return transfer(handle, MIRAGE_HVT_BLOCK_READ, offset, buf, len);
}

int plat_block_write(int handle, uint64_t offset, const void *buf, size_t len)
{
    return transfer(handle, MIRAGE_HVT_BLOCK_WRITE, offset,
                    (void *)(uintptr_t)buf, len);
}

int plat_block_flush(int handle)
{
    struct mirage_hvt_block b = {0};

    if (!device(handle))
        return -EBADF;
    b.handle = (uint32_t)handle;
    b.ret = -EIO;
    hvt_call(MIRAGE_HVT_BLOCK_FLUSH, &b);
    return b.ret < 0 ? (int)b.ret : 0;
}
