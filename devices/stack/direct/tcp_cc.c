/* SPDX-License-Identifier: ISC */
/* tcp_cc.c: congestion control: slow start and congestion avoidance
 * (RFC 5681) or CUBIC (RFC 9438); fast retransmit and recovery, NewReno
 * (RFC 6582) or with SACK (RFC 6675). */
#include "tcp_int.h"

#define CWND_MAX (1u << 30)

/* The initial window (RFC 6928): min(10 MSS, max(2 MSS, 14600)). */
static uint32_t initial_window(const struct tcp_conn *c)
{
    uint32_t iw = 2 * c->smss > 14600 ? 2 * c->smss : 14600;

    return iw > 10 * c->smss ? 10 * c->smss : iw;
}

/* Congestion control of a connection just established: the initial
   window, no ssthresh yet, nothing sent. */
void tcp_cc_init(struct tcp_conn *c)
{
    c->cwnd = initial_window(c);
    c->ssthresh = CWND_MAX;
    c->bytes_acked = 0;
    c->dupacks = 0;
    c->in_recovery = false;
    c->recover = c->iss;
    c->cwnd_used = 0;
    c->cwnd_round = c->snd_una;
    c->rto_slow_start = false;
    c->rto_end = c->snd_una;
    c->last_data_sent = tcpip_now(c->st);
    c->cubic_epoch = 0;
    c->cubic_paused = 0;
    c->cubic_wmax = 0;
}

/*
 * Is the sender using cwnd, so that the ACKs of this round may grow it?
 * RFC 9438 5.8 (CUBIC) and RFC 7661 (Reno) grow cwnd only while cwnd, not
 * the application nor the peer's receive window, limits what is in
 * flight: a window never filled says nothing of the path, and once grown
 * unused (159,280 bytes after 50 kept-alive answers of 5,237) it would
 * let a whole send buffer go at once. The rule is Linux's
 * (tcp_is_cwnd_limited) on the largest FlightSize of the round
 * (tcp_cc_sent): in slow start at least half of cwnd, since slow start at
 * most doubles the window in a round and may run that far ahead of the
 * flight; in congestion avoidance within one SMSS of cwnd, since the
 * sender's silly-window rule can leave less than a segment of it unused.
 */
static bool cwnd_limited(const struct tcp_conn *c)
{
    uint64_t used = c->cwnd_used;

    if (c->cwnd < c->ssthresh)
        return 2 * used >= c->cwnd;
    return used + c->smss >= c->cwnd;
}

/*
 * Called after each sending pass (tcp_output): keeps the largest
 * FlightSize of the current round. A round ends when its data is all
 * acknowledged (snd_una reaches snd_max as it was when the round began);
 * the next pass starts another from the flight it leaves. So the ACKs of
 * data are judged by the flight of the round that sent it.
 */
void tcp_cc_sent(struct tcp_conn *c)
{
    uint32_t flight = tcp_flight(c);

    if (SEQ_GE(c->snd_una, c->cwnd_round)) {
        c->cwnd_used = flight;
        c->cwnd_round = c->snd_max;
    } else if (flight > c->cwnd_used) {
        c->cwnd_used = flight;
    }
}

/*
 * The restart window (RFC 5681 4.1), called before new data is sent:
 * after no data was sent for longer than the RTO, with nothing in flight,
 * the path is no longer known and cwnd is cut to RW = min(IW, cwnd), so
 * that a pause is not followed by a whole send buffer at once. ssthresh
 * keeps at least 3/4 of the old cwnd (RFC 2861 3, as Linux does), so that
 * slow start climbs back near it in a few round trips; CUBIC starts a
 * new epoch, as its t must not count the idle time (RFC 9438 5.8).
 */
void tcp_cc_idle(struct tcp_conn *c)
{
    tcpip_ns now = tcpip_now(c->st);
    uint32_t rw = initial_window(c);

    if (c->snd_una != c->snd_max || now - c->last_data_sent <= c->rto)
        return;
    if (c->cwnd > rw) {
        uint32_t keep = (uint32_t)((uint64_t)c->cwnd * 3 / 4);

        if (c->ssthresh < keep)
            c->ssthresh = keep;
        c->cwnd = rw;
    }
    c->bytes_acked = 0;
    c->cubic_epoch = 0;
    c->cubic_paused = 0;
}

/* Integer cube root (of a value below 2^63). */
static uint64_t cbrt64(uint64_t x)
{
    uint64_t r = 0;
    int s;

    for (s = 63; s >= 0; s -= 3) {
        uint64_t b = 3 * r * (r + 1) + 1;

        r *= 2;
        if ((x >> s) >= b) {
            x -= b << s;
            r++;
        }
    }
    return r;
}

/*
 * CUBIC's congestion avoidance (RFC 9438 4.2-4.4): the window follows
 * W(t) = C (t - K)^3 + Wmax (C = 0.4, in segments and seconds), but never
 * grows slower than the Reno-friendly estimate W_est.
 */
