/* SPDX-License-Identifier: ISC */
/* block.c: mirage-hvt's disks: BLOCK_READ, BLOCK_WRITE, BLOCK_FLUSH. */
#include <errno.h>
#include <unistd.h>

#include "hvt.h"

static int64_t flush(const struct hvt_device *d)
{
    if (d->read_only)
        return 0; /* nothing was written */
    while (fdatasync(d->fd) != 0)
        if (errno != EINTR)
            return -errno;
    return 0;
}

/*
 * Reads or writes (b->len) bytes at (b->offset) of the disk: both
 * multiples of the sector size, inside the capacity; the buffer inside
 * guest memory. -EINVAL, -EFAULT, -EROFS, or the host's error.
 */
static int64_t transfer(struct hvt *h, unsigned nr, const struct hvt_device *d,
                        const struct mirage_hvt_block *b)
{
    uint64_t done = 0;

    if (b->offset % d->sector_size || b->len % d->sector_size ||
        b->offset > d->capacity || b->len > d->capacity - b->offset)
        return -EINVAL;
    if (!hvt_in_guest(h, b->data, b->len))
        return -EFAULT;
    if (nr == MIRAGE_HVT_BLOCK_WRITE && d->read_only)
        return -EROFS;
    while (done < b->len) {
        ssize_t n;
        if (nr == MIRAGE_HVT_BLOCK_READ)
            n = pread(d->fd, h->mem + b->data + done, b->len - done,
                      (off_t)(b->offset + done));
        else
            n = pwrite(d->fd, h->mem + b->data + done, b->len - done,
                       (off_t)(b->offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EIO;
        done += (uint64_t)n;
    }
    return 0;
}

void hvt_block_call(struct hvt *h, unsigned nr, uint64_t gpa)
{
    struct mirage_hvt_block b;
    const struct hvt_device *d;

    hvt_get_arg(h, nr, gpa, &b, sizeof b);
    d = hvt_device(h, b.handle, MIRAGE_TENDER_DEV_BLOCK);
    if (!d)
        b.ret = -EINVAL;
    else if (nr == MIRAGE_HVT_BLOCK_FLUSH)
        b.ret = flush(d);
    else
        b.ret = transfer(h, nr, d, &b);
    hvt_set_arg(h, gpa, &b, sizeof b);
}
