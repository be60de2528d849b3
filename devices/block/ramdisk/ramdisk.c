/* SPDX-License-Identifier: ISC */
/* ramdisk.c: the `ramdisk` implementation of `block`: a disk in memory. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/block.h>
#include <mirage/log.h>

#include "platform.h"
#include "ramdisk_size.h"

MIRAGE_LOG_DEVICE_SOURCE(ramdisk_log, "block-ramdisk",
                         "the ramdisk block device: a disk in memory", "block");

/* One ramdisk; kept after a disconnect, so that the name can be reused. */
struct ramdisk {
    struct mirage_block dev;
    unsigned char *data; /* sectors * RAMDISK_SECTOR bytes, or NULL */
    uint64_t sectors;
    bool connected;
    struct ramdisk *next;
};

static struct ramdisk *ramdisks;

/* Parses the decimal byte count (text) into (*sectors); 0 or -EINVAL. */
static int parse_size(const char *name, const char *text, uint64_t *sectors)
{
    switch (ramdisk_size_parse(text, sectors)) {
    case RAMDISK_SIZE_OK:
        if (*sectors > SIZE_MAX / RAMDISK_SECTOR)
            break;
        return 0;
    case RAMDISK_SIZE_NOT_DECIMAL:
        mirage_log_err(&ramdisk_log,
                       "%s: size '%s' is not a decimal number of bytes", name,
                       text);
        return -EINVAL;
    case RAMDISK_SIZE_NOT_SECTORS:
        mirage_log_err(&ramdisk_log,
                       "%s: size '%s' is not a positive multiple of the "
                       "%u-byte sector",
                       name, text, RAMDISK_SECTOR);
        return -EINVAL;
    case RAMDISK_SIZE_TOO_LARGE:
        break;
    }
    mirage_log_err(&ramdisk_log, "%s: size '%s' is too large", name, text);
    return -EINVAL;
}

/* Allocates (sectors) zeroed sectors into (*data); 0 or -ENOMEM. */
static int alloc_sectors(uint64_t sectors, unsigned char **data)
{
    size_t len = (size_t)sectors * RAMDISK_SECTOR;

    *data = NULL;
    if (sectors == 0)
        return 0;
    *data = plat_mem_alloc(len);
    if (!*data)
        return -ENOMEM;
    memset(*data, 0, len);
    return 0;
}

static int ramdisk_info(struct mirage_block *dev,
                        struct mirage_block_info *info)
{
    struct ramdisk *rd = dev->state;

    if (!rd->connected)
        return -ENODEV;
    if (!info)
        return -EINVAL;
    info->sector_size = RAMDISK_SECTOR;
    info->sectors = rd->sectors;
    info->read_write = true;
    return 0;
}

static int ramdisk_read(struct mirage_block *dev, uint64_t sector, void *buf,
                        size_t n)
{
    struct ramdisk *rd = dev->state;

    if (!rd->connected)
        return -ENODEV;
    if (!buf)
        return -EINVAL;
    if (!mirage_block_in_range(rd->sectors, sector, n))
        return -ERANGE;
    if (n > 0)
        memcpy(buf, rd->data + (size_t)sector * RAMDISK_SECTOR,
               n * RAMDISK_SECTOR);
    return 0;
}

static int ramdisk_write(struct mirage_block *dev, uint64_t sector,
                         const void *buf, size_t n)
{
    struct ramdisk *rd = dev->state;

    if (!rd->connected)
        return -ENODEV;
    if (!buf)
        return -EINVAL;
    if (!mirage_block_in_range(rd->sectors, sector, n))
        return -ERANGE;
    if (n > 0)
        memmove(rd->data + (size_t)sector * RAMDISK_SECTOR, buf,
                n * RAMDISK_SECTOR);
    return 0;
}

static int ramdisk_flush(struct mirage_block *dev)
{
    struct ramdisk *rd = dev->state;

    return rd->connected ? 0 : -ENODEV;
}

static int ramdisk_resize(struct mirage_block *dev, uint64_t new_sectors)
{
    struct ramdisk *rd = dev->state;
    unsigned char *data;
    uint64_t keep;
    int rc;

    if (!rd->connected)
        return -ENODEV;
    if (new_sectors > RAMDISK_MAX_SECTORS)
        return -EFBIG;
    if (new_sectors == rd->sectors)
        return 0;
    rc = alloc_sectors(new_sectors, &data);
    if (rc < 0) {
        mirage_log_err(&ramdisk_log, "%s: no memory to resize to %llu sectors",
                       dev->name, (unsigned long long)new_sectors);
        return rc;
    }
    keep = new_sectors < rd->sectors ? new_sectors : rd->sectors;
    if (keep > 0)
        memcpy(data, rd->data, (size_t)keep * RAMDISK_SECTOR);
    plat_mem_free(rd->data);
    mirage_log_debug(&ramdisk_log, "%s: resized from %llu to %llu sectors",
                     dev->name, (unsigned long long)rd->sectors,
                     (unsigned long long)new_sectors);
    rd->data = data;
    rd->sectors = new_sectors;
    return 0;
}

static int ramdisk_disconnect(struct mirage_block *dev)
{
    struct ramdisk *rd = dev->state;

    if (!rd->connected)
        return -ENODEV;
    plat_mem_free(rd->data);
    rd->data = NULL;
    rd->sectors = 0;
    rd->connected = false;
    mirage_log_debug(&ramdisk_log, "%s: disconnected", dev->name);
    return 0;
}

static const struct mirage_block_ops ramdisk_ops = {
    .info = ramdisk_info,
    .read = ramdisk_read,
    .write = ramdisk_write,
    .flush = ramdisk_flush,
    .resize = ramdisk_resize,
    .disconnect = ramdisk_disconnect,
};

int mirage_block_ramdisk_connect(struct mirage_block **dev, const char *name,
                                 const char *bytes)
{
    struct ramdisk *rd, *slot = NULL;
    uint64_t sectors = 0;
    int rc;

    if (!dev || !name)
        return -EINVAL;
    for (rd = ramdisks; rd; rd = rd->next)
        if (strcmp(rd->dev.name, name) == 0) {
            if (rd->connected) {
                *dev = &rd->dev;
                return 0;
            }
            slot = rd;
            break;
        }
    rc = parse_size(name, bytes ? bytes : RAMDISK_DEFAULT, &sectors);
    if (rc < 0)
        return rc;
    if (!slot) {
        slot = plat_mem_alloc(sizeof(*slot));
        if (!slot) {
            mirage_log_err(&ramdisk_log, "%s: out of memory", name);
            return -ENOMEM;
        }
        memset(slot, 0, sizeof(*slot));
        slot->dev.ops = &ramdisk_ops;
        slot->dev.state = slot;
        slot->dev.name = name;
        slot->next = ramdisks;
        ramdisks = slot;
    }
    rc = alloc_sectors(sectors, &slot->data);
    if (rc < 0) {
        mirage_log_err(&ramdisk_log, "%s: no memory for %llu sectors", name,
                       (unsigned long long)sectors);
        return rc;
    }
    slot->sectors = sectors;
    slot->connected = true;
    mirage_log_debug(&ramdisk_log, "%s: connected, %llu sectors of %u bytes",
                     name, (unsigned long long)sectors, RAMDISK_SECTOR);
    *dev = &slot->dev;
    return 0;
}
