/* SPDX-License-Identifier: ISC */
/* test_fiber.c: fibers, the scheduler, timers, conditions and promises. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <mirage/fiber.h>
#include <mirage/hooks.h>

#include "core/sched.h"
#include "core/sched_impl.h"
#include "core/sleep.h"
#include "platform.h"
#include "tap.h"

#define MS 1000000ULL

/* A string literal as a fiber's or hook's argument. */
#define STR(s) ((void *)(uintptr_t)(s))

/* What the fibers of a test did, in order, as text. */
static char trace[8192];
static size_t trace_len;

static void trace_reset(void)
{
    trace_len = 0;
    trace[0] = '\0';
}

static void note(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(trace + trace_len, sizeof(trace) - trace_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        trace_len += (size_t)n < sizeof(trace) - trace_len
                         ? (size_t)n
                         : sizeof(trace) - trace_len - 1;
}

static uint64_t now_ns(void)
{
    return plat_clock_monotonic_ns();
}

/* --- ordering ---------------------------------------------------------- */

static int yielder(void *arg)
{
    const char *name = arg;

    for (int i = 0; i < 3; i++) {
        note("%s%d ", name, i);
        if (mirage_yield() != 0)
            return -1;
    }
    return 0;
}

static int case_fifo(void *unused)
{
    struct mirage_fiber *f[3];
    int results[3] = {-9, -9, -9}, rc = 0;

    (void)unused;
    rc |= mirage_fiber_spawn(&f[0], yielder, STR("A"), NULL);
    rc |= mirage_fiber_spawn(&f[1], yielder, STR("B"), NULL);
    rc |= mirage_fiber_spawn(&f[2], yielder, STR("C"), NULL);
    TAP_OK(rc == 0, "fifo: three fibers spawned");
    note("M ");
    mirage_yield();
    note("m ");
    rc = mirage_fiber_join_all(f, 3, results, MIRAGE_FOREVER);
    TAP_OK(rc == 0 && results[0] == 0 && results[1] == 0 && results[2] == 0,
           "fifo: join_all of the yielders");
    TAP_OK(f[0] == NULL && f[1] == NULL && f[2] == NULL,
           "fifo: join_all cleared the slots");
    return 0;
}

static void test_fifo(void)
{
    trace_reset();
    core_sched_run_main(case_fifo, NULL);
    TAP_STREQ(trace, "M A0 B0 C0 m A1 B1 C1 A2 B2 C2 ",
              "fifo: spawned fibers run in order; yields interleave");
}

/* --- sleeping ---------------------------------------------------------- */

/* The origin of the sleepers' deadlines: one for all, so that how long
 * each takes to start (a loaded host) cannot change their order. */
static uint64_t sleep_origin;

static int sleeper(void *arg)
{
    unsigned ms = (unsigned)(uintptr_t)arg;
    int rc = core_sleep_until_ns(sleep_origin + ms * MS);

    if (rc != 0)
        return rc;
    note("%u ", ms);
    return now_ns() >= sleep_origin + ms * MS ? 0 : 1; /* 1: woke early */
}

static int case_sleep_order(void *unused)
{
    static const unsigned ms[] = {50, 10, 40, 20, 30, 10};
    struct mirage_fiber *f[6];
    int results[6];

    (void)unused;
    sleep_origin = now_ns();
    for (size_t i = 0; i < 6; i++)
        mirage_fiber_spawn(&f[i], sleeper, (void *)(uintptr_t)ms[i], NULL);
    TAP_OK(mirage_fiber_join_all(f, 6, results, MIRAGE_FOREVER) == 0,
           "sleep: all sleepers joined");
    for (size_t i = 0; i < 6; i++)
        TAP_OK(results[i] == 0,
               "sleep: the %u ms sleeper slept at least %u ms (result %d)",
               ms[i], ms[i], results[i]);
    return 0;
}

static void test_sleep_order(void)
{
    trace_reset();
    core_sched_run_main(case_sleep_order, NULL);
    TAP_STREQ(trace, "10 10 20 30 40 50 ",
              "sleep: sleepers wake in deadline order, a tie (two 10 ms "
              "deadlines, the same) in spawn order");
}

/* --- join, join_all ---------------------------------------------------- */

static int return_arg(void *arg)
{
    return (int)(intptr_t)arg;
}

static int sleep_then_return(void *arg)
{
    int ms = (int)(intptr_t)arg;
    int rc = mirage_sleep_ns((uint64_t)ms * MS);

    return rc == 0 ? ms : rc;
}

static int case_join(void *unused)
{
    struct mirage_fiber *f, *fs[4];
    int result = -1, results[4] = {-1, -1, -1, -1}, rc;
    uint64_t start;

    (void)unused;
    mirage_fiber_spawn(&f, return_arg, (void *)(intptr_t)42, NULL);
    rc = mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(rc == 0 && result == 42, "join: the fiber's result (%d, %d)", rc,
           result);
    TAP_OK(mirage_fiber_join(NULL, NULL, 0) == -EINVAL, "join NULL: -EINVAL");

    mirage_fiber_spawn(&f, sleep_then_return, (void *)(intptr_t)1000, NULL);
    start = now_ns();
    rc = mirage_fiber_join(f, &result, 20 * MS);
    TAP_OK(rc == -ETIMEDOUT, "join: a timeout gives -ETIMEDOUT (%d)", rc);
    TAP_OK(now_ns() - start >= 20 * MS, "join: waited at least the timeout");
    mirage_fiber_cancel(f);
    rc = mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(rc == 0 && result == -ECANCELED,
           "join: the handle stayed valid; a cancelled fiber's result is "
           "-ECANCELED (%d)",
           result);

    for (int i = 0; i < 4; i++)
        mirage_fiber_spawn(&fs[i], sleep_then_return,
                           (void *)(intptr_t)(4 - i) /* ms */, NULL);
    rc = mirage_fiber_join_all(fs, 4, results, MIRAGE_FOREVER);
    TAP_OK(rc == 0 && results[0] == 4 && results[1] == 3 && results[2] == 2 &&
               results[3] == 1,
           "join_all: every result in its slot");

    mirage_fiber_spawn(&fs[0], sleep_then_return, (void *)(intptr_t)1, NULL);
    mirage_fiber_spawn(&fs[1], sleep_then_return, (void *)(intptr_t)5000, NULL);
    mirage_fiber_spawn(&fs[2], return_arg, (void *)(intptr_t)7, NULL);
    results[0] = results[1] = results[2] = -1;
    rc = mirage_fiber_join_all(fs, 3, results, 30 * MS);
    TAP_OK(rc == -ETIMEDOUT, "join_all: timeout gives -ETIMEDOUT (%d)", rc);
    TAP_OK(fs[0] == NULL && fs[2] == NULL && results[0] == 1 && results[2] == 7,
           "join_all: the fibers that ended are freed, results stored");
    TAP_OK(fs[1] != NULL, "join_all: the one still running stays valid");
    if (fs[1]) {
        mirage_fiber_cancel(fs[1]);
        rc = mirage_fiber_join_all(fs, 3, results, MIRAGE_FOREVER);
        TAP_OK(rc == 0 && results[1] == -ECANCELED && fs[1] == NULL,
               "join_all again skips NULL slots");
    }
    return 0;
}

static void test_join(void)
{
    core_sched_run_main(case_join, NULL);
}

/* --- pick -------------------------------------------------------------- */

static void cleanup_note(void *arg)
{
    note("c%d ", (int)(intptr_t)arg);
}

/* Sleeps (arg) ms, a cleanup handler noting it; returns 100 + ms. */
static int pick_sleeper(void *arg)
{
    int ms = (int)(intptr_t)arg;
    int rc;

    mirage_fiber_cleanup_push(cleanup_note, arg);
    rc = mirage_sleep_ns((uint64_t)ms * MS);
    if (rc == -ECANCELED)
        note("x%d ", ms);
    return rc == 0 ? 100 + ms : rc;
}

static int case_pick(void *unused)
{
    struct mirage_fiber *f[3];
    int result = -1, rc;
    uint64_t start;

    (void)unused;
    trace_reset();
    mirage_fiber_spawn(&f[0], pick_sleeper, (void *)(intptr_t)300, NULL);
    mirage_fiber_spawn(&f[1], pick_sleeper, (void *)(intptr_t)10, NULL);
    mirage_fiber_spawn(&f[2], pick_sleeper, (void *)(intptr_t)200, NULL);
    rc = mirage_fiber_pick(f, 3, &result, MIRAGE_FOREVER);
    TAP_OK(rc == 1 && result == 110, "pick: the first to end wins (%d, %d)", rc,
           result);
    TAP_OK(f[0] == NULL && f[1] == NULL && f[2] == NULL,
           "pick: every fiber freed");
    TAP_STREQ(trace, "c10 x300 c300 x200 c200 ",
              "pick: the winner's cleanup; then the losers were cancelled in "
              "their sleep and their cleanup ran");

    trace_reset();
    mirage_fiber_spawn(&f[0], pick_sleeper, (void *)(intptr_t)5000, NULL);
    mirage_fiber_spawn(&f[1], pick_sleeper, (void *)(intptr_t)6000, NULL);
    start = now_ns();
    result = -1;
    rc = mirage_fiber_pick(f, 2, &result, 20 * MS);
    TAP_OK(rc == -ETIMEDOUT && result == -1,
           "pick: timeout gives -ETIMEDOUT (%d)", rc);
    TAP_OK(now_ns() - start >= 20 * MS && f[0] == NULL && f[1] == NULL,
           "pick: after the timeout all were cancelled and freed");
    TAP_STREQ(trace, "x5000 c5000 x6000 c6000 ",
              "pick: the cancelled fibers' cleanup ran");

    mirage_fiber_spawn(&f[0], return_arg, (void *)(intptr_t)3, NULL);
    mirage_yield(); /* it ends first... */
    mirage_fiber_spawn(&f[1], return_arg, (void *)(intptr_t)4, NULL);
    mirage_yield(); /* ...then this one */
    rc = mirage_fiber_pick(f, 2, &result, 0);
    TAP_OK(rc == 0 && result == 3, "pick: of two ended fibers, the first");
    TAP_OK(mirage_fiber_pick(f, 0, &result, 0) == -EINVAL,
           "pick of no fiber: -EINVAL");
    return 0;
}

static void test_pick(void)
{
    core_sched_run_main(case_pick, NULL);
}

/* One side of a coin: sleeps (ms), then says (word); records its deadline
 * on the monotonic clock and how its sleep ended. */
struct coin_side {
    int ms;
    const char *word;
    uint64_t deadline;
    int sleep_rc;
};

static int coin_side(void *arg)
{
    struct coin_side *side = arg;

    side->deadline = now_ns() + (uint64_t)side->ms * MS;
    side->sleep_rc = mirage_sleep_ns((uint64_t)side->ms * MS);
    if (side->sleep_rc < 0)
        return side->sleep_rc;
    note("%s ", side->word);
    return side->ms;
}

/*
 * Both sides sleep; the caller busy-waits until both deadlines have passed
 * on the clock, so the scheduler's next poll wakes both in one turn. The
 * first to run wins; the other must be cancelled when the winner ends,
 * before it runs again: its sleep returns -ECANCELED and it never speaks.
 */
static int case_pick_stalled(void *unused)
{
    struct coin_side sides[2] = {{10, "heads", 0, 1}, {20, "tails", 0, 1}};
    struct mirage_fiber *f[2];
    uint64_t last;
    int result = -1, rc;

    (void)unused;
    trace_reset();
    mirage_fiber_spawn(&f[0], coin_side, &sides[0], NULL);
    mirage_fiber_spawn(&f[1], coin_side, &sides[1], NULL);
    mirage_yield(); /* both sleep now, their deadlines known */
    last = sides[0].deadline > sides[1].deadline ? sides[0].deadline
                                                 : sides[1].deadline;
    while (now_ns() <= last)
        ; /* the scheduler stalls: no fiber runs, no timer fires */
    note("| ");
    rc = mirage_fiber_pick(f, 2, &result, MIRAGE_FOREVER);
    TAP_OK(rc == 0 && result == 10,
           "pick, stalled: the first side wins (%d, %d)", rc, result);
    TAP_STREQ(trace, "| heads ",
              "pick, stalled: only the winner ran after the stall");
    TAP_OK(sides[0].sleep_rc == 0 && sides[1].sleep_rc == -ECANCELED,
           "pick, stalled: the loser's sleep, though its deadline passed, "
           "returned -ECANCELED (%d, %d)",
           sides[0].sleep_rc, sides[1].sleep_rc);
    return 0;
}

static void test_pick_stalled(void)
{
    core_sched_run_main(case_pick_stalled, NULL);
}

/* --- cancellation ------------------------------------------------------ */

static int cancel_sleeper(void *arg)
{
    int *sleep_rc = arg;

    mirage_fiber_cleanup_push(cleanup_note, (void *)(intptr_t)1);
    mirage_fiber_cleanup_push(cleanup_note, (void *)(intptr_t)2);
    mirage_fiber_cleanup_push(cleanup_note, (void *)(intptr_t)3);
    mirage_fiber_cleanup_push(cleanup_note, (void *)(intptr_t)4);
    mirage_fiber_cleanup_pop(false); /* 4: removed, not run */
    *sleep_rc = mirage_sleep_ns(10000 * MS);
    note(mirage_fiber_cancelled() ? "cancelled " : "not-cancelled ");
    note(mirage_yield() == -ECANCELED ? "yield-ecanceled " : "yield-ok ");
    return 5;
}

static int never_run(void *arg)
{
    (void)arg;
    note("ran ");
    return 0;
}

static int cond_waiter(void *arg)
{
    return mirage_cond_wait(arg, MIRAGE_FOREVER);
}

static int case_cancel(void *unused)
{
    struct mirage_cond cond = MIRAGE_COND_INIT;
    struct mirage_fiber *f;
    int sleep_rc = 0, result = 0;

    (void)unused;
    trace_reset();
    mirage_fiber_spawn(&f, cancel_sleeper, &sleep_rc, NULL);
    mirage_sleep_ns(1 * MS);
    mirage_fiber_cancel(f);
    mirage_fiber_cancel(f); /* twice is harmless */
    mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(sleep_rc == -ECANCELED, "cancel: the sleep returns -ECANCELED");
    TAP_STREQ(trace, "cancelled yield-ecanceled c3 c2 c1 ",
              "cancel: later waits fail too; cleanup runs LIFO at the end");
    TAP_OK(result == -ECANCELED, "cancel: the result is -ECANCELED");

    trace_reset();
    mirage_fiber_spawn(&f, never_run, NULL, NULL);
    mirage_fiber_cancel(f);
    mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(trace_len == 0 && result == -ECANCELED,
           "cancel before it starts: the function never runs");

    mirage_fiber_spawn(&f, return_arg, (void *)(intptr_t)9, NULL);
    mirage_yield();
    mirage_fiber_cancel(f); /* it ended already */
    result = 0;
    TAP_OK(mirage_fiber_join(f, &result, 0) == 0 && result == 9,
           "cancelling an ended fiber is harmless (result %d)", result);

    mirage_fiber_spawn(&f, cond_waiter, &cond, NULL);
    mirage_yield();
    mirage_fiber_cancel(f);
    mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(result == -ECANCELED && cond.head == NULL,
           "cancel: a condition wait ends, the condition is left empty");
    TAP_OK(!mirage_fiber_cancelled(), "main is not cancelled");
    mirage_fiber_cancel(NULL);
    return 0;
}

static void test_cancel(void)
{
    core_sched_run_main(case_cancel, NULL);
}

/* --- conditions and promises ------------------------------------------- */

static struct mirage_cond shared_cond = MIRAGE_COND_INIT;

static int numbered_waiter(void *arg)
{
    int rc = mirage_cond_wait(&shared_cond, MIRAGE_FOREVER);

    note("%d%s ", (int)(intptr_t)arg, rc == 0 ? "" : "!");
    return rc;
}

static int case_cond(void *unused)
{
    struct mirage_fiber *f[4];
    struct mirage_cond cond = MIRAGE_COND_INIT;
    int results[4];
    uint64_t start;
    int rc;

    (void)unused;
    trace_reset();
    for (int i = 0; i < 4; i++)
        mirage_fiber_spawn(&f[i], numbered_waiter, (void *)(intptr_t)i, NULL);
    mirage_yield(); /* all four wait now */
    mirage_cond_signal(&shared_cond);
    mirage_yield();
    note("| ");
    mirage_cond_signal(&shared_cond);
    mirage_yield();
    note("| ");
    mirage_cond_broadcast(&shared_cond);
    rc = mirage_fiber_join_all(f, 4, results, MIRAGE_FOREVER);
    TAP_STREQ(trace, "0 | 1 | 2 3 ",
              "cond: signal wakes the longest waiting; broadcast the rest");
    TAP_OK(rc == 0 && shared_cond.head == NULL && shared_cond.tail == NULL,
           "cond: empty after the broadcast");

    mirage_cond_signal(&cond); /* nobody waits: nothing is remembered */
    start = now_ns();
    rc = mirage_cond_wait(&cond, 20 * MS);
    TAP_OK(rc == -ETIMEDOUT && now_ns() - start >= 20 * MS,
           "cond: a wait times out with -ETIMEDOUT after its timeout (%d)", rc);
    TAP_OK(cond.head == NULL, "cond: the timed-out waiter left the queue");

    /* woken by a signal, then cancelled before it ran again */
    trace_reset();
    mirage_fiber_spawn(&f[0], numbered_waiter, (void *)(intptr_t)0, NULL);
    mirage_fiber_spawn(&f[1], numbered_waiter, (void *)(intptr_t)1, NULL);
    mirage_yield(); /* both wait now */
    mirage_cond_signal(&shared_cond);
    mirage_fiber_cancel(f[0]);
    /* a lost signal would leave 1 waiting: the timeout only ends a failure */
    rc = mirage_fiber_join_all(f, 2, results, 5000 * MS);
    TAP_OK(rc == 0 && results[0] == -ECANCELED && results[1] == 0,
           "cond: a waiter cancelled after its signal gets -ECANCELED; the "
           "signal goes to the next waiter (%d, %d, %d)",
           rc, results[0], results[1]);
    TAP_STREQ(trace, "0! 1 ", "cond: the signal was passed on");
    if (rc != 0) {
        mirage_fiber_cancel(f[1]);
        mirage_fiber_join_all(f, 2, results, MIRAGE_FOREVER);
    }
    return 0;
}

static void test_cond(void)
{
    struct mirage_cond cond = MIRAGE_COND_INIT;

    core_sched_run_main(case_cond, NULL);
    TAP_OK(mirage_cond_wait(&cond, 0) == -EPERM,
           "cond: waiting outside a fiber: -EPERM");
}

static struct mirage_promise shared_promise = MIRAGE_PROMISE_INIT;

static int promise_waiter(void *arg)
{
    int value = 0;
    void *data = NULL;
    int rc =
        mirage_promise_wait(&shared_promise, &value, &data, MIRAGE_FOREVER);

    return rc == 0 && data == arg ? value : -1000 + rc;
}

/* How wait_arg_promise's wait ended, and the value it got. */
static int arg_promise_rc = 1, arg_promise_value;

/* Waits for the promise (arg). */
static int wait_arg_promise(void *arg)
{
    arg_promise_rc =
        mirage_promise_wait(arg, &arg_promise_value, NULL, MIRAGE_FOREVER);
    return arg_promise_rc;
}

static int case_promise(void *unused)
{
    static int token;
    struct mirage_promise p = MIRAGE_PROMISE_INIT;
    struct mirage_fiber *f[2];
    int results[2] = {0, 0}, value = 0, rc;
    void *data = NULL;
    uint64_t start;

    (void)unused;
    mirage_fiber_spawn(&f[0], promise_waiter, &token, NULL);
    mirage_fiber_spawn(&f[1], promise_waiter, &token, NULL);
    mirage_yield();
    TAP_OK(mirage_promise_resolve(&shared_promise, 5, &token) == 0,
           "promise: resolve");
    TAP_OK(mirage_promise_resolve(&shared_promise, 6, NULL) == -EALREADY,
           "promise: resolving twice gives -EALREADY");
    mirage_fiber_join_all(f, 2, results, MIRAGE_FOREVER);
    TAP_OK(results[0] == 5 && results[1] == 5,
           "promise: every waiter got the first value and data");
    rc = mirage_promise_wait(&shared_promise, &value, &data, 0);
    TAP_OK(rc == 0 && value == 5 && data == &token,
           "promise: waiting for a resolved promise returns at once");

    start = now_ns();
    rc = mirage_promise_wait(&p, &value, NULL, 15 * MS);
    TAP_OK(rc == -ETIMEDOUT && now_ns() - start >= 15 * MS,
           "promise: a wait times out with -ETIMEDOUT (%d)", rc);

    /* resolved, then the waiter cancelled before it ran again */
    mirage_fiber_spawn(&f[0], wait_arg_promise, &p, NULL);
    mirage_yield(); /* it waits now */
    mirage_promise_resolve(&p, 8, NULL);
    mirage_fiber_cancel(f[0]);
    mirage_fiber_join(f[0], &results[0], MIRAGE_FOREVER);
    TAP_OK(arg_promise_rc == 0 && arg_promise_value == 8,
           "promise: resolved before the cancellation, the wait returns 0 "
           "(%d)",
           arg_promise_rc);
    TAP_OK(results[0] == -ECANCELED,
           "promise: the cancelled fiber's result is -ECANCELED all the same");
    return 0;
}

static void test_promise(void)
{
    core_sched_run_main(case_promise, NULL);
}

/* --- many fibers, deep stacks ------------------------------------------ */

#define MANY 10000
static unsigned long many_steps;

static int many_worker(void *arg)
{
    for (int i = 0; i < 3; i++) {
        many_steps++;
        mirage_yield();
    }
    return (int)(intptr_t)arg;
}

static int case_many(void *unused)
{
    static struct mirage_fiber *f[MANY];
    static int results[MANY];
    int rc = 0, ok = 1;

    (void)unused;
    many_steps = 0;
    for (int i = 0; i < MANY && rc == 0; i++)
        rc = mirage_fiber_spawn(&f[i], many_worker, (void *)(intptr_t)i, NULL);
    TAP_OK(rc == 0, "many: %d fibers spawned (%d)", MANY, rc);
    if (rc != 0)
        return 1;
    rc = mirage_fiber_join_all(f, MANY, results, MIRAGE_FOREVER);
    for (int i = 0; i < MANY; i++)
        ok &= results[i] == i;
    TAP_OK(rc == 0 && ok && many_steps == 3UL * MANY,
           "many: all %d fibers yielded 3 times and ended (%lu steps)", MANY,
           many_steps);
    /* detached fibers end and are freed without a join */
    for (int i = 0; i < 100 && rc == 0; i++)
        rc = mirage_fiber_spawn(NULL, many_worker, NULL, NULL);
    for (int i = 0; i < 10; i++)
        mirage_yield();
    TAP_OK(rc == 0 && many_steps == 3UL * MANY + 300,
           "many: 100 detached fibers ran to their end");
    return 0;
}

static void test_many(void)
{
    core_sched_run_main(case_many, NULL);
}

/* Recurses (depth) levels of about 512 bytes, yielding at the bottom. */
static int __attribute__((noinline)) recurse(int depth)
{
    volatile char buf[480];
    int sum;

    memset((char *)buf, depth & 0x7f, sizeof(buf));
    if (depth == 0) {
        mirage_yield(); /* the canary is checked here */
        return 0;
    }
    sum = recurse(depth - 1);
    return sum + buf[depth % sizeof(buf)];
}

static int deep(void *arg)
{
    int depth = (int)(intptr_t)arg;
    int want = 0;

    for (int d = 1; d <= depth; d++)
        want += d & 0x7f;
    return recurse(depth) == want ? 0 : 1;
}

static int case_deep(void *unused)
{
    struct mirage_fiber_attr big = {"big", 1024 * 1024};
    struct mirage_fiber *f;
    int result = -1;

    (void)unused;
    /* 96 levels: about 48 KiB of the 64 KiB default */
    mirage_fiber_spawn(&f, deep, (void *)(intptr_t)96, NULL);
    mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(result == 0, "deep: 48 KiB of recursion in a default fiber");
    result = -1;
    mirage_fiber_spawn(&f, deep, (void *)(intptr_t)1600, &big);
    mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(result == 0, "deep: 800 KiB of recursion in a 1 MiB fiber");
    return 0;
}

static void test_deep(void)
{
    core_sched_run_main(case_deep, NULL);
}

/* --- names, frames, registers ------------------------------------------ */

static int name_of(void *arg)
{
    TAP_STREQ(mirage_fiber_name(), arg, "name: mirage_fiber_name is \"%s\"",
              (const char *)arg);
    TAP_STREQ(core_sched_current_name(), arg,
              "name: core_sched_current_name agrees");
    TAP_OK(mirage_in_fiber(), "mirage_in_fiber: true in \"%s\"",
           (const char *)arg);
    return 0;
}

#if defined(__x86_64__) || defined(__aarch64__)
/* Walks the frame pointers up from here; 0 when it ends cleanly. */
static int __attribute__((noinline)) walk_frames(void *arg)
{
    struct mirage_fiber *self = core_sched_self();
    uintptr_t lo = core_fiber_stack_lo(self), hi = (uintptr_t)self;
    const uintptr_t *fp = __builtin_frame_address(0);
    int frames = 0;

    (void)arg;
    for (;;) {
        uintptr_t at = (uintptr_t)fp;
        if (at < lo || at + 2 * sizeof(uintptr_t) > hi || at % 8 != 0)
            return 1; /* left the stack: a broken chain */
        frames++;
        if (fp[0] == 0)
            return fp[1] == 0 && frames >= 2 ? 0 : 2;
        if (fp[0] <= at || frames > 64)
            return 3;
        fp = (const uintptr_t *)fp[0];
    }
}
#endif

#if defined(__x86_64__)
static unsigned get_mxcsr(void)
{
    unsigned v;

    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void set_mxcsr(unsigned v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

/* Sets its own rounding mode (arg) and checks it survives a yield. */
static int own_mxcsr(void *arg)
{
    unsigned want = (unsigned)(uintptr_t)arg;
    unsigned start = get_mxcsr();

    set_mxcsr(want);
    mirage_yield();
    mirage_yield();
    return start == 0x1f80 && get_mxcsr() == want ? 0 : 1;
}
#endif

static int case_names(void *unused)
{
    struct mirage_fiber_attr named = {"worker-7", 0};
    struct mirage_fiber_attr longer = {
        "a-name-much-longer-than-thirty-two-bytes", 0};
    struct mirage_fiber *f;
    int result = -1;

    (void)unused;
    TAP_STREQ(mirage_fiber_name(), "main", "name: the main fiber's");
    TAP_OK(mirage_in_fiber(), "mirage_in_fiber: true in the main fiber");
    mirage_fiber_spawn(&f, name_of, STR("worker-7"), &named);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    mirage_fiber_spawn(&f, name_of, STR("fiber"), NULL);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    mirage_fiber_spawn(&f, name_of, STR("a-name-much-longer-than-thirty-"),
                       &longer);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
#if defined(__x86_64__) || defined(__aarch64__)
    mirage_fiber_spawn(&f, walk_frames, NULL, NULL);
    mirage_fiber_join(f, &result, MIRAGE_FOREVER);
    TAP_OK(result == 0,
           "frames: the frame-pointer chain ends cleanly in the "
           "fiber's stack (%d)",
           result);
#else
    tap_skip_plain("frames: no frame-pointer walk on this architecture");
#endif
#if defined(__x86_64__)
    {
        struct mirage_fiber *g[2];
        int results[2] = {-1, -1};
        mirage_fiber_spawn(&g[0], own_mxcsr, (void *)(uintptr_t)0x7f80, NULL);
        mirage_fiber_spawn(&g[1], own_mxcsr, (void *)(uintptr_t)0x3f80, NULL);
        mirage_fiber_join_all(g, 2, results, MIRAGE_FOREVER);
        TAP_OK(results[0] == 0 && results[1] == 0 && get_mxcsr() == 0x1f80,
               "registers: each fiber keeps its own MXCSR");
    }
#else
    tap_skip_plain("registers: MXCSR is x86-64's");
#endif
    (void)result;
    return 0;
}

static void test_names(void)
{
    core_sched_run_main(case_names, NULL);
    TAP_STREQ(mirage_fiber_name(), "(none)", "name: outside any fiber");
    TAP_OK(!mirage_in_fiber(), "mirage_in_fiber: false outside any fiber");
    TAP_OK(core_sched_current_name() == NULL,
           "name: core_sched_current_name outside any fiber is NULL");
}

/* --- hooks and run_main ------------------------------------------------ */

static bool hooks_on;

static void hook_note(void *arg)
{
    if (hooks_on)
        note("%s", (const char *)arg);
}

static void exit_hook(void *arg)
{
    note("%s@%s ", (const char *)arg, mirage_fiber_name());
}

static void cleanup_main(void *arg)
{
    note("%s ", (const char *)arg);
}

static int case_hooks(void *unused)
{
    (void)unused;
    mirage_at_exit(exit_hook, STR("x1"));
    mirage_at_exit(exit_hook, STR("x2"));
    mirage_at_exit(exit_hook, STR("x3"));
    mirage_fiber_cleanup_push(cleanup_main, STR("main-cleanup"));
    note("start ");
    mirage_yield();
    note("end ");
    return 17;
}

static int busy(void *unused)
{
    (void)unused;
    mirage_yield();
    return 0;
}

static void test_hooks(void)
{
    int status;

    trace_reset();
    TAP_OK(mirage_at_exit(NULL, NULL) == -EINVAL, "hooks: NULL: -EINVAL");
    mirage_at_enter_iter(hook_note, STR("E"));
    mirage_at_enter_iter(hook_note, STR("e"));
    mirage_at_leave_iter(hook_note, STR("L"));
    hooks_on = true;
    status = core_sched_run_main(case_hooks, NULL);
    hooks_on = false;
    TAP_OK(status == 17, "run_main returns the main fiber's result (%d)",
           status);
    TAP_STREQ(trace,
              "Eestart L"
              "Eeend main-cleanup x3@main x2@main x1@main L",
              "hooks: enter/leave around each turn in registration order; "
              "main's cleanup, then at_exit LIFO in the main fiber");

    trace_reset();
    status = core_sched_run_main(busy, NULL);
    TAP_OK(status == 0 && trace_len == 0,
           "hooks: at_exit hooks ran once; leave/enter stay registered "
           "(silenced)");
}

/* Fibers still alive when main ends are abandoned, conditions left sane. */
static struct mirage_cond abandoned_cond = MIRAGE_COND_INIT;

static int wait_abandoned(void *unused)
{
    (void)unused;
    mirage_cond_wait(&abandoned_cond, MIRAGE_FOREVER);
    note("resumed ");
    return 0;
}

static int case_abandon(void *unused)
{
    (void)unused;
    mirage_fiber_spawn(NULL, wait_abandoned, NULL, NULL);
    mirage_fiber_spawn(NULL, sleep_then_return, (void *)(intptr_t)3600000,
                       NULL);
    mirage_yield();
    return 3;
}

/* main's end must not wait for them: a sleep of an hour and a wait
 * forever (reaching the next point at all, within main's tap_alarm,
 * is the proof). */
static void test_abandon(void)
{
    int status;

    trace_reset();
    status = core_sched_run_main(case_abandon, NULL);
    TAP_OK(status == 3,
           "abandon: main's end does not wait for the other fibers (a sleep "
           "of an hour, a wait forever; result %d)",
           status);
    TAP_OK(abandoned_cond.head == NULL && abandoned_cond.tail == NULL,
           "abandon: the waiters left their condition");
    mirage_cond_broadcast(&abandoned_cond);
    TAP_OK(trace_len == 0, "abandon: the abandoned fibers never run again");
}

/* --- outside the scheduler --------------------------------------------- */

static void test_outside(void)
{
    uint64_t start = now_ns();
    struct mirage_fiber *f;
    int result = -1;

    TAP_OK(mirage_yield() == 0, "outside: yield returns 0");
    TAP_OK(mirage_sleep_ns(5 * MS) == 0 && now_ns() - start >= 5 * MS,
           "outside: sleep blocks the whole program");
    TAP_OK(mirage_fiber_cleanup_push(cleanup_main, NULL) == -EPERM,
           "outside: cleanup_push: -EPERM");
    TAP_OK(mirage_fiber_spawn(&f, NULL, NULL, NULL) == -EINVAL,
           "spawn without a function: -EINVAL");
    /* spawned before the scheduler runs: runs in the first turn */
    trace_reset();
    mirage_fiber_spawn(&f, never_run, NULL, NULL);
    TAP_OK(mirage_fiber_join(f, &result, 0) == -EPERM,
           "outside: join of a fiber that has not ended: -EPERM");
    core_sched_run_main(busy, NULL);
    TAP_STREQ(trace, "ran ", "outside: a fiber spawned early runs");
}

int main(void)
{
    tap_alarm(60); /* a hang fails the test instead of stopping the suite */
    printf("# control block %zu bytes; default stack %d bytes\n",
           sizeof(struct mirage_fiber), CORE_FIBER_DEFAULT_STACK);
    test_fifo();
    test_sleep_order();
    test_join();
    test_pick();
    test_pick_stalled();
    test_cancel();
    test_cond();
    test_promise();
    test_many();
    test_deep();
    test_names();
    test_hooks();
    test_abandon();
    test_outside();
    return tap_done();
}
