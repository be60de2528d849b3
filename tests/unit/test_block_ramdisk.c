/* SPDX-License-Identifier: ISC */
/* test_block_ramdisk.c: the `ramdisk` implementation of the block device. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/block.h>

#include "runtime_capture.h"
#include "tap.h"

/* Fills (n) sectors from (sector) with bytes that depend on both. */
static void pattern(unsigned char *buf, uint64_t sector, size_t n,
                    unsigned seed)
{
    for (size_t i = 0; i < n * 512; i++)
        buf[i] = (unsigned char)((sector + i / 512) * 31 + i * 7 + seed);
}

/* True when all (len) bytes at (p) are zero. */
static int all_zero(const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i])
            return 0;
    return 1;
}

static void test_connect(void)
{
    struct mirage_block *a = NULL, *b = NULL, *again = NULL;
    struct mirage_block_info info;
    static const char *const bad[] = {
        "",     "abc",   "1000",
        "0",    "-512",  "512x",
        " 512", "0x200", "99999999999999999999999"};

    TAP_OK(mirage_block_ramdisk_connect(&a, "default", NULL) == 0 && a,
           "connect with the default size");
    TAP_OK(a && mirage_block_info(a, &info) == 0 && info.sector_size == 512 &&
               info.sectors == 2048 && info.read_write,
           "the default is 1048576 bytes: 2048 writable sectors of 512");
    TAP_STREQ(a ? a->name : NULL, "default", "the device has its name");
    TAP_OK(mirage_block_ramdisk_connect(&b, "small", "4096") == 0 && b &&
               b != a,
           "connect a second ramdisk");
    TAP_OK(b && mirage_block_info(b, &info) == 0 && info.sectors == 8,
           "4096 bytes are 8 sectors");
    TAP_OK(mirage_block_ramdisk_connect(&again, "small", "4096") == 0 &&
               again == b,
           "connecting a name again gives the same device");
    TAP_OK(mirage_block_ramdisk_connect(NULL, "x", "512") == -EINVAL &&
               mirage_block_ramdisk_connect(&again, NULL, "512") == -EINVAL,
           "connect without a device pointer or a name: -EINVAL");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        capture_reset();
        TAP_OK(mirage_block_ramdisk_connect(&again, "bad", bad[i]) == -EINVAL,
               "size '%s' is refused with -EINVAL", bad[i]);
    }
    TAP_OK(strstr(capture_out, "[block-ramdisk] bad: size") != NULL,
           "the refusal is logged under block-ramdisk, naming the device");
    TAP_OK(b && mirage_block_info(b, NULL) == -EINVAL,
           "info without a struct: -EINVAL");
}

static void test_io(void)
{
    struct mirage_block *d = NULL;
    unsigned char *w = malloc(64 * 512), *r = malloc(64 * 512);
    int ok = 1;

    if (mirage_block_ramdisk_connect(&d, "io", "32768") != 0 || !w || !r) {
        TAP_OK(0, "connect 'io' (64 sectors)");
        return;
    }
    memset(r, 0xaa, 64 * 512);
    TAP_OK(mirage_block_read(d, 0, r, 64) == 0 && all_zero(r, 64 * 512),
           "a new ramdisk reads as zeros");
    pattern(w, 0, 64, 1);
    TAP_OK(mirage_block_write(d, 0, w, 64) == 0,
           "write 64 sectors in one call");
    memset(r, 0, 64 * 512);
    TAP_OK(mirage_block_read(d, 0, r, 64) == 0 && memcmp(r, w, 64 * 512) == 0,
           "read them back in one call");
    for (uint64_t s = 0; s < 64 && ok; s += 8) {
        ok = mirage_block_read(d, s, r, 8) == 0 &&
             memcmp(r, w + s * 512, 8 * 512) == 0;
    }
    TAP_OK(ok, "and in batches of 8");
    pattern(w, 10, 5, 2);
    TAP_OK(mirage_block_write(d, 10, w, 5) == 0 &&
               mirage_block_read(d, 10, r, 5) == 0 &&
               memcmp(r, w, 5 * 512) == 0,
           "overwrite sectors 10 to 14");
    pattern(w, 9, 1, 1);
    TAP_OK(mirage_block_read(d, 9, r, 1) == 0 && memcmp(r, w, 512) == 0,
           "sector 9 is untouched");

    /* out of range, and overflow of sector + n */
    TAP_OK(mirage_block_read(d, 64, r, 1) == -ERANGE,
           "read of sector 64 of 64: -ERANGE");
    TAP_OK(mirage_block_read(d, 63, r, 2) == -ERANGE,
           "read across the end: -ERANGE");
    TAP_OK(mirage_block_read(d, UINT64_MAX, r, 1) == -ERANGE &&
               mirage_block_read(d, UINT64_MAX - 1, r, 2) == -ERANGE,
           "read at a sector near UINT64_MAX: -ERANGE, no wrap-around");
    TAP_OK(mirage_block_read(d, 1, r, SIZE_MAX) == -ERANGE,
           "read of SIZE_MAX sectors: -ERANGE");
    pattern(w, 0, 2, 9);
    TAP_OK(mirage_block_write(d, 63, w, 2) == -ERANGE &&
               mirage_block_write(d, UINT64_MAX, w, 2) == -ERANGE,
           "writes across the end or near UINT64_MAX: -ERANGE");
    pattern(w, 63, 1, 1);
    TAP_OK(mirage_block_read(d, 63, r, 1) == 0 && memcmp(r, w, 512) == 0,
           "a refused write changed nothing (no partial write)");
    TAP_OK(mirage_block_read(d, 64, r, 0) == 0 &&
               mirage_block_write(d, 0, w, 0) == 0,
           "zero sectors up to the end: 0");
    TAP_OK(mirage_block_read(d, 65, r, 0) == -ERANGE,
           "zero sectors past the end: -ERANGE");
    TAP_OK(mirage_block_read(d, 0, NULL, 1) == -EINVAL &&
               mirage_block_write(d, 0, NULL, 1) == -EINVAL &&
               mirage_block_read(d, 0, NULL, 0) == -EINVAL,
           "a NULL buffer: -EINVAL");
    TAP_OK(mirage_block_flush(d) == 0, "flush: 0");
    free(w);
    free(r);
}

