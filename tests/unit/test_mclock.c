/* SPDX-License-Identifier: ISC */
/* test_mclock.c: the `default` mclock device. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include <mirage/mclock.h>

#include "platform.h"
#include "tap.h"

#define MS 1000000ULL

int main(void)
{
    struct mirage_mclock *a = NULL, *b = NULL, *again = NULL, *dev;
    uint64_t t0, t1, prev, now, before, after, mark;
    int monotonic = 1, rc = 0, n = 0;
    char names[32][8];

    before = plat_clock_monotonic_ns(); /* the origin is after this */
    TAP_OK(mirage_mclock_default_connect(&a, "mclock") == 0 && a,
           "connect 'mclock'");
    TAP_OK(mirage_mclock_default_connect(&b, "other") == 0 && b && b != a,
           "connect 'other': a second device");
    TAP_OK(mirage_mclock_default_connect(&again, "mclock") == 0 && again == a,
           "connecting a name again: same device");
    TAP_OK(mirage_mclock_default_connect(&again, NULL) == -EINVAL &&
               mirage_mclock_default_connect(NULL, "x") == -EINVAL,
           "connect with a NULL argument: -EINVAL");
    if (!a || !b)
        return tap_done();
    TAP_STREQ(a->name, "mclock", "the device's name");

    /* each reading is bracketed by the platform clock's: exact bounds that
     * a slow host cannot break */
    mark = plat_clock_monotonic_ns();
    t0 = mirage_mclock_elapsed_ns(a);
    after = plat_clock_monotonic_ns();
    TAP_OK(t0 <= after - before,
           "elapsed time counts from the first connect (%llu ns, at most "
           "the %llu ns since just before it)",
           (unsigned long long)t0, (unsigned long long)(after - before));
    plat_sleep_until_ns(after + 20 * MS);
    t1 = mirage_mclock_elapsed_ns(a);
    after = plat_clock_monotonic_ns();
    TAP_OK(t1 - t0 >= 20 * MS && t1 - t0 <= after - mark,
           "a 20 ms sleep shows as 20 ms or more, as much as the platform "
           "clock saw at most (%llu ns, at most %llu)",
           (unsigned long long)(t1 - t0), (unsigned long long)(after - mark));
    now = mirage_mclock_elapsed_ns(b);
    prev = mirage_mclock_elapsed_ns(a);
    TAP_OK(t1 <= now && now <= prev,
           "both devices share one origin (a, then b, then a: %llu <= %llu "
           "<= %llu ns)",
           (unsigned long long)t1, (unsigned long long)now,
           (unsigned long long)prev);
    prev = mirage_mclock_elapsed_ns(a);
    for (int i = 0; i < 100000; i++) {
        now = mirage_mclock_elapsed_ns(a);
        if (now < prev)
            monotonic = 0;
        prev = now;
    }
    TAP_OK(monotonic, "10^5 readings never go back");
    TAP_OK(mirage_mclock_period_ns(a) == 0, "the period is unknown: 0");

    for (int i = 0; i < 32 && rc == 0; i++) {
        snprintf(names[i], sizeof(names[i]), "m%d", i);
        rc = mirage_mclock_default_connect(&dev, names[i]);
        n += rc == 0;
    }
    TAP_OK(rc == -ENOMEM && n >= 1, "too many devices: -ENOMEM after %d", n);
    return tap_done();
}
