/* SPDX-License-Identifier: ISC */
/* kv_rw.h: the `kv_rw` device type: a read-write key-value store. */
#ifndef MIRAGE_KV_RW_H
#define MIRAGE_KV_RW_H

#include <stddef.h>
#include <stdint.h>

#include <mirage/kv_ro.h>

/*
 * A kv_rw device is a kv_ro device (its member `ro`, usable with every
 * mirage_kv_ro_* function) plus writes. Keys and errors are those of
 * kv_ro.h, and:
 *   -EFBIG   a value longer than the implementation's limit;
 *   -EEXIST  rename onto a key that holds something of the other kind;
 *   -ENOMEM  out of memory (the store is left as it was).
 * Every write is all or nothing: a failed one changes nothing.
 */
struct mirage_kv_rw;

/*
 * The function that mirage_kv_rw_batch runs: any writes to (dev), then a
 * result; a negative one undoes them all.
 */
typedef int (*mirage_kv_batch_fn)(struct mirage_kv_rw *dev, void *ctx);

/* Write operations of a `kv_rw` implementation; see the functions below. */
struct mirage_kv_rw_ops {
    int (*set)(struct mirage_kv_rw *dev, const char *key, const void *data,
               size_t len);
    int (*remove)(struct mirage_kv_rw *dev, const char *key);
    int (*rename)(struct mirage_kv_rw *dev, const char *source,
                  const char *dest);
    int (*batch)(struct mirage_kv_rw *dev, mirage_kv_batch_fn fn, void *ctx);
};

/* A `kv_rw` device: the kv_ro reads plus the write operations. */
struct mirage_kv_rw {
    struct mirage_kv_ro ro; /* ops, state, name; &dev->ro is a kv_ro */
    const struct mirage_kv_rw_ops *ops;
};

/*
 * Sets the value of (key) to the (len) bytes at (data) (NULL if len is 0),
 * creating the dictionaries above it. Returns 0; -EISDIR when (key) is a
 * dictionary (or the root); -ENOTDIR when a key above it is a value;
 * -EFBIG; -ENOMEM.
 */
static inline int mirage_kv_rw_set(struct mirage_kv_rw *dev, const char *key,
                                   const void *data, size_t len)
{
    return dev->ops->set(dev, key, data, len);
}

/*
 * Removes value or dictionary (key) with everything below it; "" empties
 * the store. Returns 0, or -ENOENT when there is nothing to remove (except
 * for the root).
 */
static inline int mirage_kv_rw_remove(struct mirage_kv_rw *dev, const char *key)
{
    return dev->ops->remove(dev, key);
}

/*
 * Moves value or dictionary (source), with everything below it, to (dest),
 * creating the dictionaries above (dest). A value replaces a value at
 * (dest); a dictionary replaces a dictionary (whose old content goes). The
 * time of last modification moves along. Returns 0; -ENOENT without
 * (source); -EEXIST when (dest) holds the other kind; -EINVAL when either
 * is the root or (dest) lies below (source); -ENOTDIR when a key above
 * (dest) is a value. Renaming a key to itself does nothing.
 */
static inline int mirage_kv_rw_rename(struct mirage_kv_rw *dev,
                                      const char *source, const char *dest)
{
    return dev->ops->rename(dev, source, dest);
}

/*
 * Runs (fn)(dev, ctx) as one write: when it returns a negative value, every
 * write it made is undone, and batch returns that value; otherwise they all
 * stay and batch returns what (fn) did. Batches nest: an inner one belongs
 * to the outer one. Fibers take turns only where one waits: if (fn) waits
 * (sleeps), other fibers see its writes so far.
 */
static inline int mirage_kv_rw_batch(struct mirage_kv_rw *dev,
                                     mirage_kv_batch_fn fn, void *ctx)
{
    return dev->ops->batch(dev, fn, ctx);
}

/*
 * Releases the store and every value in it: mirage_kv_ro_disconnect on
 * &dev->ro. Afterwards every call, read or write, returns -ENODEV.
 */
static inline int mirage_kv_rw_disconnect(struct mirage_kv_rw *dev)
{
    return mirage_kv_ro_disconnect(&dev->ro);
}

/* The reads, for convenience: as the mirage_kv_ro_* functions on &dev->ro. */
static inline int mirage_kv_rw_exists(struct mirage_kv_rw *dev, const char *key)
{
    return mirage_kv_ro_exists(&dev->ro, key);
}

static inline int mirage_kv_rw_get(struct mirage_kv_rw *dev, const char *key,
                                   void *buf, size_t cap, size_t *len)
{
    return mirage_kv_ro_get(&dev->ro, key, buf, cap, len);
}

static inline int mirage_kv_rw_get_partial(struct mirage_kv_rw *dev,
                                           const char *key, uint64_t offset,
                                           size_t length, void *buf,
                                           size_t *len)
{
    return mirage_kv_ro_get_partial(&dev->ro, key, offset, length, buf, len);
}

static inline int mirage_kv_rw_size(struct mirage_kv_rw *dev, const char *key,
                                    uint64_t *size)
{
    return mirage_kv_ro_size(&dev->ro, key, size);
}

static inline int mirage_kv_rw_list(struct mirage_kv_rw *dev, const char *key,
                                    mirage_kv_list_fn fn, void *ctx)
{
    return mirage_kv_ro_list(&dev->ro, key, fn, ctx);
}

static inline int mirage_kv_rw_last_modified(struct mirage_kv_rw *dev,
                                             const char *key, int64_t *ns)
{
    return mirage_kv_ro_last_modified(&dev->ro, key, ns);
}

static inline int mirage_kv_rw_digest(struct mirage_kv_rw *dev, const char *key,
                                      uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    return mirage_kv_ro_digest(&dev->ro, key, out);
}

/* --- memory: a store in RAM, empty at boot, every target -------------- */

/* The longest value the `memory` implementation stores: 16 MiB. */
#define MIRAGE_KV_RW_MEMORY_VALUE_MAX ((size_t)16 << 20)

/*
 * Connects the `memory` implementation as device (name), empty, and stores
 * it in (*dev). A dictionary exists while a value lies below it: removing
 * its last value removes it. last_modified is the wall-clock time of the
 * write (a dictionary's: its newest value's). Returns 0, -EINVAL or -ENOMEM.
 */
int mirage_kv_rw_memory_connect(struct mirage_kv_rw **dev, const char *name);

#endif
