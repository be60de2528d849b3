/* SPDX-License-Identifier: ISC */
/* tcp_output.c: building and sending segments; what to send and when
 * (windows, Nagle, silly-window avoidance, delayed ACKs, persist). */
#include <errno.h>
#include <string.h>

#include "tcp_int.h"

/* Our timestamp clock (RFC 7323): milliseconds plus a random offset per
   connection. */
uint32_t tcp_ts_now(struct tcp_conn *c)
{
    return (uint32_t)(tcpip_now(c->st) / TCPIP_MS(1)) + c->ts_offset;
}

/* Bytes in flight (RFC 5681's FlightSize), SYN and FIN included. */
uint32_t tcp_flight(const struct tcp_conn *c)
{
    return c->snd_max - c->snd_una;
}

/* Payload bytes of a full-sized segment (timestamps deducted). */
uint32_t tcp_eff_mss(struct tcp_conn *c)
{
    return c->smss;
}

/*
 * Recomputes the payload of a full-sized segment: the smaller of the
 * peer's MSS and the path MTU less 40, less the timestamps option when
 * used (RFC 6691), never below TCP_MIN_MSS.
 */
void tcp_update_mss(struct tcp_conn *c)
{
    uint32_t pmtu = ipv4_path_mtu(c->st, c->raddr);
    uint32_t m;

    if (c->pmtu_cap && c->pmtu_cap < pmtu)
        pmtu = c->pmtu_cap;
    m = pmtu > TCP_MIN_MSS + 40 ? pmtu - 40 : TCP_MIN_MSS;

    if (m > 9000 - 40)
        m = 9000 - 40;
    if (m > c->mss_clamp)
        m = c->mss_clamp;
    if (c->ts_ok)
        m = m > TCP_MIN_MSS + 12 ? m - 12 : TCP_MIN_MSS;
    if (m < TCP_MIN_MSS)
        m = TCP_MIN_MSS;
    c->smss = m;
}

/* Receiver's silly-window threshold: min(half the buffer, one MSS). */
static uint32_t sws_threshold(struct tcp_conn *c)
{
    uint32_t half = (uint32_t)(c->st->lim.tcp_receive_buffer / 2);
    uint32_t mss = c->rcv_mss ? c->rcv_mss : c->adv_mss;

    if (!mss)
        mss = TCP_DEFAULT_MSS;
    return half < mss ? half : mss;
}

/* The room we may announce: the buffer's free room, capped by what the
   16-bit field and our scale can say. */
static uint32_t room_now(struct tcp_conn *c)
{
    uint32_t room = c->rcvbuf.buf ? tcp_rcv_window(c)
                                  : (uint32_t)c->st->lim.tcp_receive_buffer;
    uint32_t maxwin = (uint32_t)65535 << c->rcv_wscale;

    return room > maxwin ? maxwin : room;
}

