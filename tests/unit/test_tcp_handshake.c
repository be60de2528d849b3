/* SPDX-License-Identifier: ISC */
/* test_tcp_handshake.c: opening connections: options, simultaneous open,
 * SYN retries, refusals, listeners, limits, SYN cookies, ISNs, ports. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"

static struct th h;

static struct th_spec syn_from(uint16_t sport, uint16_t dport, uint32_t seq,
                               bool opts)
{
    struct th_spec s;

    th_spec_init(&s);
    s.src = TH_PEER;
    s.dst = TH_ADDR;
    s.sport = sport;
    s.dport = dport;
    s.seq = seq;
    s.flags = TH_SYN;
    if (opts) {
        s.mss = 1460;
        s.ws = 7;
        s.sackok = true;
        s.ts = true;
        s.tsval = 777;
    }
    return s;
}

static void passive_options(void)
{
    struct tcp_listener *l;
    struct tcp_conn *c = NULL;
    struct th_spec s;
    struct th_seg g;
    struct th_peer p;

    th_init(&h, TH_ADDR, NULL, 1);
    TAP_OK(tcp_listen(&h.st, 0, 80, 0, &l) == 0, "listen on port 80");
    TAP_OK(h.st.stats.tcp.state[TCP_LISTEN] == 1, "one LISTEN counted");
    s = syn_from(40000, 80, 1000, true);
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g), "a SYN gets an answer");
    TAP_OK(g.flags == (TH_SYN | TH_ACK) && g.ack == 1001,
           "SYN-ACK acknowledges the SYN (flags %#x ack %u)", g.flags, g.ack);
    TAP_OK(g.csum_ok && g.sport == 80 && g.dport == 40000,
           "ports and checksum right");
    TAP_OK(g.mss == 1460, "MSS = MTU 1500 - 40 (%d)", g.mss);
    TAP_OK(g.ws == 1, "window scale 1 for a 64 KiB buffer (%d)", g.ws);
    TAP_OK(g.sackok, "SACK permitted, as offered");
    TAP_OK(g.ts && g.tsecr == 777, "timestamps, echoing TSval (%u)", g.tsecr);
    TAP_OK(g.win == 65535, "SYN-ACK window unscaled, 65535 (%u)", g.win);
    TAP_OK(h.st.stats.tcp.state[TCP_SYN_RECEIVED] == 1 &&
               h.st.stats.tcp.passive_opens == 1,
           "SYN_RECEIVED counted, a passive open");
    TAP_OK(tcp_accept(l, &c) == -EAGAIN, "nothing to accept yet");
    th_peer_init(&p, 40000, 80, 1001);
    p.ack = g.seq + 1;
    p.ts = true;
    p.tsval = 778;
    p.tsecr = g.tsval;
    p.win = 1024; /* << 7 = 128 KiB */
    h.wakes = 0;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(h.wakes >= 1, "the listener is woken");
    TAP_OK(tcp_accept(l, &c) == 0 && c, "the connection is accepted");
    TAP_OK(tcp_conn_status(c) == 0, "established");
    TAP_OK(h.st.stats.tcp.state[TCP_ESTABLISHED] == 1 &&
               h.st.stats.tcp.state[TCP_SYN_RECEIVED] == 0,
           "counted ESTABLISHED");
    {
        uint32_t la, ra;
        uint16_t lp, rp;

        tcp_endpoints(c, &la, &lp, &ra, &rp);
        TAP_OK(la == TH_ADDR && lp == 80 && ra == TH_PEER && rp == 40000,
               "endpoints");
    }
    /* data: full segments of 1460 - 12 (timestamps) bytes */
    {
        static uint8_t buf[4000];

        TAP_OK(tcp_send(c, buf, sizeof buf) == (int)sizeof buf,
               "4000 bytes taken");
        TAP_OK(th_pop(&h, &g) && g.len == 1448 && g.ts && g.tsecr == 778,
               "first segment 1448 bytes with timestamps (%zu)", g.len);
        TAP_OK(g.win == 32768, "window 65536 >> 1 = 32768 (%u)", g.win);
        TAP_OK(g.nsack == 0, "no SACK blocks when in order");
        TAP_OK(th_pop(&h, &g) && g.len == 1448, "second 1448");
        TAP_OK(th_pop(&h, &g) && g.len == 4000 - 2 * 1448 && (g.flags & TH_PSH),
               "third carries the rest with PSH (%zu)", g.len);
        TAP_OK(!th_pop(&h, &g), "nothing more");
    }
    TAP_OK(h.bad_csums == 0, "every segment's checksum is right");
    tcp_abort(c);
    tcp_listener_close(l);
    TAP_OK(tcp_connection_count(&h.st) == 0 && th_state_sum(&h) == 0,
           "table empty, state counters at 0");
    th_fini(&h);
}

