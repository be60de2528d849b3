/* SPDX-License-Identifier: ISC */
/* mclock.c: the `default` implementation of `mclock`: the platform clock. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/log.h>
#include <mirage/mclock.h>

#include "platform.h"

/* The most `mclock` devices of this implementation in one unikernel. */
#define MCLOCK_MAX_DEVICES 16

MIRAGE_LOG_DEVICE_SOURCE(mclock_log, "mclock",
                         "the mclock device: monotonic time", "mclock");

static struct mirage_mclock devices[MCLOCK_MAX_DEVICES];
static size_t ndevices;
/* The platform clock at the first connect: every device counts from it. */
static uint64_t origin_ns;

static uint64_t mclock_elapsed_ns(struct mirage_mclock *dev)
{
    (void)dev;
    return plat_clock_monotonic_ns() - origin_ns;
}

static uint64_t mclock_period_ns(struct mirage_mclock *dev)
{
    (void)dev;
    return 0; /* the platform API does not tell */
}

static const struct mirage_mclock_ops mclock_ops = {
    .elapsed_ns = mclock_elapsed_ns,
    .period_ns = mclock_period_ns,
};

int mirage_mclock_default_connect(struct mirage_mclock **dev, const char *name)
{
    struct mirage_mclock *m;

    if (!dev || !name)
        return -EINVAL;
    /* connecting a name again gives the same device */
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i].name, name) == 0) {
            *dev = &devices[i];
            return 0;
        }
    if (ndevices == MCLOCK_MAX_DEVICES) {
        mirage_log_err(&mclock_log, "%s: more than %d mclock devices", name,
                       MCLOCK_MAX_DEVICES);
        return -ENOMEM;
    }
    if (ndevices == 0)
        origin_ns = plat_clock_monotonic_ns();
    m = &devices[ndevices++];
    m->ops = &mclock_ops;
    m->state = NULL;
    m->name = name;
    mirage_log_debug(&mclock_log, "%s: connected", name);
    *dev = m;
    return 0;
}
