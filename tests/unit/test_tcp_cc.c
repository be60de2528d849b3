/* SPDX-License-Identifier: ISC */
/* test_tcp_cc.c: congestion control on its own (tcp_cc.c): the initial
 * window, slow start, congestion avoidance, the loss response, and the
 * shape of CUBIC's window (RFC 9438) against its formula; then in an
 * engine sending to a scripted peer: slow start's byte counting, cwnd
 * held while the peer's window or the application leaves it unused, and
 * the restart window after an idle time. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"
#include "tcp_int.h"

#define SMSS 1448u        /* MSS 1460 less the timestamps */
#define IW   (10u * SMSS) /* RFC 6928 */

static struct th h;
static struct tcp_listener *lst;
static uint8_t pat[65536];

static void conn_init(struct tcp_conn *c, uint32_t smss)
{
    memset(c, 0, sizeof *c);
    c->st = &h.st;
    c->smss = smss;
    c->iss = 1000;
    c->snd_una = c->snd_max = c->snd_nxt = 1001;
    tcp_cc_init(c);
}

static void newreno(void)
{
    struct tcp_conn c;
    uint32_t w;
    unsigned i;

    conn_init(&c, 1460);
    TAP_OK(c.cwnd == 14600, "IW, MSS 1460: 10 segments (%u)", c.cwnd);
    conn_init(&c, 536);
    TAP_OK(c.cwnd == 5360, "IW, MSS 536: 10 segments (%u)", c.cwnd);
    conn_init(&c, 9000);
    TAP_OK(c.cwnd == 18000, "IW, MSS 9000: max(2 MSS, 14600) = 2 MSS (%u)",
           c.cwnd);
    conn_init(&c, 1000);
    w = c.cwnd;
    tcp_cc_ack(&c, 1000);
    TAP_OK(c.cwnd == w + 1000, "slow start: + acked");
    tcp_cc_ack(&c, 2000);
    TAP_OK(c.cwnd == w + 3000,
           "slow start: + 2 SMSS for an ACK of two segments (RFC 3465)");
    tcp_cc_ack(&c, 5000);
    TAP_OK(c.cwnd == w + 5000, "slow start: at most + 2 SMSS per ACK (%u)",
           c.cwnd - w);
    c.ssthresh = c.cwnd;
    w = c.cwnd;
    for (i = 0; i < 14; i++)
        tcp_cc_ack(&c, 1000);
    TAP_OK(c.cwnd == w, "congestion avoidance: 14 KB acked of 15: no step");
    tcp_cc_ack(&c, 1000);
    TAP_OK(c.cwnd == w + 1000, "a cwnd's worth acked: + 1 SMSS");
    c.snd_max = c.snd_una + 20000;
    tcp_cc_loss(&c);
    TAP_OK(c.ssthresh == 10000, "loss: ssthresh = FlightSize / 2 (%u)",
           c.ssthresh);
    c.snd_max = c.snd_una + 1000;
    tcp_cc_loss(&c);
    TAP_OK(c.ssthresh == 2000, "at least 2 SMSS (%u)", c.ssthresh);
    c.backoff = 1;
    c.snd_max = c.snd_una + 8000;
    tcp_cc_rto(&c);
    TAP_OK(c.cwnd == 1000 && !c.in_recovery, "RTO: cwnd 1 SMSS");
    c.ssthresh = 20000;
    c.snd_una += 2000;
    tcp_cc_ack(&c, 2000);
    TAP_OK(c.cwnd == 2000,
           "slow start after the RTO: + 1 SMSS for two segments while what "
           "was outstanding is acknowledged (RFC 3465 2.3) (%u)",
           c.cwnd);
    c.snd_una += 6000;
    tcp_cc_ack(&c, 2000);
    TAP_OK(c.cwnd == 4000, "all of it acknowledged: + 2 SMSS again (%u)",
           c.cwnd);
}

