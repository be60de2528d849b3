/* SPDX-License-Identifier: ISC */
/* tender.c: the `tender` implementation of `block`: a disk of the tender. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/block.h>
#include <mirage/log.h>

#include "platform.h"

/*
 * The disk is the host file that the tender attached under the device's
 * name (mirage-spt --block:NAME=PATH); the platform's plat_block_* calls
 * (runtime/spt: pread64/pwrite64 on the tender's descriptor) move the
 * bytes. The size is the file's, fixed: resize is not supported.
 */

MIRAGE_LOG_DEVICE_SOURCE(tender_block_log, "block-tender",
                         "the tender block device: a disk the tender "
                         "attached",
                         "block");

/* One connection; kept after a disconnect, so that the name can be reused. */
struct tender_disk {
    struct mirage_block dev;
    int handle;
    uint32_t sector_size;
    uint64_t sectors;
    bool read_write;
    bool connected;
    struct tender_disk *next;
};

static struct tender_disk *disks;

static int tender_info(struct mirage_block *dev, struct mirage_block_info *info)
{
    struct tender_disk *t = dev->state;

    if (!t->connected)
        return -ENODEV;
    if (!info)
        return -EINVAL;
    info->sector_size = t->sector_size;
    info->sectors = t->sectors;
    info->read_write = t->read_write;
    return 0;
}

/* The common checks of read and write; 0 or the error to return. */
static int check(struct tender_disk *t, const void *buf, uint64_t sector,
                 size_t n)
{
    if (!t->connected)
        return -ENODEV;
    if (!buf)
        return -EINVAL;
    if (!mirage_block_in_range(t->sectors, sector, n) ||
        n > SIZE_MAX / t->sector_size)
        return -ERANGE;
    return 0;
}

static int tender_read(struct mirage_block *dev, uint64_t sector, void *buf,
                       size_t n)
{
    struct tender_disk *t = dev->state;
    int rc = check(t, buf, sector, n);

    if (rc < 0 || n == 0)
        return rc;
    rc = plat_block_read(t->handle, sector * t->sector_size, buf,
                         n * t->sector_size);
    return rc < 0 && rc != -ERANGE ? -EIO : rc;
}

static int tender_write(struct mirage_block *dev, uint64_t sector,
                        const void *buf, size_t n)
{
    struct tender_disk *t = dev->state;
    int rc;

    if (!t->connected)
        return -ENODEV;
    if (!buf)
        return -EINVAL;
    if (!t->read_write)
        return -EROFS;
    rc = check(t, buf, sector, n);
    if (rc < 0 || n == 0)
        return rc;
    rc = plat_block_write(t->handle, sector * t->sector_size, buf,
                          n * t->sector_size);
    if (rc == -ENOSPC || rc == -EDQUOT || rc == -ERANGE)
        return rc;
    return rc < 0 ? -EIO : 0;
}

static int tender_flush(struct mirage_block *dev)
{
    struct tender_disk *t = dev->state;

    if (!t->connected)
        return -ENODEV;
    return plat_block_flush(t->handle) < 0 ? -EIO : 0;
}

static int tender_resize(struct mirage_block *dev, uint64_t new_sectors)
{
    struct tender_disk *t = dev->state;

    (void)new_sectors;
    if (!t->connected)
        return -ENODEV;
    return t->read_write ? -ENOTSUP : -EROFS;
}

static int tender_disconnect(struct mirage_block *dev)
{
    struct tender_disk *t = dev->state;

    if (!t->connected)
        return -ENODEV;
    t->connected = false; /* the descriptor is the tender's: kept open */
    mirage_log_debug(&tender_block_log, "%s: disconnected", dev->name);
    return 0;
}

static const struct mirage_block_ops tender_ops = {
    .info = tender_info,
    .read = tender_read,
    .write = tender_write,
    .flush = tender_flush,
    .resize = tender_resize,
    .disconnect = tender_disconnect,
};

int mirage_block_tender_connect(struct mirage_block **dev, const char *name)
{
    struct plat_block_info info;
    struct tender_disk *t;
    int handle;

    if (!dev || !name)
        return -EINVAL;
    for (t = disks; t; t = t->next)
        if (strcmp(t->dev.name, name) == 0 && t->connected) {
            *dev = &t->dev;
            return 0;
        }
    handle = plat_block_find(name, &info);
    if (handle == -ENODEV) {
        mirage_log_err(&tender_block_log,
                       "%s: this machine gives the image no disk (xen: no "
                       "Xen hypervisor, as under QEMU)",
                       name);
        return handle;
    }
    if (handle == -ENOENT) {
        mirage_log_err(&tender_block_log,
                       "%s: no disk of that name is attached (spt, hvt: "
                       "give the tender or mirage run --block:%s=PATH; xen: "
                       "the domain has fewer disks than block devices, see "
                       "NAME.xl)",
                       name, name);
        return handle;
    }
    if (handle < 0) {
        mirage_log_err(&tender_block_log, "%s: the disk failed (error %d)",
                       name, -handle);
        return handle;
    }
    if (info.sector_size == 0 || info.capacity % info.sector_size != 0) {
        mirage_log_err(&tender_block_log,
                       "%s: the disk's %llu bytes are not whole sectors of "
                       "%u bytes",
                       name, (unsigned long long)info.capacity,
                       info.sector_size);
        return -EINVAL;
    }
    for (t = disks; t; t = t->next)
        if (strcmp(t->dev.name, name) == 0)
            break;
    if (!t) {
        t = plat_mem_alloc(sizeof(*t));
        if (!t) {
            mirage_log_err(&tender_block_log, "%s: out of memory", name);
            return -ENOMEM;
        }
        memset(t, 0, sizeof(*t));
        t->dev.ops = &tender_ops;
        t->dev.state = t;
        t->dev.name = name;
        t->next = disks;
        disks = t;
    }
    t->handle = handle;
    t->sector_size = info.sector_size;
    t->sectors = info.capacity / info.sector_size;
    t->read_write = !info.read_only;
    t->connected = true;
    mirage_log_debug(&tender_block_log,
                     "%s: connected, %llu sectors of %u bytes%s", name,
                     (unsigned long long)t->sectors, t->sector_size,
                     t->read_write ? "" : ", read-only");
    *dev = &t->dev;
    return 0;
}
