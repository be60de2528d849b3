/* SPDX-License-Identifier: ISC */
/* tcp_timer.c: per-connection deadlines in a heap; RTO, persist, keep-alive,
 * delayed ACK and TIME_WAIT expiries. */
#include <errno.h>

#include <mirage/log.h>

#include "tcp_int.h"

/* --- the heap of connections by earliest deadline ---------------------- */

static void heap_set(struct tcp_table *t, size_t i, struct tcp_conn *c)
{
    t->heap[i] = c;
    c->heap_idx = i;
}

static void sift_up(struct tcp_table *t, size_t i)
{
    struct tcp_conn *c = t->heap[i];

    while (i > 0) {
        size_t p = (i - 1) / 2;

        if (t->heap[p]->when <= c->when)
            break;
        heap_set(t, i, t->heap[p]);
        i = p;
    }
    heap_set(t, i, c);
}

static void sift_down(struct tcp_table *t, size_t i)
{
    struct tcp_conn *c = t->heap[i];

    for (;;) {
        size_t l = 2 * i + 1, m = i;
        tcpip_ns best = c->when;

        if (l < t->nheap && t->heap[l]->when < best) {
            m = l;
            best = t->heap[l]->when;
        }
        if (l + 1 < t->nheap && t->heap[l + 1]->when < best)
            m = l + 1;
        if (m == i)
            break;
        heap_set(t, i, t->heap[m]);
        i = m;
    }
    heap_set(t, i, c);
}

/* Takes (c) out of the timer heap (if in it). */
void tcp_heap_remove(struct tcp_conn *c)
{
    struct tcp_table *t = c->st->tcp;
    size_t i = c->heap_idx;

    if (i == SIZE_MAX)
        return;
    c->heap_idx = SIZE_MAX;
    t->nheap--;
    if (i == t->nheap)
        return;
    {
        struct tcp_conn *m = t->heap[t->nheap];

        heap_set(t, i, m);
        sift_up(t, i);
        sift_down(t, m->heap_idx);
    }
}

/*
 * Recomputes the earliest deadline of (c) after one of its timers changed,
 * places it in the heap, and tells the engine's owner when it became
 * earlier than anything it waits for.
 */
void tcp_timer_update(struct tcp_conn *c)
{
    struct tcp_table *t = c->st->tcp;
    tcpip_ns w = c->t_rexmt;

    if (c->t_persist < w)
        w = c->t_persist;
    if (c->t_delack < w)
        w = c->t_delack;
    if (c->t_keep < w)
        w = c->t_keep;
    if (c->t_2msl < w)
        w = c->t_2msl;
    if (w == TCPIP_NEVER) {
        tcp_heap_remove(c);
        c->when = w;
        return;
    }
    if (c->heap_idx == SIZE_MAX) {
        if (t->nheap == t->heap_cap)
            return; /* cannot happen: the heap holds every connection */
        c->when = w;
        heap_set(t, t->nheap++, c);
        sift_up(t, c->heap_idx);
    } else {
        tcpip_ns old = c->when;

        c->when = w;
        if (w < old)
            sift_up(t, c->heap_idx);
        else if (w > old)
            sift_down(t, c->heap_idx);
    }
    tcpip_timer_armed(c->st, w);
}

/* --- RTO (RFC 6298) ------------------------------------------------------ */

/* The retransmission timeout now: RTO doubled per backoff, at most 60 s. */
tcpip_ns tcp_cur_rto(const struct tcp_conn *c)
{
    tcpip_ns rto = c->rto;
    unsigned i;

    for (i = 0; i < c->backoff && rto < TCP_RTO_MAX; i++)
        rto *= 2;
    return rto > TCP_RTO_MAX ? TCP_RTO_MAX : rto;
}

/* (Re)starts the retransmission timer: now + the current RTO. */
void tcp_arm_rexmt(struct tcp_conn *c)
{
    tcpip_ns now = tcpip_now(c->st);

    if (c->nrexmt == 0)
        c->rexmt_since = now;
    c->t_rexmt = now + tcp_cur_rto(c);
    /* the user timeout ends the wait at its own time, not at the end of
       a backed-off RTO */
    if (c->user_timeout && c->nrexmt &&
        c->t_rexmt > c->rexmt_since + c->user_timeout)
        c->t_rexmt = c->rexmt_since + c->user_timeout;
    c->t_persist = TCPIP_NEVER;
    tcp_timer_update(c);
}

