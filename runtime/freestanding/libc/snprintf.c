/* SPDX-License-Identifier: ISC */
/* snprintf.c: snprintf and vsnprintf, formatting into memory. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "libc_internal.h"

struct mem {
    char *buf;
    size_t room; /* bytes left before the one kept for the NUL */
};

static void to_mem(void *ctx, const char *s, size_t len)
{
    struct mem *m = ctx;
    size_t n = len < m->room ? len : m->room;

    memcpy(m->buf, s, n);
    m->buf += n;
    m->room -= n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              va_list ap)
{
    struct mem m = {buf, size ? size - 1 : 0};
    int r = core_libc_format(to_mem, &m, fmt, ap);

    if (size)
        *m.buf = '\0';
    return r;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return r;
}
