/* SPDX-License-Identifier: ISC */
/* unikernel.c: timeout1 waits for a task of random length, up to a limit. */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(timeout1_log, "timeout1", "the timeout1 unikernel");

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

/* The task: sleeps, then resolves its promise with "Heads". */
struct task {
    struct mirage_time *clock;
    uint64_t sleep_ns;
    struct mirage_promise done;
};

static int task_run(void *arg)
{
    struct task *task = arg;
    int rc = mirage_time_sleep_ns(task->clock, task->sleep_ns);

    if (rc < 0)
        return rc; /* cancelled */
    return mirage_promise_resolve(&task->done, 0, (void *)"Heads");
}

int timeout1_start(struct mirage_time *clock, int seed)
{
    struct task task = {clock, 0, MIRAGE_PROMISE_INIT};
    struct mirage_fiber_attr attr = {"task", 0};
    struct mirage_fiber *fiber;
    uint32_t ms;

    rng_state = (uint32_t)seed;
    /* 25 to 275 ms in steps of 50: never close to the timeout */
    ms = 25 + 50 * rng_below(6);
    task.sleep_ns = ms * MS;
    mirage_log_debug(&timeout1_log,
                     "the task takes %u ms, the timeout is %d ms", (unsigned)ms,
                     TIMEOUT_MS);
    if (mirage_fiber_spawn(&fiber, task_run, &task, &attr) < 0)
        return 1;
    if (mirage_time_sleep_ns(clock, TIMEOUT_MS * MS) < 0) {
        mirage_fiber_cancel(fiber);
        mirage_fiber_join(fiber, NULL, MIRAGE_FOREVER);
        return 1;
    }
    /* the timeout has passed: take the result if there is one */
    if (task.done.resolved) {
        mirage_log_info(&timeout1_log, "Returned \"%s\"",
                        (const char *)task.done.data);
    } else {
        mirage_fiber_cancel(fiber);
        mirage_log_info(&timeout1_log, "Cancelled");
    }
    return mirage_fiber_join(fiber, NULL, MIRAGE_FOREVER) < 0;
}
