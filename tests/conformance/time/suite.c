/* SPDX-License-Identifier: ISC */
/* suite.c: the conformance suite of the time, mclock and pclock types. */
#include <stdint.h>

#include <mirage/fiber.h>

#include "conformance.h"
#include "mirage_main.h"

#define MS 1000000ull

/* 2020-01-01T00:00:00Z: a wall clock before it is not plausible. */
#define Y2020 1577836800ll

/* What a sleeper fiber needs, and what it saw. */
struct sleeper {
    struct mirage_time *clock;
    uint64_t ns;
    int *order, *next; /* its rank among the sleepers that woke */
};

static int sleeper_fn(void *arg)
{
    struct sleeper *s = arg;
    int rc = mirage_time_sleep_ns(s->clock, s->ns);

    *s->order = (*s->next)++;
    return rc;
}

/* mclock: never goes back, even across sleeps. */
static void check_mclock(struct mirage_mclock *mono, struct mirage_time *clock)
{
    uint64_t prev = mirage_mclock_elapsed_ns(mono), now, backs = 0;

    for (int i = 0; i < 10000; i++) {
        now = mirage_mclock_elapsed_ns(mono);
        if (now < prev)
            backs++;
        prev = now;
    }
    TAP_OK(backs == 0, "mclock: 10000 readings in a row never go back");
    for (int i = 0; i < 5; i++) {
        mirage_time_sleep_ns(clock, 1 * MS);
        now = mirage_mclock_elapsed_ns(mono);
        if (now < prev)
            backs++;
        prev = now;
    }
    TAP_OK(backs == 0, "mclock: nor across sleeps");
    printf("# mclock period: %llu ns\n",
           (unsigned long long)mirage_mclock_period_ns(mono));
}

/* time: a sleep lasts at least its duration, by the mclock. */
static void check_sleep(struct mirage_time *clock, struct mirage_mclock *mono)
{
    static const uint64_t lens[] = {0, 1, 1 * MS, 20 * MS};

    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        uint64_t t0 = mirage_mclock_elapsed_ns(mono), t1;
        int rc = mirage_time_sleep_ns(clock, lens[i]);

        t1 = mirage_mclock_elapsed_ns(mono);
        CONF_RC(rc, 0, "sleep %llu ns: 0", (unsigned long long)lens[i]);
        TAP_OK(t1 - t0 >= lens[i], "sleep %llu ns: at least that long (%llu)",
               (unsigned long long)lens[i], (unsigned long long)(t1 - t0));
    }
}

/* Sleeping fibers: woken in the order of their ends; timeouts, cancel. */
static void check_fibers(struct mirage_time *clock, struct mirage_mclock *mono)
{
    int next = 1, ra = 0, rb = 0, result = 1;
    /*
     * (a) starts first and sleeps longer: the scheduler must wake by
     * deadline, not by age. Each fiber takes its deadline at its first
     * step, so the margin (490 ms) is what a stalled host may take between
     * the two first steps without changing the order.
     */
    struct sleeper a = {clock, 500 * MS, &ra, &next};
    struct sleeper b = {clock, 10 * MS, &rb, &next};
    struct sleeper c = {clock, 60000 * MS, &ra, &next};
    struct mirage_fiber *fa, *fb, *fc;
    uint64_t t0;

    CONF_RC(mirage_fiber_spawn(&fa, sleeper_fn, &a, NULL), 0,
            "spawn a fiber that sleeps 500 ms");
    CONF_RC(mirage_fiber_spawn(&fb, sleeper_fn, &b, NULL), 0,
            "spawn one that sleeps 10 ms");
    CONF_RC(mirage_fiber_join(fa, &result, MIRAGE_FOREVER), 0,
            "join the first");
    CONF_RC(result, 0, "its sleep returned 0");
    CONF_RC(mirage_fiber_join(fb, &result, MIRAGE_FOREVER), 0,
            "join the second");
    CONF_RC(result, 0, "its sleep returned 0");
    TAP_OK(rb == 1 && ra == 2, "the shorter sleep ended first");

    /* a sleep of a minute: a join that times out, then a cancel */
    CONF_RC(mirage_fiber_spawn(&fc, sleeper_fn, &c, NULL), 0,
            "spawn a fiber that sleeps 60 s");
    t0 = mirage_mclock_elapsed_ns(mono);
    CONF_RC(mirage_fiber_join(fc, &result, 10 * MS), -ETIMEDOUT,
            "a join of 10 ms: -ETIMEDOUT");
    TAP_OK(mirage_mclock_elapsed_ns(mono) - t0 >= 10 * MS,
           "after at least 10 ms");
    mirage_fiber_cancel(fc);
    CONF_RC(mirage_fiber_join(fc, &result, MIRAGE_FOREVER), 0,
            "cancel it, then join it");
    CONF_RC(result, -ECANCELED, "its sleep returned -ECANCELED");
}

/* pclock: a plausible POSIX time. */
static void check_pclock(struct mirage_pclock *wall)
{
    int64_t s = 0;
    uint64_t ps = UINT64_MAX;
    int tz;

    CONF_RC(mirage_pclock_now(wall, &s, &ps), 0, "pclock now: 0");
    TAP_OK(s >= Y2020, "pclock: after 2020 (%lld s)", (long long)s);
    TAP_OK(ps < MIRAGE_PCLOCK_PS_PER_S,
           "pclock: picoseconds within the second");
    CONF_RC(mirage_pclock_now(wall, NULL, NULL), 0,
            "pclock now into NULL pointers: 0");
    CONF_RC(mirage_pclock_now(wall, &s, NULL), 0,
            "pclock now without picoseconds: 0");
    tz = mirage_pclock_tz_offset_s(wall);
    TAP_OK(tz >= -14 * 3600 && tz <= 14 * 3600,
           "pclock: a time zone offset within 14 hours (%d s)", tz);
    printf("# pclock period: %llu ps\n",
           (unsigned long long)mirage_pclock_period_ps(wall));
}

int suite_start(struct mirage_time *clock, struct mirage_mclock *mono,
                struct mirage_pclock *wall)
{
    conf_begin();
    check_mclock(mono, clock);
    check_sleep(clock, mono);
    check_fibers(clock, mono);
    check_pclock(wall);
    return conf_end();
}
