/* SPDX-License-Identifier: ISC */
/* random.c: the `default` random device: a ChaCha20 fast-key-erasure CSPRNG. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/crypto.h>
#include <mirage/log.h>
#include <mirage/random.h>

#include "platform.h"
#include "random_internal.h"

/*
 * The generator (D. J. Bernstein, "Fast-key-erasure random-number
 * generators", 2017): a 32-byte key drives the ChaCha20 stream with an
 * all-zero nonce from block 0. Each refill computes RANDOM_BUF_LEN bytes of
 * the stream; its first 32 bytes become the next key at once and are wiped,
 * the rest serve requests and are wiped as they are handed out. A request
 * gets the buffered bytes first; if more than RANDOM_BUF_LEN bytes remain,
 * whole blocks are written straight from the stream (blocks 1.., then block
 * 0 gives the next key), at most RANDOM_CHUNK bytes per key. So the state never
 * holds anything from which past output can be recomputed.
 *
 * The first key is SHA-256 over a label and 32 bytes of plat_entropy. After
 * RANDOM_RESEED_BYTES of output or RANDOM_RESEED_NS of monotonic time since
 * the last (re)seed, whichever comes first, the next refill first sets the
 * key to SHA-256(label, key, 32 new bytes of plat_entropy) and drops the
 * buffered bytes. If the platform fails then, the generator logs a warning
 * and goes on with its current key (it stays unpredictable; it only lacks
 * the new entropy) and tries again after the next interval.
 */

/* The most `random` devices of this implementation in one unikernel. */
#define RANDOM_MAX_DEVICES 16
/* Bytes of stream per refill: 8 ChaCha20 blocks. */
#define RANDOM_BUF_LEN 512
/* Bytes written straight to a large request per key. */
#define RANDOM_CHUNK   65536
#define RANDOM_KEY_LEN 32

MIRAGE_LOG_DEVICE_SOURCE(random_log, "random",
                         "the random device: a ChaCha20 generator", "random");

struct random_state {
    uint8_t key[RANDOM_KEY_LEN];
    uint8_t buf[RANDOM_BUF_LEN];
    size_t avail;          /* unused bytes, at the end of buf */
    uint64_t since_reseed; /* bytes handed out since the last seed */
    uint64_t seeded_at_ns; /* plat_clock_monotonic_ns at the last seed */
    bool fixed;            /* seeded by a test: never reseeds */
    unsigned long long reseeds;
};

static struct mirage_random devices[RANDOM_MAX_DEVICES];
static struct random_state states[RANDOM_MAX_DEVICES];
static size_t ndevices;

static const uint8_t zero_nonce[MIRAGE_CHACHA20_NONCE_LEN];
static const char seed_label[] = "mirage random seed v1";

/* Sets the key to SHA-256(label, old key, 32 bytes of entropy). */
static int random_mix_entropy(struct random_state *st)
{
    uint8_t fresh[32];
    struct mirage_sha256_ctx h;
    int rc = plat_entropy(fresh, sizeof(fresh));

    if (rc < 0)
        return rc;
    mirage_sha256_init(&h);
    mirage_sha256_update(&h, seed_label, sizeof(seed_label));
    mirage_sha256_update(&h, st->key, sizeof(st->key));
    mirage_sha256_update(&h, fresh, sizeof(fresh));
    mirage_sha256_final(&h, st->key);
    mirage_crypto_wipe(fresh, sizeof(fresh));
    mirage_crypto_wipe(st->buf, sizeof(st->buf));
    st->avail = 0;
    st->since_reseed = 0;
    st->seeded_at_ns = plat_clock_monotonic_ns();
    return 0;
}

/* Reseeds (st) if it has given out enough bytes or is old enough. */
static void random_maybe_reseed(struct mirage_random *dev,
                                struct random_state *st)
{
    uint64_t now;
    int rc;

    if (st->fixed)
        return;
    now = plat_clock_monotonic_ns();
    if (st->since_reseed < RANDOM_RESEED_BYTES &&
        now - st->seeded_at_ns < RANDOM_RESEED_NS)
        return;
    rc = random_mix_entropy(st);
    if (rc < 0) {
        mirage_log_warn(&random_log,
                        "%s: cannot reseed (error %d); going on with the "
                        "current key",
                        dev->name, rc);
        st->since_reseed = 0;
        st->seeded_at_ns = now;
        return;
    }
    st->reseeds++;
    mirage_log_debug(&random_log, "%s: reseeded (%llu)", dev->name,
                     st->reseeds);
}