static void test_resize(void)
{
    struct mirage_block *d = NULL, *again = NULL;
    struct mirage_block_info info;
    unsigned char w[16 * 512], r[16 * 512];

    if (mirage_block_ramdisk_connect(&d, "grow", "4096") != 0) {
        TAP_OK(0, "connect 'grow' (8 sectors)");
        return;
    }
    pattern(w, 0, 8, 3);
    TAP_OK(mirage_block_write(d, 0, w, 8) == 0, "fill 8 sectors");
    TAP_OK(mirage_block_resize(d, 16) == 0 &&
               mirage_block_info(d, &info) == 0 && info.sectors == 16,
           "resize to 16 sectors");
    TAP_OK(mirage_block_read(d, 0, r, 16) == 0 && memcmp(r, w, 8 * 512) == 0 &&
               all_zero(r + 8 * 512, 8 * 512),
           "growing keeps the data; new sectors are zero");
    TAP_OK(mirage_block_resize(d, 4) == 0 && mirage_block_info(d, &info) == 0 &&
               info.sectors == 4,
           "shrink to 4 sectors");
    TAP_OK(mirage_block_read(d, 0, r, 4) == 0 && memcmp(r, w, 4 * 512) == 0,
           "shrinking keeps the first sectors");
    TAP_OK(mirage_block_read(d, 4, r, 1) == -ERANGE,
           "a cut sector is out of range");
    TAP_OK(mirage_block_resize(d, 8) == 0 &&
               mirage_block_read(d, 4, r, 4) == 0 && all_zero(r, 4 * 512),
           "growing again gives zeros, not the old data");
    TAP_OK(mirage_block_resize(d, UINT64_MAX) == -EFBIG,
           "resize to UINT64_MAX sectors: -EFBIG");
    TAP_OK(mirage_block_info(d, &info) == 0 && info.sectors == 8 &&
               mirage_block_read(d, 0, r, 4) == 0 && memcmp(r, w, 4 * 512) == 0,
           "a refused resize leaves the disk as it was");
    TAP_OK(mirage_block_resize(d, 0) == 0 && mirage_block_info(d, &info) == 0 &&
               info.sectors == 0 && mirage_block_read(d, 0, r, 1) == -ERANGE,
           "resize to 0 sectors");

    TAP_OK(mirage_block_disconnect(d) == 0, "disconnect");
    TAP_OK(mirage_block_read(d, 0, r, 1) == -ENODEV &&
               mirage_block_write(d, 0, w, 1) == -ENODEV &&
               mirage_block_info(d, &info) == -ENODEV &&
               mirage_block_flush(d) == -ENODEV &&
               mirage_block_resize(d, 1) == -ENODEV,
           "a disconnected device answers -ENODEV");
    TAP_OK(mirage_block_disconnect(d) == -ENODEV,
           "disconnecting twice: -ENODEV");
    TAP_OK(mirage_block_ramdisk_connect(&again, "grow", "1024") == 0 &&
               mirage_block_info(again, &info) == 0 && info.sectors == 2 &&
               mirage_block_read(again, 0, r, 2) == 0 && all_zero(r, 2 * 512),
           "connecting the name again gives a new, zeroed disk");
}

int main(void)
{
    test_connect();
    test_io();
    test_resize();
    return tap_done();
}
