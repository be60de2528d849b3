/* SPDX-License-Identifier: ISC */
/* memory.c: the `memory` kv_rw: a store in RAM, with all-or-nothing writes. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/kv_ro.h>
#include <mirage/kv_rw.h>
#include <mirage/log.h>

#include "../../kv/kv_flat.h"
#include "../../kv/kv_gone.h"
#include "../../kv/kv_key.h"
#include "platform.h"

MIRAGE_LOG_DEVICE_SOURCE(memory_log, "kv-memory", "the memory kv_rw device",
                         "kv_rw");

/* One value: key and bytes live in the same allocation, after it. */
struct item {
    char *key;
    unsigned char *data;
    size_t size;
    int64_t mtime_ns;
};

/* An entry of the undo log: an item that a write inserted or took out. */
struct undo {
    struct item *item;
    int inserted;
};

/*
 * A store: the items sorted by key (flat.count of them) and, while a write
 * or batch runs, the log that undoes it. Items taken out are freed only
 * when the outermost write ends well. Kept after a disconnect (which frees
 * the rest), so that the name can be reused.
 */
struct memory {
    struct kv_flat flat; /* first: the state that kv_flat_ro_ops reads */
    struct mirage_kv_rw dev;
    struct item **items;
    size_t cap;
    struct undo *log;
    size_t nlog, logcap;
    int depth; /* batches running */
    struct memory *next;
};

static struct memory *stores;

static const char *memory_key_at(const void *ctx, size_t i)
{
    const struct memory *m = ctx;

    return m->items[i]->key;
}

static void memory_value_at(const void *ctx, size_t i,
                            const unsigned char **data, size_t *size,
                            int64_t *mtime_ns)
{
    const struct memory *m = ctx;

    *data = m->items[i]->data;
    *size = m->items[i]->size;
    *mtime_ns = m->items[i]->mtime_ns;
}

/* A new item of key (key, klen) and the (size) bytes at (data), or NULL. */
static struct item *item_new(const char *key, size_t klen, const void *data,
                             size_t size, int64_t mtime_ns)
{
    struct item *it = plat_mem_alloc(sizeof(*it) + klen + 1 + size);

    if (!it)
        return NULL;
    it->key = (char *)(it + 1);
    memcpy(it->key, key, klen);
    it->key[klen] = '\0';
    it->data = (unsigned char *)it->key + klen + 1;
    if (size)
        memcpy(it->data, data, size);
    it->size = size;
    it->mtime_ns = mtime_ns;
    return it;
}

/* Makes room for (items) more items and (undos) more log entries. */
static int reserve(struct memory *m, size_t items, size_t undos)
{
    if (m->flat.count + items > m->cap) {
        size_t cap = m->cap ? m->cap : 16;
        struct item **p;

        while (cap < m->flat.count + items)
            cap *= 2;
        p = plat_mem_alloc(cap * sizeof(*p));
        if (!p)
            return -ENOMEM;
        if (m->flat.count)
            memcpy(p, m->items, m->flat.count * sizeof(*p));
        plat_mem_free(m->items);
        m->items = p;
        m->cap = cap;
    }
    if (m->nlog + undos > m->logcap) {
        size_t cap = m->logcap ? m->logcap : 16;
        struct undo *p;

        while (cap < m->nlog + undos)
            cap *= 2;
        p = plat_mem_alloc(cap * sizeof(*p));
        if (!p)
            return -ENOMEM;
        if (m->nlog)
            memcpy(p, m->log, m->nlog * sizeof(*p));
        plat_mem_free(m->log);
        m->log = p;
        m->logcap = cap;
    }
    return 0;
}

/* Puts (it) in its place; room must be reserved. Logs it if (log). */
static void insert(struct memory *m, struct item *it, int log)
{
    size_t i = kv_flat_lower_bound(&m->flat, it->key);

    memmove(&m->items[i + 1], &m->items[i],
            (m->flat.count - i) * sizeof(m->items[0]));
    m->items[i] = it;
    m->flat.count++;
    if (log)
        m->log[m->nlog++] = (struct undo){it, 1};
}

/* Takes item (i) out and logs it; room in the log must be reserved. */
static void take_out(struct memory *m, size_t i)
{
    struct item *it = m->items[i];

    memmove(&m->items[i], &m->items[i + 1],
            (m->flat.count - i - 1) * sizeof(m->items[0]));
    m->flat.count--;
    m->log[m->nlog++] = (struct undo){it, 0};
}