/* Takes one round-trip sample (RFC 6298 2.2, 2.3; G = 1 ms) and ends the
   backoff (Karn: samples come only from segments sent once). */
void tcp_rtt_sample(struct tcp_conn *c, tcpip_ns r)
{
    tcpip_ns var;

    if (!c->have_rtt) {
        c->srtt = r;
        c->rttvar = r / 2;
        c->have_rtt = true;
    } else {
        tcpip_ns d = c->srtt > r ? c->srtt - r : r - c->srtt;

        c->rttvar = (3 * c->rttvar + d) / 4;
        c->srtt = (7 * c->srtt + r) / 8;
    }
    var = 4 * c->rttvar;
    if (var < TCPIP_MS(1))
        var = TCPIP_MS(1);
    c->rto = c->srtt + var;
    if (c->rto < TCP_RTO_MIN)
        c->rto = TCP_RTO_MIN;
    if (c->rto > TCP_RTO_MAX)
        c->rto = TCP_RTO_MAX;
    c->backoff = 0;
}

/* The retransmission timer expired: resend, back off, or give up. Returns
   true if (c) was freed. */
static bool rexmt_expired(struct tcp_conn *c)
{
    struct tcpip *st = c->st;
    int err = c->soft_error ? c->soft_error : -ETIMEDOUT;

    switch (c->state) {
    case TCP_SYN_SENT:
        if (c->nrexmt >= TCP_SYN_RETRIES) {
            st->stats.tcp.failed_opens++;
            return tcp_conn_closed(c, err);
        }
        break;
    case TCP_SYN_RECEIVED:
        if (c->nrexmt >= TCP_SYNACK_RETRIES) {
            if (c->passive)
                st->stats.tcp.failed_opens++;
            return tcp_conn_closed(c, err);
        }
        break;
    case TCP_ESTABLISHED:
    case TCP_FIN_WAIT_1:
    case TCP_CLOSE_WAIT:
    case TCP_CLOSING:
    case TCP_LAST_ACK:
        if (c->snd_una == c->snd_max)
            return false;
        if (c->user_timeout ? tcpip_now(st) - c->rexmt_since >= c->user_timeout
                            : c->nrexmt >= TCP_DATA_RETRIES)
            return tcp_conn_closed(c, err);
        break;
    default:
        return false;
    }
    c->nrexmt++;
    c->backoff++;
    c->timing = false;
    st->stats.tcp.rto_expiries++;
    if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED) {
        st->stats.tcp.retransmits++;
        tcp_send_syn(c);
        tcp_arm_rexmt(c);
        return false;
    }
    tcpip_logf(st, MIRAGE_LOG_DEBUG,
               "tcp: %u -> %u: RTO %u: una %u, %u in flight, cwnd %u", c->lport,
               c->rport, c->nrexmt, c->snd_una, tcp_flight(c), c->cwnd);
    tcp_cc_rto(c);
    /* A second expiry in a row may mean the peer dropped what it had
       SACKed (reneging): forget the scoreboard and resend everything. */
    if (c->backoff > 1)
        c->nsacked = 0;
    c->snd_nxt = c->snd_una;
    c->high_rxt = c->snd_una;
    tcp_output(c);
    if (c->t_rexmt == TCPIP_NEVER && c->snd_una != c->snd_max)
        tcp_arm_rexmt(c);
    return false;
}

