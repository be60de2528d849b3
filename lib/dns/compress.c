/* SPDX-License-Identifier: ISC */
/* compress.c: names written into a message, compressed (RFC 1035 4.1.4). */
#include <errno.h>
#include <string.h>

#include "dns_int.h"

/*
 * Whether the name at (off) of (buf), the builder's own (every name in it
 * well formed, every pointer backward), is exactly the labels of (suffix),
 * byte for byte (so that the case of what was asked survives).
 */
static bool same_at(const uint8_t *buf, size_t len, size_t off,
                    const uint8_t *suffix)
{
    unsigned hops = 0;

    while (off < len) {
        uint8_t c = buf[off];

        if ((c & 0xc0) == 0xc0) {
            if (off + 1 >= len || ++hops > MIRAGE_DNS_POINTERS_MAX)
                return false;
            off = (size_t)(c & 0x3f) << 8 | buf[off + 1];
            continue;
        }
        if (c != *suffix)
            return false;
        if (c == 0)
            return true;
        if (off + 1 + c > len || memcmp(buf + off + 1, suffix + 1, c) != 0)
            return false;
        off += 1 + (size_t)c;
        suffix += 1 + c;
    }
    return false;
}

int dns_name_write(struct mirage_dns_builder *b,
                   const struct mirage_dns_name *name, bool compress)
{
    size_t i = 0, need, start = b->len;
    bool found = false;
    uint16_t to = 0;

    if (compress) {
        /* the longest suffix written before: suffixes from the longest */
        for (; name->wire[i] != 0; i += 1 + (size_t)name->wire[i]) {
            for (unsigned k = 0; k < b->nnames && !found; k++) {
                if (same_at(b->buf, b->len, b->names[k], name->wire + i)) {
                    found = true;
                    to = b->names[k];
                }
            }
            if (found)
                break;
        }
    } else {
        i = name->len - 1u;
    }
    need = found ? i + 2 : name->len;
    if (b->len + b->reserve + need > b->size)
        return -EMSGSIZE;
    memcpy(b->buf + start, name->wire, found ? i : name->len);
    /* each label written in place may be pointed to (14-bit offsets) */
    for (size_t j = 0; j < i; j += 1 + (size_t)name->wire[j])
        if (start + j < 0x4000 && b->nnames < MIRAGE_DNS_COMPRESS_MAX)
            b->names[b->nnames++] = (uint16_t)(start + j);
    if (found) {
        b->buf[start + i] = (uint8_t)(0xc0 | to >> 8);
        b->buf[start + i + 1] = (uint8_t)to;
    }
    b->len += need;
    return 0;
}