/* Undoes the log back to entry (mark), newest first. Never fails. */
static void rollback(struct memory *m, size_t mark)
{
    while (m->nlog > mark) {
        struct undo *u = &m->log[--m->nlog];

        if (u->inserted) {
            size_t i = kv_flat_lower_bound(&m->flat, u->item->key);

            memmove(&m->items[i], &m->items[i + 1],
                    (m->flat.count - i - 1) * sizeof(m->items[0]));
            m->flat.count--;
            plat_mem_free(u->item);
        } else {
            /* the array held this many items before: no room is needed */
            insert(m, u->item, 0);
        }
    }
}

/* Ends a write: outside any batch, frees what it took out. */
static void commit(struct memory *m)
{
    if (m->depth > 0)
        return;
    for (size_t i = 0; i < m->nlog; i++)
        if (!m->log[i].inserted)
            plat_mem_free(m->log[i].item);
    m->nlog = 0;
}

static struct memory *memory_of(struct mirage_kv_rw *dev)
{
    return (struct memory *)dev->ro.state;
}

/* -ENOTDIR when a key above (key, len) is a value, else 0. */
static int check_parents(struct memory *m, const char *key, size_t len)
{
    kv_key_buf up;
    size_t i;

    memcpy(up, key, len);
    up[len] = '\0';
    for (size_t n = 0; n < len; n++)
        if (up[n] == '/') {
            up[n] = '\0';
            if (kv_flat_lookup(&m->flat, up, n, &i, NULL) == MIRAGE_KV_VALUE)
                return -ENOTDIR;
            up[n] = '/';
        }
    return 0;
}

static int memory_set(struct mirage_kv_rw *dev, const char *key,
                      const void *data, size_t len)
{
    struct memory *m = memory_of(dev);
    struct item *it;
    kv_key_buf norm;
    size_t klen, i;
    int rc, kind;

    if (!data && len)
        return -EINVAL;
    rc = kv_key_normalize(key, norm, &klen);
    if (rc < 0)
        return rc;
    if (len > MIRAGE_KV_RW_MEMORY_VALUE_MAX) {
        mirage_log_warn(&memory_log,
                        "%s: '%s': %lu bytes, over the limit "
                        "of %lu",
                        dev->ro.name, norm, (unsigned long)len,
                        (unsigned long)MIRAGE_KV_RW_MEMORY_VALUE_MAX);
        return -EFBIG;
    }
    kind = kv_flat_lookup(&m->flat, norm, klen, &i, NULL);
    if (kind == MIRAGE_KV_DICTIONARY)
        return -EISDIR;
    rc = check_parents(m, norm, klen);
    if (rc < 0)
        return rc;
    it = item_new(norm, klen, data, len, plat_clock_wall_ns());
    if (!it || reserve(m, 1, 2) < 0) {
        plat_mem_free(it);
        return -ENOMEM;
    }
    if (kind == MIRAGE_KV_VALUE)
        take_out(m, i);
    insert(m, it, 1);
    commit(m);
    return 0;
}

static int memory_remove(struct mirage_kv_rw *dev, const char *key)
{
    struct memory *m = memory_of(dev);
    kv_key_buf norm;
    size_t klen, i, end;
    int rc;

    rc = kv_key_normalize(key, norm, &klen);
    if (rc < 0)
        return rc;
    if (kv_flat_lookup(&m->flat, norm, klen, &i, &end) == MIRAGE_KV_ABSENT)
        return -ENOENT;
    if (reserve(m, 0, end - i) < 0)
        return -ENOMEM;
    for (size_t n = end - i; n > 0; n--)
        take_out(m, i);
    commit(m);
    return 0;
}

