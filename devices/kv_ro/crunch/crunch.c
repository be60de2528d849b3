/* SPDX-License-Identifier: ISC */
/* crunch.c: the `crunch` kv_ro: files compiled into the image, every target. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mirage/kv_ro.h>
#include <mirage/log.h>

#include "../../kv/kv_flat.h"
#include "../../kv/kv_gone.h"
#include "../../kv/kv_key.h"
#include "platform.h"

MIRAGE_LOG_DEVICE_SOURCE(crunch_log, "kv-crunch",
                         "the crunch kv_ro device: files built into the image",
                         "kv_ro");

/*
 * One device: a sorted view of the generated data's keys. Kept after a
 * disconnect, so that the name can be reused.
 */
struct crunch {
    struct kv_flat flat; /* first: the state that kv_flat_ro_ops reads */
    struct mirage_kv_ro dev;
    struct crunch *next;
};

static struct crunch *crunches;

/* The data is the image's own: nothing to free but the view. */
static int crunch_disconnect(struct mirage_kv_ro *dev)
{
    struct crunch *c = (struct crunch *)dev->state;

    c->flat.count = 0;
    c->flat.ctx = NULL;
    c->dev.ops = &kv_gone_ro_ops;
    mirage_log_debug(&crunch_log, "%s: disconnected", dev->name);
    return 0;
}

static const char *crunch_key_at(const void *ctx, size_t i)
{
    const struct mirage_kv_crunch *data = ctx;

    return data->files[i].key;
}

static void crunch_value_at(const void *ctx, size_t i,
                            const unsigned char **data, size_t *size,
                            int64_t *mtime_ns)
{
    const struct mirage_kv_crunch *c = ctx;

    *data = c->files[i].data;
    *size = c->files[i].size;
    *mtime_ns = c->files[i].mtime_ns;
}

static int crunch_digest_at(const void *ctx, size_t i,
                            uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    const struct mirage_kv_crunch *c = ctx;

    if (!c->files[i].sha256)
        return 0;
    memcpy(out, c->files[i].sha256, MIRAGE_KV_DIGEST_SIZE);
    return 1;
}

/* Checks generated data: normal keys, sorted, no file also a dictionary. */
static int crunch_check(const char *name, const struct mirage_kv_crunch *data)
{
    struct kv_flat flat = {.count = data->count,
                           .key_at = crunch_key_at,
                           .value_at = crunch_value_at,
                           .ctx = data};

    if (data->count && !data->files)
        return -EINVAL;
    for (size_t i = 0; i < data->count; i++) {
        const struct mirage_kv_crunch_file *f = &data->files[i];
        kv_key_buf sub;
        size_t j, n;

        if (!kv_key_is_normal(f->key) || (!f->data && f->size)) {
            mirage_log_err(&crunch_log,
                           "%s: file %lu has an invalid key "
                           "'%s' or no data",
                           name, (unsigned long)i, f->key ? f->key : "(null)");
            return -EINVAL;
        }
        if (i && strcmp(data->files[i - 1].key, f->key) >= 0) {
            mirage_log_err(&crunch_log,
                           "%s: key '%s' is out of order or "
                           "twice",
                           name, f->key);
            return -EINVAL;
        }
        /* a key cannot name a file and a dictionary at once */
        n = strlen(f->key);
        if (n < MIRAGE_KV_KEY_MAX) {
            memcpy(sub, f->key, n);
            sub[n] = '/';
            sub[n + 1] = '\0';
            j = kv_flat_lower_bound(&flat, sub);
            if (j < data->count &&
                strncmp(data->files[j].key, sub, n + 1) == 0) {
                mirage_log_err(&crunch_log,
                               "%s: '%s' is both a file and a dictionary", name,
                               f->key);
                return -EINVAL;
            }
        }
    }
    return 0;
}

int mirage_kv_ro_crunch_connect(struct mirage_kv_ro **dev, const char *name,
                                const struct mirage_kv_crunch *data)
{
    struct crunch *c;
    int rc;

    if (!dev || !name || !data)
        return -EINVAL;
    rc = crunch_check(name, data);
    if (rc < 0)
        return rc;
    for (c = crunches; c; c = c->next)
        if (c->dev.ops == &kv_gone_ro_ops && strcmp(c->dev.name, name) == 0)
            break;
    if (!c) {
        c = plat_mem_alloc(sizeof(*c));
        if (!c) {
            mirage_log_err(&crunch_log, "%s: out of memory", name);
            return -ENOMEM;
        }
        c->next = crunches;
        crunches = c;
    }
    c->flat.count = data->count;
    c->flat.key_at = crunch_key_at;
    c->flat.value_at = crunch_value_at;
    c->flat.ctx = data;
    c->flat.digest_at = crunch_digest_at;
    c->flat.constant = true;
    c->flat.disconnect = crunch_disconnect;
    c->dev.ops = &kv_flat_ro_ops;
    c->dev.state = &c->flat;
    c->dev.name = name;
    mirage_log_debug(&crunch_log, "%s: connected, %lu files", name,
                     (unsigned long)data->count);
    *dev = &c->dev;
    return 0;
}
