/* SPDX-License-Identifier: ISC */
/* tls_fake.h: the tls device's test world: devices and TCP flows in memory. */
#ifndef MIRAGE_TESTS_TLS_FAKE_H
#define MIRAGE_TESTS_TLS_FAKE_H

/*
 * For tests/unit/test_tls_*.c and tests/fuzz/fuzz_tls_*.c: a random
 * device that repeats itself from a seed (a TLS server given the same
 * seed and the same bytes answers the same bytes, so a recorded client
 * replays a whole handshake), a pclock at a fixed time, an mclock on
 * the host's monotonic clock, a kv_ro over a table of files in memory,
 * and TCP flows in memory of two kinds: a scripted flow (its reads hand
 * out given chunks, then the end; its writes are counted and dropped, or
 * fail from a given write on) and a connected pair (each side's writes
 * are the other's reads, waiting in a fiber for bytes or the end).
 * tls_fake_free_dev frees a device that mirage_tls_bearssl_connect made
 * (the device has no disconnect). Everything here is hosted C.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mirage/fiber.h>
#include <mirage/kv_ro.h>
#include <mirage/mclock.h>
#include <mirage/pclock.h>
#include <mirage/random.h>
#include <mirage/stack.h>
#include <mirage/tls.h>

#include "tls_bearssl.h"

/* What a test that uses only some of this file leaves unused. */
#define TLS_FAKE_UNUSED __attribute__((unused))

/* --- PEM -------------------------------------------------------------- */

struct tls_fake_der_sink {
    unsigned char *p;
    size_t len, cap;
};

static inline void tls_fake_der_append(void *ctx, const void *buf, size_t len)
{
    struct tls_fake_der_sink *s = ctx;

    if (len > s->cap - s->len)
        len = s->cap - s->len;
    memcpy(s->p + s->len, buf, len);
    s->len += len;
}

/* The DER bytes of the first PEM object of (pem) in (out), at most (cap);
 * their length (0: none). */
static inline size_t tls_fake_pem_der(const char *pem, unsigned char *out,
                                      size_t cap)
{
    br_pem_decoder_context pc;
    struct tls_fake_der_sink sink = {out, 0, cap};
    size_t len = strlen(pem);

    br_pem_decoder_init(&pc);
    while (len) {
        size_t used = br_pem_decoder_push(&pc, pem, len);
        int ev = br_pem_decoder_event(&pc);
        pem += used;
        len -= used;
        if (ev == BR_PEM_BEGIN_OBJ)
            br_pem_decoder_setdest(&pc, tls_fake_der_append, &sink);
        else if (ev == BR_PEM_END_OBJ || ev == BR_PEM_ERROR)
            break;
    }
    return sink.len;
}

/* --- random: xorshift64* from a seed --------------------------------- */

struct tls_fake_rng {
    struct mirage_random dev;
    uint64_t s;
};

static int tls_fake_rng_fill(struct mirage_random *dev, void *buf, size_t len)
{
    struct tls_fake_rng *r = dev->state;
    unsigned char *p = buf;

    for (size_t i = 0; i < len; i++) {
        r->s ^= r->s >> 12;
        r->s ^= r->s << 25;
        r->s ^= r->s >> 27;
        p[i] = (unsigned char)((r->s * 0x2545f4914f6cdd1dull) >> 56);
    }
    return 0;
}

static TLS_FAKE_UNUSED const struct mirage_random_ops tls_fake_rng_ops = {
    tls_fake_rng_fill};

/* Sets (r) up to repeat the bytes of (seed) (not 0). */
static inline void tls_fake_rng_init(struct tls_fake_rng *r, uint64_t seed)
{
    r->dev.ops = &tls_fake_rng_ops;
    r->dev.state = r;
    r->dev.name = "random";
    r->s = seed ? seed : 1;
}

/* --- clocks ----------------------------------------------------------- */

static int tls_fake_pclock_now(struct mirage_pclock *dev, int64_t *seconds,
                               uint64_t *ps)
{
    *seconds = (int64_t)(intptr_t)dev->state;
    *ps = 0;
    return 0;
}

static int tls_fake_pclock_tz(struct mirage_pclock *dev)
{
    (void)dev;
    return 0;
}

static uint64_t tls_fake_pclock_period(struct mirage_pclock *dev)
{
    (void)dev;
    return MIRAGE_PCLOCK_PS_PER_S;
}

