/* SPDX-License-Identifier: ISC */
/* virtio_blk.c: the virtio disks (virtio 1.x, 5.2) behind plat_block_*. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "platform.h"
#include "virtio.h"
#include "virtio_devices.h"

/*
 * At the first plat_block_find, every unclaimed virtio block device is set
 * up (features, one request queue, DRIVER_OK) and asked for its serial
 * (GET_ID). A name binds to the disk whose serial it is, else to the first
 * free disk without a serial, in discovery order; the handle is the
 * disk's index in that order. Requests go one at a time: the caller waits
 * (halted between interrupts) until the device has finished, at most
 * BLK_TIMEOUT_NS; a disk that does not answer in time is given up, since
 * its queue still holds the request.
 */

MIRAGE_LOG_DEVICE_SOURCE(virtio_blk_log, "virtio-blk",
                         "the virtio block driver: disks of the virtio target",
                         "block");

/* Feature bits (5.2.3). */
#define BLK_F_SIZE_MAX (1ull << 1)
#define BLK_F_SEG_MAX  (1ull << 2)
#define BLK_F_RO       (1ull << 5)
#define BLK_F_BLK_SIZE (1ull << 6)
#define BLK_F_FLUSH    (1ull << 9)
#define BLK_FEATURES                                                           \
    (BLK_F_SIZE_MAX | BLK_F_SEG_MAX | BLK_F_RO | BLK_F_BLK_SIZE | BLK_F_FLUSH)

/* Configuration offsets (5.2.4). */
#define BLK_CFG_CAPACITY 0
#define BLK_CFG_SIZE_MAX 8
#define BLK_CFG_SEG_MAX  12
#define BLK_CFG_BLK_SIZE 20

/* Request types and status values (5.2.6). */
#define BLK_T_IN     0u
#define BLK_T_OUT    1u
#define BLK_T_FLUSH  4u
#define BLK_T_GET_ID 8u
#define BLK_S_OK     0u
#define BLK_S_IOERR  1u
#define BLK_S_UNSUPP 2u

#define BLK_SECTOR     512u       /* the unit of capacity and sector */
#define BLK_SERIAL     20u        /* bytes of a GET_ID answer */
#define BLK_REQ_MAX    (1u << 20) /* data bytes in one request */
#define BLK_QUEUE_MAX  128u       /* entries of the request queue */
#define BLK_TIMEOUT_NS (30ull * 1000000000ull)

/* The header of a request, read by the device. */
struct blk_req_hdr {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};

struct blk_disk {
    struct virtio_dev *dev;
    struct virtq q;
    uint64_t features;
    uint64_t capacity;           /* bytes, whole sectors of sector_size */
    uint32_t sector_size;        /* bytes */
    uint32_t seg_bytes;          /* most bytes of one data descriptor */
    uint32_t req_bytes;          /* most data bytes of one request */
    int error;                   /* setup failed: its negative errno value */
    bool broken;                 /* a request got no answer: not used again */
    char serial[BLK_SERIAL + 1]; /* NUL-padded; empty when none */
    char *bound;                 /* the name bound to it, or NULL */
    struct blk_req_hdr hdr;      /* the request in flight */
    uint8_t status;              /* its status, written by the device */
    char id[BLK_SERIAL];         /* GET_ID's answer */
};

static struct blk_disk disks[VIRTIO_MAX_DEVICES];
static size_t ndisks;
static bool scanned;

/* The descriptors of the request in flight (one at a time). */
static struct virtq_buf bufs[BLK_QUEUE_MAX];

/* The request of (type), for messages: "a read". */
static const char *type_name(uint32_t type)
{
    switch (type) {
    case BLK_T_IN:
        return "a read";
    case BLK_T_OUT:
        return "a write";
    case BLK_T_FLUSH:
        return "a flush";
    default:
        return "an identify";
    }
}

/*
 * Hands the request of (nout) device-readable and (nin) device-writable
 * buffers in bufs[] (the header first, the status last) to (k), and waits
 * for its end. Returns 0, -EIO (the device failed it, or did not answer:
 * then (k) is broken) or -ENOTSUP (the device does not know the request).
 */
