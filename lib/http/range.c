/* SPDX-License-Identifier: ISC */
/* range.c: the Range field of one byte range, and Content-Range. */
#include <errno.h>
#include <string.h>

#include "http_internal.h"

/*
 * A decimal number of (len) bytes at (s) into (*v), saturating at
 * UINT64_MAX (a position past any representation); false if not digits.
 */
static bool position(const char *s, size_t len, uint64_t *v)
{
    *v = 0;
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)(s[i] - '0');

        if (!http_is((unsigned char)s[i], HTTP_C_DIGIT))
            return false;
        *v = *v > (UINT64_MAX - d) / 10 ? UINT64_MAX : *v * 10 + d;
    }
    return true;
}

/* One range-spec (RFC 9110 14.1.1) in (e). */
struct spec {
    bool suffix;          /* "-n": the last n bytes */
    uint64_t first, last; /* "a-b"; last UINT64_MAX for "a-" */
};

static bool parse_spec(struct mirage_http_slice e, struct spec *r)
{
    const char *dash = http_find(e.ptr, e.len, '-');
    size_t at;

    if (!dash)
        return false;
    at = (size_t)(dash - e.ptr);
    r->suffix = at == 0;
    if (r->suffix)
        return position(e.ptr + 1, e.len - 1, &r->last);
    if (!position(e.ptr, at, &r->first))
        return false;
    if (at + 1 == e.len) {
        r->last = UINT64_MAX;
        return true;
    }
    return position(e.ptr + at + 1, e.len - at - 1, &r->last) &&
           r->last >= r->first;
}

/* Whether (r) is satisfiable by a representation of (size) bytes. */
static bool satisfiable(const struct spec *r, uint64_t size)
{
    return r->suffix ? r->last > 0 : r->first < size;
}

enum mirage_http_range mirage_http_range_parse(const char *value, size_t len,
                                               uint64_t size, uint64_t *first,
                                               uint64_t *last)
{
    struct mirage_http_slice set, e;
    struct spec one = {false, 0, 0}, r;
    size_t count = 0, ok = 0;

    if (!value || len < 6 || !mirage_http_case_equal(value, 5, "bytes") ||
        value[5] != '=')
        return MIRAGE_HTTP_RANGE_WHOLE;
    set.ptr = value + 6;
    set.len = len - 6;
    while (mirage_http_list_next(&set, &e)) {
        if (!parse_spec(e, &r))
            return MIRAGE_HTTP_RANGE_WHOLE;
        if (count++ == 0)
            one = r;
        if (satisfiable(&r, size))
            ok++;
    }
    if (count == 0)
        return MIRAGE_HTTP_RANGE_WHOLE;
    if (ok == 0)
        return MIRAGE_HTTP_RANGE_UNSATISFIABLE;
    if (count > 1 || size == 0)
        return MIRAGE_HTTP_RANGE_WHOLE;
    if (one.suffix) {
        *first = one.last >= size ? 0 : size - one.last;
        *last = size - 1;
    } else {
        *first = one.first;
        *last = one.last >= size ? size - 1 : one.last;
    }
    return MIRAGE_HTTP_RANGE_PARTIAL;
}

/* Appends the decimal (v) at (p); returns the end. */
static char *put_decimal(char *p, uint64_t v)
{
    char d[20];
    int n = 0;

    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        *p++ = d[--n];
    return p;
}

int mirage_http_content_range(char *out, size_t cap, enum mirage_http_range r,
                              uint64_t first, uint64_t last, uint64_t size)
{
    char buf[6 + 3 * 20 + 3], *p = buf;

    if (r == MIRAGE_HTTP_RANGE_PARTIAL) {
        if (first > last || last >= size)
            return -EINVAL;
        memcpy(p, "bytes ", 6);
        p = put_decimal(p + 6, first);
        *p++ = '-';
        p = put_decimal(p, last);
    } else if (r == MIRAGE_HTTP_RANGE_UNSATISFIABLE) {
        memcpy(p, "bytes *", 7);
        p += 7;
    } else {
        return -EINVAL;
    }
    *p++ = '/';
    p = put_decimal(p, size);
    if ((size_t)(p - buf) + 1 > cap)
        return -ENOSPC;
    memcpy(out, buf, (size_t)(p - buf));
    out[p - buf] = '\0';
    return (int)(p - buf);
}
