/* SPDX-License-Identifier: ISC */
/* test_pclock.c: the `default` pclock device and RFC 3339 formatting. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <mirage/pclock.h>

#include "platform.h"
#include "tap.h"

static void test_device(void)
{
    struct mirage_pclock *a = NULL, *again = NULL;
    int64_t s = 0;
    uint64_t ps = 0;
    struct timespec host, host_after;

    TAP_OK(mirage_pclock_default_connect(&a, "pclock") == 0 && a,
           "connect 'pclock'");
    TAP_OK(mirage_pclock_default_connect(&again, "pclock") == 0 && again == a,
           "connecting a name again: same device");
    TAP_OK(mirage_pclock_default_connect(&again, NULL) == -EINVAL &&
               mirage_pclock_default_connect(NULL, "x") == -EINVAL,
           "connect with a NULL argument: -EINVAL");
    if (!a)
        return;
    TAP_STREQ(a->name, "pclock", "the device's name");
    /* bracketed by the host's clock: bounds a slow host cannot break */
    clock_gettime(CLOCK_REALTIME, &host);
    TAP_OK(mirage_pclock_now(a, &s, &ps) == 0, "now returns 0");
    clock_gettime(CLOCK_REALTIME, &host_after);
    TAP_OK(s >= host.tv_sec && s <= host_after.tv_sec,
           "seconds are the host's POSIX time (%lld, read between %lld and "
           "%lld)",
           (long long)s, (long long)host.tv_sec, (long long)host_after.tv_sec);
    TAP_OK(ps < MIRAGE_PCLOCK_PS_PER_S && ps % 1000 == 0,
           "picoseconds are below one second, from ns (%llu)",
           (unsigned long long)ps);
    TAP_OK(mirage_pclock_now(a, NULL, NULL) == 0,
           "now with NULL pointers returns 0");
    TAP_OK(mirage_pclock_tz_offset_s(a) == 0, "the time zone offset is 0");
    TAP_OK(mirage_pclock_period_ps(a) == 0, "the period is unknown: 0");
}

static void test_rfc3339(void)
{
    static const struct {
        int64_t s;
        uint64_t ps;
        const char *want;
    } cases[] = {
        {0, 0, "1970-01-01T00:00:00.000Z"},
        {951782400, 0, "2000-02-29T00:00:00.000Z"},
        {1709164800 + 86399, 999999999999ULL, "2024-02-29T23:59:59.999Z"},
        {1234567890, 123456789012ULL, "2009-02-13T23:31:30.123Z"},
        {-1, 750000000000ULL, "1969-12-31T23:59:59.750Z"},
        {-62167219200LL, 0, "0000-01-01T00:00:00.000Z"},
        {253402300799LL, 0, "9999-12-31T23:59:59.000Z"},
        {4107542400LL, 0, "2100-03-01T00:00:00.000Z"},
    };
    char buf[MIRAGE_PCLOCK_RFC3339_LEN];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int n =
            mirage_pclock_rfc3339(cases[i].s, cases[i].ps, buf, sizeof(buf));
        TAP_OK(n == 24, "rfc3339 of %lld returns 24 (%d)",
               (long long)cases[i].s, n);
        TAP_STREQ(n == 24 ? buf : NULL, cases[i].want, "rfc3339 of %lld",
                  (long long)cases[i].s);
    }
    TAP_OK(mirage_pclock_rfc3339(-62167219201LL, 0, buf, sizeof(buf)) ==
                   -ERANGE &&
               mirage_pclock_rfc3339(253402300800LL, 0, buf, sizeof(buf)) ==
                   -ERANGE,
           "years outside 0000..9999: -ERANGE");
    TAP_OK(mirage_pclock_rfc3339(0, MIRAGE_PCLOCK_PS_PER_S, buf, sizeof(buf)) ==
               -EINVAL,
           "a second's worth of picoseconds: -EINVAL");
    TAP_OK(mirage_pclock_rfc3339(0, 0, buf, sizeof(buf) - 1) == -ENOSPC,
           "a short buffer: -ENOSPC");

    /* every day from 1900 to 2200 agrees with the host's gmtime */
    {
        int agree = 1;

        for (int64_t s = -2208988800LL; s < 7258118400LL; s += 86400 + 3607) {
            time_t t = (time_t)s;
            struct tm tm;
            char host[32];

            gmtime_r(&t, &tm);
            strftime(host, sizeof(host), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
            mirage_pclock_rfc3339(s, 0, buf, sizeof(buf));
            if (strcmp(buf, host) != 0) {
                printf("# %lld: %s vs %s\n", (long long)s, buf, host);
                agree = 0;
                break;
            }
        }
        TAP_OK(agree, "1900..2200 in steps of 1d 1h 7s agrees with gmtime");
    }
}

int main(void)
{
    test_device();
    test_rfc3339();
    return tap_done();
}
