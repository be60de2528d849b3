/* SPDX-License-Identifier: ISC */
/* tcp_listen.c: listeners, the SYN queue, SYN cookies and the accept
 * queue. */
#include <errno.h>
#include <stdlib.h>

#include "tcp_int.h"

/* Listens on (addr, port) (tcp.h). */
int tcp_listen(struct tcpip *st, uint32_t addr, uint16_t port, int backlog,
               struct tcp_listener **out)
{
    struct tcp_listener *l, *o;

    if (addr && addr != st->cfg.addr)
        return -EADDRNOTAVAIL;
    if (port == 0) {
        uint16_t r;
        unsigned i;

        st->env.random(st->env.ctx, &r, sizeof r);
        for (i = 0; i < 16384; i++) {
            uint16_t p = (uint16_t)(49152u + (r + i) % 16384u);

            if (!tcp_port_listened(st, p)) {
                port = p;
                break;
            }
        }
        if (!port)
            return -EADDRINUSE;
    }
    for (o = st->tcp->listeners; o; o = o->next)
        if (o->port == port && (!o->addr || !addr || o->addr == addr))
            return -EADDRINUSE;
    l = calloc(1, sizeof *l);
    if (!l)
        return -ENOMEM;
    l->st = st;
    l->addr = addr;
    l->port = port;
    l->backlog = backlog <= 0 ? 128u : (unsigned)backlog;
    l->next = st->tcp->listeners;
    st->tcp->listeners = l;
    st->stats.tcp.state[TCP_LISTEN]++;
    *out = l;
    return 0;
}

/* The listener's port (tcp.h). */
uint16_t tcp_listener_port(const struct tcp_listener *l)
{
    return l->port;
}

/* The listener's cond (tcp.h). */
struct mirage_cond *tcp_listener_cond(struct tcp_listener *l)
{
    return &l->cond;
}

/* Takes the oldest established connection (tcp.h). */
int tcp_accept(struct tcp_listener *l, struct tcp_conn **out)
{
    struct tcp_conn *c = l->acc_head;

    if (!c)
        return -EAGAIN;
    l->acc_head = c->q_next;
    if (!l->acc_head)
        l->acc_tail = NULL;
    l->nacc--;
    c->q_next = NULL;
    c->in_accept_q = false;
    c->listener = NULL;
    c->owned = true;
    *out = c;
    return 0;
}

/* Stops listening (tcp.h). */
void tcp_listener_close(struct tcp_listener *l)
{
    struct tcpip *st = l->st;
    struct tcp_table *t = st->tcp;
    struct tcp_listener **pp;
    struct tcp_conn *c, *next;

    for (c = t->all; c; c = next) {
        next = c->all_next;
        if (c->listener != l)
            continue;
        if (c->state != TCP_CLOSED)
            tcp_send_rst_for(c);
        tcp_conn_free(c);
    }
    for (pp = &t->listeners; *pp; pp = &(*pp)->next) {
        if (*pp == l) {
            *pp = l->next;
            break;
        }
    }
    st->stats.tcp.state[TCP_LISTEN]--;
    st->env.wake(st->env.ctx, &l->cond);
    free(l);
}

/* Queues (c), just established, for tcp_accept and wakes the listener. */
void tcp_accept_ready(struct tcp_conn *c)
{
    struct tcp_listener *l = c->listener;

    c->in_accept_q = true;
    c->q_next = NULL;
    if (l->acc_tail)
        l->acc_tail->q_next = c;
    else
        l->acc_head = c;
    l->acc_tail = c;
    l->nacc++;
    c->st->env.wake(c->st->env.ctx, &l->cond);
}

/* Our MSS towards (raddr), the receive window's scale; for a new
   connection from (laddr, lport) to (raddr, rport). */
