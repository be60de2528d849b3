/* SPDX-License-Identifier: ISC */
/* blockfeed.c: feeding bytes to a block hash's compression function. */
#include <string.h>

#include "blockfeed.h"

void crypto_blockfeed(void *h, crypto_compress_fn compress, uint8_t *block,
                      size_t block_len, size_t *used, const void *data,
                      size_t len)
{
    const uint8_t *p = data;

    if (*used > 0) {
        size_t n = block_len - *used;

        if (n > len)
            n = len;
        memcpy(block + *used, p, n);
        *used += n;
        p += n;
        len -= n;
        if (*used < block_len)
            return;
        compress(h, block);
        *used = 0;
    }
    for (; len >= block_len; len -= block_len) {
        compress(h, p);
        p += block_len;
    }
    if (len > 0) {
        memcpy(block, p, len);
        *used = len;
    }
}
