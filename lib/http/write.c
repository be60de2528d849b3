/* SPDX-License-Identifier: ISC */
/* write.c: the serializer: start lines, fields, bodies and chunks. */
#include <errno.h>
#include <string.h>

#include "http_internal.h"

/*
 * Every call checks all it was given before writing anything, so that a
 * refused call leaves the buffer as it was; what a caller gives can never
 * end a line or the head early (no CR, LF, NUL or other control byte is
 * written where the grammar has none).
 */

void mirage_http_writer_init(struct mirage_http_writer *w, void *buf,
                             size_t cap)
{
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->len = 0;
    w->err = 0;
}

/* Records the error (e) (the first one stays) and returns it. */
static int refuse(struct mirage_http_writer *w, int e)
{
    if (!w->err)
        w->err = e;
    return e;
}

/* Whether (n) more bytes fit. */
static bool room(const struct mirage_http_writer *w, size_t n)
{
    return n <= w->cap - w->len;
}

/* Appends (n) bytes (that fit). */
static void append(struct mirage_http_writer *w, const void *s, size_t n)
{
    if (n)
        memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* Writes (v) in decimal to (out) (20 bytes); returns its length. */
static size_t decimal(char *out, uint64_t v)
{
    char d[20];
    size_t n = 0, i;

    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    for (i = 0; i < n; i++)
        out[i] = d[n - 1 - i];
    return n;
}

bool http_value_ok(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!http_is((unsigned char)s[i], HTTP_C_FVALUE))
            return false;
    return len == 0 || (!http_is_ows((unsigned char)s[0]) &&
                        !http_is_ows((unsigned char)s[len - 1]));
}

int mirage_http_write_request_line(struct mirage_http_writer *w,
                                   const char *method, const char *target,
                                   int minor)
{
    size_t ml, tl;

    if (!method || !target)
        return refuse(w, -EINVAL);
    ml = strlen(method);
    tl = strlen(target);
    if (!mirage_http_is_token(method, ml) || tl == 0 ||
        (minor != 0 && minor != 1))
        return refuse(w, -EINVAL);
    for (size_t i = 0; i < tl; i++)
        if (!http_is((unsigned char)target[i], HTTP_C_VCHAR))
            return refuse(w, -EINVAL);
    if (ml > w->cap || tl > w->cap || !room(w, ml + tl + 12))
        return refuse(w, -ENOSPC);
    append(w, method, ml);
    append(w, " ", 1);
    append(w, target, tl);
    append(w, minor ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n", 11);
    return 0;
}

int mirage_http_write_status_line(struct mirage_http_writer *w, int minor,
                                  int status, const char *reason)
{
    char line[16];
    size_t rl;

    if ((minor != 0 && minor != 1) || status < 100 || status > 599)
        return refuse(w, -EINVAL);
    if (!reason)
        reason = mirage_http_reason(status);
    if (!reason)
        reason = "";
    rl = strlen(reason);
    for (size_t i = 0; i < rl; i++)
        if (!http_is((unsigned char)reason[i], HTTP_C_FVALUE))
            return refuse(w, -EINVAL);
    memcpy(line, minor ? "HTTP/1.1 " : "HTTP/1.0 ", 9);
    decimal(line + 9, (uint64_t)status);
    line[12] = ' ';
    if (rl > w->cap || !room(w, 13 + rl + 2))
        return refuse(w, -ENOSPC);
    append(w, line, 13);
    append(w, reason, rl);
    append(w, "\r\n", 2);
    return 0;
}

int mirage_http_write_field_n(struct mirage_http_writer *w, const char *name,
                              size_t name_len, const char *value,
                              size_t value_len)
{
    if (!name || (!value && value_len) ||
        !mirage_http_is_token(name, name_len) ||
        !http_value_ok(value, value_len))
        return refuse(w, -EINVAL);
    if (name_len > w->cap || value_len > w->cap ||
        !room(w, name_len + value_len + 4))
        return refuse(w, -ENOSPC);
    append(w, name, name_len);
    append(w, ": ", 2);
    append(w, value, value_len);
    append(w, "\r\n", 2);
    return 0;
}

int mirage_http_write_field(struct mirage_http_writer *w, const char *name,
                            const char *value)
{
    if (!name || !value)
        return refuse(w, -EINVAL);
    return mirage_http_write_field_n(w, name, strlen(name), value,
                                     strlen(value));
}

int mirage_http_write_field_u64(struct mirage_http_writer *w, const char *name,
                                uint64_t v)
{
    char d[20];

    if (!name)
        return refuse(w, -EINVAL);
    return mirage_http_write_field_n(w, name, strlen(name), d, decimal(d, v));
}

int mirage_http_write_field_date(struct mirage_http_writer *w, const char *name,
                                 int64_t t)
{
    char d[MIRAGE_HTTP_DATE_LEN + 1];

    if (!name || mirage_http_date_format(t, d) < 0)
        return refuse(w, -EINVAL);
    return mirage_http_write_field_n(w, name, strlen(name), d,
                                     MIRAGE_HTTP_DATE_LEN);
}

int mirage_http_write_end(struct mirage_http_writer *w)
{
    if (!room(w, 2))
        return refuse(w, -ENOSPC);
    append(w, "\r\n", 2);
    return 0;
}

int mirage_http_write_body(struct mirage_http_writer *w, const void *data,
                           size_t len)
{
    if (!data && len)
        return refuse(w, -EINVAL);
    if (!room(w, len))
        return refuse(w, -ENOSPC);
    append(w, data, len);
    return 0;
}

int mirage_http_chunk_head(char out[MIRAGE_HTTP_CHUNK_HEAD_MAX], uint64_t size)
{
    static const char hex[] = "0123456789abcdef";
    int n = 0, shift = 60;

    if (size == 0)
        return -EINVAL;
    while ((size >> shift) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        out[n++] = hex[(size >> shift) & 15];
    out[n++] = '\r';
    out[n++] = '\n';
    return n;
}

int mirage_http_write_chunk(struct mirage_http_writer *w, const void *data,
                            size_t len)
{
    char head[MIRAGE_HTTP_CHUNK_HEAD_MAX];
    int hl;

    if (!data || len == 0)
        return refuse(w, -EINVAL);
    hl = mirage_http_chunk_head(head, len);
    if (len > w->cap || !room(w, (size_t)hl + len + 2))
        return refuse(w, -ENOSPC);
    append(w, head, (size_t)hl);
    append(w, data, len);
    append(w, "\r\n", 2);
    return 0;
}

int mirage_http_write_last_chunk(struct mirage_http_writer *w)
{
    if (!room(w, 3))
        return refuse(w, -ENOSPC);
    append(w, "0\r\n", 3);
    return 0;
}
