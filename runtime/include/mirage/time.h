/* SPDX-License-Identifier: ISC */
/* time.h: the `time` device type: sleeping. */
#ifndef MIRAGE_TIME_H
#define MIRAGE_TIME_H

#include <stdint.h>

struct mirage_time;

/* Operations of a `time` implementation. */
struct mirage_time_ops {
    int (*sleep_ns)(struct mirage_time *dev, uint64_t ns);
};

/* A `time` device: operations plus the implementation's own state. */
struct mirage_time {
    const struct mirage_time_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/*
 * Sleeps for at least (ns) nanoseconds. Returns 0, or a negative errno
 * value if the device cannot sleep.
 */
static inline int mirage_time_sleep_ns(struct mirage_time *dev, uint64_t ns)
{
    return dev->ops->sleep_ns(dev, ns);
}

/*
 * Connects the `default` implementation of `time` as device (name) and
 * stores it in (*dev). Returns 0, or -ENOMEM.
 */
int mirage_time_default_connect(struct mirage_time **dev, const char *name);

#endif
