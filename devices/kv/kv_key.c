/* SPDX-License-Identifier: ISC */
/* kv_key.c: checking and normalising the keys of kv_ro and kv_rw stores. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "kv_key.h"

/* Whether the (n) bytes at (seg) are "." or "..". */
static int is_dot_segment(const char *seg, size_t n)
{
    return (n == 1 && seg[0] == '.') ||
           (n == 2 && seg[0] == '.' && seg[1] == '.');
}

int kv_key_normalize(const char *key, kv_key_buf out, size_t *len)
{
    size_t o = 0;
    const char *p;

    if (!key || !out)
        return -EINVAL;
    if (key[0] == '/')
        return -EINVAL; /* absolute: refused, the root is "" */
    p = key;
    while (*p) {
        const char *seg;
        size_t n = 0;

        while (*p == '/')
            p++;
        seg = p;
        while (seg[n] && seg[n] != '/')
            n++;
        p = seg + n;
        if (n == 0)
            break;
        if (is_dot_segment(seg, n))
            return -EINVAL;
        if (o + (o ? 1 : 0) + n > MIRAGE_KV_KEY_MAX)
            return -ENAMETOOLONG;
        if (o)
            out[o++] = '/';
        memcpy(out + o, seg, n);
        o += n;
    }
    out[o] = '\0';
    if (len)
        *len = o;
    return 0;
}

int kv_key_is_normal(const char *key)
{
    kv_key_buf norm;
    size_t n;

    if (!key || !key[0])
        return 0;
    if (kv_key_normalize(key, norm, &n) != 0)
        return 0;
    return strcmp(norm, key) == 0;
}