static void cubic(void)
{
    struct tcp_conn c;
    const uint32_t smss = 1000;
    const double beta = 0.7, C = 0.4, wmax = 100;
    double K = cbrt(wmax * (1 - beta) / C), t;
    tcpip_ns t0;
    bool mono = true, near = true;
    uint32_t prev;
    unsigned rtt;
    double at_k = 0, at_2k = 0, at_half = 0;

    conn_init(&c, smss);
    tcp_set_cubic(&c, true);
    c.cwnd = 100 * smss;
    c.snd_max = c.snd_una + c.cwnd;
    tcp_cc_loss(&c);
    TAP_OK(c.ssthresh == 70 * smss && c.cubic_wmax == 100 * smss,
           "loss: ssthresh = 0.7 cwnd, Wmax = cwnd (%u, %u)", c.ssthresh,
           c.cubic_wmax);
    c.cwnd = c.ssthresh;
    c.have_rtt = true;
    c.srtt = TCPIP_MS(100);
    t0 = th_now(&h);
    prev = c.cwnd;
    /* one round trip every 100 ms, each acknowledging cwnd */
    for (rtt = 0; rtt < 120; rtt++) {
        uint32_t acked = 0, w = c.cwnd;

        while (acked < w) {
            tcp_cc_ack(&c, smss);
            acked += smss;
        }
        th_advance(&h, TCPIP_MS(100));
        if (c.cwnd < prev)
            mono = false;
        prev = c.cwnd;
        t = (double)(th_now(&h) - t0) / 1e9;
        if (fabs(t - K / 2) < 0.051)
            at_half = c.cwnd / (double)smss;
        if (fabs(t - K) < 0.051)
            at_k = c.cwnd / (double)smss;
        if (fabs(t - 2 * K) < 0.051)
            at_2k = c.cwnd / (double)smss;
        if (t > 0.5 && t < 2 * K) {
            double want = C * pow(t - K, 3) + wmax;

            if (c.cwnd / (double)smss < want * 0.9 ||
                c.cwnd / (double)smss > want * 1.15 + 2)
                near = false;
        }
    }
    TAP_OK(mono, "the window never shrinks without a loss");
    TAP_OK(at_half > 70 && at_half < wmax,
           "at K/2 (%.2f s): between 0.7 Wmax and Wmax (%.1f)", K / 2, at_half);
    TAP_OK(at_k > 95 && at_k < 106,
           "at K = %.2f s: back near Wmax (%.1f segments)", K, at_k);
    TAP_OK(at_2k > 120, "at 2K: past Wmax, probing (%.1f)", at_2k);
    TAP_OK(near, "W(t) follows C (t - K)^3 + Wmax within 10%%/15%%");
    /* a second loss below the old Wmax: fast convergence */
    c.cwnd = 90 * smss;
    c.cubic_wmax = 100 * smss;
    tcp_cc_loss(&c);
    TAP_OK(c.cubic_wmax == 90 * smss * 17 / 20,
           "fast convergence: Wmax = cwnd (1 + beta) / 2 (%u)", c.cubic_wmax);
}

/* An engine whose send buffer holds (sndbuf) bytes, and a connection
   with timestamps (segments of 1,448 bytes) to a peer whose window is
   (win) << 7. */
static struct tcp_conn *open_conn(struct th_peer *p, uint16_t port,
                                  uint16_t win, size_t sndbuf)
{
    struct tcpip_limits lim;

    tcpip_limits_default(&lim);
    lim.tcp_send_buffer = sndbuf;
    th_init(&h, TH_ADDR, &lim, port);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    th_peer_init(p, port, 80, 1000);
    p->win = win;
    return th_open_passive(&h, lst, p, true);
}

static void close_conn(struct tcp_conn *c)
{
    if (c)
        tcp_abort(c);
    tcp_listener_close(lst);
    th_fini(&h);
}

/* The application writes until (c) buffers (keep) bytes (sent and
   unacknowledged, or waiting) or its buffer is full. */
static void top_up(struct tcp_conn *c, size_t keep)
{
    while (c->sndbuf.len < keep) {
        size_t n = keep - c->sndbuf.len;

        if (tcp_send(c, pat, n < sizeof pat ? n : sizeof pat) <= 0)
            break;
    }
}

/* The application writes (n) bytes now. */
static void write_now(struct tcp_conn *c, size_t n)
{
    top_up(c, c->sndbuf.len + n);
}

/*
 * One round trip: the data segments the engine has sent (the flight)
 * reach the peer, which (rtt) later acknowledges every second one, and
 * the last, one ACK at a time; after each ACK the application tops the
 * buffer up to (keep) bytes plus cwnd (0: it writes nothing). Returns
 * the flight's payload bytes; (segs), when not NULL, its segments.
 */
