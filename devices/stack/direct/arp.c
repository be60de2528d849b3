/* SPDX-License-Identifier: ISC */
/* arp.c: ARP (RFC 826): a bounded cache, requests, retries, pending frames. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "arp.h"
#include "eth.h"
#include "ipv4.h"
#include "tcpip.h"

#define ARP_OP_REQUEST 1u
#define ARP_OP_REPLY   2u

enum arp_state {
    ARP_FREE,
    ARP_INCOMPLETE, /* asked for, no answer yet: frames wait */
    ARP_REACHABLE,  /* answered lately */
    ARP_PROBE,      /* expired while in use: asked again, MAC still used */
    ARP_FAILED,     /* no answer: sending fails until the timer */
};

/* A frame waiting for its next hop's MAC. */
struct arp_pending {
    struct arp_pending *next;
    size_t len;
    uint8_t frame[];
};

struct arp_entry {
    uint32_t ip;
    uint8_t mac[ETH_ALEN];
    uint8_t state;      /* enum arp_state */
    uint8_t requests;   /* sent since the last answer */
    tcpip_ns timer;     /* the next thing to do: retry, expire, forget */
    tcpip_ns confirmed; /* the last answer */
    tcpip_ns used;      /* the last frame sent through it (LRU) */
    struct arp_pending *head, *tail;
    unsigned npending;
};

struct arp_table {
    struct arp_entry *e;
    unsigned n;    /* lim.arp_entries */
    unsigned hint; /* the last entry found */
};

int arp_init(struct tcpip *st)
{
    struct arp_table *t = calloc(1, sizeof(*t));

    if (!t)
        return -ENOMEM;
    t->n = st->lim.arp_entries;
    t->e = calloc(t->n, sizeof(*t->e));
    if (!t->e) {
        free(t);
        return -ENOMEM;
    }
    st->arp = t;
    return 0;
}

/* Drops (e)'s waiting frames, counting them as dropped. */
static void drop_pending(struct tcpip *st, struct arp_entry *e)
{
    struct arp_pending *p = e->head, *next;

    for (; p; p = next) {
        next = p->next;
        free(p);
        st->stats.arp.pending_dropped++;
    }
    e->head = e->tail = NULL;
    e->npending = 0;
}

/* Frees entry (e) and what it holds. */
static void forget(struct tcpip *st, struct arp_entry *e)
{
    drop_pending(st, e);
    e->state = ARP_FREE;
    st->stats.arp.entries--;
}

void arp_fini(struct tcpip *st)
{
    struct arp_table *t = st->arp;

    if (!t)
        return;
    for (unsigned i = 0; i < t->n; i++)
        if (t->e[i].state != ARP_FREE)
            forget(st, &t->e[i]);
    free(t->e);
    free(t);
    st->arp = NULL;
}

/* The entry of (ip), or NULL. */
static struct arp_entry *find(struct arp_table *t, uint32_t ip)
{
    struct arp_entry *h = &t->e[t->hint];

    if (h->state != ARP_FREE && h->ip == ip)
        return h;
    for (unsigned i = 0; i < t->n; i++)
        if (t->e[i].state != ARP_FREE && t->e[i].ip == ip) {
            t->hint = i;
            return &t->e[i];
        }
    return NULL;
}

/* A new entry for (ip) (a free one, else the least recently used). */
static struct arp_entry *add(struct tcpip *st, uint32_t ip, tcpip_ns now)
{
    struct arp_table *t = st->arp;
    struct arp_entry *e = NULL;

    for (unsigned i = 0; i < t->n && !e; i++)
        if (t->e[i].state == ARP_FREE)
            e = &t->e[i];
    if (!e) {
        e = &t->e[0];
        for (unsigned i = 1; i < t->n; i++)
            if (t->e[i].used < e->used)
                e = &t->e[i];
        forget(st, e);
    }
    memset(e, 0, sizeof(*e));
    e->ip = ip;
    e->used = now;
    e->state = ARP_INCOMPLETE;
    st->stats.arp.entries++;
    t->hint = (unsigned)(e - t->e);
    return e;
}

