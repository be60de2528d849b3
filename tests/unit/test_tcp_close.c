/* SPDX-License-Identifier: ISC */
/* test_tcp_close.c: closing (every RFC 9293 transition, simultaneous
 * close, TIME_WAIT and its bound), resets and RFC 5961's checks, PAWS, and
 * the connection table empty after every kind of end. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"

static struct th h;
static struct tcp_listener *lst;

#define ST(s) (h.st.stats.tcp.state[s])

/* A fresh engine with a listener on 80 and one accepted connection. */
static struct tcp_conn *setup(struct th_peer *p, uint16_t port, bool opts,
                              const struct tcpip_limits *lim)
{
    th_init(&h, TH_ADDR, lim, port);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    th_peer_init(p, port, 80, 1000);
    return th_open_passive(&h, lst, p, opts);
}

static void teardown(void)
{
    tcp_listener_close(lst);
    TAP_OK(tcp_connection_count(&h.st) == 0 && th_state_sum(&h) == 0,
           "table empty at the end (%u)", tcp_connection_count(&h.st));
    th_fini(&h);
}

static void active_close(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 5001, false, NULL);
    struct th_seg g;
    char buf[16];
    tcpip_ns t;

    TAP_OK(tcp_shutdown(c, 0) == -EINVAL && tcp_shutdown(c, 4) == -EINVAL,
           "shutdown: bad how");
    TAP_OK(tcp_shutdown(c, 2) == 0, "shutdown(write)");
    TAP_OK(th_pop(&h, &g) && g.flags == (TH_FIN | TH_ACK) && g.seq == p.ack,
           "a FIN");
    TAP_OK(ST(TCP_FIN_WAIT_1) == 1, "FIN_WAIT_1");
    TAP_OK(tcp_send(c, "x", 1) == -EPIPE, "send after shutdown: -EPIPE");
    p.ack++;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(ST(TCP_FIN_WAIT_2) == 1 && !th_pop(&h, &g),
           "its ACK: FIN_WAIT_2, silently");
    th_peer_send(&h, &p, TH_ACK | TH_PSH, "bye", 3);
    TAP_OK(tcp_recv(c, buf, sizeof buf) == 3 && !memcmp(buf, "bye", 3),
           "data still received in FIN_WAIT_2");
    th_drain(&h);
    th_peer_send(&h, &p, TH_FIN | TH_ACK, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == p.seq,
           "its FIN is ACKed at once");
    TAP_OK(ST(TCP_TIME_WAIT) == 1 && ST(TCP_FIN_WAIT_2) == 0, "TIME_WAIT");
    TAP_OK(tcp_recv(c, buf, sizeof buf) == 0, "recv: end of stream");
    t = th_now(&h);
    th_advance(&h, TCPIP_S(30));
    /* the FIN again (our ACK was lost): ACK, and 2 MSL from now */
    p.seq--;
    th_peer_send(&h, &p, TH_FIN | TH_ACK, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == p.seq,
           "a repeated FIN in TIME_WAIT is ACKed");
    t = th_now(&h);
    th_advance_to(&h, t + TCPIP_S(60) - 1);
    TAP_OK(ST(TCP_TIME_WAIT) == 1, "still TIME_WAIT at 2 MSL - 1 ns");
    th_advance_to(&h, t + TCPIP_S(60));
    TAP_OK(ST(TCP_TIME_WAIT) == 0 && ST(TCP_CLOSED) == 1,
           "CLOSED at 2 MSL = 60 s (the owner still holds it)");
    TAP_OK(tcp_conn_status(c) == 0 && tcp_recv(c, buf, 1) == 0,
           "a normal end: status 0, recv 0");
    tcp_close(c);
    teardown();
}

static void passive_close(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 5002, false, NULL);
    struct th_seg g;
    char buf[8];

    th_peer_send(&h, &p, TH_FIN | TH_ACK, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == p.seq,
           "FIN ACKed at once");
    TAP_OK(ST(TCP_CLOSE_WAIT) == 1, "CLOSE_WAIT");
    TAP_OK(tcp_recv(c, buf, sizeof buf) == 0, "recv: end of stream");
    TAP_OK(tcp_send(c, "half", 4) == 4, "send still works (half-close)");
    TAP_OK(th_pop(&h, &g) && g.len == 4, "data sent");
    p.ack += 4;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    tcp_close(c);
    TAP_OK(th_pop(&h, &g) && g.flags == (TH_FIN | TH_ACK) && g.seq == p.ack,
           "close: FIN");
    TAP_OK(ST(TCP_LAST_ACK) == 1, "LAST_ACK");
    p.ack++;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(tcp_connection_count(&h.st) == 0, "its ACK: CLOSED and freed");
    teardown();
}

