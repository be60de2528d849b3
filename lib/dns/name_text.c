/* SPDX-License-Identifier: ISC */
/* name_text.c: names in their text form (RFC 1035 5.1), both ways. */
#include <errno.h>
#include <string.h>

#include "dns_int.h"

int mirage_dns_name_from_string(struct mirage_dns_name *name, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = 0; /* bytes written: labels so far */

    if (!*s)
        return -EINVAL;
    if (s[0] == '.' && s[1] == '\0') {
        name->len = 1;
        name->wire[0] = 0;
        return 0;
    }
    while (*s) {
        size_t start = n, l = 0;

        if (n + 1 > MIRAGE_DNS_NAME_MAX - 1)
            return -ENAMETOOLONG;
        n++; /* the length byte */
        while (*s && *s != '.') {
            unsigned c = *s++;

            if (c == '\\') {
                if (*s >= '0' && *s <= '9') {
                    if (!(s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
                          s[2] <= '9'))
                        return -EINVAL;
                    c = (unsigned)(s[0] - '0') * 100 +
                        (unsigned)(s[1] - '0') * 10 + (unsigned)(s[2] - '0');
                    if (c > 255)
                        return -EINVAL;
                    s += 3;
                } else if (*s) {
                    c = *s++;
                } else {
                    return -EINVAL;
                }
            }
            if (++l > MIRAGE_DNS_LABEL_MAX || n + 1 > MIRAGE_DNS_NAME_MAX - 1)
                return -ENAMETOOLONG;
            name->wire[n++] = (uint8_t)c;
        }
        if (l == 0)
            return -EINVAL; /* an empty label: "a..b", ".a" */
        name->wire[start] = (uint8_t)l;
        if (*s == '.')
            s++;
    }
    name->wire[n++] = 0;
    name->len = (uint8_t)n;
    return 0;
}

/* Whether (c) of a label is written behind a backslash (zone files'
 * specials, and the dot and the backslash themselves). */
static bool special(uint8_t c)
{
    return c == '.' || c == '\\' || c == '"' || c == '(' || c == ')' ||
           c == ';' || c == '@' || c == '$';
}

int mirage_dns_name_to_string(const struct mirage_dns_name *name, char *buf,
                              size_t size)
{
    size_t o = 0, i = 0;

    if (size)
        buf[0] = '\0';
    if (!mirage_dns_name_valid(name))
        return -EINVAL;
    if (name->len == 1) {
        if (size < 2)
            return -ENOSPC;
        memcpy(buf, ".", 2);
        return 1;
    }
    while (name->wire[i] != 0) {
        size_t end = i + 1 + name->wire[i];

        if (i > 0) {
            if (o + 1 >= size)
                goto nospace;
            buf[o++] = '.';
        }
        for (i++; i < end; i++) {
            uint8_t c = name->wire[i];

            if (c > 0x20 && c < 0x7f && !special(c)) {
                if (o + 1 >= size)
                    goto nospace;
                buf[o++] = (char)c;
            } else if (c > 0x20 && c < 0x7f) {
                if (o + 2 >= size)
                    goto nospace;
                buf[o++] = '\\';
                buf[o++] = (char)c;
            } else {
                if (o + 4 >= size)
                    goto nospace;
                buf[o++] = '\\';
                buf[o++] = (char)('0' + c / 100);
                buf[o++] = (char)('0' + c / 10 % 10);
                buf[o++] = (char)('0' + c % 10);
            }
        }
    }
    buf[o] = '\0';
    return (int)o;
nospace:
    if (size)
        buf[0] = '\0';
    return -ENOSPC;
}
