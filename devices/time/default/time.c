/* SPDX-License-Identifier: ISC */
/* time.c: the `default` implementation of the `time` device: sleeping. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/time.h>

/* The most `time` devices of this implementation in one unikernel. */
#define TIME_MAX_DEVICES 16

MIRAGE_LOG_DEVICE_SOURCE(time_log, "time", "the time device: sleeping", "time");

/* What one device instance counts. */
struct time_state {
    unsigned long long sleeps;
};

static struct mirage_time devices[TIME_MAX_DEVICES];
static struct time_state states[TIME_MAX_DEVICES];
static size_t ndevices;

static int time_sleep_ns(struct mirage_time *dev, uint64_t ns)
{
    struct time_state *st = dev->state;

    st->sleeps++;
    mirage_log_debug(&time_log, "%s: sleeping %llu ns", dev->name,
                     (unsigned long long)ns);
    /* only the calling fiber waits */
    return mirage_sleep_ns(ns);
}

static const struct mirage_time_ops time_ops = {
    .sleep_ns = time_sleep_ns,
};

int mirage_time_default_connect(struct mirage_time **dev, const char *name)
{
    struct mirage_time *t;

    if (!dev || !name)
        return -EINVAL;
    /* connecting a name again gives the same device */
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i].name, name) == 0) {
            *dev = &devices[i];
            return 0;
        }
    if (ndevices == TIME_MAX_DEVICES) {
        mirage_log_err(&time_log, "%s: more than %d time devices", name,
                       TIME_MAX_DEVICES);
        return -ENOMEM;
    }
    t = &devices[ndevices];
    t->ops = &time_ops;
    t->state = &states[ndevices];
    t->name = name;
    states[ndevices].sleeps = 0;
    ndevices++;
    mirage_log_debug(&time_log, "%s: connected", name);
    *dev = t;
    return 0;
}