static void simultaneous_close(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 5003, false, NULL);
    struct th_seg g;

    tcp_shutdown(c, 2);
    th_pop(&h, &g);
    /* its FIN crosses ours: it does not acknowledge ours */
    th_peer_send(&h, &p, TH_FIN | TH_ACK, NULL, 0);
    TAP_OK(ST(TCP_CLOSING) == 1, "crossing FINs: CLOSING");
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == p.seq,
           "its FIN ACKed");
    p.ack++;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(ST(TCP_TIME_WAIT) == 1, "the ACK of ours: TIME_WAIT");
    tcp_close(c);
    th_advance(&h, TCPIP_S(60));
    TAP_OK(tcp_connection_count(&h.st) == 0, "gone after 2 MSL");
    teardown();

    /* FIN and the ACK of ours in one segment: straight to TIME_WAIT */
    c = setup(&p, 5004, false, NULL);
    tcp_shutdown(c, 2);
    th_pop(&h, &g);
    p.ack++;
    th_peer_send(&h, &p, TH_FIN | TH_ACK, NULL, 0);
    TAP_OK(ST(TCP_TIME_WAIT) == 1 && th_pop(&h, &g) && g.flags == TH_ACK,
           "FIN_WAIT_1 to TIME_WAIT on FIN+ACK");
    tcp_close(c);
    th_advance(&h, TCPIP_S(60));
    teardown();
}

static void orphans(void)
{
    struct th_peer p;
    struct tcp_conn *c;
    struct th_seg g;
    unsigned n = 0;

    /* FIN_WAIT_2 with nobody: gone after 60 s */
    c = setup(&p, 5005, false, NULL);
    tcp_close(c);
    th_pop(&h, &g);
    p.ack++;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(ST(TCP_FIN_WAIT_2) == 1, "orphaned FIN_WAIT_2");
    th_advance(&h, TCPIP_S(59));
    TAP_OK(tcp_connection_count(&h.st) == 1, "kept 59 s");
    th_advance(&h, TCPIP_S(1));
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed at 60 s");
    teardown();

    /* closed with unread data: RST at once */
    c = setup(&p, 5006, false, NULL);
    th_peer_send(&h, &p, TH_ACK, "unread", 6);
    th_drain(&h);
    tcp_close(c);
    TAP_OK(th_pop(&h, &g) && (g.flags & TH_RST) && g.seq == p.ack,
           "close with unread data: RST");
    TAP_OK(tcp_connection_count(&h.st) == 0 && h.st.stats.tcp.tx_resets == 1,
           "freed, counted");
    teardown();

    /* closed, then the peer vanished: the FIN is retried, then freed */
    c = setup(&p, 5007, false, NULL);
    tcp_send(c, "last words", 10);
    tcp_close(c);
    th_advance(&h, TCPIP_S(3600));
    while (th_pop(&h, &g))
        n++;
    TAP_OK(n == 17, "data, FIN, then 15 retries of both (%u)", n);
    TAP_OK(tcp_connection_count(&h.st) == 0 &&
               h.st.stats.tcp.rto_expiries == 15,
           "then freed (15 RTO expiries: %llu)",
           (unsigned long long)h.st.stats.tcp.rto_expiries);
    teardown();

    /* closed while the peer's window is shut: probes answered, but an
       orphan gets 15 of them, not an eternity */
    c = setup(&p, 5009, false, NULL);
    p.win = 0;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    tcp_send(c, "stuck", 5);
    tcp_close(c);
    for (n = 0; n < 100 && tcp_connection_count(&h.st); n++) {
        th_advance_to(&h, th_next_deadline(&h));
        th_drain(&h);
        th_peer_send(&h, &p, TH_ACK, NULL, 0); /* window still 0 */
    }
    TAP_OK(tcp_connection_count(&h.st) == 0 &&
               h.st.stats.tcp.zero_window_probes == 15,
           "an orphan behind a zero window: freed after 15 probes (%llu)",
           (unsigned long long)h.st.stats.tcp.zero_window_probes);
    teardown();

    /* data arriving after close: RST (nobody will read it) */
    c = setup(&p, 5008, false, NULL);
    tcp_close(c);
    th_pop(&h, &g);
    th_peer_send(&h, &p, TH_ACK, "late", 4);
    TAP_OK(th_pop(&h, &g) && (g.flags & TH_RST), "data after close: RST");
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed");
    teardown();
}

