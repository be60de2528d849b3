/* SPDX-License-Identifier: ISC */
/* icmp.c: ICMPv4: echo replies, errors to TCP and PMTU, rate-limited errors. */
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
 * The errors we send share a token bucket of lim.icmp_rate a second, on
 * the environment's clock: (credit) is time, one second at most, and an
 * error costs a second divided by the rate.
 */
struct icmp_state {
    tcpip_ns last;   /* when credit was last counted */
    tcpip_ns credit; /* nanoseconds of sending earned */
};

int icmp_init(struct tcpip *st)
{
    struct icmp_state *s = calloc(1, sizeof(*s));

    if (!s)
        return -ENOMEM;
    s->last = tcpip_now(st);
    s->credit = TCPIP_S(1);
    st->icmp = s;
    return 0;
}

void icmp_fini(struct tcpip *st)
{
    free(st->icmp);
    st->icmp = NULL;
}

/* Takes a token from the bucket: may an error be sent now? */
static bool take_token(struct tcpip *st)
{
    struct icmp_state *s = st->icmp;
    tcpip_ns now = tcpip_now(st), cost;

    if (st->lim.icmp_rate == 0)
        return false;
    if (now > s->last) {
        s->credit += now - s->last;
        if (s->credit > TCPIP_S(1))
            s->credit = TCPIP_S(1);
    }
    s->last = now;
    cost = TCPIP_S(1) / st->lim.icmp_rate;
    if (s->credit < cost)
        return false;
    s->credit -= cost;
    return true;
}

/* Is an ICMP message of (type) an error (one that no error answers)? */
static bool is_query(uint8_t type)
{
    return type == ICMP_ECHO_REPLY || type == ICMP_ECHO_REQUEST ||
           (type >= 13 && type <= 18); /* timestamp, info, mask */
}

/*
 * Sends an error (type, code) about the received packet (ip, len),
 * unless RFC 1122 3.2.2 forbids it or the rate limit says no. Returns
 * true when one was sent.
 */
static bool send_error(struct tcpip *st, uint8_t type, uint8_t code,
                       const uint8_t *ip, size_t len)
{
    size_t ihl, quote;
    uint32_t src, dst;
    uint8_t *buf, *m;
    int rc;

    if (len < TCPIP_IPV4_HLEN)
        return false;
    ihl = (ip[0] & 0xfu) * 4u;
    if (ihl < TCPIP_IPV4_HLEN || ihl > len)
        return false;
    src = tcpip_get32(ip + 12);
    dst = tcpip_get32(ip + 16);
    /* Never about a fragment but the first, a packet not to our own
       address (broadcast, multicast), one from no single host, or an
       ICMP error. */
    if ((tcpip_get16(ip + 6) & IPV4_OFF_MASK) != 0 || st->cfg.addr == 0 ||
        dst != st->cfg.addr || !ipv4_addr_unicast(src) ||
        ipv4_is_broadcast(st, src))
        return false;
    if (ip[9] == TCPIP_PROTO_ICMP && (len <= ihl || !is_query(ip[ihl])))
        return false;
    if (!take_token(st)) {
        st->stats.icmp.rate_limited++;
        return false;
    }
    quote = len < ICMP_QUOTE_MAX ? len : ICMP_QUOTE_MAX;
    buf = malloc(TCPIP_HEADROOM + 8 + quote);
    if (!buf)
        return false;
    m = buf + TCPIP_HEADROOM;
    m[0] = type;
    m[1] = code;
    memset(m + 2, 0, 6);
    memcpy(m + 8, ip, quote);
    tcpip_put16(m + 2, tcpip_csum_finish(tcpip_csum_add(0, m, 8 + quote)));
    rc = ipv4_send(st, st->cfg.addr, src, TCPIP_PROTO_ICMP, buf, 8 + quote, 0);
    free(buf);
    return rc == 0;
}

void icmp_send_unreachable(struct tcpip *st, uint8_t code, const uint8_t *ip,
                           size_t len)
{
    if (send_error(st, ICMP_UNREACH, code, ip, len))
        st->stats.icmp.tx_unreachables++;
}

void icmp_send_time_exceeded(struct tcpip *st, uint8_t code, const uint8_t *ip,
                             size_t len)
{
    send_error(st, ICMP_TIME_EXCEED, code, ip, len);
}

/* An echo request (m, len) from (src) to (dst): the same back. */
static void echo(struct tcpip *st, uint32_t src, uint32_t dst, const uint8_t *m,
                 size_t len)
{
    uint8_t *buf, *r;
    int rc;

    st->stats.icmp.rx_echo_requests++;
    /* Only to our own address: a broadcast ping gets no answer (it
       would multiply traffic), and a source must be one host. */
    if (dst != st->cfg.addr || !ipv4_addr_unicast(src))
        return;
    buf = malloc(TCPIP_HEADROOM + len);
    if (!buf)
        return;
    r = buf + TCPIP_HEADROOM;
    memcpy(r, m, len);
    r[0] = ICMP_ECHO_REPLY;
    r[1] = 0;
    tcpip_put16(r + 2, 0);
    tcpip_put16(r + 2, tcpip_csum_finish(tcpip_csum_add(0, r, len)));
    rc = ipv4_send(st, dst, src, TCPIP_PROTO_ICMP, buf, len, 0);
    free(buf);
    if (rc == 0)
        st->stats.icmp.tx_echo_replies++;
}

/* An error (m, len) about a packet we sent: to the path MTU and TCP. */
static void got_error(struct tcpip *st, const uint8_t *m, size_t len)
{
    const uint8_t *q = m + 8;
    size_t qlen = len - 8, ihl;
    uint32_t mtu = 0;

    /* The quote: an IPv4 header from us and 8 bytes of what followed. */
    if (len < 8 + TCPIP_IPV4_HLEN || q[0] >> 4 != 4) {
        st->stats.icmp.rx_bad++;
        return;
    }
    ihl = (q[0] & 0xfu) * 4u;
    if (ihl < TCPIP_IPV4_HLEN || ihl + 8 > qlen ||
        tcpip_get32(q + 12) != st->cfg.addr) {
        st->stats.icmp.rx_bad++;
        return;
    }
    if (m[0] == ICMP_UNREACH && m[1] == ICMP_UNREACH_NEEDFRAG) {
        uint32_t orig = tcpip_get16(q + 2), next_hop = tcpip_get16(m + 6);

        st->stats.icmp.rx_frag_needed++;
        /* A next-hop MTU no smaller than what was refused is nonsense. */
        if (next_hop != 0 && next_hop >= orig)
            return;
        mtu = ipv4_pmtu_update(st, tcpip_get32(q + 16), next_hop, orig);
    }
    if (q[9] == TCPIP_PROTO_TCP)
        tcp_icmp_error(st, m[0], m[1], mtu, q, qlen);
}

void icmp_input(struct tcpip *st, uint32_t src, uint32_t dst,
                const uint8_t *data, size_t len)
{
    st->stats.icmp.rx_messages++;
    if (len < 8 || tcpip_csum_finish(tcpip_csum_add(0, data, len)) != 0) {
        st->stats.icmp.rx_bad++;
        return;
    }
    switch (data[0]) {
    case ICMP_ECHO_REQUEST:
        echo(st, src, dst, data, len);
        break;
    case ICMP_UNREACH:
    case ICMP_TIME_EXCEED:
    case ICMP_PARAM_PROB:
        got_error(st, data, len);
        break;
    default: /* replies to pings we never send, and the obsolete ones */
        break;
    }
}