/* Sends an ARP packet (op) to (eth_dst), about (tha, tpa), from us. */
static void send_arp(struct tcpip *st, uint16_t op, const uint8_t *eth_dst,
                     const uint8_t *tha, uint32_t tpa)
{
    uint8_t f[TCPIP_ETH_HLEN + ARP_LEN], *a = f + TCPIP_ETH_HLEN;

    tcpip_put16(a, 1); /* Ethernet */
    tcpip_put16(a + 2, TCPIP_ETH_IPV4);
    a[4] = ETH_ALEN;
    a[5] = 4;
    tcpip_put16(a + 6, op);
    memcpy(a + 8, st->cfg.mac, ETH_ALEN);
    tcpip_put32(a + 14, st->cfg.addr);
    memcpy(a + 18, tha, ETH_ALEN);
    tcpip_put32(a + 24, tpa);
    eth_send(st, eth_dst, TCPIP_ETH_ARP, f, sizeof f);
    if (op == ARP_OP_REQUEST)
        st->stats.arp.tx_requests++;
    else
        st->stats.arp.tx_replies++;
}

/* Asks who has (ip), by broadcast. */
static void request(struct tcpip *st, uint32_t ip)
{
    static const uint8_t none[ETH_ALEN];

    send_arp(st, ARP_OP_REQUEST, eth_broadcast, none, ip);
}

void arp_announce(struct tcpip *st)
{
    if (st->cfg.addr)
        request(st, st->cfg.addr);
}

/* Arms (e)'s timer for (at). */
static void arm(struct tcpip *st, struct arp_entry *e, tcpip_ns at)
{
    e->timer = at;
    tcpip_timer_armed(st, at);
}

/* (e) is (mac) as of (now): reachable, and its waiting frames go. */
static void confirm(struct tcpip *st, struct arp_entry *e, const uint8_t *mac,
                    tcpip_ns now)
{
    struct arp_pending *p, *next;

    memcpy(e->mac, mac, ETH_ALEN);
    e->state = ARP_REACHABLE;
    e->requests = 0;
    e->confirmed = now;
    arm(st, e, now + ARP_REACHABLE_TIME);
    p = e->head;
    e->head = e->tail = NULL;
    e->npending = 0;
    for (; p; p = next) {
        next = p->next;
        eth_send(st, e->mac, TCPIP_ETH_IPV4, p->frame, p->len);
        free(p);
    }
}

void arp_input(struct tcpip *st, const uint8_t *pkt, size_t len)
{
    static const uint8_t zero[ETH_ALEN];
    struct arp_entry *e;
    const uint8_t *sha;
    uint32_t spa, tpa;
    uint16_t op;
    tcpip_ns now;

    if (len < ARP_LEN || tcpip_get16(pkt) != 1 ||
        tcpip_get16(pkt + 2) != TCPIP_ETH_IPV4 || pkt[4] != ETH_ALEN ||
        pkt[5] != 4) {
        st->stats.arp.rx_bad++;
        return;
    }
    op = tcpip_get16(pkt + 6);
    sha = pkt + 8;
    spa = tcpip_get32(pkt + 14);
    tpa = tcpip_get32(pkt + 24);
    if (op == ARP_OP_REQUEST) {
        st->stats.arp.rx_requests++;
    } else if (op == ARP_OP_REPLY) {
        st->stats.arp.rx_replies++;
    } else {
        st->stats.arp.rx_bad++;
        return;
    }
    if (memcmp(sha, st->cfg.mac, ETH_ALEN) == 0) { /* our own, echoed */
        st->stats.arp.rx_not_ours++;
        return;
    }
    /* A sender must be one host: a unicast MAC and address (or 0.0.0.0,
       a probe of RFC 5227, which is answered but teaches nothing). */
    if (eth_is_group(sha) || memcmp(sha, zero, ETH_ALEN) == 0 ||
        (spa != 0 && !ipv4_addr_unicast(spa))) {
        st->stats.arp.rx_bad++;
        return;
    }
    if (st->cfg.addr == 0) { /* no address: nothing to answer or learn */
        st->stats.arp.rx_not_ours++;
        return;
    }
    if (spa == st->cfg.addr) {
        st->stats.arp.rx_bad++;
        tcpip_logf(st, MIRAGE_LOG_WARNING,
                   "arp: %02x:%02x:%02x:%02x:%02x:%02x claims our address",
                   sha[0], sha[1], sha[2], sha[3], sha[4], sha[5]);
        return;
    }
    now = tcpip_now(st);
    /* RFC 826: update the sender's entry if we have one (the merge). */
    e = spa ? find(st->arp, spa) : NULL;
    if (e)
        confirm(st, e, sha, now);
    if (tpa != st->cfg.addr) {
        st->stats.arp.rx_not_ours++;
        return;
    }
    /* For us: learn the sender (a host of our network) if new. */
    if (!e && spa && tcpip_on_link(st, spa) && !ipv4_is_broadcast(st, spa)) {
        e = add(st, spa, now);
        confirm(st, e, sha, now);
    }
    if (op == ARP_OP_REQUEST)
        send_arp(st, ARP_OP_REPLY, sha, sha, spa);
}