static void resets(void)
{
    struct th_peer p;
    struct tcp_conn *c;
    struct th_seg g;
    char buf[8];
    unsigned i, n = 0;
    uint32_t seq;

    c = setup(&p, 5010, false, NULL);
    /* out of window: ignored */
    seq = p.seq;
    p.seq = seq + 200000;
    th_peer_send(&h, &p, TH_RST, NULL, 0);
    TAP_OK(!th_pop(&h, &g) && tcp_conn_status(c) == 0,
           "RST out of window: ignored");
    /* in window, not exact: challenge ACK */
    p.seq = seq + 100;
    th_peer_send(&h, &p, TH_RST, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == seq &&
               g.seq == p.ack,
           "RST in window, not exact: challenge ACK <SEQ=SND.NXT><ACK="
           "RCV.NXT>");
    TAP_OK(tcp_conn_status(c) == 0 && h.st.stats.tcp.challenge_acks == 1,
           "connection alive, counted");
    for (i = 0; i < 20; i++) {
        p.seq = seq + 100;
        th_peer_send(&h, &p, TH_RST, NULL, 0);
    }
    while (th_pop(&h, &g))
        n++;
    TAP_OK(n == 9, "rate-limited: 10 challenge ACKs a second (%u more)", n);
    th_advance(&h, TCPIP_S(1));
    p.seq = seq + 100;
    th_peer_send(&h, &p, TH_RST, NULL, 0);
    TAP_OK(th_pop(&h, &g), "a second later, one more");
    /* SYN in ESTABLISHED: challenge ACK (RFC 5961 4) */
    th_advance(&h, TCPIP_S(1));
    p.seq = seq + 5;
    th_peer_send(&h, &p, TH_SYN, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == seq &&
               tcp_conn_status(c) == 0,
           "SYN in ESTABLISHED: challenge ACK, still established");
    /* exact: reset */
    p.seq = seq;
    th_peer_send(&h, &p, TH_RST, NULL, 0);
    TAP_OK(!th_pop(&h, &g) && tcp_conn_status(c) == -ECONNRESET,
           "RST at RCV.NXT: reset");
    TAP_OK(tcp_recv(c, buf, 1) == -ECONNRESET &&
               tcp_send(c, "x", 1) == -ECONNRESET,
           "recv and send: -ECONNRESET");
    TAP_OK(h.st.stats.tcp.rx_resets == 1 && ST(TCP_CLOSED) == 1,
           "counted; CLOSED until the owner lets go");
    tcp_close(c);
    teardown();

    /* an RST to a connection still in the accept queue */
    th_init(&h, TH_ADDR, NULL, 5011);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    {
        struct th_spec s;

        th_spec_init(&s);
        s.src = TH_PEER;
        s.dst = TH_ADDR;
        s.sport = 5011;
        s.dport = 80;
        s.seq = 1;
        s.flags = TH_SYN;
        th_inject(&h, &s);
        th_pop(&h, &g);
        th_peer_init(&p, 5011, 80, 2);
        p.ack = g.seq + 1;
        th_peer_send(&h, &p, TH_ACK, NULL, 0);
        th_peer_send(&h, &p, TH_RST, NULL, 0);
        TAP_OK(tcp_accept(lst, &c) == -EAGAIN &&
                   tcp_connection_count(&h.st) == 0,
               "reset before accept: gone from the queue");
    }
    teardown();
}

static void blind_injection(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 5020, false, NULL);
    struct th_seg g;
    char buf[8];
    uint32_t ack = p.ack;

    /* data whose ACK lies far below SND.UNA - MAX.SND.WND */
    p.ack = ack - 1000000;
    th_peer_send(&h, &p, TH_ACK, "evil", 4);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == p.seq - 4,
           "data with an old ACK: challenge ACK");
    TAP_OK(tcp_recv(c, buf, sizeof buf) == -EAGAIN, "data not accepted");
    p.seq -= 4;
    /* an ACK of data never sent */
    p.ack = ack + 5000;
    th_peer_send(&h, &p, TH_ACK, "evil", 4);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK &&
               tcp_recv(c, buf, sizeof buf) == -EAGAIN,
           "ACK of unsent data: ACK, data dropped");
    p.seq -= 4;
    /* data beyond the window */
    p.ack = ack;
    p.seq += 100000;
    th_peer_send(&h, &p, TH_ACK, "far", 3);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK &&
               tcp_recv(c, buf, sizeof buf) == -EAGAIN,
           "data out of the window: ACK, dropped");
    p.seq -= 100003;
    th_peer_send(&h, &p, TH_ACK, "good", 4);
    TAP_OK(tcp_recv(c, buf, sizeof buf) == 4, "in-window data accepted");
    th_drain(&h);
    tcp_abort(c);
    teardown();
}

