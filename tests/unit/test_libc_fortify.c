/* SPDX-License-Identifier: ISC */
/* test_libc_fortify.c: the freestanding libc's __*_chk functions, time(). */
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "libc_test.h"
#include "tap.h"

/* libc_abort_jump, libc_abort_msg and the silent platform stubs:
 * libc_stubs.c. The wall clock that time() reads is this test's. */
static int64_t wall_ns;

int64_t mfs_plat_clock_wall_ns(void);
int64_t mfs_plat_clock_wall_ns(void)
{
    return wall_ns;
}

/* Whether the (n) bytes at (p) all equal (c). */
static int all(const unsigned char *p, size_t n, unsigned char c)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != c)
            return 0;
    return 1;
}

static void test_fits(void)
{
    unsigned char dst[32], src[32];
    void *r;

    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i * 7 + 1);
    memset(dst, 0xee, sizeof(dst));
    r = mfs___memcpy_chk(dst, src, 32, 32);
    TAP_OK(r == dst && memcmp(dst, src, 32) == 0,
           "__memcpy_chk copies a length equal to the destination's size");
    memset(dst, 0xee, sizeof(dst));
    r = mfs___memcpy_chk(dst, src, 5, 32);
    TAP_OK(r == dst && memcmp(dst, src, 5) == 0 && all(dst + 5, 27, 0xee),
           "__memcpy_chk copies a shorter length, and only that");
    r = mfs___memcpy_chk(dst, src, 0, 0);
    TAP_OK(r == dst && all(dst + 5, 27, 0xee),
           "__memcpy_chk copies nothing into a 0-byte destination");
    memset(dst, 0xee, sizeof(dst));
    r = mfs___memcpy_chk(dst, src, 32, SIZE_MAX);
    TAP_OK(r == dst && memcmp(dst, src, 32) == 0,
           "__memcpy_chk copies when the size is unknown (SIZE_MAX)");

    memcpy(dst, src, 32);
    r = mfs___memmove_chk(dst + 4, dst, 20, 28);
    TAP_OK(r == dst + 4 && memcmp(dst + 4, src, 20) == 0 &&
               memcmp(dst, src, 4) == 0,
           "__memmove_chk moves forward over an overlap");
    memcpy(dst, src, 32);
    r = mfs___memmove_chk(dst, dst + 4, 28, 32);
    TAP_OK(r == dst && memcmp(dst, src + 4, 28) == 0,
           "__memmove_chk moves backward over an overlap");

    memset(dst, 0xee, sizeof(dst));
    r = mfs___memset_chk(dst, 0x1234, 32, 32);
    TAP_OK(r == dst && all(dst, 32, 0x34),
           "__memset_chk fills the whole destination with (unsigned char)c");
    memset(dst, 0xee, sizeof(dst));
    r = mfs___memset_chk(dst + 8, 0, 8, 24);
    TAP_OK(r == dst + 8 && all(dst, 8, 0xee) && all(dst + 8, 8, 0) &&
               all(dst + 16, 16, 0xee),
           "__memset_chk fills a shorter length, and only that");
}

static void test_overflow(void)
{
    unsigned char dst[16], src[32];

    memset(src, 0x11, sizeof(src));
    memset(dst, 0xee, sizeof(dst));
    if (!setjmp(libc_abort_jump)) {
        mfs___memcpy_chk(dst, src, 17, 16);
        TAP_OK(0, "__memcpy_chk of 17 bytes into 16 returns");
    } else {
        TAP_STREQ(libc_abort_msg,
                  "buffer overflow detected: memcpy of 17 bytes into a "
                  "16-byte destination (a _FORTIFY_SOURCE check)",
                  "__memcpy_chk of 17 bytes into 16 ends the unikernel");
        TAP_OK(all(dst, 16, 0xee), "... before writing anything");
    }
    if (!setjmp(libc_abort_jump)) {
        mfs___memmove_chk(dst, src, 32, 16);
        TAP_OK(0, "__memmove_chk of 32 bytes into 16 returns");
    } else {
        TAP_STREQ(libc_abort_msg,
                  "buffer overflow detected: memmove of 32 bytes into a "
                  "16-byte destination (a _FORTIFY_SOURCE check)",
                  "__memmove_chk of 32 bytes into 16 ends the unikernel");
        TAP_OK(all(dst, 16, 0xee), "... before writing anything");
    }
    if (!setjmp(libc_abort_jump)) {
        mfs___memset_chk(dst, 0, 1, 0);
        TAP_OK(0, "__memset_chk of 1 byte into 0 returns");
    } else {
        TAP_STREQ(libc_abort_msg,
                  "buffer overflow detected: memset of 1 bytes into a "
                  "0-byte destination (a _FORTIFY_SOURCE check)",
                  "__memset_chk of 1 byte into 0 ends the unikernel");
        TAP_OK(all(dst, 16, 0xee), "... before writing anything");
    }
    if (!setjmp(libc_abort_jump)) {
        mfs___memset_chk(dst, 0, SIZE_MAX, SIZE_MAX - 1);
        TAP_OK(0, "__memset_chk of SIZE_MAX bytes into SIZE_MAX - 1 returns");
    } else {
        TAP_OK(all(dst, 16, 0xee),
               "__memset_chk of SIZE_MAX bytes into SIZE_MAX - 1 ends the "
               "unikernel, writing nothing");
    }
}

static void test_time(void)
{
    long t = 0;

    wall_ns = INT64_C(1700000000999999999);
    TAP_OK(mfs_time(NULL) == 1700000000L,
           "time(NULL) is the wall clock in seconds, rounded down");
    TAP_OK(mfs_time(&t) == 1700000000L && t == 1700000000L,
           "time(&t) stores the same value in t");
    wall_ns = 0;
    TAP_OK(mfs_time(NULL) == 0, "time() at the epoch is 0");
    wall_ns = -1;
    TAP_OK(mfs_time(NULL) == -1,
           "time() 1 ns before the epoch is -1 (rounded down, not to 0)");
    wall_ns = INT64_C(-2000000000);
    TAP_OK(mfs_time(NULL) == -2, "time() 2 s before the epoch is -2");
}

int main(void)
{
    test_fits();
    test_overflow();
    test_time();
    return tap_done();
}
