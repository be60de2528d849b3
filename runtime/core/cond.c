/* SPDX-License-Identifier: ISC */
/* cond.c: conditions: queues of fibers waiting for something to happen. */
#include <errno.h>

#include <mirage/fiber.h>

#include "sched_impl.h"
#include "sleep.h"

int mirage_cond_wait(struct mirage_cond *cond, uint64_t timeout_ns)
{
    if (!cond)
        return -EINVAL;
    if (!core_sched_self())
        return -EPERM;
    return core_sched_wait(cond, core_deadline_after_ns(timeout_ns), true);
}

void mirage_cond_signal(struct mirage_cond *cond)
{
    struct mirage_fiber *f = cond ? cond->head : NULL;

    if (f) {
        core_sched_wake(f, 0);
        f->signalled_by = cond; /* passed on if (f) is cancelled first */
    }
}

void mirage_cond_broadcast(struct mirage_cond *cond)
{
    /* each wake takes the fiber out of the queue */
    while (cond && cond->head)
        core_sched_wake(cond->head, 0);
}
