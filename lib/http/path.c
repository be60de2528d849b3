/* SPDX-License-Identifier: ISC */
/* path.c: request targets: their forms, paths made safe, queries. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "http_internal.h"

/* Sets (*sl) to the (len) bytes at (s). */
static void slice(struct mirage_http_slice *sl, const char *s, size_t len)
{
    sl->ptr = s;
    sl->len = len;
}

/* Splits (len) bytes at (s) at the first '?' into path and query. */
static void path_query(const char *s, size_t len, struct mirage_http_target *t)
{
    const char *q = http_find(s, len, '?');

    if (q) {
        slice(&t->path, s, (size_t)(q - s));
        slice(&t->query, q + 1, len - (size_t)(q - s) - 1);
        t->has_query = true;
    } else {
        slice(&t->path, s, len);
        slice(&t->query, s + len, 0);
    }
}

/* Whether (len) bytes at (s) may be an authority (host and port). */
static bool authority_ok(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!http_is((unsigned char)s[i], HTTP_C_HOST))
            return false;
    return true;
}

int mirage_http_target_split(const char *s, size_t len,
                             struct mirage_http_target *t)
{
    size_t scheme = 0, a;

    memset(t, 0, sizeof *t);
    slice(&t->path, "", 0);
    slice(&t->query, "", 0);
    slice(&t->authority, "", 0);
    if (!s || len == 0 || http_find(s, len, '#'))
        return -EINVAL;
    for (size_t i = 0; i < len; i++)
        if (!http_is((unsigned char)s[i], HTTP_C_VCHAR))
            return -EINVAL;
    if (s[0] == '/') {
        path_query(s, len, t);
        return 0;
    }
    if (len == 1 && s[0] == '*') {
        slice(&t->path, s, 1);
        return 0;
    }
    if (len > 7 && mirage_http_case_equal(s, 7, "http://"))
        scheme = 7;
    else if (len > 8 && mirage_http_case_equal(s, 8, "https://"))
        scheme = 8;
    if (scheme) {
        for (a = scheme; a < len && s[a] != '/' && s[a] != '?'; a++)
            ;
        if (a == scheme || !authority_ok(s + scheme, a - scheme))
            return -EINVAL;
        slice(&t->authority, s + scheme, a - scheme);
        path_query(s + a, len - a, t);
        if (t->path.len == 0) /* "http://host" and "http://host?q": "/" */
            slice(&t->path, "/", 1);
        return 0;
    }
    /* authority-form, for CONNECT: host ":" port */
    if (!authority_ok(s, len) || !http_find(s, len, ':'))
        return -EINVAL;
    slice(&t->authority, s, len);
    return 0;
}

/*
 * The byte of the path at (*i) of (len) at (s), decoded, into (*c) (a
 * decoded '/' separates segments as a raw one does); (*i) moves past it.
 * Returns 0, or -EINVAL for a malformed %, a NUL, a control byte, a raw
 * byte that no target holds, or a backslash.
 */
static int path_byte(const char *s, size_t len, size_t *i, unsigned char *c)
{
    unsigned char b = (unsigned char)s[*i];

    if (b == '%') {
        int hi, lo;

        if (len - *i < 3 ||
            (hi = http_hex_value((unsigned char)s[*i + 1])) < 0 ||
            (lo = http_hex_value((unsigned char)s[*i + 2])) < 0)
            return -EINVAL;
        b = (unsigned char)(hi << 4 | lo);
        *i += 3;
        if (b < 0x20 || b == 0x7f || b == '\\')
            return -EINVAL;
    } else {
        if (!http_is(b, HTTP_C_VCHAR) || b == '\\')
            return -EINVAL;
        *i += 1;
    }
    *c = b;
    return 0;
}

int mirage_http_path_normalize(const char *path, size_t len, char *out,
                               size_t cap)
{
    size_t i = 1, w = 1;
    unsigned char pend[2];
    size_t npend = 0;
    bool flushed = false;

    if (!path || len == 0 || len > INT_MAX || path[0] != '/')
        return -EINVAL;
    if (cap < 1)
        return -ENOSPC;
    out[0] = '/';
    /* out holds "/" and complete segments each followed by '/'; a
     * segment's first two bytes wait in (pend), for "." and ".." */
    for (;;) {
        unsigned char c = '/';
        bool end = i == len;

        if (!end && path_byte(path, len, &i, &c) < 0)
            return -EINVAL;
        if (end || c == '/') {
            if (!flushed && npend == 2 && pend[0] == '.' && pend[1] == '.') {
                if (w == 1) /* above the root */
                    return -EINVAL;
                w--;
                while (out[w - 1] != '/')
                    w--;
            } else if (flushed ||
                       (npend > 0 && !(npend == 1 && pend[0] == '.'))) {
                if (w + npend > cap)
                    return -ENOSPC;
                memcpy(out + w, pend, npend);
                w += npend;
                if (!end) {
                    if (w >= cap)
                        return -ENOSPC;
                    out[w++] = '/';
                }
            }
            npend = 0;
            flushed = false;
            if (end)
                return (int)w;
            continue;
        }
        if (npend < 2) {
            pend[npend++] = c;
            continue;
        }
        /* a third byte: the segment is a name */
        if (w + npend + 1 > cap)
            return -ENOSPC;
        memcpy(out + w, pend, npend);
        w += npend;
        npend = 0;
        flushed = true;
        out[w++] = (char)c;
    }
}

int mirage_http_percent_decode(const char *in, size_t len, char *out,
                               size_t cap, bool plus)
{
    size_t w = 0;

    if (len > INT_MAX)
        return -EINVAL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];

        if (c == '%') {
            int hi, lo;

            if (len - i < 3 ||
                (hi = http_hex_value((unsigned char)in[i + 1])) < 0 ||
                (lo = http_hex_value((unsigned char)in[i + 2])) < 0)
                return -EINVAL;
            c = (unsigned char)(hi << 4 | lo);
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        }
        if (w >= cap)
            return -ENOSPC;
        out[w++] = (char)c;
    }
    return (int)w;
}

int mirage_http_query_next(struct mirage_http_slice *query,
                           struct mirage_http_slice *name,
                           struct mirage_http_slice *value)
{
    const char *s = query->ptr, *amp, *eq;
    size_t n = query->len, len;

    while (n > 0 && *s == '&') {
        s++;
        n--;
    }
    if (n == 0) {
        slice(query, s, 0);
        return 0;
    }
    amp = http_find(s, n, '&');
    len = amp ? (size_t)(amp - s) : n;
    eq = http_find(s, len, '=');
    if (eq) {
        slice(name, s, (size_t)(eq - s));
        slice(value, eq + 1, len - (size_t)(eq - s) - 1);
    } else {
        slice(name, s, len);
        slice(value, s + len, 0);
    }
    slice(query, s + len, n - len);
    return 1;
}
