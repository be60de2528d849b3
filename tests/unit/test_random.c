/* SPDX-License-Identifier: ISC */
/* test_random.c: the `default` random device and the unix entropy source. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/crypto.h>
#include <mirage/random.h>

#include "../../devices/random/default/random_internal.h"
#include "platform.h"
#include "tap.h"

static const uint8_t zero_nonce[12];

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static void test_entropy(void)
{
    static uint8_t big[70000];
    uint8_t a[32], b[32];
    size_t zeros = 0;

    TAP_OK(plat_entropy(a, 0) == 0, "plat_entropy of 0 bytes returns 0");
    TAP_OK(plat_entropy(a, sizeof(a)) == 0 && plat_entropy(b, sizeof(b)) == 0,
           "plat_entropy fills 32 bytes");
    TAP_OK(memcmp(a, b, sizeof(a)) != 0, "two draws differ");
    memset(big, 0, sizeof(big));
    TAP_OK(plat_entropy(big, sizeof(big)) == 0,
           "plat_entropy fills %zu bytes (many getrandom calls)", sizeof(big));
    for (size_t i = 0; i < sizeof(big); i++)
        zeros += big[i] == 0;
    /* about 273 expected; 600 is far beyond chance */
    TAP_OK(zeros < 600, "the bytes are not mostly zero (%zu zeros)", zeros);
}

static void test_connect(void)
{
    struct mirage_random *a = NULL, *b = NULL, *again = NULL;
    uint8_t x[16], y[16];

    TAP_OK(mirage_random_default_connect(&a, "rng") == 0 && a, "connect 'rng'");
    TAP_OK(mirage_random_default_connect(&b, "other") == 0 && b && b != a,
           "connect 'other': a second device");
    TAP_OK(mirage_random_default_connect(&again, "rng") == 0 && again == a,
           "connecting a name again: same device");
    TAP_OK(mirage_random_default_connect(&again, NULL) == -EINVAL &&
               mirage_random_default_connect(NULL, "x") == -EINVAL,
           "connect with a NULL argument: -EINVAL");
    if (!a || !b)
        return;
    TAP_STREQ(a->name, "rng", "the device's name");
    TAP_OK(mirage_random_fill(a, x, sizeof(x)) == 0 &&
               mirage_random_fill(b, y, sizeof(y)) == 0,
           "both devices fill");
    TAP_OK(memcmp(x, y, sizeof(x)) != 0, "independently seeded devices differ");
    TAP_OK(mirage_random_fill(a, NULL, 0) == 0, "filling 0 bytes returns 0");
    TAP_OK(mirage_random_fill(a, NULL, 1) == -EINVAL, "filling NULL: -EINVAL");
}

/* The generator as documented, from the ChaCha20 block function alone. */
static void test_determinism(void)
{
    struct mirage_random *r = NULL, *s = NULL;
    uint8_t seed[32], key[32], stream[512], got[2000], want[2000];
    uint8_t first[64], big_a[200000], big_b[200000];
    int ok_small = 1;

    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)i;
    if (mirage_random_default_connect(&r, "fixed") != 0 ||
        mirage_random_default_connect(&s, "fixed2") != 0) {
        TAP_OK(0, "connect the fixed-seed devices");
        return;
    }
    TAP_OK(core_random_seed_fixed(r, seed) == 0, "seed a device");
    TAP_OK(core_random_seed_fixed(NULL, seed) == -EINVAL,
           "seeding NULL: -EINVAL");

    /* small requests: 16 bytes, then 500, through the 512-byte buffer */
    memcpy(key, seed, 32);
    for (uint32_t i = 0; i < 8; i++)
        mirage_chacha20_block(key, zero_nonce, i, stream + 64 * i);
    memcpy(key, stream, 32);
    memcpy(want, stream + 32, 480);
    for (uint32_t i = 0; i < 8; i++)
        mirage_chacha20_block(key, zero_nonce, i, stream + 64 * i);
    memcpy(key, stream, 32);
    memcpy(want + 480, stream + 32, 36);
    mirage_random_fill(r, got, 16);
    mirage_random_fill(r, got + 16, 500);
    ok_small = memcmp(got, want, 516) == 0;
    TAP_OK(ok_small, "small requests: the stream after the 32-byte re-key");

    /* 1000 bytes: 444 buffered, 512 straight, re-key, 44 from a refill */
    memcpy(want, stream + 68, 444);
    mirage_chacha20_block(key, zero_nonce, 0, first);
    for (uint32_t i = 0; i < 8; i++)
        mirage_chacha20_block(key, zero_nonce, i + 1, want + 444 + 64 * i);
    memcpy(key, first, 32);
    for (uint32_t i = 0; i < 8; i++)
        mirage_chacha20_block(key, zero_nonce, i, stream + 64 * i);
    memcpy(want + 956, stream + 32, 44);
    mirage_random_fill(r, got, 1000);
    TAP_OK(memcmp(got, want, 1000) == 0,
           "a large request: the buffer, blocks 1.. straight, a refill");

    /* the same seed and the same requests give the same bytes */
    core_random_seed_fixed(r, seed);
    core_random_seed_fixed(s, seed);
    mirage_random_fill(r, big_a, sizeof(big_a));
    mirage_random_fill(s, big_b, sizeof(big_b));
    TAP_OK(memcmp(big_a, big_b, sizeof(big_a)) == 0,
           "one seed, one request pattern: the same %zu bytes", sizeof(big_a));
    TAP_OK(memcmp(big_a, big_a + 65536, 64) != 0,
           "chunks after a re-key differ");
    seed[0] ^= 1;
    core_random_seed_fixed(s, seed);
    mirage_random_fill(s, big_b, 64);
    TAP_OK(memcmp(big_a, big_b, 64) != 0, "another seed: other bytes");
    TAP_OK(core_random_reseeds(r) == 0, "a fixed seed never reseeds");
}

