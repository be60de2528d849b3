/* SPDX-License-Identifier: ISC */
/* pclock.c: the `default` implementation of `pclock`: the platform's UTC. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/log.h>
#include <mirage/pclock.h>

#include "platform.h"

/* The most `pclock` devices of this implementation in one unikernel. */
#define PCLOCK_MAX_DEVICES 16

MIRAGE_LOG_DEVICE_SOURCE(pclock_log, "pclock",
                         "the pclock device: wall-clock time", "pclock");

static struct mirage_pclock devices[PCLOCK_MAX_DEVICES];
static size_t ndevices;

static int pclock_now(struct mirage_pclock *dev, int64_t *seconds,
                      uint64_t *picoseconds)
{
    int64_t ns = plat_clock_wall_ns();
    int64_t s = ns / 1000000000, rem = ns % 1000000000;

    (void)dev;
    /* round toward minus infinity, so that the fraction counts forward */
    if (rem < 0) {
        rem += 1000000000;
        s--;
    }
    if (seconds)
        *seconds = s;
    if (picoseconds)
        *picoseconds = (uint64_t)rem * 1000;
    return 0;
}

static int pclock_tz_offset_s(struct mirage_pclock *dev)
{
    (void)dev;
    return 0;
}

static uint64_t pclock_period_ps(struct mirage_pclock *dev)
{
    (void)dev;
    return 0;
}

static const struct mirage_pclock_ops pclock_ops = {
    .now = pclock_now,
    .tz_offset_s = pclock_tz_offset_s,
    .period_ps = pclock_period_ps,
};

int mirage_pclock_default_connect(struct mirage_pclock **dev, const char *name)
{
    struct mirage_pclock *p;

    if (!dev || !name)
        return -EINVAL;
    /* connecting a name again gives the same device */
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i].name, name) == 0) {
            *dev = &devices[i];
            return 0;
        }
    if (ndevices == PCLOCK_MAX_DEVICES) {
        mirage_log_err(&pclock_log, "%s: more than %d pclock devices", name,
                       PCLOCK_MAX_DEVICES);
        return -ENOMEM;
    }
    p = &devices[ndevices++];
    p->ops = &pclock_ops;
    p->state = NULL;
    p->name = name;
    mirage_log_debug(&pclock_log, "%s: connected", name);
    *dev = p;
    return 0;
}
