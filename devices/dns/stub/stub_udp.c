/* SPDX-License-Identifier: ISC */
/* stub_udp.c: one question asked of the servers over UDP, in turn, with
 * retries, each reply judged before it is believed. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/random.h>

#include "stub.h"

#define SENT_MAX   (STUB_SERVERS * STUB_ROUNDS * 2)
#define PORT_TRIES 8

/* A query on the wire: whom it went to and with which ID. */
struct sent {
    unsigned server;
    uint16_t id;
    bool edns;
};

struct udp {
    struct stub_exchange *x;
    struct mirage_udp_socket *sock;
    struct sent sent[SENT_MAX];
    unsigned nsent;
    uint8_t *rx;
};

int stub_build_query(struct stub_exchange *x, unsigned i, uint16_t id,
                     void *buf, size_t size)
{
    struct mirage_dns_edns edns = {.udp_size = STUB_EDNS};

    return mirage_dns_build_query(buf, size, id, MIRAGE_DNS_FLAG_RD, &x->q,
                                  x->no_edns[i] ? NULL : &edns);
}

enum stub_verdict stub_judge(struct stub_exchange *x, unsigned i, uint16_t id,
                             bool edns, const void *buf, size_t len, bool udp)
{
    struct stub *st = x->st;
    struct mirage_dns_header h;
    struct mirage_dns_msg m;
    const char *why = NULL;

    if (mirage_dns_header_read(buf, len, &h) < 0 || h.id != id ||
        !(h.flags & MIRAGE_DNS_FLAG_QR))
        return STUB_BOGUS;
    if (udp && (h.flags & MIRAGE_DNS_FLAG_TC)) {
        /* it may be cut anywhere: its header is all there is to read */
        st->n.truncated++;
        return STUB_TRUNCATED;
    }
    if (mirage_dns_parse(&m, buf, len) < 0) {
        /* from the server, with the ID: the server's answer is broken */
        mirage_log_debug(&stub_log, "%s: a malformed answer: %s at %zu",
                         st->dev.name, m.why ? m.why : "?", m.where);
        x->error[i] = -EBADMSG;
        return STUB_FAILED;
    }
    if (mirage_dns_reply_check(&m, id, &x->q,
                               st->mix_case ? MIRAGE_DNS_CHECK_CASE : 0,
                               &why) < 0) {
        mirage_log_debug(&stub_log, "%s: an answer dropped: %s", st->dev.name,
                         why ? why : "?");
        return STUB_BOGUS;
    }
    switch (m.rcode) {
    case MIRAGE_DNS_RCODE_NOERROR:
    case MIRAGE_DNS_RCODE_NXDOMAIN:
        return STUB_ANSWER;
    case MIRAGE_DNS_RCODE_SERVFAIL:
        st->n.servfail++;
        x->error[i] = -EAGAIN;
        return STUB_FAILED;
    case MIRAGE_DNS_RCODE_FORMERR:
    case MIRAGE_DNS_RCODE_BADVERS:
        /* RFC 6891 7: a server that does not know EDNS says FORMERR
         * without an OPT record; ask it again without */
        if (edns && !x->no_edns[i] && !m.has_edns)
            return STUB_NO_EDNS;
        /* fall through */
    default:
        st->n.refused++;
        x->error[i] = -ECONNREFUSED;
        return STUB_FAILED;
    }
}

/* Binds (u)'s socket to a random port of the stack's own addresses. */
static int bind_random(struct udp *u)
{
    struct stub *st = u->x->st;
    struct mirage_stack_endpoint local = {.version = 0};
    int rc = -EADDRINUSE;

    for (int k = 0; k < PORT_TRIES && rc == -EADDRINUSE; k++) {
        local.port =
            (uint16_t)(1024 + mirage_random_uniform(st->random, 65536 - 1024));
        rc = mirage_udp_bind(st->stack, &local, &u->sock);
    }
    if (rc == -EADDRINUSE) {
        local.port = 0; /* the stack's own choice, random too */
        rc = mirage_udp_bind(st->stack, &local, &u->sock);
    }
    return rc;
}

/* What is left until (deadline); 0 once it passed. */
static uint64_t left(struct stub *st, uint64_t deadline)
{
    uint64_t now = stub_now(st);

    return now >= deadline ? 0 : deadline - now;
}

/* Sends the question to server (i) with a new ID. */
static int send_to(struct udp *u, unsigned i, uint64_t deadline)
{
    struct stub_exchange *x = u->x;
    uint8_t q[512];
    uint16_t id = stub_random16(x->st);
    int len, rc;

    if (u->nsent == SENT_MAX)
        return -ENOBUFS;
    len = stub_build_query(x, i, id, q, sizeof(q));
    if (len < 0)
        return len;
    rc = mirage_udp_sendto(u->sock, &x->servers[i], q, (size_t)len,
                           left(x->st, deadline));
    if (rc < 0)
        return rc;
    x->st->n.udp_sent++;
    u->sent[u->nsent++] =
        (struct sent){.server = i, .id = id, .edns = !x->no_edns[i]};
    return 0;
}

