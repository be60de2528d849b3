/* SPDX-License-Identifier: ISC */
/* tcp_api.c: the connection calls of the device glue (tcp.h). */
#include <errno.h>
#include <string.h>

#include "tcp_int.h"

/* Opens a connection (tcp.h). */
int tcp_connect(struct tcpip *st, uint32_t dst, uint16_t dport,
                struct tcp_conn **out)
{
    struct tcp_table *t = st->tcp;
    struct tcp_conn *c;
    uint16_t lport;
    int rc;

    if (!dst || dst == 0xffffffffu || (dst & 0xf0000000u) == 0xe0000000u ||
        !dport)
        return -EINVAL;
    if (!st->cfg.addr)
        return -ENETUNREACH;
    if (t->nconns >= st->lim.tcp_connections)
        return -EMFILE;
    rc = tcp_pick_port(st, st->cfg.addr, dst, dport, &lport);
    if (rc < 0)
        return rc;
    c = tcp_conn_new(st);
    if (!c)
        return -ENOMEM;
    tcp_conn_setup(c, st->cfg.addr, lport, dst, dport);
    if (tcp_conn_buffers(c) < 0) {
        tcp_conn_free(c);
        return -ENOMEM;
    }
    c->owned = true;
    c->iss = tcp_isn(st, c->laddr, c->lport, c->raddr, c->rport);
    c->snd_una = c->iss;
    c->snd_nxt = c->snd_max = c->iss + 1;
    c->recover = c->iss;
    tcp_set_state(c, TCP_SYN_SENT);
    tcp_hash_insert(c);
    c->rtt_start = tcpip_now(st);
    rc = tcp_send_segment(c, c->iss, 0, TCP_SYN);
    if (rc == -ENETUNREACH) {
        c->owned = false;
        tcp_conn_free(c);
        return rc;
    }
    st->stats.tcp.active_opens++;
    tcp_arm_rexmt(c);
    *out = c;
    return 0;
}

/* Where the connection stands (tcp.h). */
int tcp_conn_status(struct tcp_conn *c)
{
    if (c->error)
        return c->error;
    if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED)
        return -EINPROGRESS;
    return 0;
}

/* Reads received data (tcp.h). */
int tcp_recv(struct tcp_conn *c, void *buf, size_t size)
{
    struct tcp_ring *r = &c->rcvbuf;
    size_t n;

    if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED)
        return c->error ? c->error : -ENOTCONN;
    if (r->buf && r->len && !c->rd_shut) {
        if (!size)
            return 0;
        n = r->len < size ? r->len : size;
        if (n > 0x7fffffff)
            n = 0x7fffffff;
        tcp_ring_copy_out(r, 0, buf, n);
        tcp_ring_consume(r, n);
        if (!c->nooo)
            tcp_ring_trim(r); /* empty, and nothing held out of order */
        if (c->state != TCP_CLOSED && tcp_window_update_due(c)) {
            c->ack_now = true;
            tcp_output(c);
        }
        return (int)n;
    }
    if (c->error)
        return c->error;
    if (c->fin_rcvd || c->rd_shut || c->state == TCP_CLOSED)
        return 0;
    return -EAGAIN;
}

/* Queues data to send (tcp.h). */
int tcp_send(struct tcp_conn *c, const void *buf, size_t len)
{
    struct tcp_ring *r = &c->sndbuf;
    size_t room;

    if (c->error)
        return c->error == -ECONNRESET ? -ECONNRESET : -EPIPE;
    if (c->wr_shut)
        return -EPIPE;
    switch (c->state) {
    case TCP_SYN_SENT:
    case TCP_SYN_RECEIVED:
    case TCP_ESTABLISHED:
    case TCP_CLOSE_WAIT:
        break;
    default:
        return -EPIPE;
    }
    if (!r->buf)
        return -EPIPE;
    if (!len)
        return 0;
    room = r->cap - r->len;
    if (!room)
        return -EAGAIN;
    if (len > room)
        len = room;
    if (len > 0x7fffffff)
        len = 0x7fffffff;
    if (r->len + len > r->size) {
        /* grow within lim.tcp_buffer_memory, all rings counted, and the
           owner's buffer_room; short of them, or of memory, take what the
           ring holds now: the rest waits
           for ACKs to make room, as when the ring is full (back-pressure
           rather than an error, so that many connections sending at once
           share a small heap) */
        size_t budget = c->st->lim.tcp_buffer_memory;
        size_t held = c->st->tcp->ring_bytes, grow, size;

        grow = budget == SIZE_MAX ? SIZE_MAX
               : held < budget    ? budget - held
                                  : 0;
        if (c->st->env.buffer_room) {
            size_t now = c->st->env.buffer_room(c->st->env.ctx);

            if (now < grow)
                grow = now;
        }
        size = tcp_ring_growth(r, r->len + len, grow);

        if (size > r->size && tcp_ring_reserve(r, size) < 0)
            size = r->size;
        if (r->len + len > size)
            len = size - r->len;
        if (!len)
            return -EAGAIN;
    }
    tcp_ring_copy_in(r, r->len, buf, len);
    r->len += len;
    tcp_output(c);
    return (int)len;
}

