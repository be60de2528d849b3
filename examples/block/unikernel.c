/* SPDX-License-Identifier: ISC */
/* unikernel.c: block writes a pattern to every sector, then checks it. */
#include <stdint.h>
#include <string.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(block_log, "block", "the block example");

/* One batch of sectors moves in one call; sized for sectors up to 4096. */
#define BATCH_BYTES 65536u

static unsigned char wbuf[BATCH_BYTES], rbuf[BATCH_BYTES];

/*
 * The pattern of sector (s): its number as 8 little-endian bytes, then
 * bytes that depend on the sector and the offset. A sector that was not
 * written, or was written at the wrong place, does not match.
 */
static void fill_sector(unsigned char *p, uint64_t s, uint32_t size)
{
    for (uint32_t i = 0; i < size; i++)
        p[i] =
            i < 8 ? (unsigned char)(s >> (8 * i)) : (unsigned char)(s * 7 + i);
}

/* Fills (n) sectors from (first) into (buf). */
static void fill(unsigned char *buf, uint64_t first, uint64_t n, uint32_t size)
{
    for (uint64_t k = 0; k < n; k++)
        fill_sector(buf + k * size, first + k, size);
}

int block_start(struct mirage_block *disk)
{
    struct mirage_block_info info;
    uint64_t batch, batches = 0;
    int rc;

    rc = mirage_block_info(disk, &info);
    if (rc < 0) {
        mirage_log_err(&block_log, "%s: no information: %s", disk->name,
                       strerror(-rc));
        return 1;
    }
    mirage_log_info(&block_log, "%s: %llu sectors of %u bytes, %s", disk->name,
                    (unsigned long long)info.sectors,
                    (unsigned)info.sector_size,
                    info.read_write ? "read-write" : "read-only");
    if (!info.read_write) {
        mirage_log_err(&block_log, "%s: the disk is read-only; cannot test it",
                       disk->name);
        return 1;
    }
    if (info.sector_size == 0 || info.sector_size > BATCH_BYTES) {
        mirage_log_err(&block_log, "%s: unusable sector size %u", disk->name,
                       (unsigned)info.sector_size);
        return 1;
    }
    batch = BATCH_BYTES / info.sector_size;

    /* write every sector, one batch per call */
    for (uint64_t s = 0; s < info.sectors; s += batch) {
        uint64_t n = info.sectors - s < batch ? info.sectors - s : batch;
        fill(wbuf, s, n, info.sector_size);
        rc = mirage_block_write(disk, s, wbuf, (size_t)n);
        if (rc < 0) {
            mirage_log_err(&block_log, "%s: writing sectors %llu-%llu: %s",
                           disk->name, (unsigned long long)s,
                           (unsigned long long)(s + n - 1), strerror(-rc));
            return 1;
        }
        batches++;
    }
    rc = mirage_block_flush(disk);
    if (rc < 0) {
        mirage_log_err(&block_log, "%s: flush: %s", disk->name, strerror(-rc));
        return 1;
    }

    /* read them back and compare */
    for (uint64_t s = 0; s < info.sectors; s += batch) {
        uint64_t n = info.sectors - s < batch ? info.sectors - s : batch;
        rc = mirage_block_read(disk, s, rbuf, (size_t)n);
        if (rc < 0) {
            mirage_log_err(&block_log, "%s: reading sectors %llu-%llu: %s",
                           disk->name, (unsigned long long)s,
                           (unsigned long long)(s + n - 1), strerror(-rc));
            return 1;
        }
        fill(wbuf, s, n, info.sector_size);
        for (uint64_t k = 0; k < n; k++)
            if (memcmp(rbuf + k * info.sector_size, wbuf + k * info.sector_size,
                       info.sector_size) != 0) {
                mirage_log_err(&block_log, "%s: sector %llu reads back wrong",
                               disk->name, (unsigned long long)(s + k));
                return 1;
            }
    }

    /* a request past the end must be refused; strerror says why (on every
     * target: the freestanding libc has it too) */
    rc = mirage_block_read(disk, info.sectors, rbuf, 1);
    if (rc >= 0) {
        mirage_log_err(&block_log, "%s: a read past the end succeeded",
                       disk->name);
        return 1;
    }
    mirage_log_info(&block_log, "%s: a read past the end is refused: %s",
                    disk->name, strerror(-rc));
    mirage_log_info(&block_log,
                    "%s: wrote and verified %llu sectors (%llu bytes) in %llu "
                    "batches of up to %llu sectors",
                    disk->name, (unsigned long long)info.sectors,
                    (unsigned long long)(info.sectors * info.sector_size),
                    (unsigned long long)batches, (unsigned long long)batch);
    return 0;
}