static int blk_submit(struct blk_disk *k, unsigned nout, unsigned nin)
{
    uint64_t deadline;
    uint32_t written;

    k->status = 0xff; /* no answer yet */
    if (virtq_add(&k->q, bufs, nout, nin, k) < 0)
        return -EIO;
    virtq_kick(&k->q);
    deadline = plat_clock_monotonic_ns() + BLK_TIMEOUT_NS;
    while (!virtq_get(&k->q, &written)) {
        if (plat_clock_monotonic_ns() >= deadline) {
            k->broken = true;
            if (k->bound)
                mirage_log_err(&virtio_blk_log,
                               "disk %s (%s): no answer to %s request in 30 "
                               "s; the disk is given up",
                               k->bound, k->dev->where, type_name(k->hdr.type));
            else
                mirage_log_err(&virtio_blk_log,
                               "the disk at %s: no answer to %s request in 30 "
                               "s; the disk is given up",
                               k->dev->where, type_name(k->hdr.type));
            return -EIO;
        }
        /* bounded by the deadline, should no interrupt come */
        virtio_wait_interrupt(deadline);
    }
    __asm__ volatile("" ::: "memory"); /* the status after the entry */
    switch (*(volatile uint8_t *)&k->status) {
    case BLK_S_OK:
        return 0;
    case BLK_S_UNSUPP:
        return -ENOTSUP;
    default:
        return -EIO;
    }
}

/* Asks (k) for its serial; an empty one when it has none or fails. */
static void blk_get_id(struct blk_disk *k)
{
    memset(k->serial, 0, sizeof(k->serial));
    memset(k->id, 0, sizeof(k->id));
    k->hdr = (struct blk_req_hdr){.type = BLK_T_GET_ID};
    bufs[0] = (struct virtq_buf){&k->hdr, sizeof(k->hdr)};
    bufs[1] = (struct virtq_buf){k->id, sizeof(k->id)};
    bufs[2] = (struct virtq_buf){&k->status, 1};
    if (blk_submit(k, 1, 2) == 0)
        memcpy(k->serial, k->id, BLK_SERIAL);
}

static uint32_t config32(struct virtio_dev *d, size_t offset)
{
    uint32_t v = 0;

    d->ops->read_config(d, offset, &v, sizeof(v));
    return v;
}

/* Sets up device (d) as disk (k): 0 or a negative errno value. */
static int blk_setup(struct blk_disk *k, struct virtio_dev *d)
{
    uint64_t sectors = 0;
    uint32_t max_segs;
    uint64_t req;
    int rc;

    k->dev = d;
    rc = virtio_negotiate(d, BLK_FEATURES, &k->features);
    if (rc < 0)
        return rc;
    d->ops->read_config(d, BLK_CFG_CAPACITY, &sectors, sizeof(sectors));
    k->sector_size = BLK_SECTOR;
    if (k->features & BLK_F_BLK_SIZE) {
        uint32_t bs = config32(d, BLK_CFG_BLK_SIZE);

        if (bs >= 512 && bs <= 4096 && (bs & (bs - 1)) == 0)
            k->sector_size = bs;
    }
    if (sectors > UINT64_MAX / BLK_SECTOR)
        sectors = UINT64_MAX / BLK_SECTOR;
    k->capacity = sectors * BLK_SECTOR;
    k->capacity -= k->capacity % k->sector_size;

    rc = virtq_init(&k->q, d, 0, BLK_QUEUE_MAX);
    if (rc == 0 && k->q.size < 3)
        rc = -ENOTSUP; /* a request needs 3 descriptors */
    if (rc < 0) {
        virtio_give_up(d); /* reset: the device forgets the ring */
        virtq_free(&k->q);
        return rc;
    }

    k->seg_bytes = BLK_REQ_MAX;
    if (k->features & BLK_F_SIZE_MAX) {
        uint32_t sm = config32(d, BLK_CFG_SIZE_MAX);

        /* below a sector, nonsense: taken as a sector */
        if (sm > 0 && sm < k->seg_bytes)
            k->seg_bytes = sm < BLK_SECTOR ? BLK_SECTOR : sm;
    }
    max_segs = k->q.size - 2u;
    if (k->features & BLK_F_SEG_MAX) {
        uint32_t sg = config32(d, BLK_CFG_SEG_MAX);

        if (sg > 0 && sg < max_segs)
            max_segs = sg;
    }
    req = (uint64_t)max_segs * k->seg_bytes;
    if (req > BLK_REQ_MAX)
        req = BLK_REQ_MAX;
    req -= req % k->sector_size;
    k->req_bytes = req ? (uint32_t)req : k->sector_size;

    virtio_driver_ok(d);
    blk_get_id(k);
    return 0;
}