void tcp_conn_setup(struct tcp_conn *c, uint32_t laddr, uint16_t lport,
                    uint32_t raddr, uint16_t rport)
{
    struct tcpip *st = c->st;
    uint32_t mtu = ipv4_path_mtu(st, raddr);
    unsigned s = 0;

    c->laddr = laddr;
    c->lport = lport;
    c->raddr = raddr;
    c->rport = rport;
    c->ts_offset = tcp_ts_offset(st, laddr, raddr);
    if (mtu > st->cfg.mtu && st->cfg.mtu)
        mtu = st->cfg.mtu;
    if (mtu > 9000)
        mtu = 9000;
    c->adv_mss = (uint16_t)(mtu > TCP_MIN_MSS + 40 ? mtu - 40 : TCP_MIN_MSS);
    while (s < TCP_MAX_WSCALE && (st->lim.tcp_receive_buffer >> s) > 65535)
        s++;
    c->rcv_wscale = (uint8_t)s;
    tcp_update_mss(c);
}

/* The largest cookie MSS not above (mss). */
static unsigned cookie_mss_index(uint32_t mss)
{
    unsigned i = 0;

    while (i + 1 < 8 && tcp_cookie_mss[i + 1] <= mss)
        i++;
    return i;
}

/* Answers a SYN with a SYN cookie: no state kept (RFC 4987 3.6). The
   peer's window scale and SACK-permitted ride in the low bits of our
   timestamp, when it sent timestamps. */
static void send_cookie(struct tcp_listener *l, const struct tcp_seg *sg)
{
    struct tcpip *st = l->st;
    struct tcp_conn tmp = {0};
    uint32_t peer = sg->has_mss && sg->mss ? sg->mss : TCP_DEFAULT_MSS;
    unsigned idx;

    tmp.st = st;
    tcp_conn_setup(&tmp, sg->dst, sg->dport, sg->src, sg->sport);
    if (peer > tmp.adv_mss)
        peer = tmp.adv_mss;
    idx = cookie_mss_index(peer);
    tmp.state = TCP_SYN_RECEIVED;
    tmp.iss = tmp.snd_una = tmp.snd_nxt = tmp.snd_max =
        tcp_cookie_make(st, sg, idx);
    tmp.rcv_nxt = sg->seq + 1;
    tmp.ws_ok = sg->has_ws && sg->has_ts;
    if (!tmp.ws_ok)
        tmp.rcv_wscale = 0;
    tmp.sack_ok = sg->has_sackok && sg->has_ts;
    tmp.ts_ok = sg->has_ts;
    tmp.ts_recent = sg->tsval;
    if (tmp.ts_ok) {
        uint32_t now = (uint32_t)(tcpip_now(st) / TCPIP_MS(1));
        uint32_t bits = 0x40u | (sg->has_ws ? 0x10u | sg->ws : 0) |
                        (sg->has_sackok ? 0x20u : 0);

        /* tcp_ts_now(&tmp) = now + ts_offset: make it carry the bits */
        uint32_t pair = tcp_ts_offset(st, sg->dst, sg->src);

        tmp.ts_offset = (((now + pair - 128) & ~0x7fu) | bits) - now;
    }
    st->stats.tcp.syn_cookies_sent++;
    st->tcp->cookies_until = tcpip_now(st) + TCPIP_S(128);
    tcp_send_segment(&tmp, tmp.iss, 0, TCP_SYN | TCP_ACK);
}

/* An ACK to a listener: does it complete a SYN cookie? Then the
   connection is made, established at once. Returns true if it did. */
