/* SPDX-License-Identifier: ISC */
/* time.c: time(), the wall clock in seconds. */
#include <stdint.h>
#include <time.h>

#include "platform.h"

time_t time(time_t *t)
{
    int64_t ns = plat_clock_wall_ns();
    int64_t s = ns / 1000000000;

    if (ns % 1000000000 < 0)
        s--; /* rounded down before the epoch too */
    if (t)
        *t = (time_t)s;
    return (time_t)s;
}