/* Shuts down reading, writing or both (tcp.h). */
int tcp_shutdown(struct tcp_conn *c, unsigned how)
{
    if (how < 1 || how > 3)
        return -EINVAL;
    switch (c->state) {
    case TCP_CLOSED:
    case TCP_SYN_SENT:
    case TCP_SYN_RECEIVED:
    case TCP_LISTEN:
        return -ENOTCONN;
    default:
        break;
    }
    if (how & 1) {
        c->rd_shut = true;
        tcp_ring_consume(&c->rcvbuf, c->rcvbuf.len);
        if (tcp_window_update_due(c))
            c->ack_now = true;
    }
    if ((how & 2) && !c->wr_shut) {
        c->wr_shut = true;
        if (c->state == TCP_ESTABLISHED) {
            c->fin_queued = true;
            tcp_set_state(c, TCP_FIN_WAIT_1);
        } else if (c->state == TCP_CLOSE_WAIT) {
            c->fin_queued = true;
            tcp_set_state(c, TCP_LAST_ACK);
        }
    }
    tcp_output(c);
    tcp_wake(c);
    return 0;
}

/* The connection's addresses and ports (tcp.h). */
void tcp_endpoints(const struct tcp_conn *c, uint32_t *laddr, uint16_t *lport,
                   uint32_t *raddr, uint16_t *rport)
{
    if (laddr)
        *laddr = c->laddr;
    if (lport)
        *lport = c->lport;
    if (raddr)
        *raddr = c->raddr;
    if (rport)
        *rport = c->rport;
}

/* The connection's cond (tcp.h). */
struct mirage_cond *tcp_conn_cond(struct tcp_conn *c)
{
    return &c->cond;
}

/* Nagle off or on (tcp.h). */
int tcp_set_nodelay(struct tcp_conn *c, bool on)
{
    c->nodelay = on;
    if (on)
        tcp_output(c);
    return 0;
}

/* Keep-alive on or off (tcp.h). */
int tcp_set_keepalive(struct tcp_conn *c, bool on, tcpip_ns idle,
                      tcpip_ns interval, unsigned count)
{
    if ((idle && idle < TCPIP_S(1)) || (interval && interval < TCPIP_S(1)) ||
        count > 255)
        return -EINVAL;
    c->keepalive = on;
    c->keep_idle = idle ? idle : TCP_KEEP_IDLE;
    c->keep_intvl = interval ? interval : TCP_KEEP_INTVL;
    c->keep_cnt = count ? count : TCP_KEEP_COUNT;
    c->t_keep = TCPIP_NEVER;
    if (!c->last_rcv)
        c->last_rcv = tcpip_now(c->st);
    tcp_keep_reset(c);
    tcp_timer_update(c);
    return 0;
}

/* The user timeout (tcp.h). */
int tcp_set_user_timeout(struct tcp_conn *c, tcpip_ns timeout)
{
    if (timeout && timeout < TCPIP_MS(1))
        return -EINVAL;
    c->user_timeout = timeout;
    return 0;
}

/* CUBIC or NewReno (tcp.h). */
int tcp_set_cubic(struct tcp_conn *c, bool cubic)
{
    c->cubic = cubic;
    c->cubic_epoch = 0;
    c->cubic_paused = 0;
    c->cubic_wmax = 0;
    return 0;
}

