/* SPDX-License-Identifier: ISC */
/* hmac.c: HMAC-SHA256 (RFC 2104), incremental and one-shot. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/crypto.h>

void mirage_hmac_sha256_init(struct mirage_hmac_sha256_ctx *ctx,
                             const void *key, size_t key_len)
{
    uint8_t k[MIRAGE_SHA256_BLOCK_LEN], pad[MIRAGE_SHA256_BLOCK_LEN];

    /* a key longer than a block is replaced by its digest */
    memset(k, 0, sizeof(k));
    if (key_len > sizeof(k))
        mirage_sha256(key, key_len, k);
    else if (key_len > 0)
        memcpy(k, key, key_len);

    for (size_t i = 0; i < sizeof(pad); i++)
        pad[i] = k[i] ^ 0x36;
    mirage_sha256_init(&ctx->inner);
    mirage_sha256_update(&ctx->inner, pad, sizeof(pad));
    for (size_t i = 0; i < sizeof(pad); i++)
        pad[i] = k[i] ^ 0x5c;
    mirage_sha256_init(&ctx->outer);
    mirage_sha256_update(&ctx->outer, pad, sizeof(pad));
    mirage_crypto_wipe(k, sizeof(k));
    mirage_crypto_wipe(pad, sizeof(pad));
}

void mirage_hmac_sha256_update(struct mirage_hmac_sha256_ctx *ctx,
                               const void *data, size_t len)
{
    mirage_sha256_update(&ctx->inner, data, len);
}

void mirage_hmac_sha256_final(struct mirage_hmac_sha256_ctx *ctx,
                              uint8_t out[32])
{
    uint8_t inner[MIRAGE_SHA256_DIGEST_LEN];

    mirage_sha256_final(&ctx->inner, inner);
    mirage_sha256_update(&ctx->outer, inner, sizeof(inner));
    mirage_sha256_final(&ctx->outer, out);
    mirage_crypto_wipe(inner, sizeof(inner));
}

void mirage_hmac_sha256(const void *key, size_t key_len, const void *data,
                        size_t len, uint8_t out[32])
{
    struct mirage_hmac_sha256_ctx ctx;

    mirage_hmac_sha256_init(&ctx, key, key_len);
    mirage_hmac_sha256_update(&ctx, data, len);
    mirage_hmac_sha256_final(&ctx, out);
}
