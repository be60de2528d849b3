/* SPDX-License-Identifier: ISC */
/* tcp_input.c: segment arrival (RFC 9293 3.10.7) with RFC 5961's checks,
 * RFC 7323's PAWS, ACK processing and the receive path. */
#include <errno.h>

#include "tcp_int.h"

#define PAWS_IDLE (TCPIP_S(24 * 24 * 3600)) /* RFC 7323 5.5: 24 days */

/* May a segment come from (a)? Not from nowhere, a broadcast or a group. */
static bool bad_addr(uint32_t a)
{
    return a == 0 || a == 0xffffffffu || (a & 0xf0000000u) == 0xe0000000u;
}

/* RFC 6191: may this SYN reopen the TIME_WAIT connection (c)? With
   timestamps when its TSval is newer, else when its sequence number is
   beyond what the old incarnation used. */
static bool time_wait_reopen(struct tcp_conn *c, const struct tcp_seg *sg)
{
    if (c->ts_ok && sg->has_ts)
        return SEQ_GT(sg->tsval, c->ts_recent);
    return SEQ_GT(sg->seq, c->rcv_nxt);
}

/*
 * A TCP segment for us, its IPv4 header checked: verifies the checksum
 * and the header, then hands it to its connection, to a listener, or
 * answers with an RST (RFC 9293 3.10.7.1).
 */
