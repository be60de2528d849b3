/* SPDX-License-Identifier: ISC */
/* mclock.h: the `mclock` device type: a monotonic clock. */
#ifndef MIRAGE_MCLOCK_H
#define MIRAGE_MCLOCK_H

#include <stdint.h>

struct mirage_mclock;

/* Operations of an `mclock` implementation. */
struct mirage_mclock_ops {
    uint64_t (*elapsed_ns)(struct mirage_mclock *dev);
    uint64_t (*period_ns)(struct mirage_mclock *dev);
};

/* An `mclock` device: operations plus the implementation's own state. */
struct mirage_mclock {
    const struct mirage_mclock_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/*
 * Returns the nanoseconds elapsed since an arbitrary origin fixed at or
 * before the first connect (the `default` implementation: the first connect
 * of any mclock device, so that every instance shares it). The value never
 * goes back and never fails; it does not jump when the wall clock is set.
 */
static inline uint64_t mirage_mclock_elapsed_ns(struct mirage_mclock *dev)
{
    return dev->ops->elapsed_ns(dev);
}

/*
 * Returns the clock's resolution in nanoseconds, or 0 when it is not known
 * (the `default` implementation returns 0: the platform does not say).
 */
static inline uint64_t mirage_mclock_period_ns(struct mirage_mclock *dev)
{
    return dev->ops->period_ns(dev);
}

/*
 * Connects the `default` implementation of `mclock` (the platform's
 * monotonic clock) as device (name) and stores it in (*dev); connecting a
 * name again gives the same device. Returns 0, -EINVAL for a NULL argument,
 * or -ENOMEM when too many devices exist.
 */
int mirage_mclock_default_connect(struct mirage_mclock **dev, const char *name);

#endif
