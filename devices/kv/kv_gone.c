/* SPDX-License-Identifier: ISC */
/* kv_gone.c: the operations of a disconnected kv_ro or kv_rw device. */
#include <errno.h>

#include "kv_gone.h"

static int gone_exists(struct mirage_kv_ro *dev, const char *key)
{
    (void)dev;
    (void)key;
    return -ENODEV;
}

static int gone_get(struct mirage_kv_ro *dev, const char *key, void *buf,
                    size_t cap, size_t *len)
{
    (void)dev;
    (void)key;
    (void)buf;
    (void)cap;
    (void)len;
    return -ENODEV;
}

static int gone_get_partial(struct mirage_kv_ro *dev, const char *key,
                            uint64_t offset, size_t length, void *buf,
                            size_t *len)
{
    (void)dev;
    (void)key;
    (void)offset;
    (void)length;
    (void)buf;
    (void)len;
    return -ENODEV;
}

static int gone_size(struct mirage_kv_ro *dev, const char *key, uint64_t *size)
{
    (void)dev;
    (void)key;
    (void)size;
    return -ENODEV;
}

static int gone_list(struct mirage_kv_ro *dev, const char *key,
                     mirage_kv_list_fn fn, void *ctx)
{
    (void)dev;
    (void)key;
    (void)fn;
    (void)ctx;
    return -ENODEV;
}

static int gone_last_modified(struct mirage_kv_ro *dev, const char *key,
                              int64_t *ns)
{
    (void)dev;
    (void)key;
    (void)ns;
    return -ENODEV;
}

static int gone_digest(struct mirage_kv_ro *dev, const char *key,
                       uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    (void)dev;
    (void)key;
    (void)out;
    return -ENODEV;
}

static int gone_peek(struct mirage_kv_ro *dev, const char *key,
                     const void **data, size_t *size)
{
    (void)dev;
    (void)key;
    (void)data;
    (void)size;
    return -ENODEV;
}

static int gone_disconnect(struct mirage_kv_ro *dev)
{
    (void)dev;
    return -ENODEV;
}

const struct mirage_kv_ro_ops kv_gone_ro_ops = {
    .exists = gone_exists,
    .get = gone_get,
    .get_partial = gone_get_partial,
    .size = gone_size,
    .list = gone_list,
    .last_modified = gone_last_modified,
    .digest = gone_digest,
    .disconnect = gone_disconnect,
    .peek = gone_peek,
};

static int gone_set(struct mirage_kv_rw *dev, const char *key, const void *data,
                    size_t len)
{
    (void)dev;
    (void)key;
    (void)data;
    (void)len;
    return -ENODEV;
}

static int gone_remove(struct mirage_kv_rw *dev, const char *key)
{
    (void)dev;
    (void)key;
    return -ENODEV;
}

static int gone_rename(struct mirage_kv_rw *dev, const char *source,
                       const char *dest)
{
    (void)dev;
    (void)source;
    (void)dest;
    return -ENODEV;
}

static int gone_batch(struct mirage_kv_rw *dev, mirage_kv_batch_fn fn,
                      void *ctx)
{
    (void)dev;
    (void)fn;
    (void)ctx;
    return -ENODEV;
}

const struct mirage_kv_rw_ops kv_gone_rw_ops = {
    .set = gone_set,
    .remove = gone_remove,
    .rename = gone_rename,
    .batch = gone_batch,
};
