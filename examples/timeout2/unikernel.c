/* SPDX-License-Identifier: ISC */
/* unikernel.c: timeout2 picks the first of a random-length task and a timeout.
 */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(timeout2_log, "timeout2", "the timeout2 unikernel");

#define MS         1000000ull
#define TIMEOUT_MS 200

/*
 * A small deterministic pseudo-random generator (there is no random device
 * yet): the same --seed gives the same numbers on every target.
 */
static uint32_t rng_state;

static uint32_t rng_below(uint32_t bound)
{
    uint32_t z = (rng_state += 0x9e3779b9u);

    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    return (z ^ (z >> 16)) % bound;
}

/* A fiber that sleeps; the word of the one that ends first is the outcome
 * (pick says which: both may end in one turn when the host is slow). */
struct sleeper {
    struct mirage_time *clock;
    uint64_t sleep_ns;
    const char *word; /* the result, or NULL for the timeout */
};

static int sleeper_run(void *arg)
{
    const struct sleeper *s = arg;
    int rc = mirage_time_sleep_ns(s->clock, s->sleep_ns);

    return rc < 0 ? rc : 0; /* < 0: cancelled, the other one ended first */
}

int timeout2_start(struct mirage_time *clock, int seed)
{
    const char *winner;
    struct sleeper sleepers[2] = {
        {clock, TIMEOUT_MS * MS, NULL}, /* the timeout */
        {clock, 0, "Heads"},            /* the task */
    };
    struct mirage_fiber_attr attr[2] = {{"timeout", 0}, {"task", 0}};
    struct mirage_fiber *fibers[2];
    int first, result;
    uint32_t ms;

    rng_state = (uint32_t)seed;
    /* 25 to 275 ms in steps of 50: never close to the timeout */
    ms = 25 + 50 * rng_below(6);
    sleepers[1].sleep_ns = ms * MS;
    mirage_log_debug(&timeout2_log,
                     "the task takes %u ms, the timeout is %d ms", (unsigned)ms,
                     TIMEOUT_MS);
    if (mirage_fiber_spawn(&fibers[0], sleeper_run, &sleepers[0], &attr[0]) < 0)
        return 1;
    if (mirage_fiber_spawn(&fibers[1], sleeper_run, &sleepers[1], &attr[1]) <
        0) {
        mirage_fiber_cancel(fibers[0]);
        mirage_fiber_join(fibers[0], NULL, MIRAGE_FOREVER);
        return 1;
    }
    first = mirage_fiber_pick(fibers, 2, &result, MIRAGE_FOREVER);
    if (first < 0 || result < 0)
        return 1;
    winner = sleepers[first].word;
    if (winner)
        mirage_log_info(&timeout2_log, "Returned \"%s\"", winner);
    else
        mirage_log_info(&timeout2_log, "Timeout");
    return 0;
}
