/* SPDX-License-Identifier: ISC */
/* unikernel.c: prng logs --count random numbers, then --count dice rolls. */
#include "mirage_main.h"

MIRAGE_LOG_SOURCE(prng_log, "prng", "the prng unikernel");

int prng_start(struct mirage_random *rng, int count)
{
    if (count < 0) {
        mirage_log_err(&prng_log, "--count must not be negative (%d)", count);
        return 1;
    }
    for (int i = 1; i <= count; i++)
        mirage_log_info(&prng_log, "number %d: 0x%016llx", i,
                        (unsigned long long)mirage_random_u64(rng));
    for (int i = 1; i <= count; i++)
        mirage_log_info(&prng_log, "die %d: %u", i,
                        (unsigned)mirage_random_uniform(rng, 6) + 1);
    return 0;
}