static void passive_no_options(void)
{
    struct tcp_listener *l;
    struct tcp_conn *c;
    struct th_peer p;
    struct th_seg g;
    static uint8_t buf[1200];

    th_init(&h, TH_ADDR, NULL, 2);
    tcp_listen(&h.st, TH_ADDR, 81, 4, &l);
    th_peer_init(&p, 40001, 81, 5000);
    c = th_open_passive(&h, l, &p, false);
    TAP_OK(c != NULL, "opened without options");
    if (!c)
        return;
    TAP_OK(tcp_send(c, buf, sizeof buf) == (int)sizeof buf, "1200 taken");
    TAP_OK(th_pop(&h, &g) && g.len == 536 && !g.ts && g.optlen == 0,
           "536-byte segments (no MSS option), no options (%zu)", g.len);
    TAP_OK(g.win == 65535, "unscaled window capped at 65535 (%u)", g.win);
    th_drain(&h);
    tcp_abort(c);
    tcp_listener_close(l);
    th_fini(&h);
}

static void active_open(void)
{
    struct tcp_conn *c;
    struct th_seg g;
    struct th_spec s;
    struct th_peer p;

    th_init(&h, TH_ADDR, NULL, 3);
    TAP_OK(tcp_connect(&h.st, TH_PEER, 80, &c) == 0, "connect");
    TAP_OK(tcp_conn_status(c) == -EINPROGRESS, "in progress");
    TAP_OK(tcp_recv(c, &g, 1) == -ENOTCONN, "recv while connecting");
    TAP_OK(th_pop(&h, &g) && g.flags == TH_SYN, "a SYN");
    TAP_OK(g.sport >= 49152 && g.dport == 80, "from an ephemeral port (%u)",
           g.sport);
    TAP_OK(g.mss == 1460 && g.ws == 1 && g.sackok && g.ts && g.tsecr == 0,
           "offers MSS 1460, WS 1, SACK, timestamps");
    TAP_OK(g.win == 65535, "window 65535");
    TAP_OK(h.st.stats.tcp.state[TCP_SYN_SENT] == 1 &&
               h.st.stats.tcp.active_opens == 1,
           "SYN_SENT counted, an active open");
    th_peer_init(&p, 80, g.sport, 9000);
    p.ack = g.seq + 1;
    /* an RST without ACK, and an RST with a wrong ACK: ignored */
    th_peer_send(&h, &p, TH_RST, NULL, 0);
    p.ack += 5;
    th_peer_send(&h, &p, TH_RST | TH_ACK, NULL, 0);
    TAP_OK(!th_pop(&h, &g) && tcp_conn_status(c) == -EINPROGRESS,
           "bad RSTs in SYN_SENT ignored");
    /* a SYN-ACK acknowledging something else: RST <SEQ=SEG.ACK> */
    th_spec_init(&s);
    s.src = TH_PEER;
    s.dst = TH_ADDR;
    s.sport = 80;
    s.dport = p.lport;
    s.seq = 9000;
    s.ack = p.ack;
    s.flags = TH_SYN | TH_ACK;
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_RST && g.seq == p.ack,
           "an unacceptable SYN-ACK gets RST seq=its ack");
    p.ack -= 5;
    s.ack = p.ack;
    s.mss = 1000;
    th_inject(&h, &s);
    p.seq = 9001;
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == 9001 &&
               g.seq == p.ack,
           "SYN-ACK answered by the ACK");
    TAP_OK(g.optlen == 0 && g.win == 65535,
           "no options the peer did not send; window unscaled");
    TAP_OK(tcp_conn_status(c) == 0 && h.wakes > 0, "established, woken");
    {
        static uint8_t buf[3000];

        TAP_OK(tcp_send(c, buf, sizeof buf) == 3000, "send 3000");
        TAP_OK(th_pop(&h, &g) && g.len == 1000,
               "segments of the peer's MSS 1000 (%zu)", g.len);
        th_drain(&h);
    }
    tcp_abort(c);
    TAP_OK(th_pop(&h, &g) && (g.flags & TH_RST), "abort sends RST");
    TAP_OK(tcp_connection_count(&h.st) == 0 && th_state_sum(&h) == 0,
           "table empty");
    th_fini(&h);
}