static void paws(void)
{
    struct th_peer p;
    struct tcp_conn *c;
    struct th_seg g;
    struct th_spec s;
    char buf[8];

    th_init(&h, TH_ADDR, NULL, 5030);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    th_peer_init(&p, 5030, 80, 1000);
    p.tsval = 100;
    c = th_open_passive(&h, lst, &p, true);
    p.tsval = 200;
    th_peer_send(&h, &p, TH_ACK, "new", 3);
    TAP_OK(tcp_recv(c, buf, sizeof buf) == 3, "TSval 200: accepted");
    th_drain(&h);
    p.tsval = 150;
    th_peer_send(&h, &p, TH_ACK, "old", 3);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == p.seq - 3 &&
               tcp_recv(c, buf, sizeof buf) == -EAGAIN,
           "TSval 150 < TS.Recent 200: PAWS drops it, ACK");
    TAP_OK(g.ts && g.tsecr == 200, "echoing TS.Recent");
    p.seq -= 3;
    th_spec_init(&s);
    s.src = TH_PEER;
    s.dst = TH_ADDR;
    s.sport = 5030;
    s.dport = 80;
    s.seq = p.seq;
    s.ack = p.ack;
    s.flags = TH_ACK;
    s.data = "nots";
    s.len = 4;
    th_inject(&h, &s);
    TAP_OK(tcp_recv(c, buf, sizeof buf) == -EAGAIN,
           "no timestamp once negotiated: dropped (RFC 7323 3.2)");
    th_drain(&h);
    /* a forgery in the window with an ACK of data never sent and a TSval
       far ahead: dropped whole, TS.Recent untouched, so the real peer's
       next segment still passes PAWS */
    p.tsval = 0x70000000u;
    p.ack += 5000;
    th_peer_send(&h, &p, TH_ACK, "evil", 4);
    p.seq -= 4;
    p.ack -= 5000;
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.tsecr == 200 &&
               tcp_recv(c, buf, sizeof buf) == -EAGAIN,
           "a bad ACK with a TSval far ahead: ACK echoing TS.Recent 200");
    th_drain(&h);
    p.tsval = 300;
    th_peer_send(&h, &p, TH_ACK, "real", 4);
    TAP_OK(tcp_recv(c, buf, sizeof buf) == 4,
           "and the real peer's TSval 300 is still taken");
    th_drain(&h);
    tcp_abort(c);
    teardown();
}

static void time_wait_bound(void)
{
    struct tcpip_limits lim;
    struct th_peer p;
    struct tcp_conn *c;
    struct th_seg g;
    struct th_spec s;
    unsigned i;

    tcpip_limits_default(&lim);
    lim.tcp_time_wait = 3;
    th_init(&h, TH_ADDR, &lim, 5040);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    for (i = 0; i < 5; i++) {
        th_peer_init(&p, (uint16_t)(6000 + i), 80, 1000);
        c = th_open_passive(&h, lst, &p, false);
        tcp_close(c);
        th_pop(&h, &g);
        p.ack++;
        th_peer_send(&h, &p, TH_FIN | TH_ACK, NULL, 0);
        th_drain(&h);
        th_advance(&h, TCPIP_S(1));
    }
    TAP_OK(ST(TCP_TIME_WAIT) == 3, "3 TIME_WAIT entries at most (%llu)",
           (unsigned long long)ST(TCP_TIME_WAIT));
    TAP_OK(h.st.stats.tcp.time_wait_recycled == 2,
           "the 2 oldest recycled, counted");
    /* a new SYN with a higher sequence reopens the newest (RFC 6191) */
    th_spec_init(&s);
    s.src = TH_PEER;
    s.dst = TH_ADDR;
    s.sport = 6004;
    s.dport = 80;
    s.seq = 50000;
    s.flags = TH_SYN;
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == (TH_SYN | TH_ACK) && g.ack == 50001,
           "SYN above the old sequence space: a new connection");
    TAP_OK(ST(TCP_TIME_WAIT) == 2 && ST(TCP_SYN_RECEIVED) == 1,
           "the TIME_WAIT entry gave way");
    s.sport = 6003;
    s.seq = 10;
    th_inject(&h, &s);
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && ST(TCP_TIME_WAIT) == 2,
           "an old SYN to TIME_WAIT: just an ACK");
    th_advance(&h, TCPIP_S(200));
    teardown();
}

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* 200,000 random segments with good checksums at a listener and an open
   connection: nothing breaks, the bounds and counters hold. */
