/* SPDX-License-Identifier: ISC */
/* udp.c: UDP (RFC 768): checksums both ways, sockets with bounded queues. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "icmp.h"
#include "ipv4.h"
#include "tcpip.h"
#include "udp.h"

/* The DHCP client's port (RFC 2131). */
#define UDP_PORT_DHCP_CLIENT 68u

/* A datagram waiting in a socket's queue. */
struct udp_dgram {
    struct udp_dgram *next;
    uint32_t src;
    uint16_t sport;
    size_t len;
    uint8_t data[];
};

_Static_assert(sizeof(struct udp_dgram) <= UDP_DGRAM_OVERHEAD,
               "UDP_DGRAM_OVERHEAD covers a queued datagram's bookkeeping");

struct udp_sock {
    struct udp_sock *next;
    struct tcpip *st;
    uint32_t addr; /* 0: any of ours */
    uint16_t port;
    struct mirage_cond cond;
    struct udp_dgram *head, *tail;
    size_t queued; /* bytes charged to the queue: data and bookkeeping */
};

struct udp_table {
    struct udp_sock *socks;
    unsigned count;
};

/* What a queued datagram of (len) bytes counts against the queue's bound:
   its bookkeeping too, so that empty datagrams cannot pile up. */
static size_t charge(size_t len)
{
    return UDP_DGRAM_OVERHEAD + len;
}

int udp_init(struct tcpip *st)
{
    st->udp = calloc(1, sizeof(*st->udp));
    return st->udp ? 0 : -ENOMEM;
}

/* Frees (s)'s queue. */
static void drop_queue(struct udp_sock *s)
{
    struct udp_dgram *d = s->head, *next;

    for (; d; d = next) {
        next = d->next;
        free(d);
    }
    s->head = s->tail = NULL;
    s->queued = 0;
}

void udp_fini(struct tcpip *st)
{
    struct udp_sock *s, *next;

    if (!st->udp)
        return;
    for (s = st->udp->socks; s; s = next) {
        next = s->next;
        drop_queue(s);
        free(s);
    }
    st->stats.udp.sockets = 0;
    free(st->udp);
    st->udp = NULL;
}

/* The socket that takes a datagram to (dst, port), or NULL. */
static struct udp_sock *lookup(struct udp_table *t, uint32_t dst, uint16_t port)
{
    for (struct udp_sock *s = t->socks; s; s = s->next)
        if (s->port == port && (s->addr == 0 || s->addr == dst))
            return s;
    return NULL;
}

/* Is (port) bound already in a way that (addr) would clash with? */
static bool in_use(struct udp_table *t, uint32_t addr, uint16_t port)
{
    for (struct udp_sock *s = t->socks; s; s = s->next)
        if (s->port == port && (s->addr == 0 || addr == 0 || s->addr == addr))
            return true;
    return false;
}

int udp_bind(struct tcpip *st, uint32_t addr, uint16_t port,
             struct udp_sock **out)
{
    struct udp_table *t = st->udp;
    struct udp_sock *s;

    *out = NULL;
    if (addr != 0 && addr != st->cfg.addr)
        return -EADDRNOTAVAIL;
    if (t->count >= st->lim.udp_sockets)
        return -EMFILE;
    if (port == 0) {
        uint16_t r;
        unsigned span = 65536u - UDP_EPHEMERAL, i;

        st->env.random(st->env.ctx, &r, sizeof r);
        for (i = 0; i < span; i++) {
            port = (uint16_t)(UDP_EPHEMERAL + (r + i) % span);
            if (!in_use(t, addr, port))
                break;
        }
        if (i == span)
            return -EADDRINUSE;
    } else if (in_use(t, addr, port)) {
        return -EADDRINUSE;
    }
    s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->st = st;
    s->addr = addr;
    s->port = port;
    s->next = t->socks;
    t->socks = s;
    t->count++;
    st->stats.udp.sockets++;
    *out = s;
    return 0;
}

uint16_t udp_sock_port(const struct udp_sock *s)
{
    return s->port;
}

struct mirage_cond *udp_sock_cond(struct udp_sock *s)
{
    return &s->cond;
}

void udp_close(struct udp_sock *s)
{
    struct tcpip *st = s->st;
    struct udp_sock **p;

    st->env.wake(st->env.ctx, &s->cond);
    for (p = &st->udp->socks; *p; p = &(*p)->next)
        if (*p == s) {
            *p = s->next;
            break;
        }
    st->udp->count--;
    st->stats.udp.sockets--;
    drop_queue(s);
    free(s);
}

