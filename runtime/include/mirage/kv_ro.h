/* SPDX-License-Identifier: ISC */
/* kv_ro.h: the `kv_ro` device type: a read-only key-value store. */
#ifndef MIRAGE_KV_RO_H
#define MIRAGE_KV_RO_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Keys are '/'-separated paths below the store's root, such as
 * "css/site.css". The empty key "" is the root, a dictionary that always
 * exists. Empty segments are ignored ("a//b/" is "a/b"); a key that starts
 * with '/' (absolute), that has a "." or ".." segment, or that is longer
 * than MIRAGE_KV_KEY_MAX bytes is refused with -EINVAL (-ENAMETOOLONG for
 * the length). A key names a value (bytes), a dictionary (which holds
 * values and dictionaries), or nothing.
 *
 * Errors, as negative errno values, for every operation:
 *   -EINVAL        a refused key (see above) or a NULL argument;
 *   -ENAMETOOLONG  a key longer than MIRAGE_KV_KEY_MAX;
 *   -ENOENT        no value or dictionary has this key;
 *   -EISDIR        a value was expected, the key is a dictionary;
 *   -ENOTDIR       a dictionary was expected, the key is a value;
 *   -EACCES        the key leads outside the store (direct: a symbolic link
 *                  out of the directory) or the host refuses to read it;
 *   -EIO, -ENOMEM  the store cannot be read;
 *   -ENODEV        the device was disconnected (mirage_kv_ro_disconnect).
 */
#define MIRAGE_KV_KEY_MAX 1024

/* What a key names: the positive results of mirage_kv_ro_exists. */
enum mirage_kv_kind {
    MIRAGE_KV_ABSENT = 0,     /* nothing */
    MIRAGE_KV_VALUE = 1,      /* a value */
    MIRAGE_KV_DICTIONARY = 2, /* a dictionary */
};

/* The size of a digest: SHA-256. */
#define MIRAGE_KV_DIGEST_SIZE 32

/*
 * One entry of a listing: (key) is its full key (canonical: no empty
 * segments), (name) its last segment, both valid only during the call.
 * Return 0 to go on; anything else stops the listing, and list returns it.
 */
typedef int (*mirage_kv_list_fn)(void *ctx, const char *key, const char *name,
                                 enum mirage_kv_kind kind);

struct mirage_kv_ro;

/* Operations of a `kv_ro` implementation; see the functions below. */
struct mirage_kv_ro_ops {
    int (*exists)(struct mirage_kv_ro *dev, const char *key);
    int (*get)(struct mirage_kv_ro *dev, const char *key, void *buf, size_t cap,
               size_t *len);
    int (*get_partial)(struct mirage_kv_ro *dev, const char *key,
                       uint64_t offset, size_t length, void *buf, size_t *len);
    int (*size)(struct mirage_kv_ro *dev, const char *key, uint64_t *size);
    int (*list)(struct mirage_kv_ro *dev, const char *key, mirage_kv_list_fn fn,
                void *ctx);
    int (*last_modified)(struct mirage_kv_ro *dev, const char *key,
                         int64_t *ns);
    int (*digest)(struct mirage_kv_ro *dev, const char *key,
                  uint8_t out[MIRAGE_KV_DIGEST_SIZE]);
    int (*disconnect)(struct mirage_kv_ro *dev); /* NULL: -ENOTSUP */
    int (*peek)(struct mirage_kv_ro *dev, const char *key, const void **data,
                size_t *size); /* NULL: -ENOTSUP */
};

