/* SPDX-License-Identifier: ISC */
/* ipv4.c: IPv4 (RFC 791/1122): input checks, routing, fragmenting, PMTU. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arp.h"
#include "eth.h"
#include "icmp.h"
#include "ipv4.h"
#include "tcpip.h"

int ipv4_init(struct tcpip *st)
{
    struct ipv4_state *s = calloc(1, sizeof(*s));
    int rc;

    if (!s)
        return -ENOMEM;
    s->frag_buf = malloc(TCPIP_ETH_HLEN + st->cfg.mtu);
    if (!s->frag_buf) {
        free(s);
        return -ENOMEM;
    }
    st->env.random(st->env.ctx, &s->next_id, sizeof s->next_id);
    st->ipv4 = s;
    rc = ipv4_reasm_init(st);
    if (rc < 0) {
        free(s->frag_buf);
        free(s);
        st->ipv4 = NULL;
    }
    return rc;
}

void ipv4_fini(struct tcpip *st)
{
    if (!st->ipv4)
        return;
    while (st->ipv4->loop_head) {
        struct ipv4_loop *l = st->ipv4->loop_head;

        st->ipv4->loop_head = l->next;
        free(l);
    }
    ipv4_reasm_fini(st);
    free(st->ipv4->frag_buf);
    free(st->ipv4);
    st->ipv4 = NULL;
}

static void deliver(struct tcpip *st, const uint8_t *ip, size_t len,
                    bool bcast);

/* Delivers what was queued for our own address: only what is there now
   (what the deliveries send to us waits for the next run). */
static void loop_deliver(struct tcpip *st)
{
    struct ipv4_state *s = st->ipv4;
    struct ipv4_loop *l = s->loop_head;

    s->loop_head = s->loop_tail = NULL;
    s->loop_packets = s->loop_bytes = 0;
    while (l) {
        struct ipv4_loop *next = l->next;

        st->stats.ipv4.rx_packets++;
        st->stats.ipv4.loopback++;
        if (st->cfg.addr != 0 && tcpip_get32(l->ip + 16) == st->cfg.addr)
            deliver(st, l->ip, l->len, false);
        else /* the address changed meanwhile */
            st->stats.ipv4.rx_not_ours++;
        free(l);
        l = next;
    }
}

tcpip_ns ipv4_timers(struct tcpip *st, tcpip_ns now)
{
    tcpip_ns next;

    if (st->ipv4->loop_head)
        loop_deliver(st);
    /* Path MTU entries age out when read: they need no timer. */
    next = ipv4_reasm_timers(st, now);
    return st->ipv4->loop_head ? now : next;
}

/* --- input ---------------------------------------------------------------- */

/* Hands a whole datagram (ip, len) to its protocol. */
static void deliver(struct tcpip *st, const uint8_t *ip, size_t len, bool bcast)
{
    size_t ihl = (ip[0] & 0xfu) * 4u;
    const uint8_t *data = ip + ihl;
    size_t dlen = len - ihl;
    uint32_t src = tcpip_get32(ip + 12), dst = tcpip_get32(ip + 16);

    /* Without an address (DHCP under way) only the client's port 68. */
    if (st->cfg.addr == 0 &&
        (ip[9] != TCPIP_PROTO_UDP || dlen < 8 || tcpip_get16(data + 2) != 68)) {
        st->stats.ipv4.rx_not_ours++;
        return;
    }
    switch (ip[9]) {
    case TCPIP_PROTO_ICMP:
        icmp_input(st, src, dst, data, dlen);
        break;
    case TCPIP_PROTO_UDP:
        udp_input(st, src, dst, data, dlen, ip, len);
        break;
    case TCPIP_PROTO_TCP:
        if (bcast) { /* TCP is never broadcast */
            st->stats.ipv4.rx_not_ours++;
            break;
        }
        tcp_input(st, src, dst, data, dlen);
        break;
    default:
        st->stats.ipv4.rx_unknown_protocol++;
        icmp_send_unreachable(st, ICMP_UNREACH_PROTOCOL, ip, len);
        break;
    }
}

