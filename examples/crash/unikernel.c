/* SPDX-License-Identifier: ISC */
/* unikernel.c: crash ends itself as --crash says, for the crash report. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage_main.h"

/*
 * The pointer and values are volatile so that the compiler cannot see the
 * fault coming: it compiles each crash as the plain machine operation (a
 * store, a call, a compare) instead of a trap or nothing at all.
 */
static int *volatile crash_null_pointer;
static volatile int crash_expected = 41;
static volatile int crash_depth_limit; /* 0: recurse without a limit */

/*
 * Stores through a NULL pointer: a page fault on the write. Left to the
 * CPU even in a toolkit built with --enable-sanitizers (whose unix images
 * get UBSan, which would stop the store first with its own report).
 */
__attribute__((noinline, no_sanitize("undefined"))) static void
crash_write_null(void)
{
    *crash_null_pointer = 42;
}

/* Calls abort(). */
__attribute__((noinline)) static void crash_call_abort(void)
{
    abort();
}

/* Fails an assertion. */
__attribute__((noinline)) static void crash_assert(void)
{
    assert(crash_expected == 42);
}

/*
 * Recurses with 1 KiB frames until the stack runs out; the frame is read
 * after the call, so the recursion is no tail call that could become a loop.
 */
__attribute__((noinline)) static int crash_recurse(int depth)
{
    volatile char frame[1024];

    frame[0] = (char)depth;
    if (crash_depth_limit != 0 && depth >= crash_depth_limit)
        return 0;
    return crash_recurse(depth + 1) + frame[0];
}

/* Says what comes, on the console, before the report. */
static void say(const char *what)
{
    printf("crash: %s\n", what);
    fflush(stdout);
}

int crash_start(const char *crash)
{
    if (strcmp(crash, "null") == 0) {
        say("writing through a NULL pointer");
        crash_write_null();
    } else if (strcmp(crash, "abort") == 0) {
        say("calling abort()");
        crash_call_abort();
    } else if (strcmp(crash, "assert") == 0) {
        say("failing an assertion");
        crash_assert();
    } else if (strcmp(crash, "stack") == 0) {
        say("overflowing the stack");
        crash_recurse(0);
    } else {
        say("nothing to do (--crash=null|abort|assert|stack crashes)");
        return 0;
    }
    say("still alive: the crash did not happen");
    return 1;
}
