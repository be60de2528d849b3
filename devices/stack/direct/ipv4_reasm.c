/* SPDX-License-Identifier: ISC */
/* ipv4_reasm.c: IPv4 reassembly, bounded, with a timeout; overlaps drop. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "icmp.h"
#include "ipv4.h"
#include "tcpip.h"

/*
 * Each datagram being reassembled has a slot (at most
 * lim.reasm_datagrams), keyed by (source, destination, protocol,
 * identification), and a list of its fragments sorted by offset (at most
 * lim.reasm_fragments); the payload bytes held by all of them stay under
 * lim.reasm_bytes. A new datagram with every slot taken, or a fragment
 * that does not fit in the bytes, pushes out the oldest datagrams. Any
 * overlap (RFC 5722), a datagram over 65,535 bytes, too many fragments or
 * two different ends drop the datagram and "poison" its slot: its later
 * fragments are dropped too until its time is up, 30 s after its first
 * fragment. A fragment identical to one held is ignored.
 */

struct reasm_frag {
    struct reasm_frag *next;
    uint32_t off, end; /* payload bytes [off, end) */
    uint8_t data[];
};

struct reasm_dgram {
    bool used;
    bool have_last;
    uint64_t *poison; /* not NULL: dropped; counts its later fragments */
    uint32_t src, dst;
    uint16_t id;
    uint8_t proto;
    tcpip_ns deadline;
    uint32_t end;    /* payload length, once the last fragment came */
    unsigned nfrags; /* fragments held */
    size_t bytes;    /* their payload bytes */
    size_t hlen;     /* the first fragment's header length (0: not yet) */
    uint8_t hdr[60]; /* and that header */
    struct reasm_frag *frags;
};

struct ipv4_reasm {
    struct reasm_dgram *d;
    unsigned n; /* lim.reasm_datagrams */
};

int ipv4_reasm_init(struct tcpip *st)
{
    struct ipv4_reasm *r = calloc(1, sizeof(*r));

    if (!r)
        return -ENOMEM;
    r->n = st->lim.reasm_datagrams;
    r->d = calloc(r->n ? r->n : 1, sizeof(*r->d));
    if (!r->d) {
        free(r);
        return -ENOMEM;
    }
    st->ipv4->reasm = r;
    return 0;
}

/* Frees (d)'s fragments. */
static void drop_frags(struct tcpip *st, struct reasm_dgram *d)
{
    struct reasm_frag *f = d->frags, *next;

    for (; f; f = next) {
        next = f->next;
        free(f);
    }
    st->stats.ipv4.reasm_bytes -= d->bytes;
    d->frags = NULL;
    d->nfrags = 0;
    d->bytes = 0;
}

/* Frees slot (d). */
static void release(struct tcpip *st, struct reasm_dgram *d)
{
    drop_frags(st, d);
    d->used = false;
    st->stats.ipv4.reasm_datagrams--;
}

/* Drops (d)'s fragments for (why), counted now and for each later one. */
static void poison(struct tcpip *st, struct reasm_dgram *d, uint64_t *why)
{
    drop_frags(st, d);
    d->poison = why;
    (*why)++;
}

void ipv4_reasm_fini(struct tcpip *st)
{
    struct ipv4_reasm *r = st->ipv4->reasm;

    if (!r)
        return;
    for (unsigned i = 0; i < r->n; i++)
        if (r->d[i].used)
            release(st, &r->d[i]);
    free(r->d);
    free(r);
    st->ipv4->reasm = NULL;
}

/* The slot of the oldest datagram but (keep), or NULL. */
static struct reasm_dgram *oldest(struct ipv4_reasm *r,
                                  const struct reasm_dgram *keep)
{
    struct reasm_dgram *o = NULL;

    for (unsigned i = 0; i < r->n; i++) {
        struct reasm_dgram *d = &r->d[i];

        if (d->used && d != keep && (!o || d->deadline < o->deadline))
            o = d;
    }
    return o;
}

/* The slot of (ip)'s datagram: found, else a new one; NULL: no slots. */
static struct reasm_dgram *slot(struct tcpip *st, const uint8_t *ip)
{
    struct ipv4_reasm *r = st->ipv4->reasm;
    uint32_t src = tcpip_get32(ip + 12), dst = tcpip_get32(ip + 16);
    uint16_t id = tcpip_get16(ip + 4);
    struct reasm_dgram *d = NULL;
    tcpip_ns now;

    for (unsigned i = 0; i < r->n; i++) {
        struct reasm_dgram *c = &r->d[i];

        if (!c->used) {
            if (!d)
                d = c;
        } else if (c->src == src && c->dst == dst && c->id == id &&
                   c->proto == ip[9]) {
            return c;
        }
    }
    if (!d) {
        d = oldest(r, NULL);
        if (!d)
            return NULL; /* lim.reasm_datagrams is 0 */
        release(st, d);
        st->stats.ipv4.reasm_over_limit++;
    }
    now = tcpip_now(st);
    memset(d, 0, sizeof(*d));
    d->used = true;
    d->src = src;
    d->dst = dst;
    d->id = id;
    d->proto = ip[9];
    d->deadline = now + IPV4_REASM_TIME;
    st->stats.ipv4.reasm_datagrams++;
    tcpip_timer_armed(st, d->deadline);
    return d;
}

/* Does (d) hold every byte of its datagram? */
static bool complete(const struct reasm_dgram *d)
{
    uint32_t at = 0;

    if (!d->hlen || !d->have_last)
        return false;
    for (const struct reasm_frag *f = d->frags; f; f = f->next) {
        if (f->off != at)
            return false;
        at = f->end;
    }
    return at == d->end;
}