static bool same_endpoint(const struct mirage_stack_endpoint *a,
                          const struct mirage_stack_endpoint *b)
{
    if (a->version != b->version || a->port != b->port)
        return false;
    if (a->version == MIRAGE_STACK_IPV4)
        return memcmp(&a->ipv4, &b->ipv4, sizeof(a->ipv4)) == 0;
    return memcmp(&a->ipv6, &b->ipv6, sizeof(a->ipv6)) == 0;
}

/* Takes the answer (buf, len) of server (i) into (x). */
static int take(struct stub_exchange *x, unsigned i, const void *buf,
                size_t len)
{
    x->reply = malloc(len);
    if (!x->reply)
        return -ENOMEM;
    memcpy(x->reply, buf, len);
    x->len = len;
    x->from = i;
    return 0;
}

/*
 * Waits until (until) for an answer to any query sent so far. Returns 1
 * with the answer in (x), 0 when the wait ended without one (a timeout,
 * or the server just asked failed), or an error that ends the exchange.
 */
static int wait_answer(struct udp *u, unsigned asked, uint64_t until)
{
    struct stub_exchange *x = u->x;
    struct stub *st = x->st;
    struct mirage_stack_endpoint from;

    for (;;) {
        uint64_t wait = left(st, until);
        int n, rc;

        /* at the end of the wait, a datagram already there is still read:
         * an answer that came as the time ran out is not thrown away */
        n = mirage_udp_recvfrom(u->sock, u->rx, STUB_RXBUF, &from, wait);
        if (n == -ETIMEDOUT && wait > 0)
            n = mirage_udp_recvfrom(u->sock, u->rx, STUB_RXBUF, &from, 0);
        if (n == -ETIMEDOUT) {
            st->n.timeouts++;
            return 0;
        }
        if (n == -EMSGSIZE) {
            st->n.dropped++;
            continue;
        }
        if (n < 0)
            return n;
        /* the reply must come from where a query went, with its ID */
        const struct sent *s = NULL;
        uint16_t id = n >= 2 ? (uint16_t)(u->rx[0] << 8 | u->rx[1]) : 0;
        for (unsigned k = 0; k < u->nsent; k++)
            if (u->sent[k].id == id &&
                same_endpoint(&from, &x->servers[u->sent[k].server]))
                s = &u->sent[k];
        if (!s || x->error[s->server]) {
            st->n.dropped++;
            continue;
        }
        switch (stub_judge(x, s->server, id, s->edns, u->rx, (size_t)n, true)) {
        case STUB_BOGUS:
            st->n.dropped++;
            continue;
        case STUB_ANSWER:
            rc = take(x, s->server, u->rx, (size_t)n);
            return rc < 0 ? rc : 1;
        case STUB_TRUNCATED:
            rc = stub_tcp_ask(x, s->server);
            if (rc == 0)
                return 1;
            if (rc == -ECANCELED || rc == -ENOMEM)
                return rc;
            break;
        case STUB_NO_EDNS:
            x->no_edns[s->server] = true;
            rc = send_to(u, s->server, until);
            if (rc < 0)
                x->error[s->server] = rc;
            break;
        case STUB_FAILED:
            break;
        }
        /* the server just asked failed: on to the next one */
        if (x->error[asked])
            return 0;
    }
}

/* The error of the exchange when no server gave an answer. */
static int overall_error(const struct stub_exchange *x)
{
    static const int rank[] = {-EAGAIN, -ECONNREFUSED, -EBADMSG};

    for (size_t r = 0; r < sizeof(rank) / sizeof(rank[0]); r++)
        for (unsigned i = 0; i < x->nservers; i++)
            if (x->error[i] == rank[r])
                return rank[r];
    for (unsigned i = 0; i < x->nservers; i++)
        if (x->error[i] == 0)
            return -ETIMEDOUT; /* one of them just never answered */
    return x->error[0];        /* every send failed: the stack's reason */
}

int stub_exchange(struct stub_exchange *x)
{
    struct udp u = {.x = x};
    int rc = 0;

    u.rx = malloc(STUB_RXBUF);
    if (!u.rx)
        return -ENOMEM;
    rc = bind_random(&u);
    if (rc < 0) {
        mirage_log_warn(&stub_log, "%s: no UDP socket: %s", x->st->dev.name,
                        mirage_strerror(rc));
        free(u.rx);
        return rc;
    }
    for (unsigned round = 0; round < STUB_ROUNDS && rc == 0; round++) {
        bool any = false;
        for (unsigned k = 0; k < x->nservers && rc == 0; k++) {
            unsigned i = (x->first + k) % x->nservers;
            uint64_t now = stub_now(x->st), until;

            if (x->error[i])
                continue;
            if (now >= x->deadline) {
                round = STUB_ROUNDS;
                break;
            }
            any = true;
            rc = send_to(&u, i, x->deadline);
            if (rc < 0) {
                mirage_log_debug(&stub_log, "%s: cannot send to server %u: %s",
                                 x->st->dev.name, i, mirage_strerror(rc));
                x->error[i] = rc;
                rc = rc == -ECANCELED ? rc : 0;
                continue;
            }
            until = now + (STUB_TRY_NS << round);
            if (until > x->deadline)
                until = x->deadline;
            rc = wait_answer(&u, i, until);
        }
        if (!any)
            break;
    }
    mirage_udp_close(u.sock);
    free(u.rx);
    if (rc == 1)
        return 0;
    return rc < 0 ? rc : overall_error(x);
}
