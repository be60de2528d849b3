/* SPDX-License-Identifier: ISC */
/* blockfeed.h: feeding bytes to a block hash's compression function. */
#ifndef MIRAGE_DEVICES_CRYPTO_BLOCKFEED_H
#define MIRAGE_DEVICES_CRYPTO_BLOCKFEED_H

#include <stddef.h>
#include <stdint.h>

/* Compresses one (block) into the chaining state (h). */
typedef void (*crypto_compress_fn)(void *h, const uint8_t *block);

/*
 * Feeds (len) bytes at (data) to a Merkle-Damgard hash: bytes gather in
 * (block) of (block_len) bytes, (*used) of which are already filled; each
 * full block is compressed into (h) with (compress), whole blocks of (data)
 * straight from the input. Never fails.
 */
void crypto_blockfeed(void *h, crypto_compress_fn compress, uint8_t *block,
                      size_t block_len, size_t *used, const void *data,
                      size_t len);

#endif
