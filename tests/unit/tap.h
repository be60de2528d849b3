/* SPDX-License-Identifier: ISC */
/* tap.h: a minimal TAP producer for the C unit tests. */
#ifndef MIRAGE_TESTS_TAP_H
#define MIRAGE_TESTS_TAP_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int tap_count;
static int tap_failed;

/* Records one test point: (ok) is the verdict, the rest names it. */
#define TAP_OK(ok, ...)                                                        \
    do {                                                                       \
        int tap_ok_ = (ok);                                                    \
        tap_count++;                                                           \
        if (!tap_ok_)                                                          \
            tap_failed++;                                                      \
        printf("%sok %d - ", tap_ok_ ? "" : "not ", tap_count);                \
        printf(__VA_ARGS__);                                                   \
        printf("\n");                                                          \
        if (!tap_ok_)                                                          \
            printf("# failed at %s:%d\n", __FILE__, __LINE__);                 \
    } while (0)

/* Compares two strings; on mismatch prints both as TAP diagnostics. */
#define TAP_STREQ(got, want, ...)                                              \
    do {                                                                       \
        const char *tap_g_ = (got), *tap_w_ = (want);                          \
        int tap_eq_ = tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0;         \
        TAP_OK(tap_eq_, __VA_ARGS__);                                          \
        if (!tap_eq_)                                                          \
            printf("# got:  \"%s\"\n# want: \"%s\"\n",                         \
                   tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)");    \
    } while (0)

/*
 * MIRAGE_TEST_TIMEOUT_SCALE, read as tests/lib.sh reads it: a whole number
 * from 1 (at most 10000), 3 when unset or not one. Every time limit of a
 * test is multiplied by it; a limit only stops what hangs, never measures.
 */
static inline unsigned tap_timeout_scale(void)
{
    const char *s = getenv("MIRAGE_TEST_TIMEOUT_SCALE");
    unsigned v = 0;

    if (!s || !*s)
        return 3;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 1000)
            return 3;
        v = v * 10 + (unsigned)(*s - '0');
    }
    return v >= 1 && v <= 10000 ? v : 3;
}

/* A time limit of (seconds), scaled: in seconds. */
static inline unsigned tap_scaled_s(unsigned seconds)
{
    return seconds * tap_timeout_scale();
}

/* A time limit of (ns) nanoseconds, scaled: in nanoseconds. */
static inline unsigned long long tap_scaled_ns(unsigned long long ns)
{
    return ns * tap_timeout_scale();
}

/* SIGALRM of tap_alarm: a TAP "Bail out!" (an error), then exit 1. */
static inline void tap_alarm_fired(int sig)
{
    static const char msg[] = "\nBail out! the test hangs: still running "
                              "at its time limit (MIRAGE_TEST_TIMEOUT_SCALE)\n";

    (void)sig;
    if (write(STDOUT_FILENO, msg, sizeof msg - 1) < 0)
        _exit(2);
    _exit(1);
}

/*
 * Ends the process with a TAP "Bail out!" if it still runs (seconds)
 * (scaled) from now, so that a hang fails the test instead of stopping
 * the suite. Call it first in main: it makes stdout line-buffered, so
 * that the points printed before the hang are not lost. A child that
 * sets an alarm of its own after fork() restores SIGALRM's default first.
 */
static inline void tap_alarm(unsigned seconds)
{
    setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
    signal(SIGALRM, tap_alarm_fired);
    alarm(tap_scaled_s(seconds));
}

/* Prints the plan; returns the process exit status. */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
