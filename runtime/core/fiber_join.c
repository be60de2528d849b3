/* SPDX-License-Identifier: ISC */
/* fiber_join.c: waiting for fibers to end: join, join_all and pick. */
#include <errno.h>

#include <mirage/fiber.h>

#include "sched_impl.h"
#include "sleep.h"

/* Joins (f) by (deadline); as mirage_fiber_join. */
static int join_until(struct mirage_fiber *f, int *result, uint64_t deadline)
{
    struct mirage_fiber *self = core_sched_self();

    if (!f)
        return -EINVAL;
    if (f == self)
        return -EDEADLK;
    while (f->state != CORE_FIBER_ENDED) {
        int rc;
        if (!self)
            return -EPERM;
        rc = core_sched_wait(&f->joiners, deadline, true);
        if (rc < 0 && f->state != CORE_FIBER_ENDED)
            return rc;
    }
    if (result)
        *result = f->result;
    core_sched_free(f);
    return 0;
}

int mirage_fiber_join(struct mirage_fiber *fiber, int *result,
                      uint64_t timeout_ns)
{
    return join_until(fiber, result, core_deadline_after_ns(timeout_ns));
}

int mirage_fiber_join_all(struct mirage_fiber **fibers, size_t n, int *results,
                          uint64_t timeout_ns)
{
    uint64_t deadline = core_deadline_after_ns(timeout_ns);
    int rc = 0;

    if (n > 0 && !fibers)
        return -EINVAL;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!fibers[i])
            continue;
        rc = join_until(fibers[i], results ? &results[i] : NULL, deadline);
        if (rc == 0)
            fibers[i] = NULL;
    }
    if (rc == 0)
        return 0;
    /* free those that did end; the others stay for the caller */
    for (size_t i = 0; i < n; i++)
        if (fibers[i] && fibers[i]->state == CORE_FIBER_ENDED) {
            join_until(fibers[i], results ? &results[i] : NULL, 0);
            fibers[i] = NULL;
        }
    return rc;
}

/* The index of the fiber of (fibers) that ended first, or -1. */
static int first_ended(struct mirage_fiber **fibers, size_t n)
{
    int best = -1;

    for (size_t i = 0; i < n; i++)
        if (fibers[i]->state == CORE_FIBER_ENDED &&
            (best < 0 || fibers[i]->end_seq < fibers[best]->end_seq))
            best = (int)i;
    return best;
}

void core_pick_ended(struct mirage_fiber *f)
{
    struct core_pick *pick = f->pick;

    if (!pick->decided) {
        pick->decided = true;
        for (size_t i = 0; i < pick->n; i++)
            if (pick->fibers[i] != f)
                mirage_fiber_cancel(pick->fibers[i]);
    }
    mirage_cond_broadcast(&pick->any);
}

int mirage_fiber_pick(struct mirage_fiber **fibers, size_t n, int *result,
                      uint64_t timeout_ns)
{
    uint64_t deadline = core_deadline_after_ns(timeout_ns);
    struct core_pick pick = {MIRAGE_COND_INIT, fibers, n, false};
    struct mirage_fiber *self = core_sched_self();
    int winner, rc = 0;

    if (n == 0 || !fibers || n > INT32_MAX)
        return -EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!fibers[i] || fibers[i] == self)
            return -EINVAL;
    winner = first_ended(fibers, n);
    for (size_t i = 0; i < n && !self; i++)
        if (fibers[i]->state != CORE_FIBER_ENDED)
            return -EPERM; /* outside a fiber: nothing to wait with */
    /* from here, the first to end cancels the others as it ends */
    for (size_t i = 0; i < n; i++)
        fibers[i]->pick = &pick;
    while (winner < 0) {
        rc = core_sched_wait(&pick.any, deadline, true);
        winner = first_ended(fibers, n);
        if (rc < 0)
            break;
    }
    /* the others: cancel, and wait for their cleanup whatever happens */
    for (size_t i = 0; i < n; i++) {
        fibers[i]->pick = NULL;
        if ((int)i != winner)
            mirage_fiber_cancel(fibers[i]);
    }
    for (size_t i = 0; i < n; i++)
        while (fibers[i]->state != CORE_FIBER_ENDED)
            core_sched_wait(&fibers[i]->joiners, MIRAGE_FOREVER, false);
    if (winner >= 0 && result)
        *result = fibers[winner]->result;
    for (size_t i = 0; i < n; i++) {
        join_until(fibers[i], NULL, 0);
        fibers[i] = NULL;
    }
    return winner >= 0 ? winner : rc;
}