static int memory_rename(struct mirage_kv_rw *dev, const char *source,
                         const char *dest)
{
    struct memory *m = memory_of(dev);
    kv_key_buf src, dst;
    size_t slen, dlen, i, end, di, dend, n;
    struct item **fresh;
    int rc, skind, dkind;

    rc = kv_key_normalize(source, src, &slen);
    if (rc == 0)
        rc = kv_key_normalize(dest, dst, &dlen);
    if (rc < 0)
        return rc;
    if (slen == 0 || dlen == 0)
        return -EINVAL;
    skind = kv_flat_lookup(&m->flat, src, slen, &i, &end);
    if (skind == MIRAGE_KV_ABSENT)
        return -ENOENT;
    if (strcmp(src, dst) == 0)
        return 0;
    if (dlen > slen && strncmp(dst, src, slen) == 0 && dst[slen] == '/')
        return -EINVAL; /* into itself */
    rc = check_parents(m, dst, dlen);
    if (rc < 0)
        return rc;
    dkind = kv_flat_lookup(&m->flat, dst, dlen, &di, &dend);
    if (dkind != MIRAGE_KV_ABSENT && dkind != skind)
        return -EEXIST;

    /* every allocation first: then nothing can fail half-way */
    n = end - i;
    fresh = plat_mem_alloc(n * sizeof(*fresh));
    if (!fresh)
        return -ENOMEM;
    for (size_t k = 0; k < n; k++) {
        const struct item *old = m->items[i + k];
        size_t rest = strlen(old->key) - slen;

        fresh[k] = NULL;
        if (dlen + rest > MIRAGE_KV_KEY_MAX) {
            rc = -ENAMETOOLONG;
        } else {
            memcpy(dst + dlen, old->key + slen, rest + 1);
            fresh[k] =
                item_new(dst, dlen + rest, old->data, old->size, old->mtime_ns);
            dst[dlen] = '\0';
            if (!fresh[k])
                rc = -ENOMEM;
        }
        if (rc < 0) {
            while (k > 0)
                plat_mem_free(fresh[--k]);
            plat_mem_free(fresh);
            return rc;
        }
    }
    if (reserve(m, n, 2 * n + (dkind ? dend - di : 0)) < 0) {
        for (size_t k = 0; k < n; k++)
            plat_mem_free(fresh[k]);
        plat_mem_free(fresh);
        return -ENOMEM;
    }
    for (size_t k = 0; k < n; k++)
        take_out(m, i);
    /* what (dest) held goes: find it again, the indices moved */
    if (kv_flat_lookup(&m->flat, dst, dlen, &di, &dend) != MIRAGE_KV_ABSENT)
        for (size_t k = dend - di; k > 0; k--)
            take_out(m, di);
    for (size_t k = 0; k < n; k++)
        insert(m, fresh[k], 1);
    plat_mem_free(fresh);
    commit(m);
    return 0;
}

static int memory_batch(struct mirage_kv_rw *dev, mirage_kv_batch_fn fn,
                        void *ctx)
{
    struct memory *m = memory_of(dev);
    size_t mark = m->nlog;
    int rc;

    if (!fn)
        return -EINVAL;
    m->depth++;
    rc = fn(dev, ctx);
    m->depth--;
    if (rc < 0) {
        rollback(m, mark);
        mirage_log_debug(&memory_log, "%s: batch undone (%d)", dev->ro.name,
                         rc);
    }
    commit(m);
    return rc;
}

static const struct mirage_kv_rw_ops memory_ops = {
    .set = memory_set,
    .remove = memory_remove,
    .rename = memory_rename,
    .batch = memory_batch,
};

/* Frees every value, the arrays and the log; writes and reads end. */
static int memory_disconnect(struct mirage_kv_ro *dev)
{
    struct memory *m = (struct memory *)dev->state;

    if (m->depth > 0)
        return -EBUSY;
    for (size_t i = 0; i < m->flat.count; i++)
        plat_mem_free(m->items[i]);
    plat_mem_free(m->items);
    plat_mem_free(m->log);
    m->items = NULL;
    m->log = NULL;
    m->flat.count = m->cap = m->nlog = m->logcap = 0;
    m->dev.ro.ops = &kv_gone_ro_ops;
    m->dev.ops = &kv_gone_rw_ops;
    mirage_log_debug(&memory_log, "%s: disconnected", dev->name);
    return 0;
}

int mirage_kv_rw_memory_connect(struct mirage_kv_rw **dev, const char *name)
{
    struct memory *m;

    if (!dev || !name)
        return -EINVAL;
    for (m = stores; m; m = m->next)
        if (m->dev.ro.ops == &kv_gone_ro_ops &&
            strcmp(m->dev.ro.name, name) == 0)
            break;
    if (!m) {
        m = plat_mem_alloc(sizeof(*m));
        if (!m) {
            mirage_log_err(&memory_log, "%s: out of memory", name);
            return -ENOMEM;
        }
        memset(m, 0, sizeof(*m));
        m->next = stores;
        stores = m;
    }
    m->flat.key_at = memory_key_at;
    m->flat.value_at = memory_value_at;
    m->flat.ctx = m;
    m->flat.digest_at = NULL;
    m->flat.constant = false; /* a write may free or move a value */
    m->flat.disconnect = memory_disconnect;
    m->dev.ro.ops = &kv_flat_ro_ops;
    m->dev.ro.state = &m->flat;
    m->dev.ro.name = name;
    m->dev.ops = &memory_ops;
    mirage_log_debug(&memory_log, "%s: connected", name);
    *dev = &m->dev;
    return 0;
}
