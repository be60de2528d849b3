/* SPDX-License-Identifier: ISC */
/* dhcp.c: the DHCPv4 client's state machine (RFC 2131); see dhcp.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "dhcp.h"
#include "dhcp_msg.h"
#include "tcpip.h"

#define DHCP_INFINITE      0xffffffffu
#define DHCP_MIN_LEASE_S   10u
#define DHCP_REQUEST_TRIES 5u          /* REQUESTs sent before starting over */
#define DHCP_RETRY_MIN     TCPIP_S(60) /* in RENEWING and REBINDING */
#define DHCP_BROADCAST     0xffffffffu

/* An address as four arguments for "%u.%u.%u.%u". */
#define IP4(a)                                                                 \
    (unsigned)((a) >> 24), (unsigned)((a) >> 16 & 255),                        \
        (unsigned)((a) >> 8 & 255), (unsigned)((a)&255)

const char *dhcp_state_name(enum dhcp_state s)
{
    switch (s) {
    case DHCP_INIT:
        return "INIT";
    case DHCP_SELECTING:
        return "SELECTING";
    case DHCP_REQUESTING:
        return "REQUESTING";
    case DHCP_BOUND:
        return "BOUND";
    case DHCP_RENEWING:
        return "RENEWING";
    case DHCP_REBINDING:
        return "REBINDING";
    }
    return "?";
}

/* Four random bytes of the environment. */
static uint32_t rand32(struct tcpip *st)
{
    uint8_t b[4];

    st->env.random(st->env.ctx, b, sizeof b);
    return tcpip_get32(b);
}

/* (base_s) seconds (at least 1), plus or minus up to 1 s at random. */
static tcpip_ns jittered(struct tcpip *st, unsigned base_s)
{
    return TCPIP_S(base_s) - TCPIP_MS(1000) + TCPIP_MS(rand32(st) % 2001u);
}

/* The backoff after the (n)th message of an exchange (n >= 1): 4, 8, 16,
   32, then 64 s. */
static unsigned backoff_s(unsigned n)
{
    return n >= 5 ? 64u : 4u << (n - 1);
}

/* Sets the client's next deadline and tells the engine. */
static void arm(struct tcpip *st, struct dhcp_client *c, tcpip_ns when)
{
    c->deadline = when;
    if (when != TCPIP_NEVER)
        tcpip_timer_armed(st, when);
}

static void wake(struct tcpip *st, struct dhcp_client *c)
{
    st->env.wake(st->env.ctx, &c->cond);
}

/* Can (a) be a host's unicast address? */
static bool unicast_ok(uint32_t a)
{
    unsigned top = a >> 24;

    return top != 0 && top != 127 && top < 224;
}

/* The prefix of (a)'s class, for a lease without a subnet mask. */
static unsigned classful_prefix(uint32_t a)
{
    return a >> 24 < 128 ? 8u : a >> 24 < 192 ? 16u : 24u;
}

/*
 * Sends the DHCP message (o) from (src) to (dst) as a UDP datagram from
 * port 68 to port 67. Returns ipv4_send's result.
 */
static int send_msg(struct tcpip *st, const struct dhcp_out *o, uint32_t src,
                    uint32_t dst)
{
    uint8_t buf[TCPIP_HEADROOM + 8 + DHCP_MAX_SEND];
    uint8_t *udp = buf + TCPIP_HEADROOM;
    uint16_t csum;
    size_t len;
    int n;

    n = dhcp_msg_build(udp + 8, DHCP_MAX_SEND, o);
    if (n < 0)
        return n;
    len = 8 + (size_t)n;
    tcpip_put16(udp, DHCP_CLIENT_PORT);
    tcpip_put16(udp + 2, DHCP_SERVER_PORT);
    tcpip_put16(udp + 4, (uint16_t)len);
    tcpip_put16(udp + 6, 0);
    csum = tcpip_csum_finish(tcpip_csum_add(
        tcpip_csum_pseudo(src, dst, TCPIP_PROTO_UDP, (uint16_t)len), udp, len));
    tcpip_put16(udp + 6, csum ? csum : 0xffff);
    return ipv4_send(st, src, dst, TCPIP_PROTO_UDP, buf, len, 0);
}

