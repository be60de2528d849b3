/* SPDX-License-Identifier: ISC */
/* block.c: the disks the tender attached, read and written by the guest. */
#include <errno.h>
#include <string.h>

#include "platform.h"
#include "spt.h"
#include "syscall.h"

/*
 * The tender opened each disk (--block:NAME=PATH) and passes its
 * descriptor in the boot info; the guest calls pread64, pwrite64 and
 * fdatasync on it itself. The tender's filter allows them on those
 * descriptors only, in whole sectors inside the disk, at most
 * MIRAGE_TENDER_SPT_BLOCK_MAX bytes a call, and kills the unikernel for
 * anything else: so a request is checked here and split. The calls block
 * the whole unikernel for the host's I/O.
 */
static const struct mirage_tender_device *device(int handle)
{
    if (handle < 0 || (uint32_t)handle >= spt_boot_info.ndevices ||
        spt_boot_info.devices[handle].type != MIRAGE_TENDER_DEV_BLOCK)
        return NULL;
    return &spt_boot_info.devices[handle];
}

int plat_block_find(const char *name, struct plat_block_info *info)
{
    if (!name || !info)
        return -EINVAL;
    for (uint32_t i = 0; i < spt_boot_info.ndevices; i++) {
        const struct mirage_tender_device *d = &spt_boot_info.devices[i];

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

/*
 * pread64 or pwrite64 of the whole request, in calls of at most
 * MIRAGE_TENDER_SPT_BLOCK_MAX bytes, short transfers continued.
 */
static int transfer(int handle, long nr, uint64_t offset, void *buf, size_t len)
{
    const struct mirage_tender_device *d = device(handle);
    unsigned char *p = buf;
    uint64_t sector;

    if (!d)
        return -EBADF;
    sector = d->sector_size ? d->sector_size : 512;
    if (offset > d->capacity || len > d->capacity - offset)
        return -ERANGE;
    if (offset % sector != 0 || len % sector != 0)
        return -EINVAL;
    while (len > 0) {
        size_t part = len < MIRAGE_TENDER_SPT_BLOCK_MAX
                          ? len
                          : MIRAGE_TENDER_SPT_BLOCK_MAX;
        long n = spt_syscall5(nr, d->fd, (long)p, (long)part, (long)offset, 0);

        if (n == -EINTR)
            continue;
        if (n < 0)
            return (int)n;
        /* the file shrank under the guest: the rest would be refused */
        if (n == 0 || (uint64_t)n % sector != 0)
            return -EIO;
        p += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

int plat_block_read(int handle, uint64_t offset, void *buf, size_t len)
{
    return transfer(handle, SPT_SYS_PREAD64, offset, buf, len);
}

int plat_block_write(int handle, uint64_t offset, const void *buf, size_t len)
{
    return transfer(handle, SPT_SYS_PWRITE64, offset, (void *)(uintptr_t)buf,
                    len);
}

int plat_block_flush(int handle)
{
    const struct mirage_tender_device *d = device(handle);
    long rc;

    if (!d)
        return -EBADF;
    do
        rc = spt_syscall3(SPT_SYS_FDATASYNC, d->fd, 0, 0);
    while (rc == -EINTR);
    return (int)rc;
}
