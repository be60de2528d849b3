/* SPDX-License-Identifier: ISC */
/* tap.h: the TAP producer of every C test, on the host or in a guest. */
#ifndef MIRAGE_TESTS_TAP_H
#define MIRAGE_TESTS_TAP_H

/*
 * The core (points, skips, comments, the plan, the time limits' scale)
 * needs only printf and strcmp, so a test that runs inside a unikernel
 * includes this header too (a freestanding build, with the runtime's libc
 * and MIRAGE_FS_CONSOLE_STDIO); what needs a hosted C library (the
 * environment, SIGALRM) is compiled only when __STDC_HOSTED__ says so.
 * The shell tests print the same TAP through tests/lib.sh.
 */
#include <stdio.h>
#include <string.h>
#if __STDC_HOSTED__
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#endif

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
 * Records one skipped test point: "ok N - DESCRIPTION # SKIP WHY". (why)
 * is a string saying what this host or build lacks; the rest names the
 * point as in TAP_OK. Only for what cannot run here, never for a failure.
 */
#define TAP_SKIP(why, ...)                                                     \
    do {                                                                       \
        const char *tap_why_ = (why);                                          \
        tap_count++;                                                           \
        printf("ok %d - ", tap_count);                                         \
        printf(__VA_ARGS__);                                                   \
        printf(" # SKIP %s\n", tap_why_);                                      \
    } while (0)

/*
 * Records a point of a known bug: "not ok N - DESCRIPTION # TODO WHY" while
 * (ok) is false; once the bug is gone, "ok ... # TODO", which the harness
 * reports as an unexpected pass, so that the marker is removed. Not a
 * failure of the test.
 */
#define TAP_TODO(ok, why, ...)                                                 \
    do {                                                                       \
        int tap_todo_ok_ = (ok);                                               \
        const char *tap_todo_why_ = (why);                                     \
        tap_count++;                                                           \
        printf("%sok %d - ", tap_todo_ok_ ? "" : "not ", tap_count);           \
        printf(__VA_ARGS__);                                                   \
        printf(" # TODO %s\n", tap_todo_why_);                                 \
    } while (0)

/* A skipped test point without a description: "ok N # SKIP WHY". */
static inline void tap_skip_plain(const char *why)
{
    tap_count++;
    printf("ok %d # SKIP %s\n", tap_count, why);
}

/* Prints one line of diagnostics, a TAP comment: "# " and the format. */
#define TAP_DIAG(...)                                                          \
    do {                                                                       \
        printf("# ");                                                          \
        printf(__VA_ARGS__);                                                   \
        printf("\n");                                                          \
    } while (0)

/*
 * The plan of a test that cannot run at all here, "1..0 # SKIP WHY", in
 * place of every point; returns the exit status (0). Print no point before.
 */
static inline int tap_skip_all(const char *why)
{
    printf("1..0 # SKIP %s\n", why);
    return 0;
}

/*
 * (text) read as a MIRAGE_TEST_TIMEOUT_SCALE, as tests/lib.sh reads it: a
 * whole number from 1 (at most 10000); 3 when (text) is NULL, empty or not
 * such a number. A guest, which has no environment, may read it from an
 * argument.
 */
static inline unsigned tap_timeout_scale_of(const char *text)
{
    const char *s = text;
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

/*
 * The scale of every time limit of a test: MIRAGE_TEST_TIMEOUT_SCALE of
 * the environment (3 in a freestanding build, which has none). A limit
 * only stops what hangs, never measures.
 */
static inline unsigned tap_timeout_scale(void)
{
#if __STDC_HOSTED__
    return tap_timeout_scale_of(getenv("MIRAGE_TEST_TIMEOUT_SCALE"));
#else
    return tap_timeout_scale_of(NULL);
#endif
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

#if __STDC_HOSTED__
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
#endif

/* Prints the plan; returns the process exit status. */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