/* The owner lets go (tcp.h). */
void tcp_close(struct tcp_conn *c)
{
    c->owned = false;
    c->closed_by_owner = true;
    switch (c->state) {
    case TCP_CLOSED:
        tcp_conn_free(c);
        return;
    case TCP_SYN_SENT:
        tcp_conn_closed(c, 0);
        return;
    case TCP_SYN_RECEIVED:
        tcp_send_rst_for(c);
        tcp_conn_closed(c, 0);
        return;
    case TCP_TIME_WAIT:
        tcp_ring_free(&c->rcvbuf);
        return;
    default:
        break;
    }
    if (c->rcvbuf.len && !c->rd_shut) {
        /* unread data: the peer must learn that it was lost (RFC 9293
           3.6, RFC 1122 4.2.2.13) */
        tcp_send_rst_for(c);
        tcp_conn_closed(c, -ECONNRESET);
        return;
    }
    c->rd_shut = true;
    if (!c->wr_shut) {
        c->wr_shut = true;
        if (c->state == TCP_ESTABLISHED) {
            c->fin_queued = true;
            tcp_set_state(c, TCP_FIN_WAIT_1);
        } else if (c->state == TCP_CLOSE_WAIT) {
            c->fin_queued = true;
            tcp_set_state(c, TCP_LAST_ACK);
        }
    }
    if (c->state == TCP_FIN_WAIT_2) {
        c->t_2msl = tcpip_now(c->st) + TCP_FIN_WAIT2_LIMIT;
        tcp_timer_update(c);
    }
    tcp_output(c);
}

/* Resets and frees now (tcp.h). */
void tcp_abort(struct tcp_conn *c)
{
    switch (c->state) {
    case TCP_SYN_RECEIVED:
    case TCP_ESTABLISHED:
    case TCP_FIN_WAIT_1:
    case TCP_FIN_WAIT_2:
    case TCP_CLOSE_WAIT:
    case TCP_CLOSING:
    case TCP_LAST_ACK:
        tcp_send_rst_for(c);
        break;
    default:
        break;
    }
    tcp_conn_free(c);
}

/*
 * ICMP reported an error about a segment we sent (RFC 1122 4.2.3.9, RFC
 * 5927): the quoted segment must belong to a connection and its sequence
 * number lie in [snd_una, snd_max). Fragmentation needed lowers the MSS
 * to the new path MTU and resends; port and protocol unreachable end a
 * connection still opening; other unreachables are soft errors, reported
 * if the connection later times out.
 */
void tcp_icmp_error(struct tcpip *st, uint8_t type, uint8_t code, uint32_t mtu,
                    const uint8_t *ip, size_t len)
{
    struct tcp_conn *c;
    size_t ihl;
    uint32_t src, dst, seq;
    uint16_t sport, dport;

    if (!st->tcp || len < 20)
        return;
    ihl = (size_t)(ip[0] & 0x0f) * 4;
    if (ihl < 20 || len < ihl + 8 || ip[9] != TCPIP_PROTO_TCP)
        return;
    src = tcpip_get32(ip + 12);
    dst = tcpip_get32(ip + 16);
    sport = tcpip_get16(ip + ihl);
    dport = tcpip_get16(ip + ihl + 2);
    seq = tcpip_get32(ip + ihl + 4);
    c = tcp_lookup(st, src, sport, dst, dport);
    if (!c || c->state == TCP_TIME_WAIT)
        return;
    if (SEQ_LT(seq, c->snd_una) || !SEQ_LT(seq, c->snd_max))
        return;
    if (type != 3)
        return; /* time exceeded, parameter problem: nothing to do */
    if (code == 4) {
        uint32_t old = c->smss;

        /* ipv4 keeps the path MTU; the message's own value counts too
           (RFC 1191: 68 at the least) */
        if (mtu >= 68 && mtu < ipv4_path_mtu(st, c->raddr))
            c->pmtu_cap = mtu;
        tcp_update_mss(c);
        if (c->smss < old && c->state != TCP_SYN_SENT &&
            c->state != TCP_SYN_RECEIVED) {
            /* resend what was too big, without a congestion response */
            c->snd_nxt = c->snd_una;
            tcp_output(c);
        }
        return;
    }
    if (c->state == TCP_SYN_SENT && (code == 2 || code == 3)) {
        st->stats.tcp.failed_opens++;
        tcp_conn_closed(c, -ECONNREFUSED);
        return;
    }
    c->soft_error =
        (code == 0 || code == 6 || code == 11) ? -ENETUNREACH : -EHOSTUNREACH;
    tcp_wake(c);
}