static bool cookie_ack(struct tcp_listener *l, struct tcp_seg *sg)
{
    struct tcpip *st = l->st;
    struct tcp_conn *c;
    unsigned idx;
    uint32_t bits = 0;

    if (tcpip_now(st) >= st->tcp->cookies_until ||
        tcp_cookie_check(st, sg, &idx) < 0)
        return false; /* no cookie sent lately, or not one of ours */
    if (sg->has_ts) {
        bits = sg->tsecr & 0x7fu;
        if (!(bits & 0x40u))
            return false;
    }
    if (st->tcp->nconns >= st->lim.tcp_connections) {
        st->stats.tcp.connection_limit_drops++;
        return true;
    }
    if (l->nacc >= l->backlog) {
        st->stats.tcp.syn_queue_drops++;
        return true;
    }
    c = tcp_conn_new(st);
    if (!c)
        return true;
    c->passive = true;
    c->listener = l;
    tcp_conn_setup(c, sg->dst, sg->dport, sg->src, sg->sport);
    if (tcp_conn_buffers(c) < 0) {
        tcp_conn_free(c);
        return true;
    }
    c->iss = sg->ack - 1;
    c->irs = sg->seq - 1;
    c->rcv_nxt = sg->seq;
    c->snd_una = c->snd_nxt = c->snd_max = c->snd_sml = sg->ack;
    c->mss_clamp = tcp_cookie_mss[idx];
    c->ts_ok = sg->has_ts;
    c->ws_ok = (bits & 0x10u) != 0;
    c->snd_wscale = c->ws_ok ? (uint8_t)(bits & 0x0fu) : 0;
    if (!c->ws_ok)
        c->rcv_wscale = 0;
    c->sack_ok = (bits & 0x20u) != 0;
    if (c->ts_ok) {
        uint32_t now = (uint32_t)(tcpip_now(st) / TCPIP_MS(1));

        c->ts_recent = sg->tsval;
        c->ts_recent_time = tcpip_now(st);
        c->ts_offset = tcp_ts_offset(st, c->laddr, c->raddr);
        (void)now;
    }
    c->last_ack_sent = c->rcv_nxt;
    c->rcv_adv = c->rcv_nxt + (st->lim.tcp_receive_buffer > 65535
                                   ? 65535
                                   : (uint32_t)st->lim.tcp_receive_buffer);
    tcp_set_state(c, TCP_ESTABLISHED);
    c->snd_wnd = c->max_snd_wnd = (uint32_t)sg->wnd << c->snd_wscale;
    c->snd_wl1 = sg->seq;
    c->snd_wl2 = sg->ack;
    tcp_update_mss(c);
    tcp_cc_init(c);
    c->last_rcv = tcpip_now(st);
    tcp_hash_insert(c);
    st->stats.tcp.syn_cookies_ok++;
    st->stats.tcp.passive_opens++;
    tcp_accept_ready(c);
    if (sg->len || (sg->flags & TCP_FIN))
        tcp_input_conn(c, sg);
    return true;
}

/*
 * A segment to a listener (RFC 9293 3.10.7.2): RSTs are ignored; an ACK
 * is a SYN cookie's or answered with an RST; a SYN makes a half-open
 * connection (SYN_RECEIVED), or a cookie when lim.tcp_syn_queue of them
 * wait, or nothing past lim.tcp_connections or a full accept queue.
 * A connection made here starts its numbers beyond (iss_after) when that
 * is not NULL (a cookie's cannot: the cookie is its ISS).
 */
void tcp_listen_input(struct tcp_listener *l, struct tcp_seg *sg,
                      const uint32_t *iss_after)
{
    struct tcpip *st = l->st;
    struct tcp_table *t = st->tcp;
    struct tcp_conn *c;

    if (sg->flags & TCP_RST)
        return;
    if (sg->flags & TCP_ACK) {
        if ((sg->flags & TCP_SYN) || !cookie_ack(l, sg)) {
            st->stats.tcp.rx_no_connection++;
            tcp_reply_rst(st, sg);
        }
        return;
    }
    if (!(sg->flags & TCP_SYN))
        return;
    if (t->nconns >= st->lim.tcp_connections) {
        st->stats.tcp.connection_limit_drops++;
        return;
    }
    if (l->nacc >= l->backlog) {
        st->stats.tcp.syn_queue_drops++;
        return;
    }
    if (t->nsyn >= st->lim.tcp_syn_queue) {
        send_cookie(l, sg);
        return;
    }
    c = tcp_conn_new(st);
    if (!c)
        return;
    c->passive = true;
    c->listener = l;
    tcp_conn_setup(c, sg->dst, sg->dport, sg->src, sg->sport);
    c->irs = sg->seq;
    c->rcv_nxt = sg->seq + 1;
    tcp_negotiate(c, sg);
    c->iss = tcp_isn(st, c->laddr, c->lport, c->raddr, c->rport);
    if (iss_after && !SEQ_GT(c->iss, *iss_after))
        c->iss = *iss_after + 65537; /* Linux too starts 65,537 on */
    c->snd_una = c->iss;
    c->snd_nxt = c->snd_max = c->iss + 1;
    c->recover = c->iss;
    tcp_set_state(c, TCP_SYN_RECEIVED);
    tcp_hash_insert(c);
    st->stats.tcp.passive_opens++;
    c->rtt_start = tcpip_now(st);
    tcp_send_syn(c);
    tcp_arm_rexmt(c);
}