static void test_reseed(void)
{
    static uint8_t buf[(1 << 20) + 4096];
    struct mirage_random *r = NULL;

    if (mirage_random_default_connect(&r, "reseeding") != 0) {
        TAP_OK(0, "connect 'reseeding'");
        return;
    }
    TAP_OK(core_random_reseeds(r) == 0, "no reseed right after connect");
    mirage_random_fill(r, buf, sizeof(buf));
    TAP_OK(core_random_reseeds(r) == 1,
           "1 MiB + 4 KiB in one request: one reseed (%llu)",
           core_random_reseeds(r));
    for (int i = 0; i < 1 << 16; i++)
        mirage_random_fill(r, buf, 16);
    TAP_OK(core_random_reseeds(r) == 2,
           "1 MiB more in 16-byte requests: a second reseed (%llu)",
           core_random_reseeds(r));
}

static void test_statistics(void)
{
    static uint64_t draws[100000];
    static const uint64_t bounds[] = {
        1, 2, 3, 6, 7, 1000, (1ULL << 63) + 1, UINT64_MAX};
    struct mirage_random *r = NULL;
    size_t repeats = 0;
    unsigned long long bits = 0;
    unsigned faces[6] = {0};
    int inside = 1, faces_ok = 1;

    if (mirage_random_default_connect(&r, "stats") != 0) {
        TAP_OK(0, "connect 'stats'");
        return;
    }
    for (size_t i = 0; i < 100000; i++) {
        draws[i] = mirage_random_u64(r);
        bits += (unsigned long long)__builtin_popcountll(draws[i]);
    }
    qsort(draws, 100000, sizeof(draws[0]), cmp_u64);
    for (size_t i = 1; i < 100000; i++)
        repeats += draws[i] == draws[i - 1];
    TAP_OK(repeats == 0, "no repeated value in 10^5 64-bit draws");
    /* 3.2e6 expected, sigma about 1265: 10000 is 8 sigma */
    TAP_OK(bits > 3200000 - 10000 && bits < 3200000 + 10000,
           "about half of the bits are set (%llu of 6400000)", bits);

    for (size_t b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++)
        for (int i = 0; i < 20000; i++)
            if (mirage_random_uniform(r, bounds[b]) >= bounds[b])
                inside = 0;
    TAP_OK(inside, "uniform(bound) is never >= bound (8 bounds x 20000)");
    for (int i = 0; i < 1000; i++)
        if (mirage_random_uniform(r, 1) != 0)
            inside = 0;
    TAP_OK(inside, "uniform(1) is always 0");

    for (int i = 0; i < 60000; i++)
        faces[mirage_random_uniform(r, 6)]++;
    /* 10000 expected each, sigma about 91 */
    for (int f = 0; f < 6; f++)
        if (faces[f] < 9500 || faces[f] > 10500)
            faces_ok = 0;
    TAP_OK(faces_ok,
           "60000 dice rolls: each face 9500..10500 times "
           "(%u %u %u %u %u %u)",
           faces[0], faces[1], faces[2], faces[3], faces[4], faces[5]);
    {
        /* bound 2^63 + 1: about half the draws are at least 2^62 */
        unsigned high = 0;

        for (int i = 0; i < 10000; i++)
            high += mirage_random_uniform(r, (1ULL << 63) + 1) >= 1ULL << 62;
        TAP_OK(high > 4500 && high < 5500,
               "uniform(2^63+1) is spread over its range (%u of 10000 in "
               "the upper half)",
               high);
    }
}

int main(void)
{
    test_entropy();
    test_connect();
    test_determinism();
    test_reseed();
    test_statistics();
    return tap_done();
}
