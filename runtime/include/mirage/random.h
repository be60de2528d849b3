/* SPDX-License-Identifier: ISC */
/* random.h: the `random` device type: cryptographically secure bytes. */
#ifndef MIRAGE_RANDOM_H
#define MIRAGE_RANDOM_H

#include <stddef.h>
#include <stdint.h>

#include <mirage/abort.h>

struct mirage_random;

/* Operations of a `random` implementation. */
struct mirage_random_ops {
    int (*fill)(struct mirage_random *dev, void *buf, size_t len);
};

/* A `random` device: operations plus the implementation's own state. */
struct mirage_random {
    const struct mirage_random_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/*
 * Fills (len) bytes at (buf) with random bytes fit for keys and nonces.
 * Returns 0, or a negative errno value (then (buf) holds nothing usable).
 * The `default` implementation never fails once connected.
 */
static inline int mirage_random_fill(struct mirage_random *dev, void *buf,
                                     size_t len)
{
    return dev->ops->fill(dev, buf, len);
}

/*
 * Returns 64 random bits. A device that fails to fill is a state the
 * caller cannot recover from, so this ends the unikernel with mirage_abort
 * rather than return predictable bits (the `default` implementation never
 * fails).
 */
static inline uint64_t mirage_random_u64(struct mirage_random *dev)
{
    uint64_t v;
    int rc = dev->ops->fill(dev, &v, sizeof(v));

    if (rc < 0)
        mirage_abort("random device %s failed (%d)", dev->name, rc);
    return v;
}

/*
 * Returns a uniformly distributed number in [0, bound), without the bias
 * of a plain modulo: draws below 2^64 mod (bound) are rejected and drawn
 * again. A (bound) of 0 stands for 2^64: any 64-bit value. Ends the
 * unikernel as mirage_random_u64 does if the device fails.
 */
static inline uint64_t mirage_random_uniform(struct mirage_random *dev,
                                             uint64_t bound)
{
    uint64_t r, threshold;

    if (bound == 0)
        return mirage_random_u64(dev);
    /* 2^64 mod bound: the draws below it would make small values likelier */
    threshold = (0 - bound) % bound;
    do
        r = mirage_random_u64(dev);
    while (r < threshold);
    return r % bound;
}

/*
 * Connects the `default` implementation of `random` as device (name) and
 * stores it in (*dev); connecting a name again gives the same device. It is
 * a ChaCha20 generator with fast key erasure, seeded from the platform's
 * entropy source and reseeded after each MiB of output or 10 minutes,
 * whichever comes first (see devices/random/default/random.c). Returns 0,
 * -EINVAL for a NULL argument, -ENOMEM when too many devices exist, or the
 * platform's error when it has no entropy to give.
 */
int mirage_random_default_connect(struct mirage_random **dev, const char *name);

#endif