static void cubic_ca(struct tcp_conn *c, uint32_t acked)
{
    tcpip_ns now = tcpip_now(c->st);
    uint64_t smss = c->smss, t_ms, target, w_cubic;
    int64_t d;

    if (!c->cubic_epoch) {
        uint64_t wmax_seg = c->cubic_wmax / smss, cwnd_seg = c->cwnd / smss;

        c->cubic_epoch = now ? now : 1;
        /* K = cbrt((Wmax - cwnd) / C) seconds, C = 0.4: K^3 = 2.5 diff;
           in ms: cbrt(2.5e9 * diff) */
        c->cubic_k_ms =
            wmax_seg > cwnd_seg
                ? (uint32_t)cbrt64((wmax_seg - cwnd_seg) * 2500000000ull)
                : 0;
        c->cubic_west = c->cwnd;
    }
    t_ms = (now - c->cubic_epoch) / TCPIP_MS(1);
    if (c->have_rtt)
        t_ms += c->srtt / TCPIP_MS(1);
    d = (int64_t)t_ms - (int64_t)c->cubic_k_ms;
    if (d > 100000)
        d = 100000;
    if (d < -100000)
        d = -100000;
    /* 0.4 * d^3 segments with d in ms: 0.4 d^3 / 1e9 */
    {
        int64_t cube = d * d * d / 1000 * 4 / 10000000;
        int64_t w = (int64_t)(c->cubic_wmax / smss) + cube;

        w_cubic = w < 1 ? smss : (uint64_t)w * smss;
    }
    /* Reno-friendly region: W_est += alpha * acked / cwnd, alpha = 3 *
       (1 - beta) / (1 + beta) = 0.53 for beta = 0.7 */
    c->cubic_west +=
        (uint32_t)((uint64_t)acked * smss * 53 / 100 / (c->cwnd ? c->cwnd : 1));
    target = w_cubic;
    if (c->cubic_west > target)
        target = c->cubic_west;
    if (target > c->cwnd) {
        if (target > (uint64_t)c->cwnd * 3 / 2)
            target = (uint64_t)c->cwnd * 3 / 2;
        c->cwnd += (uint32_t)((target - c->cwnd) * acked / c->cwnd);
    }
}

/*
 * New data was acknowledged outside recovery: grow cwnd. Slow start
 * counts bytes (RFC 3465, which RFC 5681 3.1 allows) with L = 2 SMSS:
 * + min(acked, 2 SMSS) per ACK, so that against a peer that acknowledges
 * every second segment the window doubles in a round trip, as it does
 * when every segment is acknowledged. After an RTO, L is 1 SMSS until
 * what was outstanding then is acknowledged (RFC 3465 2.3: one ACK may
 * then cover many segments the peer held out of order).
 */
void tcp_cc_ack(struct tcp_conn *c, uint32_t acked)
{
    if (c->cwnd < c->ssthresh) {
        uint32_t l = 2 * c->smss;

        if (c->rto_slow_start && SEQ_LT(c->snd_una, c->rto_end))
            l = c->smss;
        else
            c->rto_slow_start = false;
        c->cwnd += acked < l ? acked : l;
    } else if (c->cubic) {
        cubic_ca(c, acked);
    } else {
        c->bytes_acked += acked;
        if (c->bytes_acked >= c->cwnd) {
            c->bytes_acked -= c->cwnd;
            c->cwnd += c->smss;
        }
    }
    if (c->cwnd > CWND_MAX)
        c->cwnd = CWND_MAX;
}

/* A loss: ssthresh = max(FlightSize / 2, 2 SMSS) (RFC 5681 (4)); CUBIC:
   0.7 cwnd, and Wmax (with fast convergence). */
void tcp_cc_loss(struct tcp_conn *c)
{
    uint32_t flight = tcp_flight(c), s;

    if (c->cubic) {
        uint32_t w = c->cwnd;

        c->cubic_wmax = (c->cubic_wmax && w < c->cubic_wmax) ? w * 17 / 20 : w;
        c->cubic_epoch = 0;
        s = (uint32_t)((uint64_t)w * 7 / 10);
    } else {
        s = flight / 2;
    }
    if (s < 2 * c->smss)
        s = 2 * c->smss;
    c->ssthresh = s;
    c->bytes_acked = 0;
    c->cubic_paused = 0;
    c->rto_slow_start = false;
}

/* The retransmission timer expired: one segment of cwnd (RFC 5681 (4) and
   the loss window); recovery ends. */
void tcp_cc_rto(struct tcp_conn *c)
{
    if (c->backoff <= 1 || !c->in_recovery)
        tcp_cc_loss(c);
    c->cwnd = c->smss;
    c->rto_slow_start = true;
    c->rto_end = c->snd_max;
    c->in_recovery = false;
    c->dupacks = 0;
    c->recover = c->snd_max;
}

