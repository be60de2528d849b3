/* SPDX-License-Identifier: ISC */
/* reverse.c: the reverse names of addresses, in-addr.arpa and ip6.arpa. */
#include <string.h>

#include "dns_int.h"

/* Appends the label (s) of (n) bytes to (name), whose length is (*at). */
static void label(struct mirage_dns_name *name, size_t *at, const char *s,
                  size_t n)
{
    name->wire[(*at)++] = (uint8_t)n;
    memcpy(name->wire + *at, s, n);
    *at += n;
}

/* Ends (name) at (at) with "arpa" and the root. */
static void finish(struct mirage_dns_name *name, size_t at)
{
    label(name, &at, "arpa", 4);
    name->wire[at++] = 0;
    name->len = (uint8_t)at;
}

void mirage_dns_name_reverse_ipv4(struct mirage_dns_name *name,
                                  const struct mirage_ipv4 *addr)
{
    size_t at = 0;

    for (int i = 3; i >= 0; i--) {
        unsigned v = addr->bytes[i];
        char d[3];
        size_t n = 0;

        if (v >= 100)
            d[n++] = (char)('0' + v / 100);
        if (v >= 10)
            d[n++] = (char)('0' + v / 10 % 10);
        d[n++] = (char)('0' + v % 10);
        label(name, &at, d, n);
    }
    label(name, &at, "in-addr", 7);
    finish(name, at);
}

void mirage_dns_name_reverse_ipv6(struct mirage_dns_name *name,
                                  const struct mirage_ipv6 *addr)
{
    static const char hex[] = "0123456789abcdef";
    size_t at = 0;

    for (int i = 15; i >= 0; i--) {
        label(name, &at, &hex[addr->bytes[i] & 0xf], 1);
        label(name, &at, &hex[addr->bytes[i] >> 4], 1);
    }
    label(name, &at, "ip6", 3);
    finish(name, at);
}
