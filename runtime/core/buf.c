/* SPDX-License-Identifier: ISC */
/* buf.c: bounded text building that truncates instead of overflowing. */
#include <stdio.h>
#include <string.h>

#include "buf.h"

void core_buf_init(struct core_buf *b, char *data, size_t cap)
{
    b->data = data;
    b->cap = cap;
    b->len = 0;
    b->truncated = false;
    data[0] = '\0';
}

void core_buf_add(struct core_buf *b, const char *s, size_t len)
{
    size_t room = b->cap - 1 - b->len;

    if (len > room) {
        len = room;
        b->truncated = true;
    }
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void core_buf_puts(struct core_buf *b, const char *s)
{
    core_buf_add(b, s, strlen(s));
}

void core_buf_vprintf(struct core_buf *b, const char *fmt, va_list ap)
{
    size_t room = b->cap - b->len;
    int n = vsnprintf(b->data + b->len, room, fmt, ap);

    if (n < 0) {
        /* an encoding error: keep what was there before */
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        b->len = b->cap - 1;
        b->truncated = true;
    } else {
        b->len += (size_t)n;
    }
}

void core_buf_printf(struct core_buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    core_buf_vprintf(b, fmt, ap);
    va_end(ap);
}
