/* SPDX-License-Identifier: ISC */
/* chacha20.c: the ChaCha20 block function and stream cipher (RFC 8439). */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/crypto.h>

static uint32_t rol32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void store_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

#define QUARTER(a, b, c, d)                                                    \
    do {                                                                       \
        a += b, d ^= a, d = rol32(d, 16);                                      \
        c += d, b ^= c, b = rol32(b, 12);                                      \
        a += b, d ^= a, d = rol32(d, 8);                                       \
        c += d, b ^= c, b = rol32(b, 7);                                       \
    } while (0)

void mirage_chacha20_block(const uint8_t key[32], const uint8_t nonce[12],
                           uint32_t counter, uint8_t out[64])
{
    uint32_t in[16], x[16];

    /* "expand 32-byte k", the key, the counter, the nonce */
    in[0] = 0x61707865;
    in[1] = 0x3320646e;
    in[2] = 0x79622d32;
    in[3] = 0x6b206574;
    for (int i = 0; i < 8; i++)
        in[4 + i] = load_le32(key + 4 * i);
    in[12] = counter;
    for (int i = 0; i < 3; i++)
        in[13 + i] = load_le32(nonce + 4 * i);

    for (int i = 0; i < 16; i++)
        x[i] = in[i];
    for (int round = 0; round < 10; round++) {
        QUARTER(x[0], x[4], x[8], x[12]);
        QUARTER(x[1], x[5], x[9], x[13]);
        QUARTER(x[2], x[6], x[10], x[14]);
        QUARTER(x[3], x[7], x[11], x[15]);
        QUARTER(x[0], x[5], x[10], x[15]);
        QUARTER(x[1], x[6], x[11], x[12]);
        QUARTER(x[2], x[7], x[8], x[13]);
        QUARTER(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++)
        store_le32(out + 4 * i, x[i] + in[i]);
    mirage_crypto_wipe(in, sizeof(in));
    mirage_crypto_wipe(x, sizeof(x));
}

int mirage_chacha20_xor(const uint8_t key[32], const uint8_t nonce[12],
                        uint32_t counter, const void *in, void *out, size_t len)
{
    const uint8_t *src = in;
    uint8_t *dst = out, ks[MIRAGE_CHACHA20_BLOCK_LEN];
    uint64_t blocks =
        (len + MIRAGE_CHACHA20_BLOCK_LEN - 1) / MIRAGE_CHACHA20_BLOCK_LEN;

    /* blocks counter .. counter + blocks - 1 must all fit in 32 bits */
    if (blocks > (uint64_t)UINT32_MAX + 1 - counter)
        return -EOVERFLOW;
    while (len > 0) {
        size_t n = len < sizeof(ks) ? len : sizeof(ks);

        mirage_chacha20_block(key, nonce, counter++, ks);
        for (size_t i = 0; i < n; i++)
            dst[i] = src[i] ^ ks[i];
        src += n;
        dst += n;
        len -= n;
    }
    mirage_crypto_wipe(ks, sizeof(ks));
    return 0;
}