/* The fields every message of the client's exchange shares. */
static void out_init(struct tcpip *st, struct dhcp_client *c,
                     struct dhcp_out *o, uint8_t type, tcpip_ns now)
{
    tcpip_ns secs = (now - c->started) / TCPIP_S(1);

    memset(o, 0, sizeof *o);
    o->type = type;
    o->xid = c->xid;
    o->secs = secs > 0xffff ? 0xffff : (uint16_t)secs;
    memcpy(o->mac, st->cfg.mac, sizeof o->mac);
    o->hostname = st->cfg.dhcp_hostname;
    o->params = true;
}

/*
 * Sends the message of the client's state (DISCOVER, or the REQUEST of
 * REQUESTING, RENEWING or REBINDING) and arms the retransmission.
 */
static void transmit(struct tcpip *st, struct dhcp_client *c, tcpip_ns now)
{
    struct dhcp_out o;
    uint32_t src = 0, dst = DHCP_BROADCAST;
    tcpip_ns next, limit;
    int rc;

    out_init(st, c, &o, DHCPREQUEST, now);
    switch (c->state) {
    case DHCP_SELECTING:
        o.type = DHCPDISCOVER;
        o.broadcast = true;
        st->stats.dhcp.discovers++;
        break;
    case DHCP_REQUESTING:
        o.broadcast = true;
        o.requested = c->offered;
        o.server_id = c->offer_server;
        st->stats.dhcp.requests++;
        break;
    case DHCP_RENEWING:
        dst = c->lease.server;
        /* fall through */
    case DHCP_REBINDING:
        o.ciaddr = src = c->lease.addr;
        st->stats.dhcp.requests++;
        break;
    default:
        return;
    }
    rc = send_msg(st, &o, src, dst);
    if (rc < 0)
        tcpip_logf(st, MIRAGE_LOG_DEBUG, "dhcp: sending a %s: error %d",
                   o.type == DHCPDISCOVER ? "DISCOVER" : "REQUEST", -rc);
    c->tries++;
    if (c->state == DHCP_SELECTING || c->state == DHCP_REQUESTING) {
        arm(st, c, now + jittered(st, backoff_s(c->tries)));
        return;
    }
    limit = c->state == DHCP_RENEWING ? c->t2_at : c->end_at;
    next =
        (limit - now) / 2 > DHCP_RETRY_MIN ? (limit - now) / 2 : DHCP_RETRY_MIN;
    arm(st, c, now + next < limit ? now + next : limit);
}

/* Starts an exchange in state (s): a new xid, nothing sent yet. */
static void begin(struct tcpip *st, struct dhcp_client *c, enum dhcp_state s,
                  tcpip_ns now)
{
    c->state = s;
    c->xid = rand32(st);
    c->started = now;
    c->request_sent = now;
    c->tries = 0;
}

/*
 * Loses the lease, if one is held (the address cleared, the waiters
 * woken), and goes to INIT to start over: at once the first time, then
 * after a growing delay while no lease comes.
 */
static void restart(struct tcpip *st, struct dhcp_client *c, tcpip_ns now)
{
    if (c->lease.bound) {
        tcpip_set_address(st, 0, 0, 0);
        memset(&c->lease, 0, sizeof c->lease);
        c->t1_at = c->t2_at = c->end_at = TCPIP_NEVER;
        wake(st, c);
    }
    c->state = DHCP_INIT;
    c->restarts++;
    arm(st, c,
        c->restarts == 1 ? now
                         : now + jittered(st, backoff_s(c->restarts - 1)));
}

