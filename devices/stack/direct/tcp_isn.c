/* SPDX-License-Identifier: ISC */
/* tcp_isn.c: keyed hashes for ISNs (RFC 6528) and SYN cookies (RFC 4987). */
#include <errno.h>
#include <string.h>

#include <mirage/crypto.h>

#include "tcp_int.h"

/* The MSS values a cookie can carry (3 bits), smallest first; the first
   is TCP_MIN_MSS, so that no peer gets segments over the MSS it
   announced. */
const uint16_t tcp_cookie_mss[8] = {TCP_MIN_MSS, 536,  1200, 1360,
                                    1400,        1440, 1460, 8960};

/* Cookie time counter: one tick per 64 s; a cookie lives 2 ticks. */
#define COOKIE_TICK TCPIP_S(64)

/*
 * The first 32 bits of SHA-256 over the engine's secret (32 bytes from
 * env.random at start), (data) and (salt): unpredictable to anyone who
 * does not know the secret.
 */
uint32_t tcp_keyed_hash(struct tcpip *st, const void *data, size_t len,
                        uint32_t salt)
{
    struct mirage_sha256_ctx h;
    uint8_t out[MIRAGE_SHA256_DIGEST_LEN], s[4];

    tcpip_put32(s, salt);
    mirage_sha256_init(&h);
    mirage_sha256_update(&h, st->tcp->secret, sizeof st->tcp->secret);
    mirage_sha256_update(&h, data, len);
    mirage_sha256_update(&h, s, sizeof s);
    mirage_sha256_final(&h, out);
    return tcpip_get32(out);
}

/* The 4-tuple in wire order, as the hashes take it. */
static void tuple(uint8_t t[12], uint32_t laddr, uint16_t lport, uint32_t raddr,
                  uint16_t rport)
{
    tcpip_put32(t, laddr);
    tcpip_put16(t + 4, lport);
    tcpip_put32(t + 6, raddr);
    tcpip_put16(t + 10, rport);
}

/*
 * The initial sequence number of a connection (RFC 6528): a clock that
 * ticks every 4 microseconds plus a keyed hash of the 4-tuple, so that
 * successive incarnations of a connection climb and nobody off the path
 * can guess them.
 */
uint32_t tcp_isn(struct tcpip *st, uint32_t laddr, uint16_t lport,
                 uint32_t raddr, uint16_t rport)
{
    uint8_t t[12];
    uint32_t m = (uint32_t)(tcpip_now(st) / 4000u);

    tuple(t, laddr, lport, raddr, rport);
    return m + tcp_keyed_hash(st, t, sizeof t, 0);
}

/*
 * The offset of our timestamp clock towards (raddr) from (laddr): a keyed
 * hash of the two addresses, as Linux does, so that it says nothing of our
 * uptime, yet every incarnation of a connection between two hosts counts
 * on from the last one (PAWS then rejects an old incarnation's segments).
 */
uint32_t tcp_ts_offset(struct tcpip *st, uint32_t laddr, uint32_t raddr)
{
    uint8_t k[8];

    tcpip_put32(k, laddr);
    tcpip_put32(k + 4, raddr);
    return tcp_keyed_hash(st, k, sizeof k, 0x74737473u);
}

/* The tuple and the peer's ISN, as the cookie hash takes them. */
static void cookie_key(uint8_t k[16], const struct tcp_seg *sg,
                       uint32_t peer_isn)
{
    tuple(k, sg->dst, sg->dport, sg->src, sg->sport);
    tcpip_put32(k + 12, peer_isn);
}

/*
 * The sequence number of a SYN-ACK sent as a SYN cookie for the SYN (sg)
 * with the MSS index (mss_idx): the time tick in the top 8 bits, and in
 * the low 24 a keyed hash of the 4-tuple, the peer's ISN and the tick,
 * plus the index. The peer's ISN is hashed, not added: an ACK is then
 * valid only with the sequence number right after the SYN, and not a
 * later segment of a connection whose two directions happen to have
 * carried as many bytes (which would revive a connection we reset).
 */
uint32_t tcp_cookie_make(struct tcpip *st, const struct tcp_seg *sg,
                         unsigned mss_idx)
{
    uint8_t k[16];
    uint32_t tick = (uint32_t)(tcpip_now(st) / COOKIE_TICK);

    cookie_key(k, sg, sg->seq);
    return tick << 24 |
           ((tcp_keyed_hash(st, k, sizeof k, tick) + mss_idx) & 0xffffffu);
}

/*
 * Checks that the ACK (sg) acknowledges a cookie we made at most two
 * ticks (64 to 128 s) ago for the SYN just before it. Returns 0 and the
 * MSS index, or -EINVAL.
 */
int tcp_cookie_check(struct tcpip *st, const struct tcp_seg *sg,
                     unsigned *mss_idx)
{
    uint8_t k[16];
    uint32_t now_tick = (uint32_t)(tcpip_now(st) / COOKIE_TICK);
    uint32_t v = sg->ack - 1, age = (now_tick - (v >> 24)) & 0xffu, idx;

    if (age > 1)
        return -EINVAL;
    cookie_key(k, sg, sg->seq - 1);
    idx = (v - tcp_keyed_hash(st, k, sizeof k, now_tick - age)) & 0xffffffu;
    if (idx >= 8)
        return -EINVAL;
    *mss_idx = idx;
    return 0;
}