/* A `kv_ro` device: operations plus the implementation's own state. */
struct mirage_kv_ro {
    const struct mirage_kv_ro_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/*
 * What (key) names: MIRAGE_KV_VALUE, MIRAGE_KV_DICTIONARY, or
 * MIRAGE_KV_ABSENT (0, not an error); or a negative errno value.
 */
static inline int mirage_kv_ro_exists(struct mirage_kv_ro *dev, const char *key)
{
    return dev->ops->exists(dev, key);
}

/*
 * Copies the whole value of (key) to (buf), which holds (cap) bytes, and
 * stores its size in (*len). Returns 0; or -ENOBUFS when the value is
 * longer than (cap): then (*len) is the size needed and (buf) holds nothing
 * useful. Allocates nothing. (buf) may be NULL when (cap) is 0, to ask for
 * the size.
 */
static inline int mirage_kv_ro_get(struct mirage_kv_ro *dev, const char *key,
                                   void *buf, size_t cap, size_t *len)
{
    return dev->ops->get(dev, key, buf, cap, len);
}

/*
 * Copies at most (length) bytes of the value of (key), from byte (offset),
 * to (buf), and stores how many in (*len): fewer than (length) at the end
 * of the value, 0 when (offset) is at or past the end. Returns 0.
 */
static inline int mirage_kv_ro_get_partial(struct mirage_kv_ro *dev,
                                           const char *key, uint64_t offset,
                                           size_t length, void *buf,
                                           size_t *len)
{
    return dev->ops->get_partial(dev, key, offset, length, buf, len);
}

/* Stores the size in bytes of the value of (key) in (*size). Returns 0. */
static inline int mirage_kv_ro_size(struct mirage_kv_ro *dev, const char *key,
                                    uint64_t *size)
{
    return dev->ops->size(dev, key, size);
}

/*
 * Calls (fn) once per entry of dictionary (key) ("" is the root), in
 * bytewise order of the entries' keys, a dictionary's key counting with a
 * trailing '/'. Returns the number of entries, or the first non-zero value
 * that (fn) returned, or a negative errno value (-ENOTDIR for a value).
 */
static inline int mirage_kv_ro_list(struct mirage_kv_ro *dev, const char *key,
                                    mirage_kv_list_fn fn, void *ctx)
{
    return dev->ops->list(dev, key, fn, ctx);
}

/*
 * Stores in (*ns) when (key), a value or a dictionary, was last modified,
 * in nanoseconds since the Unix epoch (UTC), or 0 when that is not known
 * (crunch without --mtime). Returns 0.
 */
static inline int mirage_kv_ro_last_modified(struct mirage_kv_ro *dev,
                                             const char *key, int64_t *ns)
{
    return dev->ops->last_modified(dev, key, ns);
}

/*
 * Stores the SHA-256 of the value of (key) in (out). Returns 0; -EISDIR
 * for a dictionary.
 */
static inline int mirage_kv_ro_digest(struct mirage_kv_ro *dev, const char *key,
                                      uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    return dev->ops->digest(dev, key, out);
}

/*
 * Points (*data) at the bytes of the value of (key), (*size) of them, in
 * memory the store keeps as it is for as long as the device is connected
 * (`crunch`: the image's own), so that they can be sent or read without
 * a copy. Returns 0; -ENOTSUP for a store that holds its values
 * otherwise (`direct`, kv_rw `memory`: use get or get_partial); else the
 * errors of get (-ENOENT, -EISDIR, ...).
 */
static inline int mirage_kv_ro_peek(struct mirage_kv_ro *dev, const char *key,
                                    const void **data, size_t *size)
{
    if (!dev->ops->peek)
        return -ENOTSUP;
    return dev->ops->peek(dev, key, data, size);
}

/*
 * Releases what the device holds: the directory of `direct`, every value
 * of a kv_rw `memory` store (disconnected through &dev->ro or
 * mirage_kv_rw_disconnect); `crunch` serves the image's own data and
 * holds nothing more. Afterwards every call on (dev) returns -ENODEV, and
 * the next connect of the same name makes a new connection in its place
 * (so a unikernel that connects and disconnects holds no more than one
 * small record per name). Returns 0; -ENODEV if it was disconnected
 * already; -EBUSY inside a batch of (dev) (mirage_kv_rw_batch), which is
 * left connected; -ENOTSUP for an implementation without disconnect.
 */
static inline int mirage_kv_ro_disconnect(struct mirage_kv_ro *dev)
{
    if (!dev->ops->disconnect)
        return -ENOTSUP;
    return dev->ops->disconnect(dev);
}

/* --- crunch: a store compiled into the image by `mirage crunch' ------- */

/* One file of a crunched directory. */
struct mirage_kv_crunch_file {
    const char *key; /* path below DIR, '/'-separated, no leading '/' */
    const unsigned char *data; /* contents */
    size_t size;
    int64_t mtime_ns; /* 0 unless crunched with --mtime */
    /* the SHA-256 of (data), MIRAGE_KV_DIGEST_SIZE bytes, which
       mirage_kv_ro_digest returns without reading the data; NULL: it is
       computed when asked (`mirage crunch' writes it) */
    const unsigned char *sha256;
};

/* A crunched directory, as `mirage crunch' writes it. */
struct mirage_kv_crunch {
    size_t count;
    const struct mirage_kv_crunch_file *files; /* sorted by key, bytewise */
};

/*
 * Connects the `crunch` implementation (every target) as device (name),
 * serving (data), and stores it in (*dev). A dictionary exists when a file's
 * key lies below it; its last_modified is its newest file's. Returns 0;
 * -EINVAL for a NULL argument or for data that is not sorted, has an
 * invalid key, or has a key that is both a file and a dictionary (logged);
 * -ENOMEM.
 */
int mirage_kv_ro_crunch_connect(struct mirage_kv_ro **dev, const char *name,
                                const struct mirage_kv_crunch *data);

/*
 * Connects the `direct` implementation (unix only) as device (name): it
 * reads directory (dir), relative to the working directory, at run time.
 * Keys never lead outside (dir): a symbolic link that would is refused
 * (-EACCES); where the kernel lacks openat2(RESOLVE_BENEATH), every
 * symbolic link is. Only regular files are values and only directories are
 * dictionaries; other files are absent. Returns 0; -ENOENT, -ENOTDIR or
 * -EACCES when (dir) cannot be opened (logged with the cause); -EINVAL;
 * -ENOMEM.
 */
int mirage_kv_ro_direct_connect(struct mirage_kv_ro **dev, const char *name,
                                const char *dir);

#endif