/* (m), an OFFER of the exchange, in SELECTING. */
static void on_offer(struct tcpip *st, struct dhcp_client *c,
                     const struct dhcp_msg *m, tcpip_ns now)
{
    if (!unicast_ok(m->yiaddr) || !(m->present & DHCP_HAVE_SERVER_ID) ||
        !unicast_ok(m->server_id)) {
        st->stats.dhcp.rx_bad++;
        tcpip_logf(st, MIRAGE_LOG_DEBUG, "dhcp: an unusable OFFER ignored");
        return;
    }
    st->stats.dhcp.offers++;
    c->offered = m->yiaddr;
    c->offer_server = m->server_id;
    c->offer_has_mask = (m->present & DHCP_HAVE_MASK) != 0;
    c->offer_prefix = m->prefix;
    c->state = DHCP_REQUESTING;
    c->tries = 0;
    c->request_sent = now;
    transmit(st, c, now);
}

/* The lease times of the ACK (m), made sane (see dhcp.h), in (l). */
static void lease_times(const struct dhcp_msg *m, struct dhcp_lease *l)
{
    uint32_t lease = m->lease_s, t1, t2;

    if (lease == DHCP_INFINITE) {
        l->lease_s = l->t1_s = l->t2_s = DHCP_INFINITE;
        return;
    }
    if (lease < DHCP_MIN_LEASE_S)
        lease = DHCP_MIN_LEASE_S;
    t2 = (m->present & DHCP_HAVE_T2) && m->t2_s > 0 && m->t2_s < lease
             ? m->t2_s
             : (uint32_t)((uint64_t)lease * 7 / 8);
    t1 = (m->present & DHCP_HAVE_T1) && m->t1_s > 0 && m->t1_s < t2 ? m->t1_s
                                                                    : lease / 2;
    if (t1 >= t2)
        t1 = t2 / 2;
    l->lease_s = lease;
    l->t1_s = t1;
    l->t2_s = t2;
}

/* (m), an ACK of the exchange, in REQUESTING, RENEWING or REBINDING. */
static void on_ack(struct tcpip *st, struct dhcp_client *c,
                   const struct dhcp_msg *m)
{
    bool requesting = c->state == DHCP_REQUESTING;
    uint32_t want = requesting ? c->offered : c->lease.addr;
    uint32_t server = requesting ? c->offer_server : c->lease.server;
    bool had = c->lease.bound;
    struct dhcp_lease l;

    if (m->yiaddr != want || !(m->present & DHCP_HAVE_LEASE) ||
        (c->state != DHCP_REBINDING && (m->present & DHCP_HAVE_SERVER_ID) &&
         m->server_id != server)) {
        st->stats.dhcp.rx_bad++;
        tcpip_logf(st, MIRAGE_LOG_DEBUG, "dhcp: an unusable ACK ignored");
        return;
    }
    st->stats.dhcp.acks++;
    memset(&l, 0, sizeof l);
    l.bound = true;
    l.addr = m->yiaddr;
    if (m->present & DHCP_HAVE_MASK)
        l.prefix = m->prefix;
    else if (requesting)
        l.prefix =
            c->offer_has_mask ? c->offer_prefix : classful_prefix(m->yiaddr);
    else
        l.prefix = c->lease.prefix;
    l.router = (m->present & DHCP_HAVE_ROUTER) ? m->router : 0;
    l.server = (m->present & DHCP_HAVE_SERVER_ID) && m->server_id ? m->server_id
                                                                  : server;
    l.ndns = m->ndns;
    memcpy(l.dns, m->dns, sizeof l.dns);
    l.mtu = (m->present & DHCP_HAVE_MTU) ? m->mtu : 0;
    lease_times(m, &l);
    l.acquired = c->request_sent;

    if (l.lease_s == DHCP_INFINITE) {
        c->t1_at = c->t2_at = c->end_at = TCPIP_NEVER;
    } else {
        c->t1_at = l.acquired + TCPIP_S(l.t1_s);
        c->t2_at = l.acquired + TCPIP_S(l.t2_s);
        c->end_at = l.acquired + TCPIP_S(l.lease_s);
    }
    if (!had || l.addr != c->lease.addr || l.prefix != c->lease.prefix ||
        l.router != c->lease.router) {
        int rc = tcpip_set_address(st, l.addr, l.prefix, l.router);
        if (rc < 0)
            tcpip_logf(st, MIRAGE_LOG_ERROR,
                       "dhcp: setting the address: error %d", -rc);
    }
    c->lease = l;
    c->state = DHCP_BOUND;
    c->restarts = 0;
    c->tries = 0;
    arm(st, c, c->t1_at);
    if (l.lease_s == DHCP_INFINITE)
        tcpip_logf(st, MIRAGE_LOG_INFO,
                   "dhcp: %s %u.%u.%u.%u/%u, router %u.%u.%u.%u, from "
                   "%u.%u.%u.%u, infinite lease",
                   had ? "renewed" : "bound to", IP4(l.addr), l.prefix,
                   IP4(l.router), IP4(l.server));
    else
        tcpip_logf(st, MIRAGE_LOG_INFO,
                   "dhcp: %s %u.%u.%u.%u/%u, router %u.%u.%u.%u, from "
                   "%u.%u.%u.%u, lease %lu s",
                   had ? "renewed" : "bound to", IP4(l.addr), l.prefix,
                   IP4(l.router), IP4(l.server), (unsigned long)l.lease_s);
    wake(st, c);
}

