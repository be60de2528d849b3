/* SPDX-License-Identifier: ISC */
/* checksum.c: the Internet checksum (RFC 1071) and pseudo-header sums. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tcpip.h"

/*
 * The sum is taken in the host's byte order, 64 bits at a time into a
 * 64-bit accumulator whose carries are folded back in (RFC 1071 2(B): the
 * ones'-complement sum does not depend on the byte order, only its result
 * must be swapped back), then folded to 16 bits and turned into wire
 * order. Partial sums (the argument and the result) are in wire order, as
 * 32-bit numbers whose fold is the 16-bit sum.
 */

/* (x) folded to 16 bits, ones'-complement. */
static uint32_t fold16(uint64_t x)
{
    x = (x & 0xffffffffu) + (x >> 32);
    x = (x & 0xffffffffu) + (x >> 32);
    x = (x & 0xffffu) + (x >> 16);
    x = (x & 0xffffu) + (x >> 16);
    x = (x & 0xffffu) + (x >> 16);
    return (uint32_t)x;
}

uint32_t tcpip_csum_add(uint32_t sum, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t acc = 0, w;
    uint32_t s16;

    while (len >= 32) {
        uint64_t a, b, c, d;

        memcpy(&a, p, 8);
        memcpy(&b, p + 8, 8);
        memcpy(&c, p + 16, 8);
        memcpy(&d, p + 24, 8);
        acc += a;
        acc += acc < a;
        acc += b;
        acc += acc < b;
        acc += c;
        acc += acc < c;
        acc += d;
        acc += acc < d;
        p += 32;
        len -= 32;
    }
    while (len >= 8) {
        memcpy(&w, p, 8);
        acc += w;
        acc += acc < w;
        p += 8;
        len -= 8;
    }
    if (len) {
        /* The last 1..7 bytes, zero-padded at the end (in memory order). */
        uint8_t tail[8] = {0};

        memcpy(tail, p, len);
        memcpy(&w, tail, 8);
        acc += w;
        acc += acc < w;
    }
    s16 = fold16(acc);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    s16 = ((s16 & 0xff) << 8) | (s16 >> 8);
#endif
    return fold16((uint64_t)sum + s16);
}

uint16_t tcpip_csum_finish(uint32_t sum)
{
    return (uint16_t)~fold16(sum);
}

uint32_t tcpip_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto,
                           uint16_t len)
{
    return fold16((uint64_t)(src >> 16) + (src & 0xffff) + (dst >> 16) +
                  (dst & 0xffff) + proto + len);
}