static TLS_FAKE_UNUSED const struct mirage_pclock_ops tls_fake_pclock_ops = {
    tls_fake_pclock_now, tls_fake_pclock_tz, tls_fake_pclock_period};

/* A pclock that always says (seconds) since the epoch. */
static inline void tls_fake_pclock_init(struct mirage_pclock *p,
                                        int64_t seconds)
{
    p->ops = &tls_fake_pclock_ops;
    p->state = (void *)(intptr_t)seconds;
    p->name = "pclock";
}

static uint64_t tls_fake_mclock_elapsed(struct mirage_mclock *dev)
{
    struct timespec ts;

    (void)dev;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t tls_fake_mclock_period(struct mirage_mclock *dev)
{
    (void)dev;
    return 1;
}

static TLS_FAKE_UNUSED const struct mirage_mclock_ops tls_fake_mclock_ops = {
    tls_fake_mclock_elapsed, tls_fake_mclock_period};

/* An mclock on the host's CLOCK_MONOTONIC. */
static inline void tls_fake_mclock_init(struct mirage_mclock *m)
{
    m->ops = &tls_fake_mclock_ops;
    m->state = NULL;
    m->name = "mclock";
}

/* --- kv_ro: a table of files ------------------------------------------ */

#define TLS_FAKE_KV_MAX 8

struct tls_fake_kv {
    struct mirage_kv_ro dev;
    size_t n;
    struct {
        const char *key;
        const void *data;
        size_t len;
    } files[TLS_FAKE_KV_MAX];
};

static int tls_fake_kv_find(struct mirage_kv_ro *dev, const char *key)
{
    struct tls_fake_kv *kv = dev->state;

    for (size_t i = 0; i < kv->n; i++)
        if (strcmp(kv->files[i].key, key) == 0)
            return (int)i;
    return -1;
}

static int tls_fake_kv_exists(struct mirage_kv_ro *dev, const char *key)
{
    return tls_fake_kv_find(dev, key) < 0 ? MIRAGE_KV_ABSENT : MIRAGE_KV_VALUE;
}

static int tls_fake_kv_get_partial(struct mirage_kv_ro *dev, const char *key,
                                   uint64_t offset, size_t length, void *buf,
                                   size_t *len)
{
    struct tls_fake_kv *kv = dev->state;
    int i = tls_fake_kv_find(dev, key);

    if (i < 0)
        return -ENOENT;
    if (offset > kv->files[i].len)
        offset = kv->files[i].len;
    if (length > kv->files[i].len - offset)
        length = kv->files[i].len - (size_t)offset;
    memcpy(buf, (const char *)kv->files[i].data + offset, length);
    *len = length;
    return 0;
}

static int tls_fake_kv_get(struct mirage_kv_ro *dev, const char *key, void *buf,
                           size_t cap, size_t *len)
{
    struct tls_fake_kv *kv = dev->state;
    int i = tls_fake_kv_find(dev, key);

    if (i < 0)
        return -ENOENT;
    if (kv->files[i].len > cap)
        return -ENOBUFS;
    return tls_fake_kv_get_partial(dev, key, 0, cap, buf, len);
}

static int tls_fake_kv_size(struct mirage_kv_ro *dev, const char *key,
                            uint64_t *size)
{
    struct tls_fake_kv *kv = dev->state;
    int i = tls_fake_kv_find(dev, key);

    if (i < 0)
        return -ENOENT;
    *size = kv->files[i].len;
    return 0;
}

static int tls_fake_kv_list(struct mirage_kv_ro *dev, const char *key,
                            mirage_kv_list_fn fn, void *ctx)
{
    (void)dev, (void)key, (void)fn, (void)ctx;
    return -ENOTSUP;
}

static int tls_fake_kv_last_modified(struct mirage_kv_ro *dev, const char *key,
                                     int64_t *ns)
{
    if (tls_fake_kv_find(dev, key) < 0)
        return -ENOENT;
    *ns = 0;
    return 0;
}

static int tls_fake_kv_digest(struct mirage_kv_ro *dev, const char *key,
                              uint8_t out[MIRAGE_KV_DIGEST_SIZE])
{
    (void)dev, (void)key, (void)out;
    return -ENOTSUP;
}

static TLS_FAKE_UNUSED const struct mirage_kv_ro_ops tls_fake_kv_ops = {
    .exists = tls_fake_kv_exists,
    .get = tls_fake_kv_get,
    .get_partial = tls_fake_kv_get_partial,
    .size = tls_fake_kv_size,
    .list = tls_fake_kv_list,
    .last_modified = tls_fake_kv_last_modified,
    .digest = tls_fake_kv_digest,
};

/* An empty store named "certs". */
static inline void tls_fake_kv_init(struct tls_fake_kv *kv)
{
    memset(kv, 0, sizeof(*kv));
    kv->dev.ops = &tls_fake_kv_ops;
    kv->dev.state = kv;
    kv->dev.name = "certs";
}

/* Adds the file (key) of (len) bytes at (data), kept by the caller. */
static inline void tls_fake_kv_add(struct tls_fake_kv *kv, const char *key,
                                   const void *data, size_t len)
{
    if (kv->n < TLS_FAKE_KV_MAX) {
        kv->files[kv->n].key = key;
        kv->files[kv->n].data = data;
        kv->files[kv->n].len = len;
        kv->n++;
    }
}

/* --- TCP flows in memory ---------------------------------------------- */

/* One direction of a pair: bytes written, not yet read. */
struct tls_fake_pipe {
    unsigned char *buf;
    size_t len, cap;
    bool closed; /* the writer closed or shut its side */
    struct mirage_cond cond;
};

struct tls_fake_flow {
    struct mirage_tcp_flow flow;
    /* scripted: the chunks left, and the writes */
    const unsigned char *in;
    size_t in_len;
    size_t (*next_chunk)(void *arg, const unsigned char **p);
    void *chunk_arg;
    unsigned long writes, fail_write; /* fail_write: 0 never, else the Nth */
    unsigned long long written;
    /* pair: what this side reads, and what it writes */
    struct tls_fake_pipe *rx, *tx;
    unsigned char *record; /* pair: a copy of what this side wrote */
    size_t record_len, record_cap;
    size_t *record_cuts; /* the length of each write, in order */
    size_t ncuts, cuts_cap;
    bool closed;
    bool freed_by_close; /* close frees the flow (pairs: no) */
};

static int tls_fake_pipe_put(struct tls_fake_pipe *p, const void *buf,
                             size_t len)
{
    if (p->len + len > p->cap) {
        size_t cap = p->cap ? p->cap : 4096;
        unsigned char *q;
        while (cap < p->len + len)
            cap *= 2;
        q = realloc(p->buf, cap);
        if (!q)
            return -ENOMEM;
        p->buf = q;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, buf, len);
    p->len += len;
    mirage_cond_broadcast(&p->cond);
    return 0;
}

static int tls_fake_read(struct mirage_tcp_flow *flow, void *buf, size_t size,
                         uint64_t timeout_ns)
{
    struct tls_fake_flow *f = (struct tls_fake_flow *)flow;

    if (f->closed)
        return -EBADF;
    if (f->rx) { /* a pair: wait for bytes or the end */
        size_t n;
        while (f->rx->len == 0 && !f->rx->closed) {
            int rc = mirage_cond_wait(&f->rx->cond, timeout_ns);
            if (rc < 0)
                return rc;
        }
        n = f->rx->len < size ? f->rx->len : size;
        memcpy(buf, f->rx->buf, n);
        memmove(f->rx->buf, f->rx->buf + n, f->rx->len - n);
        f->rx->len -= n;
        return (int)n;
    }
    while (f->in_len == 0) { /* scripted: the next chunk, or the end */
        if (!f->next_chunk)
            return 0;
        f->in_len = f->next_chunk(f->chunk_arg, &f->in);
        if (f->in_len == 0) {
            f->next_chunk = NULL; /* the end stays the end */
            return 0;
        }
    }
    {
        size_t n = f->in_len < size ? f->in_len : size;
        if (n > INT32_MAX)
            n = INT32_MAX;
        memcpy(buf, f->in, n);
        f->in += n;
        f->in_len -= n;
        return (int)n;
    }
}

static int tls_fake_write(struct mirage_tcp_flow *flow, const void *buf,
                          size_t len, uint64_t timeout_ns)
{
    struct tls_fake_flow *f = (struct tls_fake_flow *)flow;

    (void)timeout_ns;
    if (f->closed)
        return -EBADF;
    f->writes++;
    if (f->fail_write && f->writes >= f->fail_write)
        return -ECONNRESET;
    if (len > INT32_MAX)
        len = INT32_MAX;
    if (f->record) {
        size_t *cuts;
        if (f->record_len + len > f->record_cap)
            return -ENOMEM;
        memcpy(f->record + f->record_len, buf, len);
        f->record_len += len;
        if (f->ncuts == f->cuts_cap) {
            f->cuts_cap = f->cuts_cap ? 2 * f->cuts_cap : 16;
            cuts = realloc(f->record_cuts, f->cuts_cap * sizeof(*cuts));
            if (!cuts)
                return -ENOMEM;
            f->record_cuts = cuts;
        }
        f->record_cuts[f->ncuts++] = len;
    }
    if (f->tx) {
        if (f->tx->closed)
            return -EPIPE;
        if (tls_fake_pipe_put(f->tx, buf, len) < 0)
            return -ENOMEM;
    }
    f->written += len;
    return (int)len;
}

static int tls_fake_shutdown(struct mirage_tcp_flow *flow, unsigned how)
{
    struct tls_fake_flow *f = (struct tls_fake_flow *)flow;

    if ((how & MIRAGE_TCP_SHUT_WRITE) && f->tx) {
        f->tx->closed = true;
        mirage_cond_broadcast(&f->tx->cond);
    }
    return 0;
}

static int tls_fake_endpoints(struct mirage_tcp_flow *flow,
                              struct mirage_stack_endpoint *local,
                              struct mirage_stack_endpoint *remote)
{
    (void)flow;
    memset(local, 0, sizeof(*local));
    memset(remote, 0, sizeof(*remote));
    return -ENOTCONN;
}

static int tls_fake_close(struct mirage_tcp_flow *flow)
{
    struct tls_fake_flow *f = (struct tls_fake_flow *)flow;

    if (f->tx) {
        f->tx->closed = true;
        mirage_cond_broadcast(&f->tx->cond);
    }
    f->closed = true;
    return 0;
}

static int tls_fake_setopt(struct mirage_tcp_flow *flow, int option, int value)
{
    (void)flow, (void)option, (void)value;
    return 0;
}

static TLS_FAKE_UNUSED const struct mirage_stack_ops tls_fake_stack_ops = {
    .tcp_read = tls_fake_read,
    .tcp_write = tls_fake_write,
    .tcp_shutdown = tls_fake_shutdown,
    .tcp_endpoints = tls_fake_endpoints,
    .tcp_close = tls_fake_close,
    .tcp_setopt = tls_fake_setopt,
};

static TLS_FAKE_UNUSED struct mirage_stack tls_fake_stack = {
    &tls_fake_stack_ops, NULL, "fake"};

/* A scripted flow: its reads take the chunks (next_chunk) gives (0: the
 * end); its writes are dropped, the (fail_write)th and later fail
 * (-ECONNRESET; 0: none fails). */
static inline void
tls_fake_flow_script(struct tls_fake_flow *f,
                     size_t (*next_chunk)(void *arg, const unsigned char **p),
                     void *arg, unsigned long fail_write)
{
    memset(f, 0, sizeof(*f));
    f->flow.stack = &tls_fake_stack;
    f->next_chunk = next_chunk;
    f->chunk_arg = arg;
    f->fail_write = fail_write;
}

/* Two flows (a) and (b) joined through the pipes (ab) and (ba). */
static inline void tls_fake_flow_pair(struct tls_fake_flow *a,
                                      struct tls_fake_flow *b,
                                      struct tls_fake_pipe *ab,
                                      struct tls_fake_pipe *ba)
{
    memset(a, 0, sizeof(*a));
    memset(b, 0, sizeof(*b));
    memset(ab, 0, sizeof(*ab));
    memset(ba, 0, sizeof(*ba));
    ab->cond = (struct mirage_cond)MIRAGE_COND_INIT;
    ba->cond = (struct mirage_cond)MIRAGE_COND_INIT;
    a->flow.stack = &tls_fake_stack;
    b->flow.stack = &tls_fake_stack;
    a->tx = ab;
    a->rx = ba;
    b->tx = ba;
    b->rx = ab;
}

/* Frees what a pair's pipes and a flow's record hold. */
static inline void tls_fake_pipe_free(struct tls_fake_pipe *p)
{
    free(p->buf);
    p->buf = NULL;
    p->len = p->cap = 0;
}

/* --- the device ------------------------------------------------------- */

/* Frees a device made by mirage_tls_bearssl_connect, once its flows are
 * closed. */
static inline void tls_fake_free_dev(struct mirage_tls *dev)
{
    struct tls_dev *d = dev->state;

    tls_store_free(d);
    free(d->cache_store);
    free(d->alpn);
    free(d);
}

#endif