/* (m), a NAK of the exchange, in REQUESTING, RENEWING or REBINDING. */
static void on_nak(struct tcpip *st, struct dhcp_client *c,
                   const struct dhcp_msg *m, tcpip_ns now)
{
    uint32_t server =
        c->state == DHCP_REQUESTING ? c->offer_server : c->lease.server;

    if (c->state != DHCP_REBINDING && (m->present & DHCP_HAVE_SERVER_ID) &&
        m->server_id != server) {
        tcpip_logf(st, MIRAGE_LOG_DEBUG,
                   "dhcp: a NAK from another server ignored");
        return;
    }
    st->stats.dhcp.naks++;
    tcpip_logf(st, MIRAGE_LOG_WARNING, "dhcp: NAK in %s from %u.%u.%u.%u",
               dhcp_state_name(c->state), IP4(m->server_id));
    restart(st, c, now);
}

void dhcp_input(struct tcpip *st, uint32_t src, uint32_t dst,
                const uint8_t *data, size_t len)
{
    static const uint8_t id_type = DHCP_HTYPE_ETH;
    struct dhcp_client *c = st->dhcp;
    struct dhcp_msg m;
    tcpip_ns now;

    (void)src;
    (void)dst;
    if (!c)
        return;
    if (dhcp_msg_parse(data, len, &m) < 0 || m.op != DHCP_BOOTREPLY ||
        m.htype != DHCP_HTYPE_ETH || m.hlen != 6 ||
        !(m.present & DHCP_HAVE_TYPE)) {
        st->stats.dhcp.rx_bad++;
        tcpip_logf(st, MIRAGE_LOG_DEBUG,
                   "dhcp: a malformed message of %zu bytes dropped", len);
        return;
    }
    /* another client's, or an exchange over */
    if (m.xid != c->xid || memcmp(m.chaddr, st->cfg.mac, 6) != 0)
        return;
    if ((m.present & DHCP_HAVE_CLIENT_ID) &&
        (m.client_id_len != 7 || m.client_id[0] != id_type ||
         memcmp(m.client_id + 1, st->cfg.mac, 6) != 0))
        return;
    now = tcpip_now(st);
    switch (m.type) {
    case DHCPOFFER:
        if (c->state == DHCP_SELECTING)
            on_offer(st, c, &m, now);
        break;
    case DHCPACK:
        if (c->state == DHCP_REQUESTING || c->state == DHCP_RENEWING ||
            c->state == DHCP_REBINDING)
            on_ack(st, c, &m);
        break;
    case DHCPNAK:
        if (c->state == DHCP_REQUESTING || c->state == DHCP_RENEWING ||
            c->state == DHCP_REBINDING)
            on_nak(st, c, &m, now);
        break;
    default:
        break;
    }
}