/* The datagram of (d), complete, in a buffer of its own; NULL: no memory. */
static uint8_t *assemble(const struct reasm_dgram *d, size_t *out_len)
{
    size_t total = d->hlen + d->end;
    uint8_t *p = malloc(total);

    if (!p)
        return NULL;
    memcpy(p, d->hdr, d->hlen);
    for (const struct reasm_frag *f = d->frags; f; f = f->next)
        memcpy(p + d->hlen + f->off, f->data, f->end - f->off);
    tcpip_put16(p + 2, (uint16_t)total);
    tcpip_put16(p + 6, tcpip_get16(p + 6) & IPV4_FLAG_DF);
    tcpip_put16(p + 10, 0);
    tcpip_put16(p + 10, tcpip_csum_finish(tcpip_csum_add(0, p, d->hlen)));
    *out_len = total;
    return p;
}

uint8_t *ipv4_reasm_input(struct tcpip *st, const uint8_t *ip, size_t len,
                          size_t *out_len)
{
    struct ipv4_reasm *r = st->ipv4->reasm;
    size_t ihl = (ip[0] & 0xfu) * 4u;
    uint16_t frag = tcpip_get16(ip + 6);
    uint32_t off = (uint32_t)(frag & IPV4_OFF_MASK) * 8u;
    uint32_t plen = (uint32_t)(len - ihl), end = off + plen;
    bool more = (frag & IPV4_FLAG_MF) != 0;
    struct reasm_frag *prev = NULL, *f, *n;
    struct reasm_dgram *d;
    uint8_t *whole;

    /* An empty fragment, or one but the last not a multiple of 8. */
    if (plen == 0 || (more && plen % 8 != 0)) {
        st->stats.ipv4.rx_bad_header++;
        return NULL;
    }
    d = slot(st, ip);
    if (!d) {
        st->stats.ipv4.reasm_over_limit++;
        return NULL;
    }
    if (d->poison) {
        (*d->poison)++;
        return NULL;
    }
    /* Beyond 65,535 bytes with the least header (the ping of death). */
    if (end + (d->hlen ? d->hlen : (off == 0 ? ihl : TCPIP_IPV4_HLEN)) >
        65535u) {
        poison(st, d, &st->stats.ipv4.rx_bad_header);
        return NULL;
    }
    /* The end is known once, and nothing lies beyond it. */
    if (!more ? (d->have_last && d->end != end)
              : (d->have_last && end > d->end)) {
        poison(st, d, &st->stats.ipv4.reasm_overlaps);
        return NULL;
    }
    if (!more) {
        for (f = d->frags; f; f = f->next)
            if (f->end > end) {
                poison(st, d, &st->stats.ipv4.reasm_overlaps);
                return NULL;
            }
    }
    /* Its place in the list, sorted by offset; any overlap drops all. */
    for (f = d->frags; f && f->off < off; f = f->next)
        prev = f;
    if (f && f->off == off && f->end == end &&
        memcmp(f->data, ip + ihl, plen) == 0)
        return NULL; /* the same fragment again */
    if ((f && f->off < end) || (prev && prev->end > off)) {
        poison(st, d, &st->stats.ipv4.reasm_overlaps);
        return NULL;
    }
    if (d->nfrags >= st->lim.reasm_fragments) {
        poison(st, d, &st->stats.ipv4.reasm_over_limit);
        return NULL;
    }
    /* Room in the bytes: the oldest other datagrams go first. */
    while (st->stats.ipv4.reasm_bytes + plen > st->lim.reasm_bytes) {
        struct reasm_dgram *o = oldest(r, d);

        if (!o) {
            poison(st, d, &st->stats.ipv4.reasm_over_limit);
            return NULL;
        }
        release(st, o);
        st->stats.ipv4.reasm_over_limit++;
    }
    n = malloc(sizeof(*n) + plen);
    if (!n) {
        poison(st, d, &st->stats.ipv4.reasm_over_limit);
        return NULL;
    }
    n->off = off;
    n->end = end;
    memcpy(n->data, ip + ihl, plen);
    n->next = f;
    if (prev)
        prev->next = n;
    else
        d->frags = n;
    d->nfrags++;
    d->bytes += plen;
    st->stats.ipv4.reasm_bytes += plen;
    if (off == 0) {
        memcpy(d->hdr, ip, ihl);
        d->hlen = ihl;
    }
    if (!more) {
        d->have_last = true;
        d->end = end;
    }
    if (!complete(d))
        return NULL;
    whole = assemble(d, out_len);
    release(st, d);
    if (whole)
        st->stats.ipv4.reassembled++;
    else
        st->stats.ipv4.reasm_over_limit++;
    return whole;
}

tcpip_ns ipv4_reasm_timers(struct tcpip *st, tcpip_ns now)
{
    struct ipv4_reasm *r = st->ipv4->reasm;
    tcpip_ns next = TCPIP_NEVER;

    for (unsigned i = 0; i < r->n; i++) {
        struct reasm_dgram *d = &r->d[i];

        if (!d->used)
            continue;
        if (d->deadline > now) {
            if (d->deadline < next)
                next = d->deadline;
            continue;
        }
        if (!d->poison) {
            st->stats.ipv4.reasm_timeouts++;
            /* RFC 792/1122: time exceeded in reassembly, when fragment
               zero came; it quotes that header and 8 bytes of data. */
            if (d->hlen && d->frags && d->frags->off == 0) {
                uint8_t quote[60 + 8];
                size_t n = d->frags->end < 8 ? d->frags->end : 8;

                memcpy(quote, d->hdr, d->hlen);
                memcpy(quote + d->hlen, d->frags->data, n);
                icmp_send_time_exceeded(st, ICMP_TIMX_REASS, quote,
                                        d->hlen + n);
            }
        }
        release(st, d);
    }
    return next;
}