/* Computes the next RANDOM_BUF_LEN bytes of stream and re-keys. */
static void random_refill(struct random_state *st)
{
    for (uint32_t i = 0; i < RANDOM_BUF_LEN / MIRAGE_CHACHA20_BLOCK_LEN; i++)
        mirage_chacha20_block(st->key, zero_nonce, i,
                              st->buf + i * MIRAGE_CHACHA20_BLOCK_LEN);
    memcpy(st->key, st->buf, RANDOM_KEY_LEN);
    mirage_crypto_wipe(st->buf, RANDOM_KEY_LEN);
    st->avail = RANDOM_BUF_LEN - RANDOM_KEY_LEN;
}

/*
 * Writes (len) bytes, a multiple of the block length up to RANDOM_CHUNK,
 * from the stream of the current key straight to (out), then re-keys from
 * block 0 of the same stream.
 */
static void random_direct(struct random_state *st, uint8_t *out, size_t len)
{
    uint8_t first[MIRAGE_CHACHA20_BLOCK_LEN];

    mirage_chacha20_block(st->key, zero_nonce, 0, first);
    for (uint32_t i = 0; i < len / MIRAGE_CHACHA20_BLOCK_LEN; i++)
        mirage_chacha20_block(st->key, zero_nonce, i + 1,
                              out + (size_t)i * MIRAGE_CHACHA20_BLOCK_LEN);
    memcpy(st->key, first, RANDOM_KEY_LEN);
    mirage_crypto_wipe(first, sizeof(first));
}

static int random_fill(struct mirage_random *dev, void *buf, size_t len)
{
    struct random_state *st = dev->state;
    uint8_t *out = buf;

    if (!out && len > 0)
        return -EINVAL;
    while (len > 0) {
        size_t n;

        /* buffered bytes first; then the stream straight, or a refill */
        if (st->avail == 0)
            random_maybe_reseed(dev, st);
        if (st->avail == 0 && len > RANDOM_BUF_LEN) {
            n = len < RANDOM_CHUNK ? len : RANDOM_CHUNK;
            n -= n % MIRAGE_CHACHA20_BLOCK_LEN;
            random_direct(st, out, n);
        } else {
            if (st->avail == 0)
                random_refill(st);
            n = len < st->avail ? len : st->avail;
            memcpy(out, st->buf + RANDOM_BUF_LEN - st->avail, n);
            mirage_crypto_wipe(st->buf + RANDOM_BUF_LEN - st->avail, n);
            st->avail -= n;
        }
        out += n;
        len -= n;
        st->since_reseed += n;
    }
    return 0;
}

static const struct mirage_random_ops random_ops = {
    .fill = random_fill,
};

int core_random_seed_fixed(struct mirage_random *dev, const uint8_t seed[32])
{
    struct random_state *st;

    if (!dev || dev->ops != &random_ops || !seed)
        return -EINVAL;
    st = dev->state;
    memcpy(st->key, seed, RANDOM_KEY_LEN);
    mirage_crypto_wipe(st->buf, sizeof(st->buf));
    st->avail = 0;
    st->since_reseed = 0;
    st->fixed = true;
    return 0;
}

unsigned long long core_random_reseeds(struct mirage_random *dev)
{
    return dev && dev->ops == &random_ops
               ? ((struct random_state *)dev->state)->reseeds
               : 0;
}

int mirage_random_default_connect(struct mirage_random **dev, const char *name)
{
    struct mirage_random *r;
    struct random_state *st;
    int rc;

    if (!dev || !name)
        return -EINVAL;
    /* connecting a name again gives the same device */
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i].name, name) == 0) {
            *dev = &devices[i];
            return 0;
        }
    if (ndevices == RANDOM_MAX_DEVICES) {
        mirage_log_err(&random_log, "%s: more than %d random devices", name,
                       RANDOM_MAX_DEVICES);
        return -ENOMEM;
    }
    r = &devices[ndevices];
    st = &states[ndevices];
    memset(st, 0, sizeof(*st));
    rc = random_mix_entropy(st);
    if (rc < 0) {
        mirage_log_err(&random_log,
                       "%s: the platform has no entropy to seed from "
                       "(error %d)",
                       name, rc);
        return rc;
    }
    r->ops = &random_ops;
    r->state = st;
    r->name = name;
    ndevices++;
    mirage_log_debug(&random_log, "%s: connected and seeded", name);
    *dev = r;
    return 0;
}