int udp_sendto(struct udp_sock *s, uint32_t dst, uint16_t dport,
               const void *buf, size_t len)
{
    struct tcpip *st = s->st;
    uint32_t src = s->addr ? s->addr : st->cfg.addr;
    uint8_t *frame, *u;
    uint16_t sum;
    int rc;

    if (len > UDP_MAX_PAYLOAD)
        return -EMSGSIZE;
    if (dport == 0)
        return -EINVAL;
    frame = malloc(TCPIP_HEADROOM + UDP_HLEN + len);
    if (!frame)
        return -ENOMEM;
    u = frame + TCPIP_HEADROOM;
    tcpip_put16(u, s->port);
    tcpip_put16(u + 2, dport);
    tcpip_put16(u + 4, (uint16_t)(UDP_HLEN + len));
    tcpip_put16(u + 6, 0);
    if (len)
        memcpy(u + UDP_HLEN, buf, len);
    sum = tcpip_csum_finish(
        tcpip_csum_add(tcpip_csum_pseudo(src, dst, TCPIP_PROTO_UDP,
                                         (uint16_t)(UDP_HLEN + len)),
                       u, UDP_HLEN + len));
    tcpip_put16(u + 6, sum ? sum : 0xffff); /* 0 would mean "none" */
    rc = ipv4_send(st, src, dst, TCPIP_PROTO_UDP, frame, UDP_HLEN + len, 0);
    free(frame);
    if (rc == 0)
        st->stats.udp.tx_datagrams++;
    return rc;
}

int udp_recvfrom(struct udp_sock *s, void *buf, size_t size, uint32_t *src,
                 uint16_t *sport)
{
    struct udp_dgram *d = s->head;
    int rc;

    if (!d)
        return -EAGAIN;
    s->head = d->next;
    if (!s->head)
        s->tail = NULL;
    s->queued -= charge(d->len);
    if (src)
        *src = d->src;
    if (sport)
        *sport = d->sport;
    if (d->len > size) {
        rc = -EMSGSIZE;
    } else {
        if (d->len)
            memcpy(buf, d->data, d->len);
        rc = (int)d->len;
    }
    free(d);
    return rc;
}

void udp_input(struct tcpip *st, uint32_t src, uint32_t dst,
               const uint8_t *data, size_t len, const uint8_t *ip,
               size_t ip_len)
{
    struct udp_sock *s;
    struct udp_dgram *d;
    size_t ulen, plen;
    uint16_t dport;

    st->stats.udp.rx_datagrams++;
    if (len < UDP_HLEN) {
        st->stats.udp.rx_bad++;
        return;
    }
    ulen = tcpip_get16(data + 4);
    if (ulen < UDP_HLEN || ulen > len) { /* more after it is padding */
        st->stats.udp.rx_bad++;
        return;
    }
    /* RFC 768: a checksum of 0 means the sender computed none. */
    if (tcpip_get16(data + 6) != 0 &&
        tcpip_csum_finish(tcpip_csum_add(
            tcpip_csum_pseudo(src, dst, TCPIP_PROTO_UDP, (uint16_t)ulen), data,
            ulen)) != 0) {
        st->stats.udp.rx_bad_checksum++;
        return;
    }
    dport = tcpip_get16(data + 2);
    plen = ulen - UDP_HLEN;
    if (dport == UDP_PORT_DHCP_CLIENT && st->dhcp) {
        dhcp_input(st, src, dst, data + UDP_HLEN, plen);
        return;
    }
    s = st->cfg.addr && dport ? lookup(st->udp, dst, dport) : NULL;
    if (!s) {
        st->stats.udp.rx_no_port++;
        if (dst == st->cfg.addr) /* never about a broadcast */
            icmp_send_unreachable(st, ICMP_UNREACH_PORT, ip, ip_len);
        return;
    }
    /* The bound, which a queue that is empty may pass by one datagram
       (else a bound under 65,507 bytes would refuse the largest). */
    if (s->head && s->queued + charge(plen) > st->lim.udp_receive_buffer) {
        st->stats.udp.rx_queue_full++;
        return;
    }
    d = malloc(sizeof(*d) + plen);
    if (!d) {
        st->stats.udp.rx_queue_full++;
        return;
    }
    d->next = NULL;
    d->src = src;
    d->sport = tcpip_get16(data);
    d->len = plen;
    if (plen)
        memcpy(d->data, data + UDP_HLEN, plen);
    if (s->tail)
        s->tail->next = d;
    else
        s->head = d;
    s->tail = d;
    s->queued += charge(plen);
    st->env.wake(st->env.ctx, &s->cond);
}
