/* SPDX-License-Identifier: ISC */
/* stub_query.c: a question to the stub resolver: the cache, else the
 * servers, and what their answer means (an answer, NXDOMAIN, NODATA). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/random.h>

#include "stub.h"

int stub_reply_fill(struct mirage_resolver_reply *reply,
                    const struct mirage_dns_question *q, void *data, size_t len)
{
    int rc;

    memset(reply, 0, sizeof(*reply));
    reply->data = data;
    reply->question = *q;
    rc = mirage_dns_parse(&reply->msg, data, len);
    if (rc == 0)
        rc = mirage_dns_answer_follow(&reply->msg, q, &reply->answer, NULL);
    if (rc < 0) {
        free(data);
        memset(reply, 0, sizeof(*reply));
        return rc;
    }
    mirage_dns_iter_init(&reply->iter, &reply->msg, MIRAGE_DNS_ANSWER);
    return 0;
}

/* Whether (q) is a question the stub asks: not a meta type. */
static bool askable(const struct mirage_dns_question *q)
{
    if (!mirage_dns_name_valid(&q->name))
        return false;
    switch (q->type) {
    case 0:
    case MIRAGE_DNS_TYPE_OPT:
    case MIRAGE_DNS_TYPE_ANY:
    case 251: /* IXFR */
    case 252: /* AXFR */
    case 253: /* MAILB */
    case 254: /* MAILA */
        return false;
    default:
        return q->qclass != 0 && q->qclass != MIRAGE_DNS_CLASS_ANY;
    }
}

/* Waits for room among the queries on the wire. */
static int enter(struct stub *st, uint64_t deadline)
{
    while (st->inflight >= STUB_INFLIGHT) {
        uint64_t now = stub_now(st);
        int rc;

        if (now >= deadline)
            return -ETIMEDOUT;
        rc = mirage_cond_wait(&st->room, deadline - now);
        if (rc < 0)
            return rc;
    }
    st->inflight++;
    return 0;
}

static void leave(struct stub *st)
{
    st->inflight--;
    mirage_cond_signal(&st->room);
}

/* Judges the answer of (x) to (q): caches it and fills (reply), or
 * returns NXDOMAIN's or NODATA's error. Takes (x->reply). */
static int conclude(struct stub *st, const struct mirage_dns_question *q,
                    struct stub_exchange *x,
                    struct mirage_resolver_reply *reply)
{
    void *data = x->reply;
    size_t len = x->len;
    uint32_t ttl = 0;
    int rc;

    rc = stub_reply_fill(reply, q, data, len);
    if (rc < 0)
        return rc; /* a CNAME loop, two CNAMEs for a name: not cached */
    if (reply->msg.rcode == MIRAGE_DNS_RCODE_NXDOMAIN ||
        reply->answer.count == 0) {
        bool nx = reply->msg.rcode == MIRAGE_DNS_RCODE_NXDOMAIN;
        /* RFC 2308 5: without a SOA, a negative answer is not cached */
        if (mirage_dns_negative_ttl(&reply->msg, &ttl) == 0)
            stub_cache_put(st, q, NULL, 0, ttl, nx ? -ENOENT : -ENODATA);
        if (nx)
            st->n.nxdomain++;
        else
            st->n.nodata++;
        mirage_resolver_reply_free(reply);
        return nx ? -ENOENT : -ENODATA;
    }
    stub_cache_put(st, q, reply->data, len, reply->answer.ttl, 0);
    return 0;
}

int stub_query(struct mirage_resolver *dev, const struct mirage_dns_question *q,
               struct mirage_resolver_reply *reply, uint64_t timeout_ns)
{
    struct stub *st = dev->state;
    struct stub_exchange *x;
    uint64_t now, deadline;
    void *data;
    size_t len;
    uint32_t ttl;
    int rc;

    if (!reply)
        return -EINVAL;
    memset(reply, 0, sizeof(*reply));
    if (!q || !askable(q))
        return -EINVAL;
    st->n.queries++;
    rc = stub_cache_get(st, q, &data, &len, &ttl);
    if (rc < 0) {
        if (rc != -ENOMEM)
            st->n.cache_negative++;
        return rc;
    }
    if (rc == 1) {
        rc = stub_reply_fill(reply, q, data, len);
        if (rc < 0)
            return rc;
        st->n.cache_hits++;
        reply->cached = true;
        reply->answer.ttl = ttl;
        return 0;
    }
    x = calloc(1, sizeof(*x));
    if (!x)
        return -ENOMEM;
    x->st = st;
    x->q = *q;
    now = stub_now(st);
    if (timeout_ns > st->timeout_ns)
        timeout_ns = st->timeout_ns;
    deadline = now + timeout_ns;
    x->deadline = deadline;
    rc = stub_servers_wait(st, x->servers, STUB_SERVERS, deadline);
    if (rc == -ECANCELED) {
        free(x);
        return rc;
    }
    x->nservers = (unsigned)rc;
    if (x->nservers == 0) {
        if (!st->warned)
            mirage_log_err(&stub_log,
                           "%s: no resolver to ask: give --dns=ADDR, or let "
                           "the stack '%s' learn one by DHCP",
                           dev->name, st->stack->name);
        st->warned = true;
        free(x);
        st->n.failures++;
        return -EDESTADDRREQ;
    }
    x->first = st->preferred % x->nservers;
    if (st->mix_case) {
        uint8_t bits[32];
        mirage_random_fill(st->random, bits, sizeof(bits));
        mirage_dns_name_mix_case(&x->q.name, bits, sizeof(bits));
    }
    rc = enter(st, deadline);
    if (rc == 0) {
        rc = stub_exchange(x);
        leave(st);
    }
    if (rc == 0) {
        st->preferred = x->from;
        rc = conclude(st, q, x, reply);
    }
    if (rc < 0 && rc != -ENOENT && rc != -ENODATA) {
        st->n.failures++;
        mirage_log_debug(&stub_log, "%s: a query failed: %s", dev->name,
                         mirage_strerror(rc));
    }
    free(x);
    return rc;
}
