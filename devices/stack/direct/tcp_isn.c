/* SPDX-License-Identifier: ISC */
/* tcp_isn.c: keyed hashes for ISNs (RFC 6528) and SYN cookies (RFC 4987). */
#include <errno.h>
#include <string.h>

#include <mirage/crypto.h>

#include "tcp_int.h"

/* The MSS values a cookie can carry (3 bits), smallest first. */
const uint16_t tcp_cookie_mss[8] = {536,  1200, 1360, 1400,
                                    1440, 1460, 4312, 8960};

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
 * The sequence number of a SYN-ACK sent as a SYN cookie for the SYN (sg)
 * with the MSS index (mss_idx): hash1(4-tuple) + the peer's ISN + the
 * time tick in the top 8 bits + (hash2(4-tuple, tick) + mss_idx) in the
 * low 24 bits.
 */
uint32_t tcp_cookie_make(struct tcpip *st, const struct tcp_seg *sg,
                         unsigned mss_idx)
{
    uint8_t t[12];
    uint32_t tick = (uint32_t)(tcpip_now(st) / COOKIE_TICK);

    tuple(t, sg->dst, sg->dport, sg->src, sg->sport);
    return tcp_keyed_hash(st, t, sizeof t, 0xffffffffu) + sg->seq +
           (tick << 24) +
           ((tcp_keyed_hash(st, t, sizeof t, tick) + mss_idx) & 0xffffffu);
}

/*
 * Checks that the ACK (sg) acknowledges a cookie we made at most two
 * ticks (64 to 128 s) ago. Returns 0 and the MSS index, or -EINVAL.
 */
int tcp_cookie_check(struct tcpip *st, const struct tcp_seg *sg,
                     unsigned *mss_idx)
{
    uint8_t t[12];
    uint32_t now_tick = (uint32_t)(tcpip_now(st) / COOKIE_TICK);
    uint32_t v, tick, idx;

    tuple(t, sg->dst, sg->dport, sg->src, sg->sport);
    v = (sg->ack - 1) - tcp_keyed_hash(st, t, sizeof t, 0xffffffffu) -
        (sg->seq - 1);
    tick = v >> 24;
    if (((now_tick - tick) & 0xffu) > 1)
        return -EINVAL;
    tick = now_tick - ((now_tick - tick) & 0xffu);
    idx = (v - tcp_keyed_hash(st, t, sizeof t, tick)) & 0xffffffu;
    if (idx >= 8)
        return -EINVAL;
    *mss_idx = idx;
    return 0;
}