/* Sets up every unclaimed virtio disk, once. */
static void blk_scan(void)
{
    if (scanned)
        return;
    scanned = true;
    for (size_t i = 0; i < virtio_count() && ndisks < VIRTIO_MAX_DEVICES; i++) {
        struct virtio_dev *d = virtio_at(i);
        struct blk_disk *k;

        if (!d || d->device_id != VIRTIO_ID_BLOCK || d->claimed)
            continue;
        k = &disks[ndisks++];
        k->error = blk_setup(k, d);
        if (k->error < 0)
            mirage_log_warn(&virtio_blk_log,
                            "%s: the virtio disk could not be set up (error "
                            "%d); it is not used",
                            d->where, -k->error);
    }
}

/* Whether a name can be bound to (k). */
static bool usable(const struct blk_disk *k)
{
    return k->error == 0 && !k->broken;
}

static int bind_disk(struct blk_disk *k, const char *name,
                     struct plat_block_info *info)
{
    if (!k->bound) {
        k->bound = strdup(name);
        if (!k->bound)
            return -ENOMEM;
        k->dev->claimed = true;
    }
    info->capacity = k->capacity;
    info->sector_size = k->sector_size;
    info->read_only = (k->features & BLK_F_RO) != 0;
    return (int)(k - disks);
}

int plat_block_find(const char *name, struct plat_block_info *info)
{
    if (!name || !info)
        return -EINVAL;
    blk_scan();
    for (size_t i = 0; i < ndisks; i++)
        if (disks[i].bound && strcmp(disks[i].bound, name) == 0)
            return bind_disk(&disks[i], name, info);
    if (name[0] != '\0')
        for (size_t i = 0; i < ndisks; i++)
            if (usable(&disks[i]) && !disks[i].bound &&
                strcmp(disks[i].serial, name) == 0)
                return bind_disk(&disks[i], name, info);
    for (size_t i = 0; i < ndisks; i++)
        if (usable(&disks[i]) && !disks[i].bound && disks[i].serial[0] == '\0')
            return bind_disk(&disks[i], name, info);
    return -ENOENT;
}

/* The disk of (handle) that a name is bound to, or NULL. */
static struct blk_disk *disk_of(int handle)
{
    if (handle < 0 || (size_t)handle >= ndisks || !disks[handle].bound)
        return NULL;
    return &disks[handle];
}

static int transfer(int handle, uint32_t type, uint64_t offset, const void *buf,
                    size_t len)
{
    struct blk_disk *k = disk_of(handle);
    const char *p = buf;

    if (!k)
        return -EBADF;
    if (k->broken)
        return -EIO;
    if (offset > k->capacity || len > k->capacity - offset)
        return -ERANGE;
    if (len == 0)
        return 0;
    if (offset % k->sector_size || len % k->sector_size)
        return -EINVAL;
    if (type == BLK_T_OUT && (k->features & BLK_F_RO))
        return -EROFS;
    while (len > 0) {
        size_t chunk = len < k->req_bytes ? len : k->req_bytes;
        unsigned n = 1;
        int rc;

        k->hdr =
            (struct blk_req_hdr){.type = type, .sector = offset / BLK_SECTOR};
        bufs[0] = (struct virtq_buf){&k->hdr, sizeof(k->hdr)};
        for (size_t done = 0; done < chunk; n++) {
            size_t seg = chunk - done;

            if (seg > k->seg_bytes)
                seg = k->seg_bytes;
            bufs[n] = (struct virtq_buf){p + done, (uint32_t)seg};
            done += seg;
        }
        bufs[n] = (struct virtq_buf){&k->status, 1};
        if (type == BLK_T_IN)
            rc = blk_submit(k, 1, n); /* data and status */
        else
            rc = blk_submit(k, n, 1); /* header and data; status */
        if (rc < 0)
            return rc == -ENOTSUP ? -EIO : rc;
        p += chunk;
        offset += chunk;
        len -= chunk;
    }
    return 0;
}

int plat_block_read(int handle, uint64_t offset, void *buf, size_t len)
{
    return transfer(handle, BLK_T_IN, offset, buf, len);
}

int plat_block_write(int handle, uint64_t offset, const void *buf, size_t len)
{
    return transfer(handle, BLK_T_OUT, offset, buf, len);
}

int plat_block_flush(int handle)
{
    struct blk_disk *k = disk_of(handle);

    if (!k)
        return -EBADF;
    if (k->broken)
        return -EIO;
    if (!(k->features & BLK_F_FLUSH))
        return 0; /* the device writes through */
    k->hdr = (struct blk_req_hdr){.type = BLK_T_FLUSH};
    bufs[0] = (struct virtq_buf){&k->hdr, sizeof(k->hdr)};
    bufs[1] = (struct virtq_buf){&k->status, 1};
    return blk_submit(k, 1, 1) < 0 ? -EIO : 0;
}
