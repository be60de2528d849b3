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
    uint64_t t0, t1, prev, now;
    int monotonic = 1, rc = 0, n = 0;
    char names[32][8];

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

    t0 = mirage_mclock_elapsed_ns(a);
    TAP_OK(t0 < 1000 * MS,
           "elapsed time counts from the first connect (%llu "
           "ns)",
           (unsigned long long)t0);
    plat_sleep_until_ns(plat_clock_monotonic_ns() + 20 * MS);
    t1 = mirage_mclock_elapsed_ns(a);
    TAP_OK(t1 - t0 >= 20 * MS && t1 - t0 < 5000 * MS,
           "a 20 ms sleep shows as 20 ms or more (%llu ns)",
           (unsigned long long)(t1 - t0));
    now = mirage_mclock_elapsed_ns(b);
    TAP_OK(now >= t1 && now - t1 < 1000 * MS, "both devices share one origin");
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
