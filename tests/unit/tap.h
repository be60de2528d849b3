/* SPDX-License-Identifier: ISC */
/* tap.h: a minimal TAP producer for the C unit tests. */
#ifndef MIRAGE_TESTS_TAP_H
#define MIRAGE_TESTS_TAP_H

#include <stdio.h>
#include <string.h>

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

/* Prints the plan; returns the process exit status. */
static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
