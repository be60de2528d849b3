/* SPDX-License-Identifier: ISC */
/* suite.c: the block conformance suite, for every implementation of block. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "conformance.h"
#include "mirage_main.h"

/* The pattern of sector (s) with (size) bytes: unlike any other sector's. */
static void fill(unsigned char *p, uint64_t s, uint32_t size, unsigned char k)
{
    for (uint32_t i = 0; i < size; i++)
        p[i] = i < 8 ? (unsigned char)(s >> (8 * i))
                     : (unsigned char)(s * 13 + i + k);
}

/* Whether the (n) sectors at (buf) from (s) hold the pattern of key (k). */
static bool holds(const unsigned char *buf, uint64_t s, size_t n, uint32_t size,
                  unsigned char k, unsigned char *tmp)
{
    for (size_t j = 0; j < n; j++) {
        fill(tmp, s + j, size, k);
        if (memcmp(buf + j * size, tmp, size) != 0)
            return false;
    }
    return true;
}

/* Whether (n) bytes at (p) are all zero. */
static bool zeros(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* Size, round trips, range and argument errors of a read-write disk. */
static void read_write(struct mirage_block *d,
                       const struct mirage_block_info *in, unsigned char *w,
                       unsigned char *r, unsigned char *t)
{
    uint32_t ss = in->sector_size;
    uint64_t n = in->sectors, last = n - 1;

    fill(w, 0, ss, 1);
    fill(w + ss, 1, ss, 1);
    CONF_RC(mirage_block_write(d, 0, w, 2), 0, "write 2 sectors at 0");
    memset(r, 0, 2 * (size_t)ss);
    CONF_RC(mirage_block_read(d, 0, r, 2), 0, "read them back");
    TAP_OK(holds(r, 0, 2, ss, 1, t), "what was written is read back");
    fill(w, last, ss, 2);
    CONF_RC(mirage_block_write(d, last, w, 1), 0, "write the last sector");
    fill(w, last - 2, ss, 2);
    fill(w + ss, last - 1, ss, 2);
    CONF_RC(mirage_block_write(d, last - 2, w, 2), 0,
            "write the 2 sectors before it");
    CONF_RC(mirage_block_read(d, last - 2, r, 3), 0,
            "read the last 3 sectors in one call");
    TAP_OK(holds(r, last - 2, 3, ss, 2, t), "they read back as written");
    CONF_RC(mirage_block_read(d, 0, r, 1), 0, "read sector 0 again");
    TAP_OK(holds(r, 0, 1, ss, 1, t), "sector 0 kept its bytes");

    /* whole requests only: one sector too many changes nothing */
    fill(w, last, ss, 3);
    fill(w + ss, n, ss, 3);
    CONF_RC(mirage_block_write(d, last, w, 2), -ERANGE,
            "write of 2 sectors from the last: -ERANGE");
    CONF_RC(mirage_block_read(d, last, r, 1), 0, "read the last sector");
    TAP_OK(holds(r, last, 1, ss, 2, t),
           "the refused write left the last sector untouched");
    CONF_RC(mirage_block_write(d, n, w, 1), -ERANGE,
            "write at the sector count: -ERANGE");
    CONF_RC(mirage_block_write(d, UINT64_MAX, w, 1), -ERANGE,
            "write at sector 2^64-1: -ERANGE");
    CONF_RC(mirage_block_write(d, n, w, 0), 0,
            "write of 0 sectors at the sector count: 0");
    CONF_RC(mirage_block_write(d, n + 1, w, 0), -ERANGE,
            "write of 0 sectors past the sector count: -ERANGE");
    CONF_RC(mirage_block_write(d, 0, NULL, 1), -EINVAL,
            "write from NULL: -EINVAL");
    CONF_RC(mirage_block_write(d, n + 5, NULL, 1), -EINVAL,
            "write from NULL past the end: -EINVAL before -ERANGE");
    CONF_RC(mirage_block_flush(d), 0, "flush: 0");
    CONF_RC(mirage_block_read(d, last - 2, r, 3), 0,
            "read the last 3 sectors after the flush");
    TAP_OK(holds(r, last - 2, 3, ss, 2, t), "they still hold what was written");
}

/* Resizing, where the implementation can: kept, zeroed, refused sizes. */
static void resize(struct mirage_block *d, const struct mirage_block_info *in,
                   unsigned char *r, unsigned char *t)
{
    struct mirage_block_info now;
    uint32_t ss = in->sector_size;
    uint64_t n = in->sectors;
    int rc = mirage_block_resize(d, n + 1);

    if (rc == -ENOTSUP) {
        CONF_RC(rc, -ENOTSUP,
                "resize: -ENOTSUP (this implementation "
                "cannot resize)");
        return;
    }
    CONF_RC(rc, 0, "resize to one sector more: 0");
    CONF_RC(mirage_block_info(d, &now), 0, "info after the resize");
    TAP_OK(now.sectors == n + 1 && now.sector_size == ss,
           "info reports one sector more, of the same size");
    CONF_RC(mirage_block_read(d, n, r, 1), 0, "read the new sector");
    TAP_OK(zeros(r, ss), "the new sector reads as zeros");
    CONF_RC(mirage_block_read(d, n - 1, r, 1), 0, "read the old last sector");
    TAP_OK(holds(r, n - 1, 1, ss, 2, t), "the old last sector kept its bytes");
    CONF_RC(mirage_block_resize(d, n), 0, "resize back: 0");
    CONF_RC(mirage_block_read(d, n, r, 1), -ERANGE,
            "the removed sector reads as -ERANGE");
    CONF_RC(mirage_block_resize(d, UINT64_MAX), -EFBIG,
            "resize to 2^64-1 sectors: -EFBIG");
    CONF_RC(mirage_block_info(d, &now), 0, "info after the refused resize");
    TAP_OK(now.sectors == n, "the refused resize changed nothing");
}

/* A read-only disk refuses every write, before checking its range. */
static void read_only(struct mirage_block *d,
                      const struct mirage_block_info *in, unsigned char *w,
                      unsigned char *r)
{
    uint64_t n = in->sectors;

    memset(w, 0x5a, in->sector_size);
    CONF_RC(mirage_block_read(d, 0, r, 1), 0, "read sector 0");
    CONF_RC(mirage_block_write(d, 0, w, 1), -EROFS, "write: -EROFS");
    CONF_RC(mirage_block_write(d, 0, w, 0), -EROFS,
            "write of 0 sectors: -EROFS");
    CONF_RC(mirage_block_write(d, n + 5, w, 1), -EROFS,
            "write past the end: -EROFS before -ERANGE");
    CONF_RC(mirage_block_write(d, n + 5, NULL, 1), -EINVAL,
            "write from NULL past the end: -EINVAL before -EROFS");
    CONF_RC(mirage_block_resize(d, n + 1), -EROFS, "resize: -EROFS");
    CONF_RC(mirage_block_read(d, 0, w, 1), 0, "read sector 0 again");
    TAP_OK(memcmp(r, w, in->sector_size) == 0, "sector 0 is unchanged");
    CONF_RC(mirage_block_flush(d), 0, "flush: 0");
}

int suite_start(struct mirage_block *disk, int64_t sectors)
{
    struct mirage_block_info info = {0};
    unsigned char *w, *r, *t;
    uint64_t n;
    uint32_t ss;
    int rc;

    conf_begin();
    rc = mirage_block_info(disk, &info);
    CONF_RC(rc, 0, "info: 0");
    ss = info.sector_size;
    n = info.sectors;
    printf("# %llu sectors of %u bytes, %s\n", (unsigned long long)n,
           (unsigned)ss, info.read_write ? "read-write" : "read-only");
    TAP_OK(ss >= 512 && ss <= 65536 && (ss & (ss - 1)) == 0,
           "the sector size is a power of two from 512 to 65536");
    TAP_OK(n >= 4, "the disk has at least 4 sectors (the suite needs them)");
    if (sectors >= 0)
        TAP_OK(n == (uint64_t)sectors, "info reports the %lld sectors made",
               (long long)sectors);
    else
        CONF_SKIP("the runner does not know its size",
                  "info reports the sectors made");
    CONF_RC(mirage_block_info(disk, NULL), -EINVAL, "info into NULL: -EINVAL");
    if (rc < 0 || n < 4 || ss < 512 || ss > 65536)
        return conf_end();
    w = malloc(3 * (size_t)ss);
    r = malloc(3 * (size_t)ss);
    t = malloc(ss);
    if (!w || !r || !t) {
        TAP_OK(0, "room for 3 sectors of buffers");
        return conf_end();
    }

    /* what every disk does, read-write or not */
    CONF_RC(mirage_block_read(disk, 0, r, 3), 0, "read 3 sectors at 0");
    CONF_RC(mirage_block_read(disk, n - 1, r, 1), 0, "read the last sector");
    CONF_RC(mirage_block_read(disk, n, r, 1), -ERANGE,
            "read at the sector count: -ERANGE");
    CONF_RC(mirage_block_read(disk, n - 1, r, 2), -ERANGE,
            "read of 2 sectors from the last: -ERANGE");
    CONF_RC(mirage_block_read(disk, UINT64_MAX, r, 1), -ERANGE,
            "read at sector 2^64-1: -ERANGE");
    CONF_RC(mirage_block_read(disk, UINT64_MAX - 1, r, 2), -ERANGE,
            "read whose end wraps past 2^64: -ERANGE");
    CONF_RC(mirage_block_read(disk, 1, r, SIZE_MAX), -ERANGE,
            "read of 2^64-1 sectors: -ERANGE (no overflow)");
    CONF_RC(mirage_block_read(disk, n, r, 0), 0,
            "read of 0 sectors at the sector count: 0");
    CONF_RC(mirage_block_read(disk, n + 1, r, 0), -ERANGE,
            "read of 0 sectors past the sector count: -ERANGE");
    CONF_RC(mirage_block_read(disk, 0, NULL, 1), -EINVAL,
            "read into NULL: -EINVAL");
    CONF_RC(mirage_block_read(disk, 0, NULL, 0), -EINVAL,
            "read of 0 sectors into NULL: -EINVAL");
    CONF_RC(mirage_block_read(disk, n + 5, NULL, 1), -EINVAL,
            "read into NULL past the end: -EINVAL before -ERANGE");

    if (info.read_write) {
        read_write(disk, &info, w, r, t);
        resize(disk, &info, r, t);
    } else {
        read_only(disk, &info, w, r);
    }

    /* a disconnected device answers -ENODEV first, to everything */
    CONF_RC(mirage_block_disconnect(disk), 0, "disconnect: 0");
    CONF_RC(mirage_block_info(disk, &info), -ENODEV,
            "info after disconnect: -ENODEV");
    CONF_RC(mirage_block_read(disk, 0, r, 1), -ENODEV,
            "read after disconnect: -ENODEV");
    CONF_RC(mirage_block_write(disk, 0, w, 1), -ENODEV,
            "write after disconnect: -ENODEV");
    CONF_RC(mirage_block_read(disk, n + 5, NULL, 1), -ENODEV,
            "read into NULL past the end after disconnect: -ENODEV first");
    CONF_RC(mirage_block_write(disk, n + 5, NULL, 1), -ENODEV,
            "write from NULL past the end after disconnect: -ENODEV first");
    CONF_RC(mirage_block_flush(disk), -ENODEV,
            "flush after disconnect: -ENODEV");
    CONF_RC(mirage_block_resize(disk, n), -ENODEV,
            "resize after disconnect: -ENODEV");
    CONF_RC(mirage_block_disconnect(disk), -ENODEV,
            "disconnect again: -ENODEV");
    free(w);
    free(r);
    free(t);
    return conf_end();
}
