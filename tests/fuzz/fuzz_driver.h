/* SPDX-License-Identifier: ISC */
/* fuzz_driver.h: what the standalone fuzz drivers share: a PRNG, a clock. */
#ifndef MIRAGE_TESTS_FUZZ_DRIVER_H
#define MIRAGE_TESTS_FUZZ_DRIVER_H

/*
 * The drivers (main() of tests/fuzz/fuzz_*.c without libFuzzer) make
 * their inputs with a seeded PRNG, so that a run can be replayed with the
 * seed it prints, and stop after a number of inputs or of seconds.
 */
#include <stdint.h>
#include <time.h>

#include "tap.h"

/* The PRNG's state: set it to the seed (not 0) before the first rnd(). */
static uint64_t rng_state;

/* The next number of the PRNG (xorshift64*). */
static inline uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* Seconds on the monotonic clock. */
static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A run of (seconds) that hangs (a handler that really waits, a loop that
 * never ends) fails instead of stopping the suite: tap_alarm of the run's
 * time and a minute, scaled. Call it before anything is printed. A run of
 * more than a day (a campaign with -t) has no guard.
 */
static inline void fuzz_hang_guard(double seconds)
{
    if (seconds >= 0 && seconds < 86400)
        tap_alarm((unsigned)seconds + 60);
}

#endif
