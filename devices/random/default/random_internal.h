/* SPDX-License-Identifier: ISC */
/* random_internal.h: test-only entry points of the `default` random device. */
#ifndef MIRAGE_DEVICES_RANDOM_INTERNAL_H
#define MIRAGE_DEVICES_RANDOM_INTERNAL_H

#include <stdint.h>

#include <mirage/random.h>

/*
 * For tests only: replaces the state of (dev), a `default` random device,
 * with the generator keyed by (seed) and turns its reseeding off, so that
 * its output is a function of (seed) and of the sizes of the requests
 * alone. Returns 0, or -EINVAL if (dev) is not a `default` random device.
 */
int core_random_seed_fixed(struct mirage_random *dev, const uint8_t seed[32]);

/* For tests: how many times (dev) has been reseeded since its connect. */
unsigned long long core_random_reseeds(struct mirage_random *dev);

/* Output after which the generator reseeds, in bytes (1 MiB). */
#define RANDOM_RESEED_BYTES (1ULL << 20)

/* Monotonic time after which the generator reseeds, in ns (10 minutes). */
#define RANDOM_RESEED_NS (600ULL * 1000000000ULL)

#endif