void ipv4_input(struct tcpip *st, const uint8_t *pkt, size_t len,
                bool link_bcast)
{
    uint32_t src, dst;
    size_t ihl, total;
    uint16_t frag;
    bool bcast;

    st->stats.ipv4.rx_packets++;
    if (len < TCPIP_IPV4_HLEN || pkt[0] >> 4 != 4) {
        st->stats.ipv4.rx_bad_header++;
        return;
    }
    ihl = (pkt[0] & 0xfu) * 4u;
    total = tcpip_get16(pkt + 2);
    if (ihl < TCPIP_IPV4_HLEN || ihl > len || total < ihl || total > len) {
        st->stats.ipv4.rx_bad_header++;
        return;
    }
    if (tcpip_csum_finish(tcpip_csum_add(0, pkt, ihl)) != 0) {
        st->stats.ipv4.rx_bad_checksum++;
        return;
    }
    len = total; /* what follows is the frame's padding */
    src = tcpip_get32(pkt + 12);
    dst = tcpip_get32(pkt + 16);
    /* A source is one host (or 0.0.0.0, a host that has no address yet),
       never us: a packet from us came back (a loop, or a spoof). */
    if ((src != 0 && !ipv4_addr_unicast(src)) || ipv4_is_broadcast(st, src) ||
        (src != 0 && src == st->cfg.addr)) {
        st->stats.ipv4.rx_bad_header++;
        return;
    }
    if (st->cfg.addr == 0) {
        /* Anything, while DHCP looks for an address (deliver keeps UDP
           to port 68 only). */
        if (!st->dhcp) {
            st->stats.ipv4.rx_not_ours++;
            return;
        }
        bcast = dst == IPV4_BROADCAST;
    } else if (dst == st->cfg.addr) {
        /* RFC 1122 3.3.6: a unicast packet in a link broadcast is not
           meant for us alone. */
        if (link_bcast) {
            st->stats.ipv4.rx_not_ours++;
            return;
        }
        bcast = false;
    } else if (ipv4_is_broadcast(st, dst)) {
        bcast = true;
    } else {
        st->stats.ipv4.rx_not_ours++;
        return;
    }
    frag = tcpip_get16(pkt + 6);
    if (frag & (IPV4_FLAG_MF | IPV4_OFF_MASK)) {
        size_t whole_len;
        uint8_t *whole;

        st->stats.ipv4.rx_fragments++;
        whole = ipv4_reasm_input(st, pkt, len, &whole_len);
        if (whole) {
            deliver(st, whole, whole_len, bcast);
            free(whole);
        }
        return;
    }
    deliver(st, pkt, len, bcast);
}

/* --- path MTU ------------------------------------------------------------- */

/* The slot of (dst)'s path MTU, valid at (now), or NULL. */
static struct ipv4_pmtu *pmtu_find(struct ipv4_state *s, uint32_t dst,
                                   tcpip_ns now)
{
    for (unsigned i = 0; i < IPV4_PMTU_SLOTS; i++) {
        struct ipv4_pmtu *p = &s->pmtu[i];

        if (p->dst && p->expires <= now)
            p->dst = 0; /* aged out: the interface's MTU again */
        if (p->dst == dst && dst)
            return p;
    }
    return NULL;
}

uint32_t ipv4_path_mtu(struct tcpip *st, uint32_t dst)
{
    struct ipv4_pmtu *p = pmtu_find(st->ipv4, dst, tcpip_now(st));

    return p ? p->mtu : st->cfg.mtu;
}

/* RFC 1191 section 7: the MTUs of common links, the estimate's plateaus. */
static const uint16_t plateaus[] = {32000, 17914, 8166, 4352, 2002,
                                    1492,  1006,  508,  296,  68};

uint32_t ipv4_pmtu_update(struct tcpip *st, uint32_t dst, uint32_t mtu,
                          uint32_t orig_len)
{
    struct ipv4_state *s = st->ipv4;
    tcpip_ns now = tcpip_now(st);
    struct ipv4_pmtu *p = pmtu_find(s, dst, now);

    if (mtu == 0) { /* an old router: the plateau below what it refused */
        for (unsigned i = 0; i < sizeof plateaus / sizeof plateaus[0]; i++)
            if (plateaus[i] < orig_len) {
                mtu = plateaus[i];
                break;
            }
    }
    if (mtu < IPV4_MIN_MTU)
        mtu = IPV4_MIN_MTU;
    if (mtu >= st->cfg.mtu || dst == 0)
        return p ? p->mtu : st->cfg.mtu;
    if (p) {
        if (mtu < p->mtu) { /* never raised by ICMP (RFC 1191 6.3) */
            p->mtu = mtu;
            p->expires = now + IPV4_PMTU_AGE;
        }
        return p->mtu;
    }
    p = &s->pmtu[0];
    for (unsigned i = 0; i < IPV4_PMTU_SLOTS; i++) {
        if (!s->pmtu[i].dst) {
            p = &s->pmtu[i];
            break;
        }
        if (s->pmtu[i].expires < p->expires)
            p = &s->pmtu[i];
    }
    p->dst = dst;
    p->mtu = mtu;
    p->expires = now + IPV4_PMTU_AGE;
    return mtu;
}

/* --- output --------------------------------------------------------------- */

/* Writes an IPv4 header at (h) (no options) and its checksum. */
static void put_header(uint8_t *h, size_t total, uint16_t id, uint16_t frag,
                       uint8_t proto, uint32_t src, uint32_t dst)
{
    h[0] = 0x45;
    h[1] = 0;
    tcpip_put16(h + 2, (uint16_t)total);
    tcpip_put16(h + 4, id);
    tcpip_put16(h + 6, frag);
    h[8] = IPV4_TTL;
    h[9] = proto;
    tcpip_put16(h + 10, 0);
    tcpip_put32(h + 12, src);
    tcpip_put32(h + 16, dst);
    tcpip_put16(h + 10, tcpip_csum_finish(tcpip_csum_add(0, h, 20)));
}

