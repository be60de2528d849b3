/* SPDX-License-Identifier: ISC */
/* unikernel.c: heads2 picks the first of two sleeping fibers: "Heads". */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(heads2_log, "heads2", "the heads2 unikernel");

/* One side of the coin: a fiber that sleeps, then says its word. */
struct side {
    struct mirage_time *clock;
    uint64_t sleep_ns;
    const char *word;
};

static int side_run(void *arg)
{
    const struct side *side = arg;
    int rc = mirage_time_sleep_ns(side->clock, side->sleep_ns);

    if (rc < 0)
        return rc; /* cancelled: the other side won */
    mirage_log_info(&heads2_log, "%s", side->word);
    return 0;
}

int heads2_start(struct mirage_time *clock)
{
    struct side sides[2] = {
        {clock, 100000000ull, "Heads"},
        {clock, 200000000ull, "Tails"},
    };
    struct mirage_fiber_attr attr[2] = {{"heads", 0}, {"tails", 0}};
    struct mirage_fiber *fibers[2];
    int first, result;

    if (mirage_fiber_spawn(&fibers[0], side_run, &sides[0], &attr[0]) < 0)
        return 1;
    if (mirage_fiber_spawn(&fibers[1], side_run, &sides[1], &attr[1]) < 0) {
        mirage_fiber_join(fibers[0], NULL, MIRAGE_FOREVER);
        return 1;
    }
    /* the first to end wins; the other is cancelled before it speaks */
    first = mirage_fiber_pick(fibers, 2, &result, MIRAGE_FOREVER);
    if (first < 0 || result < 0)
        return 1;
    mirage_log_debug(&heads2_log, "%s won", attr[first].name);
    mirage_log_info(&heads2_log, "Finished");
    return 0;
}
