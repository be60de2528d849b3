/* SPDX-License-Identifier: ISC */
/* crypto.h: hashes, HMAC and the ChaCha20 cipher, in portable C. */
#ifndef MIRAGE_CRYPTO_H
#define MIRAGE_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

/*
 * No device is needed: these are plain functions over memory, the same on
 * every target. None allocates. Digests and keys are byte arrays in the
 * byte order of the standards (FIPS 180-4, RFC 2104, RFC 8439).
 */

#define MIRAGE_SHA256_DIGEST_LEN  32
#define MIRAGE_SHA256_BLOCK_LEN   64
#define MIRAGE_SHA512_DIGEST_LEN  64
#define MIRAGE_SHA512_BLOCK_LEN   128
#define MIRAGE_CHACHA20_KEY_LEN   32
#define MIRAGE_CHACHA20_NONCE_LEN 12
#define MIRAGE_CHACHA20_BLOCK_LEN 64

/* --- SHA-256 (FIPS 180-4) --------------------------------------------- */

/* An incremental SHA-256 computation; treat the fields as private. */
struct mirage_sha256_ctx {
    uint32_t h[8];
    uint64_t bytes; /* message length so far */
    uint8_t block[MIRAGE_SHA256_BLOCK_LEN];
    size_t used; /* bytes waiting in (block) */
};

/* Starts a SHA-256 computation in (ctx). */
void mirage_sha256_init(struct mirage_sha256_ctx *ctx);

/* Adds (len) bytes at (data) to the message; (data) may be NULL if (len)
 * is 0. */
void mirage_sha256_update(struct mirage_sha256_ctx *ctx, const void *data,
                          size_t len);

/*
 * Writes the digest of the message to (out) and wipes (ctx); start again
 * with mirage_sha256_init to reuse it.
 */
void mirage_sha256_final(struct mirage_sha256_ctx *ctx, uint8_t out[32]);

/* Writes the SHA-256 digest of the (len) bytes at (data) to (out). */
void mirage_sha256(const void *data, size_t len, uint8_t out[32]);

/* --- SHA-512 (FIPS 180-4) --------------------------------------------- */

/* An incremental SHA-512 computation; treat the fields as private. */
struct mirage_sha512_ctx {
    uint64_t h[8];
    uint64_t bytes; /* message length so far (up to 2^64 - 1 bytes) */
    uint8_t block[MIRAGE_SHA512_BLOCK_LEN];
    size_t used;
};

/* As the SHA-256 functions, for SHA-512. */
void mirage_sha512_init(struct mirage_sha512_ctx *ctx);
void mirage_sha512_update(struct mirage_sha512_ctx *ctx, const void *data,
                          size_t len);
void mirage_sha512_final(struct mirage_sha512_ctx *ctx, uint8_t out[64]);
void mirage_sha512(const void *data, size_t len, uint8_t out[64]);

/* --- HMAC-SHA256 (RFC 2104, RFC 4231) --------------------------------- */

/* An incremental HMAC-SHA256 computation; treat the fields as private. */
struct mirage_hmac_sha256_ctx {
    struct mirage_sha256_ctx inner;
    struct mirage_sha256_ctx outer;
};

/* Starts an HMAC-SHA256 with the (key_len) bytes of (key), of any length. */
void mirage_hmac_sha256_init(struct mirage_hmac_sha256_ctx *ctx,
                             const void *key, size_t key_len);

/* Adds (len) bytes at (data) to the message. */
void mirage_hmac_sha256_update(struct mirage_hmac_sha256_ctx *ctx,
                               const void *data, size_t len);

/* Writes the 32-byte tag to (out) and wipes (ctx). */
void mirage_hmac_sha256_final(struct mirage_hmac_sha256_ctx *ctx,
                              uint8_t out[32]);

/* Writes the HMAC-SHA256 of (data) under (key) to (out). */
void mirage_hmac_sha256(const void *key, size_t key_len, const void *data,
                        size_t len, uint8_t out[32]);

/* --- ChaCha20 (RFC 8439) ---------------------------------------------- */

/*
 * Writes the 64-byte ChaCha20 block number (counter) of (key) and (nonce)
 * to (out) (RFC 8439 section 2.3).
 */
void mirage_chacha20_block(const uint8_t key[32], const uint8_t nonce[12],
                           uint32_t counter, uint8_t out[64]);

/*
 * Encrypts or decrypts (the same operation) (len) bytes from (in) to (out)
 * with the ChaCha20 key stream of (key) and (nonce), starting at block
 * (counter) (RFC 8439 section 2.4: 1 for plain encryption, 0 is kept for
 * the Poly1305 key in the AEAD). (in) and (out) may be the same buffer, but
 * may not otherwise overlap. Returns 0, or -EOVERFLOW (writing nothing) if
 * the 32-bit block counter would wrap, that is past 2^32 blocks in all.
 */
int mirage_chacha20_xor(const uint8_t key[32], const uint8_t nonce[12],
                        uint32_t counter, const void *in, void *out,
                        size_t len);

/* --- Helpers ---------------------------------------------------------- */

/*
 * Compares (len) bytes at (a) and (b) in time that depends on (len) only,
 * for tags and secrets. Returns 1 if they are equal, 0 if not.
 */
int mirage_crypto_equal(const void *a, const void *b, size_t len);

/* Sets (len) bytes at (p) to zero in a way the compiler cannot omit. */
void mirage_crypto_wipe(void *p, size_t len);

#endif
