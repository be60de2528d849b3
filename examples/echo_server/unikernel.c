/* SPDX-License-Identifier: ISC */
/* unikernel.c: echo_server logs back ten lines that come at random times. */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(echo_log, "echo_server", "the echo_server unikernel");

#define MS           1000000ull
#define LINES        10
#define MAX_DELAY_MS 250
#define MAX_LENGTH   20

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

/*
 * "Reads" a line: waits up to MAX_DELAY_MS, then makes a line of fewer than
 * MAX_LENGTH a's in (buf). Returns 0 or a negative errno value.
 */
static int read_line(struct mirage_time *clock, char buf[MAX_LENGTH])
{
    uint32_t delay = rng_below(MAX_DELAY_MS + 1);
    uint32_t len = rng_below(MAX_LENGTH);
    int rc;

    mirage_log_debug(&echo_log, "a line of %u after %u ms", (unsigned)len,
                     (unsigned)delay);
    rc = mirage_time_sleep_ns(clock, delay * MS);
    if (rc < 0)
        return rc;
    for (uint32_t i = 0; i < len; i++)
        buf[i] = 'a';
    buf[len] = '\0';
    return 0;
}

int echo_server_start(struct mirage_time *clock, int seed)
{
    char line[MAX_LENGTH];

    rng_state = (uint32_t)seed;
    for (int i = 0; i < LINES; i++) {
        if (read_line(clock, line) < 0)
            return 1;
        mirage_log_info(&echo_log, "%s", line);
    }
    return 0;
}