int arp_output(struct tcpip *st, uint32_t hop, uint8_t *frame, size_t len)
{
    struct arp_entry *e = find(st->arp, hop);
    tcpip_ns now = tcpip_now(st);
    struct arp_pending *p;

    if (!e) {
        e = add(st, hop, now);
        e->requests = 1;
        request(st, hop);
        arm(st, e, now + ARP_RETRY_TIME);
    }
    switch (e->state) {
    case ARP_REACHABLE:
    case ARP_PROBE:
        e->used = now;
        eth_send(st, e->mac, TCPIP_ETH_IPV4, frame, len);
        return 0;
    case ARP_FAILED:
        return -EHOSTUNREACH;
    default:
        break;
    }
    e->used = now;
    if (st->lim.arp_pending == 0)
        return -ENOBUFS;
    p = malloc(sizeof(*p) + len);
    if (!p)
        return -ENOMEM;
    p->next = NULL;
    p->len = len;
    memcpy(p->frame, frame, len);
    if (e->npending >= st->lim.arp_pending) { /* the oldest makes room */
        struct arp_pending *old = e->head;

        e->head = old->next;
        if (!e->head)
            e->tail = NULL;
        free(old);
        e->npending--;
        st->stats.arp.pending_dropped++;
    }
    if (e->tail)
        e->tail->next = p;
    else
        e->head = p;
    e->tail = p;
    e->npending++;
    return 0;
}

int arp_peek(struct tcpip *st, uint32_t ip, uint8_t *mac)
{
    struct arp_entry *e = find(st->arp, ip);

    if (!e)
        return -ENOENT;
    switch (e->state) {
    case ARP_REACHABLE:
    case ARP_PROBE:
        if (mac)
            memcpy(mac, e->mac, ETH_ALEN);
        return 0;
    case ARP_FAILED:
        return -EHOSTUNREACH;
    default:
        return -EAGAIN;
    }
}

/* Runs (e)'s timer, due at (now). */
static void expire(struct tcpip *st, struct arp_entry *e, tcpip_ns now)
{
    switch (e->state) {
    case ARP_INCOMPLETE:
    case ARP_PROBE:
        if (e->requests <= ARP_RETRIES) {
            e->requests++;
            request(st, e->ip);
            e->timer = now + ARP_RETRY_TIME;
            break;
        }
        st->stats.arp.unresolved++;
        tcpip_logf(st, MIRAGE_LOG_DEBUG, "arp: %u.%u.%u.%u does not answer",
                   e->ip >> 24, e->ip >> 16 & 0xff, e->ip >> 8 & 0xff,
                   e->ip & 0xff);
        drop_pending(st, e);
        e->state = ARP_FAILED;
        e->timer = now + ARP_FAILED_TIME;
        break;
    case ARP_REACHABLE:
        if (e->used > e->confirmed) { /* in use: ask again meanwhile */
            e->state = ARP_PROBE;
            e->requests = 1;
            request(st, e->ip);
            e->timer = now + ARP_RETRY_TIME;
        } else {
            forget(st, e);
        }
        break;
    default: /* ARP_FAILED: may be tried again */
        forget(st, e);
        break;
    }
}

tcpip_ns arp_timers(struct tcpip *st, tcpip_ns now)
{
    struct arp_table *t = st->arp;
    tcpip_ns next = TCPIP_NEVER;

    for (unsigned i = 0; i < t->n; i++) {
        struct arp_entry *e = &t->e[i];

        if (e->state != ARP_FREE && e->timer <= now)
            expire(st, e, now);
        if (e->state != ARP_FREE && e->timer < next)
            next = e->timer;
    }
    return next;
}