static void refused_and_timeout(void)
{
    struct tcp_conn *c;
    struct th_seg g;
    struct th_peer p;
    tcpip_ns t0, at[8];
    unsigned n = 0;

    th_init(&h, TH_ADDR, NULL, 4);
    tcp_connect(&h.st, TH_PEER, 22, &c);
    th_pop(&h, &g);
    th_peer_init(&p, 22, g.sport, 0);
    p.ack = g.seq + 1;
    th_peer_send(&h, &p, TH_RST | TH_ACK, NULL, 0);
    TAP_OK(tcp_conn_status(c) == -ECONNREFUSED, "RST,ACK: refused");
    TAP_OK(h.st.stats.tcp.failed_opens == 1, "a failed open counted");
    TAP_OK(tcp_recv(c, &g, 1) == -ECONNREFUSED && tcp_send(c, "x", 1) == -EPIPE,
           "recv and send report it");
    TAP_OK(h.st.stats.tcp.state[TCP_CLOSED] == 1,
           "CLOSED while the owner holds it");
    tcp_close(c);
    TAP_OK(tcp_connection_count(&h.st) == 0 && th_state_sum(&h) == 0,
           "freed by close");

    /* no answer: SYN at 0, 1, 3, 7, 15, 31, 63 s; -ETIMEDOUT at 127 s */
    t0 = th_now(&h);
    tcp_connect(&h.st, TH_PEER, 22, &c);
    while (th_now(&h) < t0 + TCPIP_S(200) &&
           tcp_conn_status(c) == -EINPROGRESS) {
        while (th_pop(&h, &g))
            if (n < 8)
                at[n++] = g.when - t0;
        th_advance(&h, TCPIP_MS(100));
    }
    while (th_pop(&h, &g))
        if (n < 8)
            at[n++] = g.when - t0;
    TAP_OK(n == 7, "7 SYNs: the first and 6 retries (%u)", n);
    TAP_OK(n == 7 && at[0] == 0 && at[1] == TCPIP_S(1) && at[2] == TCPIP_S(3) &&
               at[3] == TCPIP_S(7) && at[4] == TCPIP_S(15) &&
               at[5] == TCPIP_S(31) && at[6] == TCPIP_S(63),
           "at 0, 1, 3, 7, 15, 31, 63 s (RTO 1 s doubling)");
    TAP_OK(tcp_conn_status(c) == -ETIMEDOUT, "then -ETIMEDOUT");
    TAP_OK(h.st.stats.tcp.rto_expiries == 6, "6 RTO expiries (%llu)",
           (unsigned long long)h.st.stats.tcp.rto_expiries);
    tcp_close(c);
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed");
    th_fini(&h);
}

