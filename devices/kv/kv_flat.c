/* SPDX-License-Identifier: ISC */
/* kv_flat.c: a store's keys as one sorted array; dictionaries by prefix. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/crypto.h>

#include "kv_flat.h"
#include "kv_key.h"

size_t kv_flat_lower_bound(const struct kv_flat *flat, const char *key)
{
    size_t lo = 0, hi = flat->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(flat->key_at(flat->ctx, mid), key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first index from (lo) whose key does not start with (p) of (n). */
static size_t prefix_end(const struct kv_flat *flat, size_t lo, const char *p,
                         size_t n)
{
    size_t hi = flat->count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strncmp(flat->key_at(flat->ctx, mid), p, n) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int kv_flat_lookup(const struct kv_flat *flat, const char *key, size_t len,
                   size_t *index, size_t *end)
{
    kv_key_buf prefix;
    size_t i, e;

    if (len == 0) {
        *index = 0;
        if (end)
            *end = flat->count;
        return MIRAGE_KV_DICTIONARY;
    }
    i = kv_flat_lower_bound(flat, key);
    if (i < flat->count && strcmp(flat->key_at(flat->ctx, i), key) == 0) {
        *index = i;
        if (end)
            *end = i + 1;
        return MIRAGE_KV_VALUE;
    }
    if (len + 1 > MIRAGE_KV_KEY_MAX)
        return MIRAGE_KV_ABSENT; /* nothing can be below it */
    memcpy(prefix, key, len);
    prefix[len] = '/';
    prefix[len + 1] = '\0';
    /* keys below "key/" follow every key that sorts before "key/" */
    i = kv_flat_lower_bound(flat, prefix);
    e = prefix_end(flat, i, prefix, len + 1);
    if (i == e)
        return MIRAGE_KV_ABSENT;
    *index = i;
    if (end)
        *end = e;
    return MIRAGE_KV_DICTIONARY;
}

int kv_flat_list(const struct kv_flat *flat, const char *key, size_t len,
                 mirage_kv_list_fn fn, void *ctx)
{
    size_t i, end, skip = len ? len + 1 : 0;
    kv_key_buf sub;
    int kind, count = 0;

    kind = kv_flat_lookup(flat, key, len, &i, &end);
    if (kind == MIRAGE_KV_ABSENT)
        return -ENOENT;
    if (kind == MIRAGE_KV_VALUE)
        return -ENOTDIR;
    while (i < end) {
        const char *k = flat->key_at(flat->ctx, i);
        const char *rest = k + skip;
        const char *slash = strchr(rest, '/');
        int rc;

        if (!slash) {
            rc = fn(ctx, k, rest, MIRAGE_KV_VALUE);
            i++;
        } else {
            size_t n = (size_t)(slash - k);

            /* a dictionary: its key, then past every value below it */
            memcpy(sub, k, n);
            sub[n] = '/';
            sub[n + 1] = '\0';
            i = prefix_end(flat, i, sub, n + 1);
            sub[n] = '\0';
            rc = fn(ctx, sub, sub + skip, MIRAGE_KV_DICTIONARY);
        }
        if (rc != 0)
            return rc;
        count++;
    }
    return count;
}

/*
 * Normalises user key (key) and looks it up in the store of (dev): returns
 * its kind (absent as -ENOENT) or a negative errno value; (index) and
 * (end) as for kv_flat_lookup.
 */
static int flat_find(struct mirage_kv_ro *dev, const char *key, size_t *index,
                     size_t *end)
{
    const struct kv_flat *flat = dev->state;
    kv_key_buf norm;
    size_t len;
    int rc = kv_key_normalize(key, norm, &len);

    if (rc < 0)
        return rc;
    rc = kv_flat_lookup(flat, norm, len, index, end);
    return rc == MIRAGE_KV_ABSENT ? -ENOENT : rc;
}

/* Finds value (key): 0 and its index, -EISDIR for a dictionary, or the
   lookup's negative errno value. */
static int flat_index(struct mirage_kv_ro *dev, const char *key, size_t *i)
{
    int kind = flat_find(dev, key, i, NULL);

    if (kind < 0)
        return kind;
    return kind == MIRAGE_KV_VALUE ? 0 : -EISDIR;
}

/* Finds value (key): 0 and its bytes, or a negative errno value. */
static int flat_value(struct mirage_kv_ro *dev, const char *key,
                      const unsigned char **data, size_t *size, int64_t *mtime)
{
    const struct kv_flat *flat = dev->state;
    size_t i;
    int rc = flat_index(dev, key, &i);

    if (rc == 0)
        flat->value_at(flat->ctx, i, data, size, mtime);
    return rc;
}

static int flat_exists(struct mirage_kv_ro *dev, const char *key)
{
    size_t i;
    int kind = flat_find(dev, key, &i, NULL);

    return kind == -ENOENT ? MIRAGE_KV_ABSENT : kind;
}

static int flat_get(struct mirage_kv_ro *dev, const char *key, void *buf,
                    size_t cap, size_t *len)
{
    const unsigned char *data;
    size_t size;
    int64_t mtime;
    int rc;

    if (!len || (!buf && cap))
        return -EINVAL;
    rc = flat_value(dev, key, &data, &size, &mtime);
    if (rc < 0)
        return rc;
    *len = size;
    if (size > cap)
        return -ENOBUFS;
    if (size)
        memcpy(buf, data, size);
    return 0;
}

static int flat_get_partial(struct mirage_kv_ro *dev, const char *key,
                            uint64_t offset, size_t length, void *buf,
                            size_t *len)
{
    const unsigned char *data;
    size_t size, n = 0;
    int64_t mtime;
    int rc;

    if (!len || (!buf && length))
        return -EINVAL;
    rc = flat_value(dev, key, &data, &size, &mtime);
    if (rc < 0)
        return rc;
    if (offset < size) {
        n = size - (size_t)offset;
        if (n > length)
            n = length;
        memcpy(buf, data + offset, n);
    }
    *len = n;
    return 0;
}

static int flat_size(struct mirage_kv_ro *dev, const char *key, uint64_t *size)
{
    const unsigned char *data;
    size_t n;
    int64_t mtime;
    int rc;

    if (!size)
        return -EINVAL;
    rc = flat_value(dev, key, &data, &n, &mtime);
    if (rc == 0)
        *size = n;
    return rc;
}

static int flat_list(struct mirage_kv_ro *dev, const char *key,
                     mirage_kv_list_fn fn, void *ctx)
{
    kv_key_buf norm;
    size_t len;
    int rc;

    if (!fn)
        return -EINVAL;
    rc = kv_key_normalize(key, norm, &len);
    if (rc < 0)
        return rc;
    return kv_flat_list(dev->state, norm, len, fn, ctx);
}

static int flat_last_modified(struct mirage_kv_ro *dev, const char *key,
                              int64_t *ns)
{
    const struct kv_flat *flat = dev->state;
    size_t i, end;
    int64_t newest = 0;
    int kind;

    if (!ns)
        return -EINVAL;
    kind = flat_find(dev, key, &i, &end);
    if (kind < 0)
        return kind;
    /* a value's own time; a dictionary's newest value's */
    for (; i < end; i++) {
        const unsigned char *data;
        size_t size;
        int64_t t;

        flat->value_at(flat->ctx, i, &data, &size, &t);
        if (t > newest)
            newest = t;
    }
    *ns = newest;
    return 0;
}

/* The store's own digest when it has one (a crunched file's, made at
   build time), else the SHA-256 of the bytes. */
static int flat_digest(struct mirage_kv_ro *dev, const char *key,
                       uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    const struct kv_flat *flat = dev->state;
    const unsigned char *data;
    size_t i, size;
    int64_t mtime;
    int rc;

    if (!out)
        return -EINVAL;
    rc = flat_index(dev, key, &i);
    if (rc < 0)
        return rc;
    if (flat->digest_at && flat->digest_at(flat->ctx, i, out))
        return 0;
    flat->value_at(flat->ctx, i, &data, &size, &mtime);
    mirage_sha256(data, size, out);
    return 0;
}

static int flat_peek(struct mirage_kv_ro *dev, const char *key,
                     const void **data, size_t *size)
{
    const struct kv_flat *flat = dev->state;
    const unsigned char *bytes;
    int64_t mtime;
    int rc;

    if (!data || !size)
        return -EINVAL;
    if (!flat->constant)
        return -ENOTSUP;
    rc = flat_value(dev, key, &bytes, size, &mtime);
    if (rc == 0)
        *data = bytes;
    return rc;
}

static int flat_disconnect(struct mirage_kv_ro *dev)
{
    const struct kv_flat *flat = dev->state;

    return flat->disconnect ? flat->disconnect(dev) : -ENOTSUP;
}

const struct mirage_kv_ro_ops kv_flat_ro_ops = {
    .exists = flat_exists,
    .get = flat_get,
    .get_partial = flat_get_partial,
    .size = flat_size,
    .list = flat_list,
    .last_modified = flat_last_modified,
    .digest = flat_digest,
    .disconnect = flat_disconnect,
    .peek = flat_peek,
};