static size_t round_trip(struct tcp_conn *c, struct th_peer *p, tcpip_ns rtt,
                         size_t keep, unsigned *segs)
{
    static struct {
        uint32_t end, tsval;
    } f[1024];
    struct th_seg g;
    size_t n = 0, i, bytes = 0;

    while (th_pop(&h, &g))
        if (g.len && n < sizeof f / sizeof f[0]) {
            f[n].end = g.seq + (uint32_t)g.len;
            f[n++].tsval = g.tsval;
            bytes += g.len;
        }
    th_advance(&h, rtt);
    for (i = 0; i < n; i++) {
        if (i % 2 == 0 && i + 1 < n)
            continue;
        p->ack = f[i].end;
        p->tsecr = f[i].tsval;
        th_peer_send(&h, p, TH_ACK, NULL, 0);
        if (keep)
            top_up(c, keep + c->cwnd);
    }
    if (segs)
        *segs = (unsigned)n;
    return bytes;
}

/*
 * Slow start against a peer that acknowledges every second segment:
 * byte counting with L = 2 SMSS (RFC 3465) doubles the flight each round
 * trip, where + 1 SMSS per ACK gave x1.5.
 */
static void abc(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_conn(&p, 7001, 65535, 1u << 20);
    unsigned f[3];

    if (!c) {
        TAP_OK(false, "connection for the slow start rounds");
        close_conn(c);
        return;
    }
    top_up(c, 1u << 20);
    round_trip(c, &p, TCPIP_MS(10), 1u << 20, &f[0]);
    round_trip(c, &p, TCPIP_MS(10), 1u << 20, &f[1]);
    round_trip(c, &p, TCPIP_MS(10), 1u << 20, &f[2]);
    TAP_OK(f[0] == 10 && f[1] == 20 && f[2] == 40,
           "slow start, every second segment acknowledged: flights of 10, "
           "20, 40 segments (%u, %u, %u)",
           f[0], f[1], f[2]);
    close_conn(c);
}

/*
 * The peer's window (64,256 bytes) limits the flight, not cwnd: slow
 * start stops once cwnd is twice the flight (RFC 9438 5.8, RFC 7661),
 * and the flight still fills the window.
 */
static void rwnd_limited(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_conn(&p, 7002, 502, 1u << 20);
    size_t last = 0;
    unsigned r;

    if (!c) {
        TAP_OK(false, "connection for the window-limited rounds");
        close_conn(c);
        return;
    }
    top_up(c, 1u << 20);
    for (r = 0; r < 40; r++)
        last = round_trip(c, &p, TCPIP_MS(10), 1u << 20, NULL);
    TAP_OK(last <= 502u << 7 && last > (502u << 7) - SMSS,
           "40 round trips: each flight fills the peer's window but for "
           "the rest short of a segment (sender SWS) (%zu)",
           last);
    TAP_OK(c->cwnd <= 2 * (502u << 7) + 2 * SMSS,
           "cwnd stays within twice the flight the window allows (%u)",
           c->cwnd);
    close_conn(c);
}

/*
 * RFC 5681 4.1: after no data was sent for longer than the RTO (200 ms
 * here), cwnd restarts from min(IW, cwnd); after a shorter pause all of
 * it is used at once.
 */
