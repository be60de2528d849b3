/* SPDX-License-Identifier: ISC */
/* test_runtime_time.c: the default `time` device and the unix clocks. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include <mirage/mirage.h>
#include <mirage/time.h>

#include "core/sleep.h"
#include "platform.h"
#include "tap.h"

#define MS 1000000ULL

static void test_sleep(void)
{
    struct mirage_time *a = NULL, *b = NULL, *again = NULL;
    uint64_t before, after;
    int rc;

    rc = mirage_time_default_connect(&a, "clock");
    TAP_OK(rc == 0 && a != NULL, "connect 'clock'");
    rc = mirage_time_default_connect(&b, "other");
    TAP_OK(rc == 0 && b != NULL && b != a, "connect 'other': a second device");
    TAP_STREQ(a ? a->name : NULL, "clock", "first device's name");
    TAP_STREQ(b ? b->name : NULL, "other", "second device's name");
    rc = mirage_time_default_connect(&again, "clock");
    TAP_OK(rc == 0 && again == a, "connecting a name again: same device");
    TAP_OK(mirage_time_default_connect(&again, NULL) == -EINVAL,
           "connect without a name: -EINVAL");
    if (!a || !b)
        return;

    before = plat_clock_monotonic_ns();
    rc = mirage_time_sleep_ns(a, 20 * MS);
    after = plat_clock_monotonic_ns();
    TAP_OK(rc == 0, "sleep returns 0");
    TAP_OK(after - before >= 20 * MS,
           "sleeping 20 ms takes at least 20 ms (took %llu ns)",
           (unsigned long long)(after - before));

    before = plat_clock_monotonic_ns();
    rc = mirage_time_sleep_ns(b, 5 * MS);
    after = plat_clock_monotonic_ns();
    TAP_OK(rc == 0 && after - before >= 5 * MS, "the second device sleeps too");
    TAP_OK(mirage_time_sleep_ns(a, 0) == 0, "sleeping 0 ns returns");
}

static void test_limits(void)
{
    struct mirage_time *dev;
    char names[32][8];
    int rc = 0, n = 0;

    /* 2 devices exist already; fill the table, then one more */
    for (int i = 0; i < 32 && rc == 0; i++) {
        snprintf(names[i], sizeof(names[i]), "t%d", i);
        rc = mirage_time_default_connect(&dev, names[i]);
        if (rc == 0)
            n++;
    }
    TAP_OK(rc == -ENOMEM && n >= 1, "too many devices: -ENOMEM after %d", n);
}

static void test_clocks(void)
{
    uint64_t m1 = plat_clock_monotonic_ns(), m2;
    int64_t wall = plat_clock_wall_ns();

    plat_sleep_until_ns(m1 + 2 * MS);
    m2 = plat_clock_monotonic_ns();
    TAP_OK(m2 >= m1 + 2 * MS, "plat_sleep_until_ns waits for its deadline");
    plat_sleep_until_ns(0);
    TAP_OK(1, "a past deadline returns");
    /* 2020-01-01 as a sanity floor for the host's wall clock */
    TAP_OK(wall > 1577836800LL * 1000000000LL, "the wall clock is in UTC ns");
    TAP_OK(core_deadline_after_ns(UINT64_MAX) == UINT64_MAX,
           "a deadline saturates instead of wrapping");
}

int main(void)
{
    test_sleep();
    test_limits();
    test_clocks();
    return tap_done();
}