static void closed_port(void)
{
    struct th_spec s;
    struct th_seg g;

    th_init(&h, TH_ADDR, NULL, 5);
    s = syn_from(1234, 9999, 555, false);
    s.len = 3;
    s.data = "abc";
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == (TH_RST | TH_ACK) && g.seq == 0 &&
               g.ack == 555 + 1 + 3,
           "SYN to a closed port: RST,ACK seq 0 ack SEG.SEQ+SEG.LEN");
    s.flags = TH_ACK;
    s.ack = 4242;
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_RST && g.seq == 4242,
           "ACK to a closed port: RST seq=SEG.ACK");
    s.flags = TH_RST;
    th_inject(&h, &s);
    TAP_OK(!th_pop(&h, &g), "RST to a closed port: nothing");
    TAP_OK(h.st.stats.tcp.rx_no_connection == 3, "3 counted (%llu)",
           (unsigned long long)h.st.stats.tcp.rx_no_connection);
    s.flags = TH_SYN;
    s.bad_csum = true;
    th_inject(&h, &s);
    TAP_OK(!th_pop(&h, &g) && h.st.stats.tcp.rx_bad_checksum == 1,
           "bad checksum: dropped, counted");
    {
        uint8_t raw[24] = {0};

        raw[12] = 0x70; /* data offset 28 > 24 */
        th_inject_raw(&h, TH_PEER, TH_ADDR, raw, 10);
        th_inject_raw(&h, TH_PEER, TH_ADDR, raw, sizeof raw);
        TAP_OK(!th_pop(&h, &g) && h.st.stats.tcp.rx_bad_checksum == 2 &&
                   h.st.stats.tcp.rx_bad == 1,
               "short or bad checksum: dropped, counted");
    }
    s.bad_csum = false;
    s.raw_doff = 60; /* past the segment's 23 bytes */
    s.len = 0;
    th_inject(&h, &s);
    TAP_OK(!th_pop(&h, &g) && h.st.stats.tcp.rx_bad == 2,
           "data offset past the end: rx_bad");
    s.raw_doff = 0;
    s.sport = 0;
    th_inject(&h, &s);
    TAP_OK(!th_pop(&h, &g) && h.st.stats.tcp.rx_bad == 3, "port 0: rx_bad");
    th_fini(&h);
}

static void listeners(void)
{
    struct tcp_listener *a, *b, *c;
    struct th_spec s;
    struct th_seg g;

    th_init(&h, TH_ADDR, NULL, 6);
    TAP_OK(tcp_listen(&h.st, 0, 80, 0, &a) == 0, "listen any:80");
    TAP_OK(tcp_listen(&h.st, TH_ADDR, 80, 0, &b) == -EADDRINUSE,
           "again on our address: -EADDRINUSE");
    TAP_OK(tcp_listen(&h.st, 0x0a000063, 81, 0, &b) == -EADDRNOTAVAIL,
           "on an address not ours: -EADDRNOTAVAIL");
    TAP_OK(tcp_listen(&h.st, 0, 0, 0, &c) == 0 && tcp_listener_port(c) >= 49152,
           "port 0: an ephemeral port (%u)", tcp_listener_port(c));
    s = syn_from(1, 80, 1, false);
    s.flags = TH_ACK;
    s.ack = 77;
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_RST && g.seq == 77,
           "an ACK to a listener: RST");
    s.flags = TH_FIN;
    th_inject(&h, &s);
    TAP_OK(!th_pop(&h, &g), "a FIN alone to a listener: nothing");
    /* a half-open connection goes when the listener closes */
    s = syn_from(2, 80, 100, false);
    th_inject(&h, &s);
    th_drain(&h);
    TAP_OK(tcp_connection_count(&h.st) == 1, "one half-open");
    tcp_listener_close(a);
    TAP_OK(th_pop(&h, &g) && (g.flags & TH_RST), "reset on listener close");
    TAP_OK(tcp_connection_count(&h.st) == 0 &&
               h.st.stats.tcp.state[TCP_LISTEN] == 1,
           "half-open gone, one listener left");
    tcp_listener_close(c);
    TAP_OK(th_state_sum(&h) == 0, "no state counted");
    th_fini(&h);
}

static void synack_retries(void)
{
    struct tcp_listener *l;
    struct th_spec s;
    struct th_seg g;
    tcpip_ns t0 = 0;
    unsigned n = 0;
    bool times = true;
    static const unsigned want[] = {0, 1, 3, 7, 15, 31};

    th_init(&h, TH_ADDR, NULL, 7);
    tcp_listen(&h.st, 0, 80, 0, &l);
    s = syn_from(3000, 80, 42, false);
    th_inject(&h, &s);
    th_inject(&h, &s); /* duplicate SYN: the SYN-ACK again */
    TAP_OK(th_pop(&h, &g) && th_pop(&h, &g) && g.flags == (TH_SYN | TH_ACK),
           "a repeated SYN gets the SYN-ACK again");
    t0 = g.when;
    th_drain(&h);
    th_advance(&h, TCPIP_S(100));
    while (th_pop(&h, &g)) {
        n++;
        if (n < 6 && g.when - t0 != TCPIP_S(want[n]))
            times = false;
    }
    TAP_OK(n == 5 && times, "5 SYN-ACK retries at 1, 3, 7, 15, 31 s (%u)", n);
    TAP_OK(tcp_connection_count(&h.st) == 0 &&
               h.st.stats.tcp.state[TCP_SYN_RECEIVED] == 0,
           "then the half-open connection is gone");
    tcp_listener_close(l);
    th_fini(&h);
}