/* Queues the datagram (ip, len) for our own address: delivered by the
   next ipv4_timers, which is armed for now (never within this call, so
   that a reply cannot recurse). Returns 0 or -ENOBUFS (the queue is full:
   counted, as a wire that drops it). */
static int loop_send(struct tcpip *st, const uint8_t *ip, size_t len)
{
    struct ipv4_state *s = st->ipv4;
    struct ipv4_loop *l;

    if (s->loop_packets >= IPV4_LOOP_PACKETS ||
        s->loop_bytes + len > IPV4_LOOP_BYTES) {
        st->stats.ipv4.loopback_dropped++;
        return -ENOBUFS;
    }
    l = malloc(sizeof(*l) + len);
    if (!l)
        return -ENOMEM;
    l->next = NULL;
    l->len = len;
    memcpy(l->ip, ip, len);
    if (s->loop_tail)
        s->loop_tail->next = l;
    else
        s->loop_head = l;
    s->loop_tail = l;
    s->loop_packets++;
    s->loop_bytes += len;
    st->stats.ipv4.tx_packets++;
    tcpip_timer_armed(st, tcpip_now(st));
    return 0;
}

/* Sends one frame to (mac) if known, else through ARP to (hop). */
static int output(struct tcpip *st, const uint8_t *mac, uint32_t hop,
                  uint8_t *frame, size_t len)
{
    if (mac) {
        eth_send(st, mac, TCPIP_ETH_IPV4, frame, len);
        return 0;
    }
    return arp_output(st, hop, frame, len);
}

int ipv4_send(struct tcpip *st, uint32_t src, uint32_t dst, uint8_t proto,
              uint8_t *buf, size_t len, unsigned flags)
{
    struct ipv4_state *s = st->ipv4;
    uint8_t group[ETH_ALEN];
    const uint8_t *mac = NULL;
    uint32_t hop = 0, mtu;
    size_t chunk, off;
    uint16_t id;
    int rc;

    if (len > IPV4_MAX_SEND)
        return -EMSGSIZE;
    if (ipv4_is_broadcast(st, dst)) {
        mac = eth_broadcast; /* no ARP */
    } else if (ipv4_addr_multicast(dst)) {
        group[0] = 0x01; /* RFC 1112 6.4 */
        group[1] = 0x00;
        group[2] = 0x5e;
        group[3] = (uint8_t)(dst >> 16 & 0x7f);
        group[4] = (uint8_t)(dst >> 8);
        group[5] = (uint8_t)dst;
        mac = group;
    } else if (st->cfg.addr != 0 && dst == st->cfg.addr) {
        /* To ourselves: no wire, no fragments (RFC 1122 3.3.1.1's loop) */
        put_header(buf + TCPIP_ETH_HLEN, len + TCPIP_IPV4_HLEN, s->next_id++,
                   flags & TCPIP_IPV4_DF ? IPV4_FLAG_DF : 0, proto, src, dst);
        return loop_send(st, buf + TCPIP_ETH_HLEN, len + TCPIP_IPV4_HLEN);
    } else if (st->cfg.addr == 0 || !ipv4_addr_unicast(dst)) {
        st->stats.ipv4.tx_no_route++;
        return -ENETUNREACH;
    } else if (tcpip_on_link(st, dst)) {
        hop = dst;
    } else if (st->cfg.gateway) {
        hop = st->cfg.gateway;
    } else {
        st->stats.ipv4.tx_no_route++;
        return -ENETUNREACH;
    }
    mtu = mac ? st->cfg.mtu : ipv4_path_mtu(st, dst);
    id = s->next_id++;
    if (len + TCPIP_IPV4_HLEN <= mtu) {
        put_header(buf + TCPIP_ETH_HLEN, len + TCPIP_IPV4_HLEN, id,
                   flags & TCPIP_IPV4_DF ? IPV4_FLAG_DF : 0, proto, src, dst);
        rc = output(st, mac, hop, buf, TCPIP_HEADROOM + len);
        if (rc == 0)
            st->stats.ipv4.tx_packets++;
        return rc;
    }
    if (flags & TCPIP_IPV4_DF) {
        st->stats.ipv4.tx_too_big++;
        return -EMSGSIZE;
    }
    /* Fragments of a multiple of 8 bytes each but the last, each in its
       own frame (RFC 791 3.2). */
    chunk = (mtu - TCPIP_IPV4_HLEN) & ~(size_t)7;
    for (off = 0; off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        uint16_t frag = (uint16_t)(off / 8);
        uint8_t *f = s->frag_buf;

        if (off + n < len)
            frag |= IPV4_FLAG_MF;
        memcpy(f + TCPIP_HEADROOM, buf + TCPIP_HEADROOM + off, n);
        put_header(f + TCPIP_ETH_HLEN, n + TCPIP_IPV4_HLEN, id, frag, proto,
                   src, dst);
        rc = output(st, mac, hop, f, TCPIP_HEADROOM + n);
        if (rc < 0)
            return rc;
        st->stats.ipv4.tx_fragments++;
    }
    st->stats.ipv4.tx_packets++;
    return 0;
}
