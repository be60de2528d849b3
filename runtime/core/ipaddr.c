/* SPDX-License-Identifier: ISC */
/* ipaddr.c: the text form of IPv4 and IPv6 addresses and prefixes. */
#include <errno.h>

#include <mirage/ipaddr.h>

#include "argvalue.h"
#include "buf.h"

/* Ends (b): the length of its text, or -ENOSPC (and "") if cut short. */
static int finish(struct core_buf *b)
{
    if (b->truncated) {
        b->data[0] = '\0';
        return -ENOSPC;
    }
    return (int)b->len;
}

static void put_ipv4(struct core_buf *b, const uint8_t *bytes)
{
    core_buf_printf(b, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
}

/* Is (a) an IPv4-mapped address, ::ffff:a.b.c.d? */
static bool is_v4_mapped(const struct mirage_ipv6 *a)
{
    for (int i = 0; i < 10; i++)
        if (a->bytes[i] != 0)
            return false;
    return a->bytes[10] == 0xff && a->bytes[11] == 0xff;
}

static void put_ipv6(struct core_buf *b, const struct mirage_ipv6 *a)
{
    unsigned groups[8];
    int best = -1, best_len = 1; /* the run to write as "::" */

    if (is_v4_mapped(a)) {
        core_buf_puts(b, "::ffff:");
        put_ipv4(b, a->bytes + 12);
        return;
    }
    for (int i = 0; i < 8; i++)
        groups[i] = (unsigned)a->bytes[2 * i] << 8 | a->bytes[2 * i + 1];
    /* the longest run of two or more zero groups; the first of equals */
    for (int i = 0; i < 8;) {
        int len = 0;
        while (i + len < 8 && groups[i + len] == 0)
            len++;
        if (len > best_len) {
            best = i;
            best_len = len;
        }
        i += len ? len : 1;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            core_buf_puts(b, "::");
            i += best_len - 1;
            continue;
        }
        if (i > 0 && i != best + best_len)
            core_buf_puts(b, ":");
        core_buf_printf(b, "%x", groups[i]);
    }
}

int mirage_ipv4_to_string(const struct mirage_ipv4 *addr, char *buf,
                          size_t size)
{
    struct core_buf b;

    if (size == 0)
        return -ENOSPC;
    core_buf_init(&b, buf, size);
    put_ipv4(&b, addr->bytes);
    return finish(&b);
}

int mirage_ipv4_prefix_to_string(const struct mirage_ipv4_prefix *prefix,
                                 char *buf, size_t size)
{
    struct core_buf b;

    if (size == 0)
        return -ENOSPC;
    core_buf_init(&b, buf, size);
    put_ipv4(&b, prefix->addr.bytes);
    core_buf_printf(&b, "/%u", prefix->length);
    return finish(&b);
}

int mirage_ipv6_to_string(const struct mirage_ipv6 *addr, char *buf,
                          size_t size)
{
    struct core_buf b;

    if (size == 0)
        return -ENOSPC;
    core_buf_init(&b, buf, size);
    put_ipv6(&b, addr);
    return finish(&b);
}

int mirage_ipv6_prefix_to_string(const struct mirage_ipv6_prefix *prefix,
                                 char *buf, size_t size)
{
    struct core_buf b;

    if (size == 0)
        return -ENOSPC;
    core_buf_init(&b, buf, size);
    put_ipv6(&b, &prefix->addr);
    core_buf_printf(&b, "/%u", prefix->length);
    return finish(&b);
}

/* The text forms are the boot arguments' (argvalue.c), so one is read the
 * same way on the command line and in a program. */
int mirage_ipv4_from_string(struct mirage_ipv4 *addr, const char *text)
{
    union argvalue v;

    if (!addr || !text || argvalue_parse(MIRAGE_ARG_IPV4, NULL, text, &v) != 0)
        return -EINVAL;
    *addr = v.ipv4;
    return 0;
}

int mirage_ipv6_from_string(struct mirage_ipv6 *addr, const char *text)
{
    union argvalue v;

    if (!addr || !text || argvalue_parse(MIRAGE_ARG_IPV6, NULL, text, &v) != 0)
        return -EINVAL;
    *addr = v.ipv6;
    return 0;
}