static void simultaneous_open(void)
{
    struct tcp_conn *c;
    struct th_seg g, syn;
    struct th_peer p;
    struct th_spec s;

    th_init(&h, TH_ADDR, NULL, 8);
    tcp_connect(&h.st, TH_PEER, 7000, &c);
    th_pop(&h, &syn);
    th_peer_init(&p, 7000, syn.sport, 30000);
    s = syn_from(7000, syn.sport, 30000, true);
    s.tsval = 5;
    th_inject(&h, &s);
    p.seq = 30001;
    TAP_OK(th_pop(&h, &g) && g.flags == (TH_SYN | TH_ACK) && g.seq == syn.seq &&
               g.ack == 30001,
           "crossing SYN: SYN-ACK with our ISN");
    TAP_OK(g.ws == 1 && g.sackok && g.ts && g.tsecr == 5 && g.mss == 1460,
           "with the options both offered");
    TAP_OK(h.st.stats.tcp.state[TCP_SYN_RECEIVED] == 1 &&
               tcp_conn_status(c) == -EINPROGRESS,
           "SYN_RECEIVED, still connecting");
    /* the peer's SYN-ACK: its SYN is old news: an ACK */
    s.flags = TH_SYN | TH_ACK;
    s.ack = syn.seq + 1;
    s.tsval = 6;
    s.tsecr = g.tsval;
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == 30001,
           "its SYN-ACK gets an ACK");
    p.ack = syn.seq + 1;
    p.ts = true;
    p.tsval = 7;
    p.tsecr = g.tsval;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(tcp_conn_status(c) == 0 &&
               h.st.stats.tcp.state[TCP_ESTABLISHED] == 1,
           "its ACK: ESTABLISHED");
    th_drain(&h);
    tcp_abort(c);
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed");
    th_fini(&h);
}

static void limits_and_backlog(void)
{
    struct tcpip_limits lim;
    struct tcp_listener *l;
    struct tcp_conn *a, *b, *x;
    struct th_peer p1, p2, p3;
    struct th_spec s;
    struct th_seg g;

    memset(&lim, 0, sizeof lim);
    lim.tcp_connections = 2;
    lim.tcp_time_wait = 4;
    lim.tcp_syn_queue = 8;
    lim.tcp_send_buffer = 4096;
    lim.tcp_receive_buffer = 4096;
    th_init(&h, TH_ADDR, &lim, 9);
    tcp_listen(&h.st, 0, 80, 8, &l);
    th_peer_init(&p1, 1001, 80, 100);
    th_peer_init(&p2, 1002, 80, 200);
    a = th_open_passive(&h, l, &p1, false);
    b = th_open_passive(&h, l, &p2, false);
    TAP_OK(a && b, "two connections");
    s = syn_from(1003, 80, 300, false);
    th_inject(&h, &s);
    TAP_OK(!th_pop(&h, &g) && h.st.stats.tcp.connection_limit_drops == 1,
           "a third SYN past lim.tcp_connections: dropped, counted");
    TAP_OK(tcp_connect(&h.st, TH_PEER, 5, &x) == -EMFILE,
           "tcp_connect: -EMFILE");
    tcp_abort(a);
    tcp_abort(b);
    tcp_listener_close(l);
    th_drain(&h);

    /* backlog 1: a second established connection waits in SYN_RECEIVED */
    tcp_listen(&h.st, 0, 80, 1, &l);
    th_peer_init(&p1, 2001, 80, 100);
    s = syn_from(2001, 80, 100, false);
    th_inject(&h, &s);
    th_pop(&h, &g);
    p1.seq = 101;
    p1.ack = g.seq + 1;
    th_peer_send(&h, &p1, TH_ACK, NULL, 0);
    th_peer_init(&p3, 2002, 80, 500);
    s = syn_from(2002, 80, 500, false);
    th_inject(&h, &s);
    TAP_OK(!th_pop(&h, &g) && h.st.stats.tcp.syn_queue_drops == 1,
           "accept queue full: a new SYN dropped, counted");
    TAP_OK(tcp_accept(l, &a) == 0, "the first is accepted");
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == (TH_SYN | TH_ACK),
           "room again: SYN-ACK");
    tcp_abort(a);
    tcp_listener_close(l);
    TAP_OK(tcp_connection_count(&h.st) == 0 && th_state_sum(&h) == 0,
           "all gone");
    th_fini(&h);
}

