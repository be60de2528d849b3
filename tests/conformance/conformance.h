/* SPDX-License-Identifier: ISC */
/* conformance.h: what the device suites share: TAP points and errno checks. */
#ifndef MIRAGE_TESTS_CONFORMANCE_H
#define MIRAGE_TESTS_CONFORMANCE_H

/*
 * A suite is portable C over the public headers (mirage/*.h) alone: the
 * same source runs in a unikernel of every target, so it uses only what
 * the freestanding C library has (printf, the string functions, malloc).
 * Its TAP points go to the console; tests/conformance/common.sh relays
 * them, each prefixed with the target and the implementation.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mirage/error.h>

#include "tap.h"

/*
 * One point: the call's result (got) is (want), 0 or a negative errno
 * value (or a count); on a mismatch, both with their names as diagnostics.
 */
#define CONF_RC(got, want, ...)                                                \
    do {                                                                       \
        int conf_g_ = (got), conf_w_ = (want);                                 \
        TAP_OK(conf_g_ == conf_w_, __VA_ARGS__);                               \
        if (conf_g_ != conf_w_)                                                \
            printf("# got %d: %s; want %d: %s\n", conf_g_,                     \
                   mirage_strerror(conf_g_), conf_w_,                          \
                   mirage_strerror(conf_w_));                                  \
    } while (0)

/* A point that cannot be checked here: ok, with the SKIP directive. */
#define CONF_SKIP(why, ...) TAP_SKIP((why), __VA_ARGS__)

/*
 * Starts a suite: on unix (a hosted C library) the console is a buffered
 * stdout, which the runtime's log lines share, so make it line-buffered
 * to keep every point on a line of its own.
 */
static inline void conf_begin(void)
{
#if __STDC_HOSTED__
    setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
#endif
}

/* Ends a suite: the plan; 0 when every point passed, else 1. */
static inline int conf_end(void)
{
    return tap_done();
}

#endif