/* Runs the client's one due event at (now). */
static void step(struct tcpip *st, struct dhcp_client *c, tcpip_ns now)
{
    bool leased = c->state == DHCP_BOUND || c->state == DHCP_RENEWING ||
                  c->state == DHCP_REBINDING;

    if (leased && now >= c->end_at) {
        st->stats.dhcp.expiries++;
        tcpip_logf(st, MIRAGE_LOG_WARNING,
                   "dhcp: the lease of %u.%u.%u.%u ran out",
                   IP4(c->lease.addr));
        restart(st, c, now);
        return;
    }
    if (leased && c->state != DHCP_REBINDING && now >= c->t2_at) {
        begin(st, c, DHCP_REBINDING, now);
        st->stats.dhcp.rebinds++;
        tcpip_logf(st, MIRAGE_LOG_INFO, "dhcp: rebinding %u.%u.%u.%u",
                   IP4(c->lease.addr));
        transmit(st, c, now);
        return;
    }
    switch (c->state) {
    case DHCP_INIT:
        begin(st, c, DHCP_SELECTING, now);
        transmit(st, c, now);
        break;
    case DHCP_REQUESTING:
        if (c->tries >= DHCP_REQUEST_TRIES) {
            tcpip_logf(st, MIRAGE_LOG_INFO,
                       "dhcp: no answer from %u.%u.%u.%u, starting over",
                       IP4(c->offer_server));
            restart(st, c, now);
            break;
        }
        transmit(st, c, now);
        break;
    case DHCP_BOUND:
        begin(st, c, DHCP_RENEWING, now);
        st->stats.dhcp.renewals++;
        transmit(st, c, now);
        break;
    default: /* SELECTING, RENEWING, REBINDING */
        transmit(st, c, now);
        break;
    }
}

tcpip_ns dhcp_timers(struct tcpip *st, tcpip_ns now)
{
    struct dhcp_client *c = st->dhcp;

    if (!c)
        return TCPIP_NEVER;
    /* each step moves the deadline past now but a change of state, which
       takes a few steps at most */
    for (int i = 0; i < 8 && c->deadline <= now; i++)
        step(st, c, now);
    return c->deadline;
}

int dhcp_start(struct tcpip *st)
{
    struct dhcp_client *c;

    if (st->dhcp)
        return -EALREADY;
    c = calloc(1, sizeof *c);
    if (!c)
        return -ENOMEM;
    c->t1_at = c->t2_at = c->end_at = TCPIP_NEVER;
    c->deadline = TCPIP_NEVER;
    st->dhcp = c;
    begin(st, c, DHCP_SELECTING, tcpip_now(st));
    transmit(st, c, c->started);
    return 0;
}

void dhcp_stop(struct tcpip *st)
{
    struct dhcp_client *c = st->dhcp;

    if (!c)
        return;
    if (c->lease.bound) {
        struct dhcp_out o;
        tcpip_ns now = tcpip_now(st);
        int rc;

        begin(st, c, c->state, now);
        out_init(st, c, &o, DHCPRELEASE, now);
        o.hostname = NULL;
        o.params = false;
        o.ciaddr = c->lease.addr;
        o.server_id = c->lease.server;
        rc = send_msg(st, &o, c->lease.addr, c->lease.server);
        tcpip_logf(st, MIRAGE_LOG_INFO, "dhcp: released %u.%u.%u.%u%s",
                   IP4(c->lease.addr), rc < 0 ? " (not sent)" : "");
        tcpip_set_address(st, 0, 0, 0);
    }
    wake(st, c);
    st->dhcp = NULL;
    free(c);
}

int dhcp_lease(struct tcpip *st, struct dhcp_lease *out)
{
    if (!st->dhcp)
        return -ENOENT;
    *out = st->dhcp->lease;
    return 0;
}

struct mirage_cond *dhcp_cond(struct tcpip *st)
{
    return st->dhcp ? &st->dhcp->cond : NULL;
}
