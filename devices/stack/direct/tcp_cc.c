/* SPDX-License-Identifier: ISC */
/* tcp_cc.c: congestion control: slow start and congestion avoidance
 * (RFC 5681) or CUBIC (RFC 9438); fast retransmit and recovery, NewReno
 * (RFC 6582) or with SACK (RFC 6675). */
#include "tcp_int.h"

#define CWND_MAX (1u << 30)

/* The initial window (RFC 6928): min(10 MSS, max(2 MSS, 14600)). */
void tcp_cc_init(struct tcp_conn *c)
{
    uint32_t iw = 2 * c->smss > 14600 ? 2 * c->smss : 14600;

    if (iw > 10 * c->smss)
        iw = 10 * c->smss;
    c->cwnd = iw;
    c->ssthresh = CWND_MAX;
    c->bytes_acked = 0;
    c->dupacks = 0;
    c->in_recovery = false;
    c->recover = c->iss;
    c->cubic_epoch = 0;
    c->cubic_wmax = 0;
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

/* New data was acknowledged outside recovery: grow cwnd. */
void tcp_cc_ack(struct tcp_conn *c, uint32_t acked)
{
    if (c->cwnd < c->ssthresh) {
        c->cwnd += acked < c->smss ? acked : c->smss;
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
}

/* The retransmission timer expired: one segment of cwnd (RFC 5681 (4) and
   the loss window); recovery ends. */
void tcp_cc_rto(struct tcp_conn *c)
{
    if (c->backoff <= 1 || !c->in_recovery)
        tcp_cc_loss(c);
    c->cwnd = c->smss;
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
 * New data (acked bytes) was acknowledged, snd_una already advanced: in
 * recovery a partial ACK resends the next hole (NewReno: deflate cwnd by
 * what was acked, add back one SMSS; SACK: per the pipe); a full ACK ends
 * recovery. Outside it, cwnd grows.
 */
void tcp_recovery_ack(struct tcp_conn *c, uint32_t acked)
{
    if (!c->in_recovery) {
        c->dupacks = 0;
        tcp_cc_ack(c, acked);
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