/* The right edge we announced, as a window from rcv_nxt. */
static uint32_t announced(const struct tcp_conn *c)
{
    return SEQ_GT(c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
}

/*
 * Would a window update help the peer now (RFC 9293 3.8.6.2.2)? Only when
 * the window would grow by at least min(half the buffer, one MSS) and what
 * the peer knows is at most half of it (so a reader that drains a full
 * buffer reopens the window, and small reads send nothing).
 */
bool tcp_window_update_due(struct tcp_conn *c)
{
    uint32_t room = room_now(c), cur = announced(c);

    return room >= cur + sws_threshold(c) && cur <= room / 2;
}

/*
 * The window field of an outgoing segment: unscaled on a SYN; else the
 * free room, but never a right edge left of the one announced, and never
 * an increase smaller than the silly-window threshold (RFC 9293 3.8.6.2.2).
 */
static uint16_t announce(struct tcp_conn *c, bool syn)
{
    unsigned s = syn ? 0 : c->rcv_wscale;
    uint32_t room = room_now(c), cur = announced(c), win, raw;

    if (syn) {
        win = room > 65535 ? 65535 : room;
        c->rcv_adv = c->rcv_nxt + win;
        return (uint16_t)win;
    }
    win = room >= cur + sws_threshold(c) ? room : cur;
    raw = win >> s;
    if ((raw << s) < cur)
        raw = (cur + ((uint32_t)1 << s) - 1) >> s;
    if (raw > 65535)
        raw = 65535;
    if (SEQ_GT(c->rcv_nxt + (raw << s), c->rcv_adv))
        c->rcv_adv = c->rcv_nxt + (raw << s);
    return (uint16_t)raw;
}

/* Writes the header and checksum of a segment whose options and payload
   are in place at (p), and hands it to IPv4. */
static int emit(struct tcpip *st, uint8_t *buf, uint32_t src, uint32_t dst,
                uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
                uint8_t flags, uint16_t wnd, size_t optlen, size_t len)
{
    uint8_t *p = buf + TCPIP_HEADROOM;
    size_t tcplen = TCP_HLEN + optlen + len;
    uint32_t sum;
    int rc;

    tcpip_put16(p, sport);
    tcpip_put16(p + 2, dport);
    tcpip_put32(p + 4, seq);
    tcpip_put32(p + 8, ack);
    p[12] = (uint8_t)(((TCP_HLEN + optlen) / 4) << 4);
    p[13] = flags;
    tcpip_put16(p + 14, wnd);
    tcpip_put16(p + 16, 0);
    tcpip_put16(p + 18, 0);
    sum = tcpip_csum_pseudo(src, dst, TCPIP_PROTO_TCP, (uint16_t)tcplen);
    sum = tcpip_csum_add(sum, p, tcplen);
    tcpip_put16(p + 16, tcpip_csum_finish(sum));
    rc = ipv4_send(st, src, dst, TCPIP_PROTO_TCP, buf, tcplen, TCPIP_IPV4_DF);
    if (rc == 0)
        st->stats.tcp.tx_segments++;
    if (flags & TCP_RST)
        st->stats.tcp.tx_resets++;
    return rc;
}

/*
 * Sends one segment of (c): (len) bytes of the send buffer from (seq)
 * (none for SYNs), (flags), our options, the window and, with ACK set,
 * rcv_nxt (which ends a pending delayed ACK). Returns ipv4_send's result;
 * -EMSGSIZE lowers the MSS to the path's new MTU first.
 */
int tcp_send_segment(struct tcp_conn *c, uint32_t seq, size_t len,
                     uint8_t flags)
{
    struct tcpip *st = c->st;
    struct tcp_table *t = st->tcp;
    uint8_t *p = t->scratch + TCPIP_HEADROOM;
    struct tcp_optout o;
    bool syn = flags & TCP_SYN, offer = syn && c->state == TCP_SYN_SENT;
    size_t optlen, max, off;
    uint16_t wnd;
    int rc;

    memset(&o, 0, sizeof o);
    if (syn) {
        o.syn = true;
        o.mss = c->adv_mss;
        o.ws = offer || c->ws_ok;
        o.wscale = c->rcv_wscale;
        o.sackok = offer || c->sack_ok;
    }
    if (offer || c->ts_ok) {
        o.ts = true;
        o.tsval = tcp_ts_now(c);
        o.tsecr = (flags & TCP_ACK) ? c->ts_recent : 0;
    }
    if (!syn && c->sack_ok && c->nooo && (flags & TCP_ACK))
        o.nsack = tcp_sack_blocks(c, o.sack, 4);
    optlen = tcp_build_options(p + TCP_HLEN, &o);
    max = t->scratch_len - TCPIP_HEADROOM - TCP_HLEN - optlen;
    if (len > max)
        len = max;
    off = (uint32_t)(seq - c->snd_una);
    if (off >= c->sndbuf.len)
        len = 0;
    else if (len > c->sndbuf.len - off)
        len = c->sndbuf.len - off;
    if (len)
        tcp_ring_copy_out(&c->sndbuf, off, p + TCP_HLEN + optlen, len);
    wnd = announce(c, syn);
    rc = emit(st, t->scratch, c->laddr, c->raddr, c->lport, c->rport, seq,
              (flags & TCP_ACK) ? c->rcv_nxt : 0, flags, wnd, optlen, len);
    if (len || (flags & TCP_FIN))
        c->last_data_sent = tcpip_now(st);
    if (rc == -EMSGSIZE)
        tcp_update_mss(c);
    if (flags & TCP_ACK) {
        c->ack_pending = false;
        c->ack_now = false;
        c->t_delack = TCPIP_NEVER; /* the heap entry goes stale, harmless */
        c->last_ack_sent = c->rcv_nxt;
    }
    return rc;
}

/* Sends a pure ACK now, numbered snd_max: after an RTO snd_nxt went back,
   and an ACK numbered below what the peer has would be unacceptable. */
void tcp_send_ack(struct tcp_conn *c)
{
    tcp_send_segment(c, c->snd_max, 0, TCP_ACK);
}

/* Sends our SYN (SYN_SENT) or SYN-ACK (SYN_RECEIVED). */
void tcp_send_syn(struct tcp_conn *c)
{
    tcp_send_segment(c, c->iss, 0,
                     c->state == TCP_SYN_SENT ? TCP_SYN : TCP_SYN | TCP_ACK);
}

/* Sends an RST for (c) (abort, close with unread data). */
void tcp_send_rst_for(struct tcp_conn *c)
{
    tcp_send_segment(c, c->snd_max, 0, TCP_RST | TCP_ACK);
}

/* An ACK that RFC 5961 asks for, at most TCP_CHACK_LIMIT a second per
   connection so that it cannot be used to probe or to flood. */
void tcp_challenge_ack(struct tcp_conn *c)
{
    tcpip_ns now = tcpip_now(c->st);

    if (now - c->chack_start >= TCPIP_S(1) || c->chack_start == 0) {
        c->chack_start = now ? now : 1;
        c->chack_count = 0;
    }
    if (c->chack_count >= TCP_CHACK_LIMIT)
        return;
    c->chack_count++;
    c->st->stats.tcp.challenge_acks++;
    tcp_send_ack(c);
}

/*
 * The RST that answers a segment which reached no connection (RFC 9293
 * 3.10.7.1): none for an RST; <SEQ=SEG.ACK><CTL=RST> for one with ACK;
 * else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
 */
void tcp_reply_rst(struct tcpip *st, const struct tcp_seg *sg)
{
    struct tcp_table *t = st->tcp;

    if (sg->flags & TCP_RST)
        return;
    if (sg->flags & TCP_ACK)
        emit(st, t->scratch, sg->dst, sg->src, sg->dport, sg->sport, sg->ack, 0,
             TCP_RST, 0, 0, 0);
    else
        emit(st, t->scratch, sg->dst, sg->src, sg->dport, sg->sport, 0,
             sg->seq + (uint32_t)sg->len + !!(sg->flags & TCP_SYN) +
                 !!(sg->flags & TCP_FIN),
             TCP_RST | TCP_ACK, 0, 0, 0);
}

/* Does our FIN follow the buffered data (closing states)? */
static bool fin_pending(const struct tcp_conn *c)
{
    return c->fin_queued &&
           (c->state == TCP_FIN_WAIT_1 || c->state == TCP_CLOSING ||
            c->state == TCP_LAST_ACK);
}

/* Payload room of a data segment now: SACK blocks take some. */
static uint32_t data_room(struct tcp_conn *c)
{
    uint32_t m = c->smss;

    if (c->sack_ok && c->nooo) {
        unsigned n =
            c->nooo < (c->ts_ok ? 3u : 4u) ? c->nooo : (c->ts_ok ? 3u : 4u);
        uint32_t extra = 4 + 8 * n;

        m = m > extra + 16 ? m - extra : 16;
    }
    return m;
}

/*
 * Retransmits one segment at (seq) (below snd_max): up to a full segment
 * of data, cut at (limit) bytes, with the FIN if it was sent and follows.
 * Returns the sequence space it covers (0: nothing to send).
 */
uint32_t tcp_retransmit_at(struct tcp_conn *c, uint32_t seq, uint32_t limit)
{
    uint32_t datalen = (uint32_t)c->sndbuf.len, off = seq - c->snd_una;
    uint32_t len = off < datalen ? datalen - off : 0, mss = data_room(c);
    uint8_t flags = TCP_ACK;
    bool fin;

    if (len > mss)
        len = mss;
    if (len > limit)
        len = limit;
    fin = fin_pending(c) && SEQ_GT(c->snd_max, c->snd_una + datalen) &&
          seq + len == c->snd_una + datalen;
    if (!len && !fin)
        return 0;
    if (fin)
        flags |= TCP_FIN;
    tcp_send_segment(c, seq, len, flags);
    c->st->stats.tcp.retransmits++;
    return len + (fin ? 1 : 0);
}

/* Arms the persist timer when data waits, nothing is in flight and the
   window does not let it go (RFC 9293 3.8.6.1). */
static void maybe_persist(struct tcp_conn *c)
{
    uint32_t off = c->snd_nxt - c->snd_una;

    if (c->sndbuf.len > off && c->snd_max == c->snd_una &&
        c->t_rexmt == TCPIP_NEVER && c->t_persist == TCPIP_NEVER) {
        tcpip_ns d = c->rto < TCP_RTO_MIN ? TCP_RTO_MIN : c->rto;

        c->persist_backoff = 0;
        c->t_persist = tcpip_now(c->st) + d;
        tcp_timer_update(c);
    }
}

/*
 * Sends what (c) may send now: new data within the smaller of the peer's
 * window and cwnd (Nagle's rule unless no-delay, the sender's silly-window
 * rule), what the RTO put back (skipping what the peer SACKed), the FIN,
 * and an ACK when one is due now; arms the delayed-ACK, retransmission
 * and persist timers as needed. Before new data after an idle time, cwnd
 * goes back to the restart window (tcp_cc_idle); after sending, the
 * flight is noted for cwnd's validation (tcp_cc_sent).
 */
void tcp_output(struct tcp_conn *c)
{
    tcpip_ns now = tcpip_now(c->st);
    unsigned guard = 0;

    switch (c->state) {
    case TCP_ESTABLISHED:
    case TCP_CLOSE_WAIT:
    case TCP_FIN_WAIT_1:
    case TCP_FIN_WAIT_2:
    case TCP_CLOSING:
    case TCP_LAST_ACK:
        break;
    case TCP_TIME_WAIT:
        if (c->ack_now)
            tcp_send_ack(c);
        return;
    default:
        return;
    }
    if (c->snd_una == c->snd_max && c->sndbuf.len)
        tcp_cc_idle(c);
    if (c->in_recovery && c->sack_ok)
        tcp_sack_output(c);
    else
        for (; guard < 100000; guard++) {
            uint32_t una = c->snd_una, datalen = (uint32_t)c->sndbuf.len;
            uint32_t off = c->snd_nxt - una, mss = data_room(c);
            uint32_t avail = off < datalen ? datalen - off : 0;
            uint32_t wnd = c->snd_wnd < c->cwnd ? c->snd_wnd : c->cwnd;
            uint32_t left =
                SEQ_GT(una + wnd, c->snd_nxt) ? una + wnd - c->snd_nxt : 0;
            bool retrans = SEQ_LT(c->snd_nxt, c->snd_max), fin = false;
            uint8_t flags = TCP_ACK;
            uint32_t len, end;
            int rc;

            if (retrans && c->nsacked) {
                if (tcp_sack_is_sacked(c, c->snd_nxt, &end)) {
                    c->snd_nxt = SEQ_LT(end, c->snd_max) ? end : c->snd_max;
                    continue;
                }
                if (tcp_sack_next_start(c, c->snd_nxt, &end) &&
                    end - c->snd_nxt < avail)
                    avail = end - c->snd_nxt;
            }
            len = avail < left ? avail : left;
            if (len > mss)
                len = mss;
            if (fin_pending(c) && c->snd_nxt + len == una + datalen &&
                (off <= datalen))
                fin = true;
            if (!len && !fin)
                break;
            if (len && !retrans && len < mss) {
                if (len < avail) {
                    /* the window cuts it: wait for half the largest
                       window the peer offered (sender SWS) */
                    if (len < c->max_snd_wnd / 2)
                        break;
                    fin = false;
                } else if (!c->nodelay && !fin && SEQ_GT(c->snd_sml, una)) {
                    /* Nagle, as Minshall refined it: a small segment
                       waits while another small one is unacknowledged */
                    break;
                }
            }
            if (len && len == avail)
                flags |= TCP_PSH;
            if (fin)
                flags |= TCP_FIN;
            rc = tcp_send_segment(c, c->snd_nxt, len, flags);
            if (rc == -EMSGSIZE && guard < 8)
                continue; /* the MSS went down: cut again */
            if (!retrans && len < mss)
                c->snd_sml = c->snd_nxt + len;
            if (!retrans && !c->timing) {
                c->timing = true;
                c->rtt_seq = c->snd_nxt;
                c->rtt_start = now;
            }
            if (retrans)
                c->st->stats.tcp.retransmits++;
            c->snd_nxt += len + (fin ? 1 : 0);
            if (SEQ_GT(c->snd_nxt, c->snd_max))
                c->snd_max = c->snd_nxt;
            if (c->t_rexmt == TCPIP_NEVER)
                tcp_arm_rexmt(c);
        }
    tcp_cc_sent(c);
    if (c->ack_now) {
        tcp_send_ack(c);
    } else if (c->ack_pending && c->t_delack == TCPIP_NEVER) {
        c->t_delack = now + TCP_DELACK;
        tcp_timer_update(c);
    }
    maybe_persist(c);
}

/*
 * Sends one segment of new data (and the FIN after the last byte) at
 * snd_max within the peer's window, for loss recovery, where the pipe
 * and not the flight decides. Returns the sequence space sent (0: none).
 */
uint32_t tcp_send_new(struct tcp_conn *c)
{
    uint32_t una = c->snd_una, datalen = (uint32_t)c->sndbuf.len;
    uint32_t off = c->snd_max - una, mss = data_room(c);
    uint32_t avail = off < datalen ? datalen - off : 0;
    uint32_t left = SEQ_GT(una + c->snd_wnd, c->snd_max)
                        ? una + c->snd_wnd - c->snd_max
                        : 0;
    uint32_t len = avail < left ? avail : left;
    uint8_t flags = TCP_ACK;
    bool fin;

    if (c->snd_nxt != c->snd_max)
        return 0;
    if (len > mss)
        len = mss;
    fin = fin_pending(c) && off <= datalen && c->snd_max + len == una + datalen;
    if (!len && !fin)
        return 0;
    if (len && len == avail)
        flags |= TCP_PSH;
    if (fin)
        flags |= TCP_FIN;
    tcp_send_segment(c, c->snd_max, len, flags);
    c->snd_max += len + (fin ? 1 : 0);
    c->snd_nxt = c->snd_max;
    if (c->t_rexmt == TCPIP_NEVER)
        tcp_arm_rexmt(c);
    return len + (fin ? 1 : 0);
}
