/* SPDX-License-Identifier: ISC */
/* stub_cache.c: the stub resolver's cache: answers kept for their TTL,
 * in a byte budget, the least recently used dropped first. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stub.h"

static void unlink_entry(struct stub_cache *c, struct stub_entry *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        c->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        c->tail = e->prev;
    e->prev = e->next = NULL;
}

static void push_front(struct stub_cache *c, struct stub_entry *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head)
        c->head->prev = e;
    else
        c->tail = e;
    c->head = e;
}

static void drop(struct stub_cache *c, struct stub_entry *e)
{
    unlink_entry(c, e);
    c->bytes -= e->cost;
    c->entries--;
    free(e);
}

/* The entry of (q), dropping it if it expired; NULL if none. */
static struct stub_entry *find(struct stub *st,
                               const struct mirage_dns_question *q)
{
    struct stub_cache *c = &st->cache;

    for (struct stub_entry *e = c->head; e; e = e->next) {
        if (e->type != q->type || e->qclass != q->qclass ||
            !mirage_dns_name_equal(&e->name, &q->name))
            continue;
        if (stub_now(st) >= e->expires_ns) {
            drop(c, e);
            return NULL;
        }
        return e;
    }
    return NULL;
}

int stub_cache_get(struct stub *st, const struct mirage_dns_question *q,
                   void **data, size_t *len, uint32_t *ttl)
{
    struct stub_entry *e = find(st, q);
    void *copy;

    if (!e)
        return 0;
    unlink_entry(&st->cache, e);
    push_front(&st->cache, e);
    if (e->negative)
        return e->negative;
    copy = malloc(e->len);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, e->data, e->len);
    *data = copy;
    *len = e->len;
    /* rounded up: an entry is never kept past its TTL */
    *ttl = (uint32_t)((e->expires_ns - stub_now(st) + STUB_NS - 1) / STUB_NS);
    return 1;
}

void stub_cache_put(struct stub *st, const struct mirage_dns_question *q,
                    const void *data, size_t len, uint32_t ttl, int negative)
{
    struct stub_cache *c = &st->cache;
    struct stub_entry *e;
    size_t keep = negative ? 0 : len; /* a negative entry needs no bytes */
    size_t cost = sizeof(*e) + keep;
    uint32_t cap = negative ? STUB_NEG_MAX : STUB_TTL_MAX;

    if (c->limit == 0 || ttl == 0 || cost > c->limit)
        return;
    if (ttl > cap)
        ttl = cap;
    e = find(st, q);
    if (e)
        drop(c, e);
    /* the expired go first, then the least recently used */
    for (struct stub_entry *x = c->head, *next; x; x = next) {
        next = x->next;
        if (stub_now(st) >= x->expires_ns)
            drop(c, x);
    }
    while (c->tail && c->bytes + cost > c->limit)
        drop(c, c->tail);
    e = malloc(cost);
    if (!e)
        return;
    memset(e, 0, sizeof(*e));
    e->expires_ns = stub_now(st) + (uint64_t)ttl * STUB_NS;
    e->type = q->type;
    e->qclass = q->qclass;
    e->negative = negative;
    e->len = keep;
    e->cost = cost;
    e->name = q->name;
    if (keep > 0)
        memcpy(e->data, data, keep);
    push_front(c, e);
    c->bytes += cost;
    c->entries++;
}