static void syn_cookies(void)
{
    struct tcpip_limits lim;
    struct tcp_listener *l;
    struct tcp_conn *c = NULL;
    struct th_spec s;
    struct th_seg g;
    struct th_peer p;
    unsigned i;
    char buf[16];

    tcpip_limits_default(&lim);
    lim.tcp_syn_queue = 2;
    th_init(&h, TH_ADDR, &lim, 10);
    tcp_listen(&h.st, 0, 80, 0, &l);
    for (i = 0; i < 2; i++) {
        s = syn_from((uint16_t)(3000 + i), 80, 1000 * i, false);
        th_inject(&h, &s);
    }
    th_drain(&h);
    TAP_OK(h.st.stats.tcp.state[TCP_SYN_RECEIVED] == 2, "queue of 2 full");
    s = syn_from(4000, 80, 123456, true);
    s.mss = 1400;
    s.ws = 9;
    s.tsval = 1000;
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == (TH_SYN | TH_ACK) && g.ack == 123457,
           "a third SYN: SYN-ACK all the same");
    TAP_OK(h.st.stats.tcp.syn_cookies_sent == 1 &&
               tcp_connection_count(&h.st) == 2,
           "a cookie, no state kept");
    TAP_OK(g.mss == 1460 && g.ws == 1 && g.sackok && g.ts && g.tsecr == 1000,
           "options kept: MSS, WS, SACK, TS");
    th_peer_init(&p, 4000, 80, 123457);
    p.ack = g.seq + 1;
    p.ts = true;
    p.tsval = 1001;
    p.tsecr = g.tsval;
    p.win = 100; /* scaled by 9: 51200 */
    /* a wrong cookie first */
    p.ack += 1000;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_RST && tcp_accept(l, &c) == -EAGAIN,
           "a wrong cookie: RST, no connection");
    p.ack -= 1000;
    th_peer_send(&h, &p, TH_ACK | TH_PSH, "hello", 5);
    TAP_OK(h.st.stats.tcp.syn_cookies_ok == 1 && tcp_accept(l, &c) == 0,
           "the right cookie: a connection");
    TAP_OK(c && tcp_recv(c, buf, sizeof buf) == 5 && !memcmp(buf, "hello", 5),
           "with the data of the ACK");
    if (c) {
        static uint8_t big[60000];

        th_drain(&h);
        tcp_send(c, big, sizeof big);
        TAP_OK(th_pop(&h, &g) && g.len == 1400 - 12 && g.ts,
               "MSS from the cookie (1400 less timestamps: %zu)", g.len);
        th_drain(&h);
        tcp_abort(c);
        th_drain(&h);
        /* a late segment of that connection, its two directions having
           carried as many bytes: not a cookie, nothing revives */
        p.seq = 123457 + 3000;
        p.ack += 3000;
        th_peer_send(&h, &p, TH_ACK, "ghost", 5);
        TAP_OK(th_pop(&h, &g) && g.flags == TH_RST &&
                   h.st.stats.tcp.syn_cookies_ok == 1 &&
                   tcp_accept(l, &c) == -EAGAIN,
               "a later segment (ACK - SEQ as in the handshake) is no "
               "cookie: RST");
    }
    tcp_listener_close(l);
    TAP_OK(tcp_connection_count(&h.st) == 0, "all gone");
    th_fini(&h);
}

