/* SPDX-License-Identifier: ISC */
/* url.c: http:// and https:// URLs split into host, port and target. */
#include <errno.h>
#include <string.h>

#include <mirage/http_client.h>

#include "http_internal.h"

/* Reads a dotted quad of (len) bytes at (s) (no leading zeros, each part
 * 0 to 255) into (*a). Returns whether it is one. */
static bool dotted_quad(const char *s, size_t len, struct mirage_ipv4 *a)
{
    size_t i = 0;

    for (int part = 0; part < 4; part++) {
        unsigned v = 0;
        size_t start = i;

        if (part > 0) {
            if (i == len || s[i] != '.')
                return false;
            start = ++i;
        }
        while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 3)
            v = v * 10 + (unsigned)(s[i++] - '0');
        if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
            return false;
        a->bytes[part] = (uint8_t)v;
    }
    return i == len;
}

int mirage_http_url_parse(const char *url, struct mirage_http_url *u)
{
    static const char root[] = "/";
    const char *p, *end, *hs, *he;
    size_t n;

    if (!url || !u)
        return -EINVAL;
    memset(u, 0, sizeof(*u));
    n = strlen(url);
    for (size_t i = 0; i < n; i++)
        if (!http_is((unsigned char)url[i], HTTP_C_VCHAR))
            return -EINVAL;
    p = http_find(url, n, ':');
    if (!p || p == url)
        return -EINVAL;
    if (mirage_http_case_equal(url, (size_t)(p - url), "https"))
        u->https = true;
    else if (!mirage_http_case_equal(url, (size_t)(p - url), "http"))
        return http_is((unsigned char)url[0], HTTP_C_TCHAR) ? -EPROTONOSUPPORT
                                                            : -EINVAL;
    if (strncmp(p, "://", 3) != 0)
        return -EINVAL;
    p += 3;
    end = url + n;
    {
        const char *hash = http_find(p, (size_t)(end - p), '#');

        if (hash)
            end = hash;
    }
    /* the authority ends at '/', '?' or the end */
    he = p;
    while (he < end && *he != '/' && *he != '?')
        he++;
    if (http_find(p, (size_t)(he - p), '@'))
        return -EINVAL; /* userinfo */
    hs = p;
    if (hs < he && *hs == '[') {
        const char *close = http_find(hs, (size_t)(he - hs), ']');

        if (!close || close == hs + 1)
            return -EINVAL;
        u->host.ptr = hs + 1;
        u->host.len = (size_t)(close - hs - 1);
        u->host_is_ipv6 = true;
        for (size_t i = 0; i < u->host.len; i++) {
            char ch = u->host.ptr[i];

            if (!http_is((unsigned char)ch, HTTP_C_HEX) && ch != ':' &&
                ch != '.')
                return -EINVAL;
        }
        p = close + 1;
    } else {
        const char *colon = http_find(hs, (size_t)(he - hs), ':');

        p = colon ? colon : he;
        u->host.ptr = hs;
        u->host.len = (size_t)(p - hs);
        if (u->host.len == 0)
            return -EINVAL;
        for (size_t i = 0; i < u->host.len; i++) {
            char ch = hs[i];

            if (!http_is((unsigned char)ch, HTTP_C_HOST) || ch == ':' ||
                ch == '[' || ch == ']' || ch == '%')
                return -EINVAL;
        }
        u->host_is_ipv4 = dotted_quad(hs, u->host.len, &u->ipv4);
    }
    u->port = u->https ? 443 : 80;
    if (p < he) {
        unsigned long v = 0;

        if (*p != ':' || p + 1 == he)
            return -EINVAL;
        for (p++; p < he; p++) {
            if (*p < '0' || *p > '9')
                return -EINVAL;
            v = v * 10 + (unsigned long)(*p - '0');
            if (v > 65535)
                return -EINVAL;
        }
        if (v == 0)
            return -EINVAL;
        u->port = (uint16_t)v;
        u->has_port = true;
    }
    if (he == end || *he == '?') {
        /* no path: "/" (and a query is refused: it needs a path) */
        if (he != end)
            return -EINVAL;
        u->target.ptr = root;
        u->target.len = 1;
    } else {
        u->target.ptr = he;
        u->target.len = (size_t)(end - he);
    }
    return 0;
}
