/* SPDX-License-Identifier: ISC */
/* promise.c: promises: resolved once, waited for by any number of fibers. */
#include <errno.h>

#include <mirage/fiber.h>

#include "sched_impl.h"
#include "sleep.h"

int mirage_promise_resolve(struct mirage_promise *p, int value, void *data)
{
    if (!p)
        return -EINVAL;
    if (p->resolved)
        return -EALREADY;
    p->resolved = true;
    p->value = value;
    p->data = data;
    mirage_cond_broadcast(&p->waiters);
    return 0;
}

int mirage_promise_wait(struct mirage_promise *p, int *value, void **data,
                        uint64_t timeout_ns)
{
    uint64_t deadline = core_deadline_after_ns(timeout_ns);

    if (!p)
        return -EINVAL;
    while (!p->resolved) {
        int rc;
        if (!core_sched_self())
            return -EPERM;
        rc = core_sched_wait(&p->waiters, deadline, true);
        if (rc < 0 && !p->resolved)
            return rc;
    }
    if (value)
        *value = p->value;
    if (data)
        *data = p->data;
    return 0;
}