static void hostile(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 5050, true, NULL);
    static uint8_t seg[1600];
    unsigned i, broken = 0, over = 0;
    uint32_t base_seq = p.seq, base_ack = p.ack;

    for (i = 0; i < 200000; i++) {
        unsigned kind = rnd() % 10, doff = 5 + rnd() % 11, j;
        size_t len = doff * 4 + (rnd() % 4 ? rnd() % 64 : rnd() % 1500);
        uint16_t sport = kind < 7 ? 5050 : (uint16_t)(1 + rnd() % 65535);
        uint16_t dport = kind < 9 ? 80 : (uint16_t)(1 + rnd() % 65535);
        uint32_t seq = base_seq + (rnd() % 3 ? rnd() % 200000 - 100000 : rnd());
        uint32_t ack = base_ack + (rnd() % 3 ? rnd() % 200000 - 100000 : rnd());
        uint16_t sum;

        for (j = 0; j < len; j++)
            seg[j] = (uint8_t)rnd();
        seg[0] = (uint8_t)(sport >> 8), seg[1] = (uint8_t)sport;
        seg[2] = (uint8_t)(dport >> 8), seg[3] = (uint8_t)dport;
        seg[4] = (uint8_t)(seq >> 24), seg[5] = (uint8_t)(seq >> 16);
        seg[6] = (uint8_t)(seq >> 8), seg[7] = (uint8_t)seq;
        seg[8] = (uint8_t)(ack >> 24), seg[9] = (uint8_t)(ack >> 16);
        seg[10] = (uint8_t)(ack >> 8), seg[11] = (uint8_t)ack;
        seg[12] = (uint8_t)(doff << 4);
        seg[13] = (uint8_t)(rnd() % 4 ? rnd() & 0x1f : rnd());
        seg[16] = seg[17] = 0;
        if (rnd() % 8 == 0 && len > 24) { /* plausible options */
            seg[20] = 8, seg[21] = 10;    /* TS */
            if (len > 32)
                seg[30] = 5, seg[31] = (uint8_t)(2 + 8 * (rnd() % 5));
        }
        sum = th_tcp_csum(TH_PEER, TH_ADDR, seg, len);
        seg[16] = (uint8_t)(sum >> 8), seg[17] = (uint8_t)sum;
        if (rnd() % 16 == 0)
            len = rnd() % (doff * 4); /* cut inside the header */
        th_inject_raw(&h, TH_PEER, TH_ADDR, seg, len);
        th_drain(&h);
        if (rnd() % 64 == 0)
            th_advance(&h, TCPIP_MS(rnd() % 3000));
        if (th_state_sum(&h) != tcp_connection_count(&h.st) + 1)
            broken++;
        if (tcp_connection_count(&h.st) > 1024 + 1024)
            over++;
        if (c && tcp_conn_status(c) != 0) {
            tcp_close(c);
            c = NULL;
        }
    }
    TAP_OK(broken == 0,
           "state counters sum to the connections at every "
           "step (%u wrong)",
           broken);
    TAP_OK(over == 0, "connections within the limits");
    TAP_OK(h.bad_csums == 0, "every segment sent had a good checksum");
    TAP_DIAG("after the storm: %u connections, %llu resets sent, %llu "
             "challenge ACKs, %llu rx_bad",
             tcp_connection_count(&h.st),
             (unsigned long long)h.st.stats.tcp.tx_resets,
             (unsigned long long)h.st.stats.tcp.challenge_acks,
             (unsigned long long)h.st.stats.tcp.rx_bad);
    if (c)
        tcp_close(c);
    tcp_listener_close(lst);
    th_advance(&h, TCPIP_S(3600));
    TAP_OK(tcp_connection_count(&h.st) == 0 && th_state_sum(&h) == 0,
           "an hour later: every connection gone (%u)",
           tcp_connection_count(&h.st));
    th_fini(&h);
}

int main(void)
{
    tap_alarm(60);
    active_close();
    passive_close();
    simultaneous_close();
    orphans();
    resets();
    blind_injection();
    paws();
    time_wait_bound();
    hostile();
    return tap_done();
}
