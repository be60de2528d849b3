/* SPDX-License-Identifier: ISC */
/* unikernel.c: heads1 joins two sleeping fibers: "Heads", then "Tails". */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(heads1_log, "heads1", "the heads1 unikernel");

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
        return rc;
    mirage_log_info(&heads1_log, "%s", side->word);
    return 0;
}

int heads1_start(struct mirage_time *clock)
{
    struct side sides[2] = {
        {clock, 100000000ull, "Heads"},
        {clock, 200000000ull, "Tails"},
    };
    struct mirage_fiber_attr attr[2] = {{"heads", 0}, {"tails", 0}};
    struct mirage_fiber *fibers[2];
    int results[2];

    /* both start at once: 200 ms in all, not 300 */
    if (mirage_fiber_spawn(&fibers[0], side_run, &sides[0], &attr[0]) < 0)
        return 1;
    if (mirage_fiber_spawn(&fibers[1], side_run, &sides[1], &attr[1]) < 0) {
        mirage_fiber_join(fibers[0], NULL, MIRAGE_FOREVER);
        return 1;
    }
    if (mirage_fiber_join_all(fibers, 2, results, MIRAGE_FOREVER) < 0 ||
        results[0] < 0 || results[1] < 0)
        return 1;
    mirage_log_info(&heads1_log, "Finished");
    return 0;
}
