/* SPDX-License-Identifier: ISC */
/* etag.c: entity tags, If-None-Match and If-Modified-Since (RFC 9110 13). */
#include <errno.h>
#include <string.h>

#include "http_internal.h"

int mirage_http_etag(char out[MIRAGE_HTTP_ETAG_MAX], uint64_t size,
                     uint64_t hash)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t v[2] = {size, hash};
    int n = 0;

    out[n++] = '"';
    for (int k = 0; k < 2; k++) {
        int shift = 60;

        while (shift > 0 && (v[k] >> shift) == 0)
            shift -= 4;
        for (; shift >= 0; shift -= 4)
            out[n++] = hex[(v[k] >> shift) & 15];
        out[n++] = k == 0 ? '-' : '"';
    }
    out[n] = '\0';
    return n;
}

/*
 * An entity-tag at (*s) of (end): [W/] DQUOTE *etagc DQUOTE. Sets
 * (*opaque) to the quoted part, quotes included, and moves (*s) past it.
 */
static bool entity_tag(const char **s, const char *end,
                       struct mirage_http_slice *opaque)
{
    const char *p = *s;

    if (end - p >= 2 && p[0] == 'W' && p[1] == '/')
        p += 2;
    if (p == end || *p != '"')
        return false;
    opaque->ptr = p++;
    while (p < end && *p != '"') {
        unsigned char c = (unsigned char)*p;

        if (c < 0x21 || c == 0x7f)
            return false;
        p++;
    }
    if (p == end)
        return false;
    p++;
    opaque->len = (size_t)(p - opaque->ptr);
    *s = p;
    return true;
}

int mirage_http_etag_match(const char *list, size_t len, const char *etag,
                           size_t etag_len)
{
    const char *s = list, *end = list + len, *e = etag;
    struct mirage_http_slice mine, theirs;
    int match = 0;

    if (!etag || !entity_tag(&e, etag + etag_len, &mine) ||
        e != etag + etag_len)
        return -EINVAL;
    while (s < end && http_is_ows((unsigned char)*s))
        s++;
    while (end > s && http_is_ows((unsigned char)end[-1]))
        end--;
    if (end - s == 1 && *s == '*')
        return 1;
    for (;;) {
        while (s < end && (*s == ',' || http_is_ows((unsigned char)*s)))
            s++;
        if (s == end)
            break;
        if (!entity_tag(&s, end, &theirs))
            return -EINVAL;
        if (theirs.len == mine.len &&
            memcmp(theirs.ptr, mine.ptr, mine.len) == 0)
            match = 1;
        while (s < end && http_is_ows((unsigned char)*s))
            s++;
        if (s < end && *s != ',')
            return -EINVAL;
    }
    return match;
}

int mirage_http_not_modified(const struct mirage_http_message *msg,
                             const char *etag, size_t etag_len, int64_t mtime)
{
    struct mirage_http_slice v;
    int64_t since;
    int i, match = 0;
    bool valid = false;

    if (msg->method_id != MIRAGE_HTTP_GET && msg->method_id != MIRAGE_HTTP_HEAD)
        return 0;
    /* If-None-Match: its lines are one list; a malformed one voids it */
    for (i = mirage_http_field_find(msg->fields, msg->nfields, "if-none-match",
                                    0);
         i >= 0; i = mirage_http_field_find(msg->fields, msg->nfields,
                                            "if-none-match", (size_t)i + 1)) {
        const struct mirage_http_slice *l = &msg->fields[i].value;
        int r;

        if (l->len == 1 && l->ptr[0] == '*')
            r = 1;
        else if (!etag)
            r = mirage_http_etag_match(l->ptr, l->len, "\"\"", 2) < 0 ? -1 : 0;
        else
            r = mirage_http_etag_match(l->ptr, l->len, etag, etag_len);
        if (r < 0) {
            valid = false;
            match = 0;
            break;
        }
        valid = true;
        match |= r;
    }
    if (valid)
        return match;
    if (mtime < 0 || mirage_http_field_get(msg, "if-modified-since", &v) != 1 ||
        mirage_http_date_parse(v.ptr, v.len, mtime, &since) != 0)
        return 0;
    return mtime <= since;
}
