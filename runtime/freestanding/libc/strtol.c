/* SPDX-License-Identifier: ISC */
/* strtol.c: strtol, strtoul, strtoll and strtoull. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "libc_internal.h"

/* The value of digit (c), or 36 when it is none. */
static unsigned digit(unsigned char c)
{
    if (isdigit(c))
        return c - '0';
    if (islower(c))
        return c - 'a' + 10;
    if (isupper(c))
        return c - 'A' + 10;
    return 36;
}

unsigned long long core_libc_strtox(const char *s, char **end, int base,
                                    unsigned long long pos_limit,
                                    unsigned long long neg_limit, int *neg,
                                    int *over)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned long long v = 0, limit;
    int any = 0;
    unsigned d;

    *neg = *over = 0;
    if (end)
        *end = (char *)(uintptr_t)s;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        return 0;
    }
    while (isspace(*p))
        p++;
    if (*p == '-' || *p == '+')
        *neg = *p++ == '-';
    limit = *neg ? neg_limit : pos_limit;
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' &&
        digit(p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    for (; (d = digit(*p)) < (unsigned)base; p++) {
        any = 1;
        if (*over)
            continue;
        if (v > (limit - d) / (unsigned)base) {
            *over = 1;
            v = limit;
        } else {
            v = v * (unsigned)base + d;
        }
    }
    if (!any)
        return 0;
    if (end)
        *end = (char *)(uintptr_t)p;
    if (*over)
        errno = ERANGE;
    return v;
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
    int neg, over;
    /* The magnitude of LLONG_MIN is LLONG_MAX + 1. */
    unsigned long long v =
        core_libc_strtox(s, end, base, LLONG_MAX,
                         (unsigned long long)LLONG_MAX + 1, &neg, &over);

    if (over)
        return neg ? LLONG_MIN : LLONG_MAX;
    return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
    int neg, over;
    unsigned long long v = core_libc_strtox(
        s, end, base, LONG_MAX, (unsigned long long)LONG_MAX + 1, &neg, &over);

    if (over)
        return neg ? LONG_MIN : LONG_MAX;
    return neg ? (long)(0 - v) : (long)v;
}

unsigned long long strtoull(const char *restrict s, char **restrict end,
                            int base)
{
    int neg, over;
    unsigned long long v =
        core_libc_strtox(s, end, base, ULLONG_MAX, ULLONG_MAX, &neg, &over);

    return over ? ULLONG_MAX : neg ? 0 - v : v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
    int neg, over;
    unsigned long long v =
        core_libc_strtox(s, end, base, ULONG_MAX, ULONG_MAX, &neg, &over);

    return over ? ULONG_MAX : neg ? (unsigned long)(0 - v) : (unsigned long)v;
}
