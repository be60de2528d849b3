/* SPDX-License-Identifier: ISC */
/* unikernel.c: clock tells the wall-clock and monotonic time, 100 ms apart. */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(clock_log, "clock", "the speaking clock");

int clock_start(struct mirage_time *timer, struct mirage_mclock *mclock,
                struct mirage_pclock *pclock, int count)
{
    char text[MIRAGE_PCLOCK_RFC3339_LEN];
    int64_t seconds;
    uint64_t ps, elapsed;
    int rc;

    if (count < 0) {
        mirage_log_err(&clock_log, "--count must not be negative (%d)", count);
        return 1;
    }
    for (int i = 1; i <= count; i++) {
        rc = mirage_pclock_now(pclock, &seconds, &ps);
        if (rc == 0)
            rc = mirage_pclock_rfc3339(seconds, ps, text, sizeof(text));
        if (rc < 0) {
            mirage_log_err(&clock_log, "cannot read the wall clock (%d)", rc);
            return 1;
        }
        elapsed = mirage_mclock_elapsed_ns(mclock);
        mirage_log_info(&clock_log,
                        "tick %d: the time is %s, %llu.%03llu ms elapsed", i,
                        text, (unsigned long long)(elapsed / 1000000),
                        (unsigned long long)(elapsed / 1000 % 1000));
        if (i < count && mirage_time_sleep_ns(timer, 100000000ull) < 0)
            return 1;
    }
    return 0;
}