static void isn_and_ports(void)
{
    struct tcpip_limits lim;
    struct tcp_conn *c;
    struct th_seg g;
    uint32_t isn1, isn2;
    uint16_t port1;
    static bool used[65536];
    unsigned i, dup = 0, bad = 0;
    int rc = 0;

    th_init(&h, TH_ADDR, NULL, 11);
    tcp_connect(&h.st, TH_PEER, 80, &c);
    th_pop(&h, &g);
    isn1 = g.seq;
    port1 = g.sport;
    tcp_abort(c);
    th_drain(&h);
    tcp_connect(&h.st, TH_PEER, 81, &c);
    th_pop(&h, &g);
    TAP_OK(g.seq - isn1 > 1000000 && isn1 - g.seq > 1000000,
           "another 4-tuple: an unrelated ISN");
    {
        uint32_t ts1 = g.tsval;

        tcp_abort(c);
        th_drain(&h);
        th_advance(&h, TCPIP_MS(10));
        tcp_connect(&h.st, TH_PEER, 82, &c);
        th_pop(&h, &g);
        TAP_OK(g.tsval - ts1 == 10,
               "timestamps count on across connections to a host (PAWS "
               "works between incarnations): +10 ms (%u)",
               g.tsval - ts1);
    }
    tcp_abort(c);
    th_drain(&h);
    th_fini(&h);

    /* the same 4-tuple later climbs with the 4 us clock (RFC 6528) */
    th_init(&h, TH_ADDR, NULL, 11);
    tcp_connect(&h.st, TH_PEER, 80, &c);
    th_pop(&h, &g);
    isn1 = g.seq;
    TAP_OK(g.sport == port1, "same seed, same port");
    tcp_abort(c);
    th_drain(&h);
    th_advance(&h, TCPIP_MS(4));
    /* RFC 6056's counter moves the port on: reuse the tuple by hand */
    isn2 = 0;
    for (i = 0; i < 16384 && !isn2; i++) {
        tcp_connect(&h.st, TH_PEER, 80, &c);
        th_pop(&h, &g);
        if (g.sport == port1)
            isn2 = g.seq;
        tcp_abort(c);
        th_drain(&h);
    }
    TAP_OK(isn2 - isn1 == 1000 + (isn2 - isn1 - 1000) && isn2 - isn1 >= 1000 &&
               isn2 - isn1 < 1000 + 10000,
           "ISN of the same 4-tuple 4 ms later: +1000 ticks (%u)", isn2 - isn1);
    th_fini(&h);

    /* 16,384 connections to one peer port: all distinct ports */
    memset(&lim, 0, sizeof lim);
    lim.tcp_connections = 20000;
    lim.tcp_time_wait = 10;
    lim.tcp_syn_queue = 10;
    lim.tcp_send_buffer = 16;
    lim.tcp_receive_buffer = 16;
    th_init(&h, TH_ADDR, &lim, 12);
    h.drop_output = true;
    for (i = 0; i < 16384; i++) {
        uint16_t lp;

        rc = tcp_connect(&h.st, TH_PEER, 443, &c);
        if (rc)
            break;
        tcp_endpoints(c, NULL, &lp, NULL, NULL);
        if (lp < 49152)
            bad++;
        if (used[lp])
            dup++;
        used[lp] = true;
    }
    TAP_OK(rc == 0 && dup == 0 && bad == 0,
           "16384 connections: 16384 ports of 49152..65535 (rc %d)", rc);
    TAP_OK(tcp_connect(&h.st, TH_PEER, 443, &c) == -EADDRNOTAVAIL,
           "the next: -EADDRNOTAVAIL");
    TAP_OK(tcp_connect(&h.st, TH_PEER, 444, &c) == 0,
           "another peer port: ports are shared");
    th_fini(&h);

    /* 70,000 connections opened and closed: never stuck */
    memset(&lim, 0, sizeof lim);
    lim.tcp_connections = 16;
    lim.tcp_time_wait = 16;
    lim.tcp_syn_queue = 16;
    lim.tcp_send_buffer = 16;
    lim.tcp_receive_buffer = 16;
    th_init(&h, TH_ADDR, &lim, 13);
    h.drop_output = true;
    for (i = 0; i < 70000; i++) {
        rc = tcp_connect(&h.st, TH_PEER, 443, &c);
        if (rc)
            break;
        tcp_close(c);
    }
    TAP_OK(rc == 0 && tcp_connection_count(&h.st) == 0,
           "70,000 connections opened and closed in sequence (rc %d)", rc);
    th_fini(&h);
}

int main(void)
{
    tap_alarm(120);
    passive_options();
    passive_no_options();
    active_open();
    refused_and_timeout();
    closed_port();
    listeners();
    synack_retries();
    simultaneous_open();
    limits_and_backlog();
    syn_cookies();
    isn_and_ports();
    return tap_done();
}