void tcp_input(struct tcpip *st, uint32_t src, uint32_t dst,
               const uint8_t *data, size_t len)
{
    struct tcp_seg sg;
    struct tcp_conn *c;
    struct tcp_listener *l;
    uint32_t sum;

    if (!st->tcp)
        return;
    st->stats.tcp.rx_segments++;
    if (len < TCP_HLEN || len > 65535) {
        st->stats.tcp.rx_bad++;
        return;
    }
    sum = tcpip_csum_pseudo(src, dst, TCPIP_PROTO_TCP, (uint16_t)len);
    sum = tcpip_csum_add(sum, data, len);
    if (tcpip_csum_finish(sum) != 0) {
        st->stats.tcp.rx_bad_checksum++;
        return;
    }
    if (tcp_parse(&sg, data, len) < 0 || !sg.sport || !sg.dport ||
        bad_addr(src) || bad_addr(dst)) {
        st->stats.tcp.rx_bad++;
        return;
    }
    sg.src = src;
    sg.dst = dst;
    c = tcp_lookup(st, dst, sg.dport, src, sg.sport);
    l = tcp_find_listener(st, dst, sg.dport);
    if (c && c->state == TCP_TIME_WAIT && l &&
        (sg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN &&
        time_wait_reopen(c, &sg)) {
        /* the new connection numbers its bytes beyond the old one's, so
           that the old one's duplicates fall outside its window (RFC
           1122 4.2.2.13) */
        uint32_t old_max = c->snd_max;

        tcp_conn_closed(c, 0);
        tcp_listen_input(l, &sg, &old_max);
        return;
    }
    if (c) {
        tcp_input_conn(c, &sg);
        return;
    }
    if (l) {
        tcp_listen_input(l, &sg, NULL);
        return;
    }
    st->stats.tcp.rx_no_connection++;
    tcp_reply_rst(st, &sg);
}

/* Takes the peer's SYN options (RFC 7323, 2018, 9293 3.7.1). */
void tcp_negotiate(struct tcp_conn *c, const struct tcp_seg *sg)
{
    if (sg->has_mss && sg->mss)
        c->mss_clamp = sg->mss < TCP_MIN_MSS ? TCP_MIN_MSS : sg->mss;
    else
        c->mss_clamp = TCP_DEFAULT_MSS;
    c->ws_ok = sg->has_ws;
    c->snd_wscale = sg->has_ws ? sg->ws : 0;
    if (!c->ws_ok)
        c->rcv_wscale = 0;
    c->sack_ok = sg->has_sackok;
    c->ts_ok = sg->has_ts;
    if (c->ts_ok) {
        c->ts_recent = sg->tsval;
        c->ts_recent_time = tcpip_now(c->st);
    }
    tcp_update_mss(c);
}

/* What every connection does on becoming ESTABLISHED. */
static void set_established(struct tcp_conn *c, const struct tcp_seg *sg,
                            uint32_t wnd)
{
    tcpip_ns now = tcpip_now(c->st);

    tcp_set_state(c, TCP_ESTABLISHED);
    c->snd_wnd = wnd;
    c->max_snd_wnd = wnd;
    c->snd_wl1 = sg->seq;
    c->snd_wl2 = sg->ack;
    c->snd_nxt = c->snd_max = c->snd_sml = c->snd_una;
    if (c->nrexmt == 0 && c->rtt_start)
        tcp_rtt_sample(c, now - c->rtt_start);
    c->timing = false;
    c->nrexmt = 0;
    c->backoff = 0;
    c->t_rexmt = TCPIP_NEVER;
    tcp_timer_update(c);
    tcp_update_mss(c);
    tcp_cc_init(c);
    c->last_rcv = now;
    tcp_keep_reset(c);
}

/* The RST of an acceptable segment (RFC 9293 3.10.7.4 second, RFC 5961
   3.2: its sequence number is exactly rcv_nxt). */
static void reset_received(struct tcp_conn *c)
{
    struct tcpip *st = c->st;

    st->stats.tcp.rx_resets++;
    switch (c->state) {
    case TCP_SYN_RECEIVED:
        st->stats.tcp.failed_opens++;
        tcp_conn_closed(c, -ECONNREFUSED);
        break;
    case TCP_ESTABLISHED:
    case TCP_FIN_WAIT_1:
    case TCP_FIN_WAIT_2:
    case TCP_CLOSE_WAIT:
        tcp_conn_closed(c, -ECONNRESET);
        break;
    default:
        tcp_conn_closed(c, 0);
        break;
    }
}

/* An ACK for an unacceptable segment, rate-limited as challenge ACKs are
   (RFC 5961 10 warns of ACK wars) but not counted as one. */
static void unacceptable_ack(struct tcp_conn *c)
{
    tcpip_ns now = tcpip_now(c->st);

    if (now - c->chack_start >= TCPIP_S(1) || c->chack_start == 0) {
        c->chack_start = now ? now : 1;
        c->chack_count = 0;
    }
    if (c->chack_count >= TCP_CHACK_LIMIT)
        return;
    c->chack_count++;
    tcp_send_ack(c);
}

/* The window we announced, from rcv_nxt. */
static uint32_t rcv_wnd(const struct tcp_conn *c)
{
    return SEQ_GT(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
}

/* RFC 9293 3.10.7.4's four cases of acceptability. */
static bool seq_acceptable(const struct tcp_conn *c, const struct tcp_seg *sg,
                           uint32_t seglen, uint32_t wnd)
{
    uint32_t s = sg->seq, nxt = c->rcv_nxt;

    if (seglen == 0) {
        if (wnd == 0)
            return s == nxt;
        return SEQ_LE(nxt, s) && SEQ_LT(s, nxt + wnd);
    }
    if (wnd == 0)
        return false;
    return (SEQ_LE(nxt, s) && SEQ_LT(s, nxt + wnd)) ||
           (SEQ_LE(nxt, s + seglen - 1) && SEQ_LT(s + seglen - 1, nxt + wnd));
}

/* Our FIN has been sent (it follows the buffered data)? */
static bool fin_sent(const struct tcp_conn *c)
{
    return c->fin_queued &&
           SEQ_GT(c->snd_max, c->snd_una + (uint32_t)c->sndbuf.len);
}

/* The peer's FIN is next in sequence: take it. Returns true if (c) was
   freed. */
static bool fin_arrived(struct tcp_conn *c)
{
    c->ooo_fin = false;
    c->fin_rcvd = true;
    c->rcv_nxt++;
    c->ack_now = true;
    tcp_wake(c);
    switch (c->state) {
    case TCP_ESTABLISHED:
        tcp_set_state(c, TCP_CLOSE_WAIT);
        break;
    case TCP_FIN_WAIT_1:
        tcp_set_state(c, TCP_CLOSING);
        break;
    case TCP_FIN_WAIT_2:
        tcp_send_ack(c);
        return tcp_enter_time_wait(c);
    default:
        break;
    }
    return false;
}

/*
 * The payload of an acceptable segment in a state that receives: stored
 * and reassembled; ACKed at once when out of order or when it fills a
 * hole, else after every second full-sized segment or the delayed-ACK
 * timer (RFC 1122 4.2.3.2, RFC 5681 4.2).
 */
static void rcv_text(struct tcp_conn *c, const struct tcp_seg *sg)
{
    unsigned holes = c->nooo;
    size_t n;

    if (sg->len > c->rcv_mss)
        c->rcv_mss = sg->len < c->adv_mss ? (uint32_t)sg->len : c->adv_mss;
    n = tcp_rcv_data(c, sg->seq, sg->data, sg->len);
    if (!n) {
        c->ack_now = true; /* out of order, duplicate or no room */
        return;
    }
    tcp_wake(c);
    if (c->nooo || holes)
        c->ack_now = true;
    else if (c->rcv_nxt - c->last_ack_sent >= 2 * c->rcv_mss)
        c->ack_now = true;
    else
        c->ack_pending = true;
}

/*
 * Data and FIN of an acceptable segment (ESTABLISHED and the states
 * after it). Returns true if (c) was freed.
 */
static bool text_and_fin(struct tcp_conn *c, const struct tcp_seg *sg,
                         bool nodata)
{
    bool fin = sg->flags & TCP_FIN;

    if (sg->len && !nodata) {
        switch (c->state) {
        case TCP_ESTABLISHED:
        case TCP_FIN_WAIT_1:
        case TCP_FIN_WAIT_2:
            if (c->closed_by_owner &&
                SEQ_GT(sg->seq + (uint32_t)sg->len, c->rcv_nxt)) {
                /* nobody will read it: reset (RFC 9293 3.10.4) */
                tcp_send_rst_for(c);
                tcp_conn_closed(c, -ECONNRESET);
                return true;
            }
            rcv_text(c, sg);
            break;
        default:
            c->ack_now = true; /* after a FIN: ignored */
            break;
        }
    } else if (sg->len) {
        c->ack_now = true; /* a probe of our zero window */
    }
    if (fin && !nodata && !c->fin_rcvd) {
        uint32_t fseq = sg->seq + (uint32_t)sg->len;

        if (SEQ_GT(fseq, c->rcv_nxt) &&
            SEQ_LT(fseq - c->rcv_nxt, rcv_wnd(c) + 1)) {
            c->ooo_fin = true;
            c->ooo_fin_seq = fseq;
            c->ack_now = true;
        } else if (fseq == c->rcv_nxt) {
            return fin_arrived(c);
        }
    }
    if (c->ooo_fin && c->ooo_fin_seq == c->rcv_nxt && !c->fin_rcvd)
        return fin_arrived(c);
    return false;
}

/* A segment in SYN_SENT (RFC 9293 3.10.7.3). */
static void syn_sent(struct tcp_conn *c, struct tcp_seg *sg)
{
    struct tcpip *st = c->st;
    bool ack_ok = false;

    if (sg->flags & TCP_ACK) {
        if (SEQ_LE(sg->ack, c->iss) || SEQ_GT(sg->ack, c->snd_max)) {
            tcp_reply_rst(st, sg);
            return;
        }
        ack_ok = true;
    }
    if (sg->flags & TCP_RST) {
        if (ack_ok) {
            st->stats.tcp.rx_resets++;
            st->stats.tcp.failed_opens++;
            tcp_conn_closed(c, -ECONNREFUSED);
        }
        return;
    }
    if (!(sg->flags & TCP_SYN))
        return;
    c->irs = sg->seq;
    c->rcv_nxt = sg->seq + 1;
    tcp_negotiate(c, sg);
    if (!ack_ok) {
        /* simultaneous open: SYN_RECEIVED, send SYN-ACK */
        tcp_set_state(c, TCP_SYN_RECEIVED);
        tcp_send_syn(c);
        return;
    }
    c->snd_una = sg->ack;
    set_established(c, sg, sg->wnd); /* a SYN's window is never scaled */
    c->rcv_adv =
        c->rcv_nxt + (tcp_rcv_window(c) > 65535 ? 65535 : tcp_rcv_window(c));
    c->ack_now = true;
    tcp_wake(c);
    sg->seq++;
    sg->flags &= (uint8_t)~TCP_SYN;
    if (text_and_fin(c, sg, false))
        return;
    tcp_output(c);
}

/*
 * The ACK that completes a passive or simultaneous open in SYN_RECEIVED.
 * Returns false when the segment must go no further: the accept queue is
 * full (the ACK is dropped: the SYN-ACK will be sent again), or memory
 * ran out (reset), or (c) was freed.
 */
static bool syn_received_ack(struct tcp_conn *c, const struct tcp_seg *sg)
{
    if (c->passive && c->listener && c->listener->nacc >= c->listener->backlog)
        return false;
    if (tcp_conn_buffers(c) < 0) {
        tcp_send_rst_for(c);
        tcp_conn_closed(c, -ENOMEM);
        return false;
    }
    c->snd_una = sg->ack;
    set_established(c, sg, (uint32_t)sg->wnd << c->snd_wscale);
    if (c->passive)
        tcp_accept_ready(c);
    else
        tcp_wake(c);
    return true;
}

/* Is the ACK field acceptable (RFC 9293 3.10.7.4 fifth, RFC 5961 5.2)?
   If not, answers as the RFCs say and returns false: the segment is
   dropped. */
static bool ack_acceptable(struct tcp_conn *c, const struct tcp_seg *sg)
{
    if (SEQ_GT(sg->ack, c->snd_max)) {
        unacceptable_ack(c); /* acks what we never sent */
        return false;
    }
    if (SEQ_LT(sg->ack, c->snd_una - c->max_snd_wnd)) {
        tcp_challenge_ack(c); /* blind injection, RFC 5961 5.2 */
        return false;
    }
    return true;
}

/* Processes an acceptable ACK field (RFC 9293 3.10.7.4 fifth): what it
   acknowledges, duplicate ACKs, the send window. */
static void process_ack(struct tcp_conn *c, const struct tcp_seg *sg,
                        bool *fin_acked)
{
    uint32_t nw = (uint32_t)sg->wnd << c->snd_wscale;
    bool same_wnd = nw == c->snd_wnd, acked_any = SEQ_GT(sg->ack, c->snd_una);

    *fin_acked = false;
    if (SEQ_GT(sg->ack, c->snd_una)) {
        uint32_t acked = sg->ack - c->snd_una;
        uint32_t dlen = (uint32_t)c->sndbuf.len;
        tcpip_ns now = tcpip_now(c->st);

        if (fin_sent(c) && sg->ack == c->snd_max && acked > dlen)
            *fin_acked = true;
        if (c->ts_ok && sg->has_ts && sg->tsecr) {
            uint32_t ms = tcp_ts_now(c) - sg->tsecr;

            if (ms < 60000)
                tcp_rtt_sample(c, TCPIP_MS(ms ? ms : 1));
            if (c->timing && SEQ_GT(sg->ack, c->rtt_seq))
                c->timing = false;
        } else if (c->timing && SEQ_GT(sg->ack, c->rtt_seq)) {
            tcp_rtt_sample(c, now - c->rtt_start);
            c->timing = false;
        }
        tcp_ring_consume(&c->sndbuf, acked < dlen ? acked : dlen);
        tcp_ring_trim(&c->sndbuf);
        c->snd_una = sg->ack;
        if (SEQ_LT(c->snd_nxt, c->snd_una))
            c->snd_nxt = c->snd_una;
        if (SEQ_LT(c->high_rxt, c->snd_una))
            c->high_rxt = c->snd_una;
        if (SEQ_LT(c->snd_sml, c->snd_una))
            c->snd_sml = c->snd_una;
        /* keep the recovery point near: 2 GiB on, a stale one would
           compare backwards and forbid fast retransmit */
        if (!c->in_recovery && SEQ_GT(c->snd_una, c->recover))
            c->recover = c->snd_una - 1;
        c->nrexmt = 0;
        tcp_sack_clean(c);
        if (c->sack_ok && sg->nsack)
            tcp_sack_update(c, sg);
        tcp_recovery_ack(c, acked);
        if (c->snd_una == c->snd_max) {
            c->t_rexmt = TCPIP_NEVER;
            tcp_timer_update(c);
        } else {
            tcp_arm_rexmt(c);
        }
        tcp_recovery_check(c);
        tcp_wake(c);
    } else if (sg->ack == c->snd_una && c->snd_max != c->snd_una &&
               !(sg->flags & TCP_FIN)) {
        /* a duplicate ACK: RFC 5681's (no data, same window) or RFC
           6675's (SACKs what was not SACKed, data or not) */
        uint32_t fresh = c->sack_ok && sg->nsack ? tcp_sack_update(c, sg) : 0;

        if (fresh || (sg->len == 0 && same_wnd && nw))
            tcp_recovery_dupack(c);
    }
    /* a peer that answers probes keeps an owned connection (RFC 1122
       4.2.2.17); an orphan only while it takes data, so that a zero
       window cannot hold its buffers for ever */
    if (!c->closed_by_owner || acked_any)
        c->persist_probes = 0;
    /* the window of a segment ahead of RCV.NXT waits until the hole
       before it fills (RFC 9293 3.10.7.4: such segments are held for
       later): a zero-length one there, in the window but beyond all the
       peer sent, would otherwise set SND.WL1 ahead of every ACK that
       follows, and a closed window would never reopen */
    if (SEQ_LE(sg->seq, c->rcv_nxt) &&
        (SEQ_LT(c->snd_wl1, sg->seq) ||
         (c->snd_wl1 == sg->seq && SEQ_LE(c->snd_wl2, sg->ack)))) {
        c->snd_wnd = nw;
        c->snd_wl1 = sg->seq;
        c->snd_wl2 = sg->ack;
        if (nw > c->max_snd_wnd)
            c->max_snd_wnd = nw;
        if (nw && c->t_persist != TCPIP_NEVER) {
            /* the window opened: a probe byte it did not take goes again,
               with what follows it */
            c->t_persist = TCPIP_NEVER;
            c->persist_backoff = 0;
            c->snd_nxt = c->snd_una;
            if (c->snd_max != c->snd_una && c->t_rexmt == TCPIP_NEVER)
                tcp_arm_rexmt(c);
            else
                tcp_timer_update(c);
        }
    }
}

/*
 * A segment for connection (c) in any state after SYN_SENT (RFC 9293
 * 3.10.7.4): PAWS, sequence check, RST, SYN, ACK, data, FIN, in that order,
 * then whatever there is to send.
 */
void tcp_input_conn(struct tcp_conn *c, struct tcp_seg *sg)
{
    struct tcpip *st = c->st;
    tcpip_ns now = tcpip_now(st);
    uint32_t seglen, wnd;
    bool nodata = false, fin_acked, ts_update;

    if (c->state == TCP_SYN_SENT) {
        syn_sent(c, sg);
        return;
    }
    seglen =
        (uint32_t)sg->len + !!(sg->flags & TCP_SYN) + !!(sg->flags & TCP_FIN);
    if (c->ts_ok && !(sg->flags & TCP_RST)) {
        if (!sg->has_ts)
            return; /* RFC 7323 3.2 */
        if (SEQ_LT(sg->tsval, c->ts_recent) &&
            now - c->ts_recent_time < PAWS_IDLE) {
            unacceptable_ack(c); /* PAWS: an old duplicate */
            return;
        }
    }
    if (c->state == TCP_SYN_RECEIVED &&
        (sg->flags & (TCP_SYN | TCP_ACK)) == TCP_SYN && sg->seq == c->irs) {
        tcp_send_syn(c); /* the peer did not get our SYN-ACK */
        return;
    }
    wnd = rcv_wnd(c);
    if (!seq_acceptable(c, sg, seglen, wnd)) {
        if (wnd == 0 && sg->seq == c->rcv_nxt && seglen) {
            nodata = true; /* RFC 9293: still take ACK and RST */
        } else {
            if (sg->flags & TCP_RST)
                return;
            if (c->state == TCP_TIME_WAIT && (sg->flags & TCP_FIN)) {
                c->t_2msl = now + 2 * TCP_MSL; /* the FIN again */
                tcp_timer_update(c);
            }
            unacceptable_ack(c);
            return;
        }
    }
    if (sg->flags & TCP_RST) {
        if (sg->seq == c->rcv_nxt)
            reset_received(c);
        else
            tcp_challenge_ack(c);
        return;
    }
    if (sg->flags & TCP_SYN) {
        tcp_challenge_ack(c); /* RFC 5961 4 */
        return;
    }
    if (!(sg->flags & TCP_ACK))
        return;
    /* TS.Recent from this segment (RFC 7323 4.3), taken only once its
       ACK is accepted: a forged segment in the window with a bad ACK and
       a TSval far ahead would otherwise make PAWS drop all the real
       peer sends (RFC 5961 5.2 drops it whole) */
    ts_update = c->ts_ok && SEQ_GE(sg->tsval, c->ts_recent) &&
                SEQ_LE(sg->seq, c->last_ack_sent);
    if (c->state == TCP_SYN_RECEIVED) {
        if (!SEQ_GT(sg->ack, c->snd_una) || SEQ_GT(sg->ack, c->snd_max)) {
            tcp_reply_rst(st, sg);
            return;
        }
        if (!syn_received_ack(c, sg))
            return;
    }
    if (!ack_acceptable(c, sg))
        return;
    if (ts_update) {
        c->ts_recent = sg->tsval;
        c->ts_recent_time = now;
    }
    process_ack(c, sg, &fin_acked);
    c->last_rcv = now;
    c->keep_probes = 0;
    switch (c->state) {
    case TCP_FIN_WAIT_1:
        if (fin_acked) {
            tcp_set_state(c, TCP_FIN_WAIT_2);
            if (c->closed_by_owner) {
                c->t_2msl = now + TCP_FIN_WAIT2_LIMIT;
                tcp_timer_update(c);
            }
            tcp_wake(c);
        }
        break;
    case TCP_CLOSING:
        if (fin_acked) {
            tcp_enter_time_wait(c);
            return;
        }
        break;
    case TCP_LAST_ACK:
        if (fin_acked) {
            tcp_conn_closed(c, 0);
            return;
        }
        break;
    case TCP_TIME_WAIT:
        if (sg->flags & TCP_FIN) {
            c->t_2msl = now + 2 * TCP_MSL;
            tcp_timer_update(c);
            c->ack_now = true;
        }
        break;
    default:
        break;
    }
    if (c->state != TCP_TIME_WAIT && text_and_fin(c, sg, nodata))
        return;
    tcp_output(c);
}
