/* SPDX-License-Identifier: ISC */
/* ipv4.h: the IPv4 layer's state, input, path MTU table and reassembly. */
#ifndef MIRAGE_TCPIP_IPV4_H
#define MIRAGE_TCPIP_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

#define IPV4_BROADCAST  0xffffffffu
#define IPV4_TTL        64u
#define IPV4_MIN_MTU    576u         /* the least path MTU we believe */
#define IPV4_MAX_SEND   65515u       /* payload bytes of one datagram */
#define IPV4_PMTU_SLOTS 16u          /* destinations with a learned MTU */
#define IPV4_PMTU_AGE   TCPIP_S(600) /* RFC 1191: 10 minutes */
#define IPV4_REASM_TIME TCPIP_S(30)  /* a datagram's fragments wait this */

/* Flags and offset of the header's word 3. */
#define IPV4_FLAG_DF  0x4000u
#define IPV4_FLAG_MF  0x2000u
#define IPV4_OFF_MASK 0x1fffu

/* One destination whose path MTU ICMP told us (RFC 1191). */
struct ipv4_pmtu {
    uint32_t dst; /* 0: a free slot */
    uint32_t mtu;
    tcpip_ns expires;
};

struct ipv4_reasm;

/* The layer's state (st->ipv4). */
/* A datagram sent to our own address, waiting to be delivered. */
struct ipv4_loop {
    struct ipv4_loop *next;
    size_t len;
    uint8_t ip[]; /* header and payload */
};

/* Bounds on the datagrams waiting in the loopback queue. */
#define IPV4_LOOP_PACKETS 1024u
#define IPV4_LOOP_BYTES   (1024u * 1024u)

struct ipv4_state {
    uint16_t next_id; /* the next datagram's identification */
    struct ipv4_loop *loop_head, *loop_tail; /* to our own address */
    size_t loop_packets, loop_bytes;
    uint8_t *frag_buf; /* one fragment's frame: TCPIP_ETH_HLEN + MTU */
    struct ipv4_pmtu pmtu[IPV4_PMTU_SLOTS];
    struct ipv4_reasm *reasm;
};

/* The network mask of a prefix length (0..32). */
static inline uint32_t ipv4_mask(unsigned prefix)
{
    return prefix ? ~(uint32_t)0 << (32 - prefix) : 0;
}

/* Is (a) a multicast address (224.0.0.0/4)? */
static inline bool ipv4_addr_multicast(uint32_t a)
{
    return (a >> 28) == 0xe;
}

/* Can (a) be one host's address: not in 0/8, 127/8, 224/4 nor 240/4? */
static inline bool ipv4_addr_unicast(uint32_t a)
{
    return (a >> 24) != 0 && (a >> 24) != 127 && a < 0xe0000000u;
}

/* Is (a) the limited broadcast, or our network's broadcast address? */
static inline bool ipv4_is_broadcast(const struct tcpip *st, uint32_t a)
{
    uint32_t mask = ipv4_mask(st->cfg.prefix);

    if (a == IPV4_BROADCAST)
        return true;
    return st->cfg.addr != 0 && st->cfg.prefix <= 30 &&
           (a & mask) == (st->cfg.addr & mask) && (a & ~mask) == ~mask;
}

/*
 * One received IPv4 packet (pkt, len: the Ethernet payload); (link_bcast)
 * when it came to the Ethernet broadcast address. Checks, reassembles and
 * dispatches it to its protocol.
 */
void ipv4_input(struct tcpip *st, const uint8_t *pkt, size_t len,
                bool link_bcast);

/*
 * ICMP said that (dst) needs datagrams of at most (mtu) bytes (0: the
 * router did not say; then the next plateau of RFC 1191 below
 * (orig_len), the length of the datagram it quoted). Lowers the path MTU
 * towards (dst), never below 576 nor above the interface's MTU, for 10
 * minutes. Returns the path MTU towards (dst) now.
 */
uint32_t ipv4_pmtu_update(struct tcpip *st, uint32_t dst, uint32_t mtu,
                          uint32_t orig_len);

/* ipv4_reasm.c: the reassembly tables (st->ipv4->reasm). 0 or -ENOMEM. */
int ipv4_reasm_init(struct tcpip *st);
void ipv4_reasm_fini(struct tcpip *st);
/* Drops the datagrams whose time is up (with ICMP time exceeded when
   their first fragment came); returns the next deadline. */
tcpip_ns ipv4_reasm_timers(struct tcpip *st, tcpip_ns now);

/*
 * One fragment (ip, len: header checked, len its total length). Returns
 * the whole datagram when this fragment completes it: a buffer from
 * malloc that the caller frees, holding the first fragment's header
 * (total length, flags and offset rewritten, checksum recomputed) and the
 * payload, its length in (*out_len); else NULL.
 */
uint8_t *ipv4_reasm_input(struct tcpip *st, const uint8_t *ip, size_t len,
                          size_t *out_len);

#endif