static void idle_restart(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_conn(&p, 7003, 65535, 65536);
    size_t sent;
    uint32_t w;
    unsigned r;

    if (!c) {
        TAP_OK(false, "connection for the idle rounds");
        close_conn(c);
        return;
    }
    top_up(c, 65536);
    for (r = 0; r < 6; r++)
        round_trip(c, &p, TCPIP_MS(10), 65536, NULL);
    while (round_trip(c, &p, TCPIP_MS(10), 0, NULL))
        ;
    w = c->cwnd;
    TAP_OK(w >= 65536 && c->snd_una == c->snd_max,
           "a bulk transfer grew cwnd past the send buffer, then all was "
           "acknowledged (%u)",
           w);
    th_advance(&h, TCPIP_MS(100));
    write_now(c, 65536);
    sent = round_trip(c, &p, TCPIP_MS(10), 0, NULL);
    TAP_OK(sent == 65536, "after 100 ms (< RTO) 65,536 bytes go at once (%zu)",
           sent);
    while (round_trip(c, &p, TCPIP_MS(10), 0, NULL))
        ;
    c->ssthresh = w / 2; /* as a loss would have set it */
    th_advance(&h, TCPIP_S(2));
    write_now(c, 65536);
    sent = round_trip(c, &p, TCPIP_MS(10), 0, NULL);
    TAP_OK(sent == IW,
           "after 2 s idle (> RTO): the restart window, 14,480 bytes of "
           "65,536 at once (%zu)",
           sent);
    sent = round_trip(c, &p, TCPIP_MS(10), 0, NULL);
    TAP_OK(sent == 2 * IW,
           "then slow start again: 28,960 bytes in the next round trip (%zu)",
           sent);
    TAP_OK(c->ssthresh == (uint32_t)((uint64_t)w * 3 / 4),
           "ssthresh, half of cwnd before, is raised to 3/4 of it (RFC 2861 "
           "3) (%u of %u)",
           c->ssthresh, w);
    close_conn(c);
}

/* W_cubic(t) in bytes (RFC 9438 4.2): C = 0.4, beta = 0.7, Wmax and t
   in segments and seconds. */
static double w_cubic(double wmax, double t)
{
    double k = cbrt(wmax * (1 - 0.7) / 0.4);

    return (0.4 * pow(t - k, 3) + wmax) * SMSS;
}

/*
 * CUBIC's window neither grows while the application leaves it unused
 * nor jumps after: t leaves the unused time out (RFC 9438 5.8). With
 * Wmax 60 segments and cwnd 42 after the loss, t counts 0.7 s of use
 * before the pause (the first ACK starts the epoch) and 0.2 s after, and
 * the engine adds one RTT: W_cubic(1 s) is 53 segments; counting the 5
 * s of the pause it would be 66.
 */
static void cubic_app_limited(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_conn(&p, 7004, 65535, 1u << 20);
    uint32_t w;
    unsigned r;
    bool held = true;

    if (!c) {
        TAP_OK(false, "connection for CUBIC's rounds");
        close_conn(c);
        return;
    }
    tcp_set_cubic(c, true);
    c->cwnd = c->ssthresh = 42 * SMSS; /* 0.7 Wmax, as after a loss */
    c->cubic_wmax = 60 * SMSS;         /* K = cbrt((60 - 42) / 0.4) = 3.6 s */
    top_up(c, c->cwnd + 4 * SMSS);
    for (r = 0; r < 5; r++)
        round_trip(c, &p, TCPIP_MS(100), 4 * SMSS, NULL);
    while (round_trip(c, &p, TCPIP_MS(100), 0, NULL) > 2 * SMSS)
        ;
    w = c->cwnd;
    for (r = 0; r < 50; r++) {
        write_now(c, 2 * SMSS);
        round_trip(c, &p, TCPIP_MS(100), 0, NULL);
        if (c->cwnd != w)
            held = false;
    }
    TAP_OK(held && c->cwnd == w,
           "CUBIC: 50 round trips (5 s) of 2 segments leave cwnd as it was "
           "(%u, %u)",
           w, c->cwnd);
    top_up(c, c->cwnd + 4 * SMSS);
    round_trip(c, &p, TCPIP_MS(100), 4 * SMSS, NULL);
    round_trip(c, &p, TCPIP_MS(100), 4 * SMSS, NULL);
    TAP_OK(c->cwnd > w && c->cwnd <= w_cubic(60, 1.0),
           "then two round trips with cwnd full: it grows, below W_cubic "
           "of the time in use (%u -> %u, W(1 s) = %.0f, W(6 s) = %.0f)",
           w, c->cwnd, w_cubic(60, 1.0), w_cubic(60, 6.0));
    close_conn(c);
}

int main(void)
{
    size_t i;

    tap_alarm(60);
    for (i = 0; i < sizeof pat; i++)
        pat[i] = (uint8_t)(i * 7 + (i >> 8));
    th_init(&h, TH_ADDR, NULL, 1);
    newreno();
    cubic();
    th_fini(&h);
    abc();
    rwnd_limited();
    idle_restart();
    cubic_app_limited();
    return tap_done();
}