/* Starts fast retransmit and recovery (RFC 6582 3.2 (2), RFC 6675 5). */
static void enter_recovery(struct tcp_conn *c)
{
    struct tcpip *st = c->st;

    tcp_cc_loss(c);
    c->recover = c->snd_max;
    c->in_recovery = true;
    c->timing = false;
    st->stats.tcp.fast_retransmits++;
    if (c->sack_ok) {
        /* RFC 6675 5 (4): the first hole goes at once, whatever the
           pipe; then as the pipe allows */
        st->stats.tcp.sack_recoveries++;
        c->cwnd = c->ssthresh;
        c->high_rxt = c->snd_una;
        {
            uint32_t lim = c->smss, end;

            if (tcp_sack_next_start(c, c->snd_una, &end) &&
                end - c->snd_una < lim)
                lim = end - c->snd_una;
            c->high_rxt = c->snd_una + tcp_retransmit_at(c, c->snd_una, lim);
            c->rxt_mark = c->snd_max;
        }
        tcp_sack_output(c);
    } else {
        tcp_retransmit_at(c, c->snd_una, c->smss);
        c->cwnd = c->ssthresh + 3 * c->smss;
    }
}

/* A duplicate ACK (RFC 5681 2): counts, starts or feeds recovery. */
void tcp_recovery_dupack(struct tcp_conn *c)
{
    c->dupacks++;
    if (c->in_recovery) {
        if (!c->sack_ok) {
            c->cwnd += c->smss; /* each dupack: a segment left the net */
            tcp_output(c);
        } else {
            tcp_sack_lost_rexmit(c);
            tcp_sack_output(c);
        }
        return;
    }
    if (c->snd_nxt != c->snd_max || !SEQ_GT(c->snd_una, c->recover))
        return; /* still resending after an RTO (RFC 6582 4.1) */
    if (c->dupacks >= TCP_DUPTHRESH) {
        enter_recovery(c);
        return;
    }
    tcp_recovery_check(c);
    if (c->in_recovery)
        return;
    /* Limited Transmit (RFC 3042): a new segment for each of the first
       two duplicate ACKs, so that a small window still makes three */
    if (c->dupacks < TCP_DUPTHRESH)
        tcp_send_new(c);
}

/* With SACK, loss is known from the scoreboard (RFC 6675 IsLost) even
   when ACKs carry data and so are not duplicates: start recovery then. */
void tcp_recovery_check(struct tcp_conn *c)
{
    if (c->in_recovery || !c->sack_ok || !c->nsacked ||
        c->snd_nxt != c->snd_max || !SEQ_GT(c->snd_una, c->recover))
        return;
    if (tcp_sack_is_lost(c, c->snd_una))
        enter_recovery(c);
}

/*
 * An ACK of new data outside recovery: cwnd grows only while the sender
 * uses it (cwnd_limited). Meanwhile CUBIC's clock stops: its epoch moves
 * on by the time cwnd went unused (RFC 9438 5.8: t leaves that time out,
 * or W_cubic(t) would jump when the sender fills the window again).
 */
static void ack_grow(struct tcp_conn *c, uint32_t acked)
{
    tcpip_ns now = tcpip_now(c->st);

    if (!cwnd_limited(c)) {
        if (c->cubic_epoch && !c->cubic_paused)
            c->cubic_paused = now ? now : 1;
        return;
    }
    if (c->cubic_paused) {
        if (c->cubic_epoch)
            c->cubic_epoch += now - c->cubic_paused;
        c->cubic_paused = 0;
    }
    tcp_cc_ack(c, acked);
}

/*
 * New data (acked bytes) was acknowledged, snd_una already advanced: in
 * recovery a partial ACK resends the next hole (NewReno: deflate cwnd by
 * what was acked, add back one SMSS; SACK: per the pipe); a full ACK ends
 * recovery. Outside it, cwnd grows if the sender was using it.
 */
void tcp_recovery_ack(struct tcp_conn *c, uint32_t acked)
{
    if (!c->in_recovery) {
        c->dupacks = 0;
        ack_grow(c, acked);
        return;
    }
    if (SEQ_GE(c->snd_una, c->recover)) {
        uint32_t flight = tcp_flight(c);

        c->in_recovery = false;
        c->dupacks = 0;
        if (c->sack_ok)
            c->cwnd = c->ssthresh;
        else
            c->cwnd =
                c->ssthresh < flight + c->smss ? c->ssthresh : flight + c->smss;
        return;
    }
    if (c->sack_ok) {
        tcp_sack_lost_rexmit(c);
        tcp_sack_output(c);
        return;
    }
    tcp_retransmit_at(c, c->snd_una, c->smss);
    c->cwnd = c->cwnd > acked ? c->cwnd - acked : 0;
    if (acked >= c->smss)
        c->cwnd += c->smss;
    if (c->cwnd < c->smss)
        c->cwnd = c->smss;
}
