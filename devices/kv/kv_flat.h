/* SPDX-License-Identifier: ISC */
/* kv_flat.h: a store's keys as one sorted array; dictionaries by prefix. */
#ifndef MIRAGE_DEVICES_KV_FLAT_H
#define MIRAGE_DEVICES_KV_FLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/kv_ro.h>

/*
 * A read view of (count) values whose normal keys, sorted bytewise, are
 * key_at(ctx, 0) ... key_at(ctx, count - 1). A dictionary is implied by
 * the keys below it, so an empty dictionary cannot exist.
 */
struct kv_flat {
    size_t count;
    const char *(*key_at)(const void *ctx, size_t i);
    /* the value at (i): its bytes, size and time (ns, 0 when unknown) */
    void (*value_at)(const void *ctx, size_t i, const unsigned char **data,
                     size_t *size, int64_t *mtime_ns);
    const void *ctx;
    /* the digest of the value at (i) when the store knows it (stored in
       (out), returns 1), else 0 (computed from the bytes); NULL: never */
    int (*digest_at)(const void *ctx, size_t i,
                     uint8_t out[MIRAGE_KV_DIGEST_SIZE]);
    /* whether the values' bytes stay as they are while connected (crunch),
       which mirage_kv_ro_peek then hands out; else it is -ENOTSUP */
    bool constant;
    /* the implementation's disconnect (kv_flat_ro_ops.disconnect calls it) */
    int (*disconnect)(struct mirage_kv_ro *dev);
};

/*
 * The kv_ro operations over the struct kv_flat that a device's state
 * points to (dev->state): every read of crunch and memory, and their
 * disconnect (the struct's own).
 */
extern const struct mirage_kv_ro_ops kv_flat_ro_ops;

/*
 * Looks up normal key (key) of length (len). Returns MIRAGE_KV_VALUE and
 * stores its index in (*index); MIRAGE_KV_DICTIONARY and stores the range
 * of the values below it in [*index, *end); or MIRAGE_KV_ABSENT. The root
 * "" is a dictionary of every value. (end) may be NULL.
 */
int kv_flat_lookup(const struct kv_flat *flat, const char *key, size_t len,
                   size_t *index, size_t *end);

/*
 * Lists dictionary (key), of (len), as mirage_kv_ro_list does: the count,
 * what (fn) stopped with, -ENOENT or -ENOTDIR.
 */
int kv_flat_list(const struct kv_flat *flat, const char *key, size_t len,
                 mirage_kv_list_fn fn, void *ctx);

/* The first index whose key sorts at or after (key), bytewise. */
size_t kv_flat_lower_bound(const struct kv_flat *flat, const char *key);

#endif