/* The persist timer expired: probe the closed window with one byte. */
static bool persist_expired(struct tcp_conn *c)
{
    struct tcpip *st = c->st;
    tcpip_ns d;
    unsigned i;

    if (c->snd_wnd) {
        if (c->sndbuf.len <= (size_t)(c->snd_nxt - c->snd_una))
            return false;
        /* a window too small for the sender's silly-window rule: send
           what it takes (RFC 9293 3.8.6.2.1 (d), the override timeout) */
        uint32_t off = c->snd_nxt - c->snd_una;
        uint32_t len = (uint32_t)c->sndbuf.len - off;

        if (c->snd_wnd <= off)
            return false;
        if (len > c->snd_wnd - off)
            len = c->snd_wnd - off;
        if (len > c->smss)
            len = c->smss;
        tcp_send_segment(c, c->snd_nxt, len, TCP_ACK | TCP_PSH);
        c->snd_nxt += len;
        if (SEQ_GT(c->snd_nxt, c->snd_max))
            c->snd_max = c->snd_nxt;
        tcp_arm_rexmt(c);
        return false;
    }
    /* the window is closed: probe with the first byte not acknowledged,
       also when it was the last one waiting and went out in the probe
       before (the timer keeps running until the window opens) */
    if (c->sndbuf.len == 0 || SEQ_GT(c->snd_max, c->snd_una + 1))
        return false; /* more than a probe in flight: the RTO's job */
    if (c->persist_probes >= TCP_DATA_RETRIES)
        return tcp_conn_closed(c, -ETIMEDOUT);
    c->persist_probes++;
    st->stats.tcp.zero_window_probes++;
    c->snd_nxt = c->snd_una;
    tcp_send_segment(c, c->snd_una, 1, TCP_ACK);
    c->snd_nxt = c->snd_una + 1;
    c->snd_max = c->snd_nxt;
    if (c->persist_backoff < 16)
        c->persist_backoff++;
    d = c->rto < TCP_RTO_MIN ? TCP_RTO_MIN : c->rto;
    for (i = 0; i < c->persist_backoff && d < TCP_RTO_MAX; i++)
        d *= 2;
    if (d > TCP_RTO_MAX)
        d = TCP_RTO_MAX;
    c->t_persist = tcpip_now(st) + d;
    return false;
}

/* Sets the keep-alive deadline from the last segment received. */
void tcp_keep_reset(struct tcp_conn *c)
{
    bool on = c->keepalive &&
              (c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT ||
               c->state == TCP_FIN_WAIT_2);

    c->keep_probes = 0;
    if (!on) {
        if (c->t_keep != TCPIP_NEVER) {
            c->t_keep = TCPIP_NEVER;
            tcp_timer_update(c);
        }
        return;
    }
    if (c->t_keep == TCPIP_NEVER) {
        c->t_keep = c->last_rcv + c->keep_idle;
        tcp_timer_update(c);
    }
}

/* The keep-alive deadline came: probe the idle peer, or give up. */
static bool keep_expired(struct tcp_conn *c, tcpip_ns now)
{
    struct tcpip *st = c->st;

    if (!c->keepalive ||
        (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT &&
         c->state != TCP_FIN_WAIT_2))
        return false;
    if (c->keep_probes == 0 && now - c->last_rcv < c->keep_idle) {
        c->t_keep = c->last_rcv + c->keep_idle;
        return false;
    }
    if (c->snd_una != c->snd_max || c->sndbuf.len) {
        /* data in flight: the retransmission timer watches the peer */
        c->keep_probes = 0;
        c->t_keep = now + c->keep_idle;
        return false;
    }
    if (c->keep_probes >= c->keep_cnt)
        return tcp_conn_closed(c, -ETIMEDOUT);
    c->keep_probes++;
    st->stats.tcp.keepalive_probes++;
    tcp_send_segment(c, c->snd_una - 1, 0, TCP_ACK);
    c->t_keep = now + c->keep_intvl;
    return false;
}

/* Runs the timers of (c) due at (now). */
static void conn_timers(struct tcp_conn *c, tcpip_ns now)
{
    if (c->t_2msl <= now) {
        c->t_2msl = TCPIP_NEVER;
        if (c->state == TCP_TIME_WAIT || c->state == TCP_FIN_WAIT_2) {
            tcp_conn_closed(c, 0);
            return;
        }
    }
    if (c->t_delack <= now) {
        c->t_delack = TCPIP_NEVER;
        if (c->ack_pending)
            tcp_send_ack(c);
    }
    if (c->t_rexmt <= now) {
        c->t_rexmt = TCPIP_NEVER;
        if (rexmt_expired(c))
            return;
    }
    if (c->t_persist <= now) {
        c->t_persist = TCPIP_NEVER;
        if (persist_expired(c))
            return;
    }
    if (c->t_keep <= now) {
        c->t_keep = TCPIP_NEVER;
        if (keep_expired(c, now))
            return;
    }
    tcp_timer_update(c);
}

/* Runs every TCP timer due at (now); returns the next deadline. */
tcpip_ns tcp_timers(struct tcpip *st, tcpip_ns now)
{
    struct tcp_table *t = st->tcp;
    unsigned guard = 0;

    if (!t)
        return TCPIP_NEVER;
    while (t->nheap && t->heap[0]->when <= now && guard++ < 1000000) {
        struct tcp_conn *c = t->heap[0];

        conn_timers(c, now);
    }
    return t->nheap ? t->heap[0]->when : TCPIP_NEVER;
}
