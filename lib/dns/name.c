/* SPDX-License-Identifier: ISC */
/* name.c: names on the wire (compression pointers), comparison, case. */
#include <errno.h>
#include <string.h>

#include "dns_int.h"

/*
 * Each pointer must lead strictly before every byte of the name read so
 * far: then every jump goes further back and the walk ends. One into the
 * stretch being read (or to itself) would read it again forever: a loop;
 * one forward is not what RFC 1035 4.1.4 describes ("a prior occurrence")
 * and no compressor writes it. Pointer after pointer is allowed, up to
 * MIRAGE_DNS_POINTERS_MAX (a name has at most 128 labels to point to).
 */
int dns_name_read(const uint8_t *buf, size_t len, size_t off,
                  struct mirage_dns_name *out, size_t *next, struct dns_fail *f)
{
    size_t pos = off, lowest = off;
    unsigned hops = 0, n = 0;
    bool jumped = false;

    for (;;) {
        uint8_t c;

        if (pos >= len)
            return dns_fail(f, -EBADMSG, "a name runs past the end", pos);
        c = buf[pos];
        if (c == 0) {
            out->wire[n++] = 0;
            out->len = (uint8_t)n;
            if (!jumped)
                *next = pos + 1;
            return 0;
        }
        if ((c & 0xc0) == 0) {
            if (len - pos - 1 < c)
                return dns_fail(f, -EBADMSG, "a label runs past the end", pos);
            if (n + 1 + c + 1 > MIRAGE_DNS_NAME_MAX)
                return dns_fail(f, -EBADMSG, "a name longer than 255 bytes",
                                pos);
            memcpy(out->wire + n, buf + pos, 1 + (size_t)c);
            n += 1 + c;
            pos += 1 + (size_t)c;
            continue;
        }
        if ((c & 0xc0) != 0xc0)
            return dns_fail(f, -EBADMSG,
                            "a label type 01 or 10 (extended labels are not "
                            "in use)",
                            pos);
        if (len - pos < 2)
            return dns_fail(f, -EBADMSG, "a compression pointer cut short",
                            pos);
        size_t to = (size_t)(c & 0x3f) << 8 | buf[pos + 1];
        if (!jumped)
            *next = pos + 2;
        jumped = true;
        if (to > pos)
            return dns_fail(f, -EBADMSG, "a compression pointer forward", pos);
        if (to >= lowest)
            return dns_fail(f, -ELOOP, "a compression loop", pos);
        if (to < MIRAGE_DNS_HEADER_LEN)
            return dns_fail(f, -EBADMSG,
                            "a compression pointer into the header", pos);
        if (++hops > MIRAGE_DNS_POINTERS_MAX)
            return dns_fail(f, -EBADMSG,
                            "more than 128 compression pointers in a name",
                            pos);
        lowest = pos = to;
    }
}

bool mirage_dns_name_valid(const struct mirage_dns_name *name)
{
    size_t i = 0;

    if (name->len < 1) /* at most 255: a byte */
        return false;
    while (i < name->len) {
        uint8_t l = name->wire[i];

        if (l == 0)
            return i + 1 == name->len;
        if (l > MIRAGE_DNS_LABEL_MAX)
            return false;
        i += 1 + (size_t)l;
    }
    return false;
}

bool mirage_dns_name_equal(const struct mirage_dns_name *a,
                           const struct mirage_dns_name *b)
{
    /* the length bytes (0 to 63) are below 'A': lowering keeps them */
    if (a->len != b->len)
        return false;
    for (size_t i = 0; i < a->len; i++)
        if (dns_lower(a->wire[i]) != dns_lower(b->wire[i]))
            return false;
    return true;
}

void mirage_dns_name_mix_case(struct mirage_dns_name *name, const void *bits,
                              size_t len)
{
    const uint8_t *r = bits;
    size_t i = 0, k = 0;

    if (!len)
        return;
    while (i < name->len && name->wire[i] != 0) {
        size_t end = i + 1 + name->wire[i];

        for (i++; i < end && i < name->len; i++) {
            uint8_t c = dns_lower(name->wire[i]);

            if (c < 'a' || c > 'z')
                continue;
            if (k == 8 * len)
                k = 0;
            name->wire[i] = r[k / 8] >> (k % 8) & 1 ? (uint8_t)(c - 32) : c;
            k++;
        }
    }
}
