/* SPDX-License-Identifier: ISC */
/* test_tcp_cc.c: congestion control on its own (tcp_cc.c): the initial
 * window, slow start, congestion avoidance, the loss response, and the
 * shape of CUBIC's window (RFC 9438) against its formula. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"
#include "tcp_int.h"

static struct th h;

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
    tcp_cc_ack(&c, 5000);
    TAP_OK(c.cwnd == w + 2000, "slow start: at most + SMSS per ACK");
    c.ssthresh = c.cwnd;
    w = c.cwnd;
    for (i = 0; i < 11; i++)
        tcp_cc_ack(&c, 1000);
    TAP_OK(c.cwnd == w, "congestion avoidance: 11 KB acked of 12: no step");
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
    tcp_cc_rto(&c);
    TAP_OK(c.cwnd == 1000 && !c.in_recovery, "RTO: cwnd 1 SMSS");
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

int main(void)
{
    tap_alarm(30);
    th_init(&h, TH_ADDR, NULL, 1);
    newreno();
    cubic();
    th_fini(&h);
    return tap_done();
}
