/* SPDX-License-Identifier: ISC */
/* test_tcp_rexmt.c: retransmission: RTO and its backoff at exact times,
 * Karn's rule, the retry limit, the user timeout, fast retransmit and NewReno's
 * partial ACKs, SACK loss recovery from the scoreboard, path MTU, ICMP errors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"

static struct th h;
static uint8_t pat[100000];

/*
 * The engine connects; the peer answers 100 ms later (RTT sample 100 ms:
 * RTO 300 ms) with MSS (mss) and SACK-permitted when (sack); no
 * timestamps, so that Karn's rule is what protects the samples.
 */
static struct tcp_conn *open_rtt(struct th_peer *p, int mss, bool sack,
                                 uint64_t seed)
{
    struct tcp_conn *c;
    struct th_spec s;
    struct th_seg g;

    th_init(&h, TH_ADDR, NULL, seed);
    tcp_connect(&h.st, TH_PEER, 80, &c);
    th_pop(&h, &g);
    th_peer_init(p, 80, g.sport, 70000);
    p->ack = g.seq + 1;
    th_advance(&h, TCPIP_MS(100));
    th_spec_init(&s);
    s.src = TH_PEER;
    s.dst = TH_ADDR;
    s.sport = 80;
    s.dport = p->lport;
    s.seq = p->seq;
    s.ack = p->ack;
    s.flags = TH_SYN | TH_ACK;
    s.mss = mss;
    s.sackok = sack;
    th_inject(&h, &s);
    p->seq++;
    th_drain(&h);
    return c;
}

static void rto_backoff(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1460, false, 1);
    struct th_seg g;
    static const unsigned want_ms[] = {300,   900,   2100,  4500,  9300,
                                       18900, 38100, 76500, 136500};
    tcpip_ns t0;
    unsigned n = 0, i;
    bool exact = true;
    char buf[4];

    tcp_send(c, pat, 1000);
    th_pop(&h, &g);
    t0 = g.when;
    th_advance(&h, TCPIP_S(1000));
    while (th_pop(&h, &g)) {
        if (g.seq != p.ack || g.len != 1000)
            exact = false;
        if (n < 9 && g.when - t0 != TCPIP_MS(want_ms[n]))
            exact = false;
        n++;
    }
    TAP_OK(n == 15, "15 retransmissions (%u)", n);
    TAP_OK(exact, "at 0.3, 0.9, 2.1, 4.5, 9.3, 18.9, 38.1, 76.5 s, then "
                  "every 60 s (RTO 300 ms doubling, capped at 60 s)");
    TAP_OK(tcp_conn_status(c) == -ETIMEDOUT &&
               tcp_recv(c, buf, sizeof buf) == -ETIMEDOUT,
           "then -ETIMEDOUT");
    TAP_OK(h.st.stats.tcp.retransmits == 15 &&
               h.st.stats.tcp.rto_expiries == 15,
           "15 retransmits, 15 RTO expiries");
    (void)i;
    tcp_close(c);
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed");
    th_fini(&h);
}

/* RFC 5482: a user timeout of 4 s ends the connection 4 s after the data
   went out, cutting the RTO of 2.4 s that would end at 4.5 s. */
static void user_timeout(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1460, false, 9);
    struct th_seg g;
    unsigned n = 0;
    char buf[4];

    TAP_OK(tcp_set_user_timeout(c, 10000) == -EINVAL &&
               tcp_set_user_timeout(c, TCPIP_S(4)) == 0,
           "user timeout: 10 us refused, 4 s taken");
    tcp_send(c, pat, 1000);
    th_pop(&h, &g);
    th_advance(&h, TCPIP_S(4) - TCPIP_MS(1));
    while (th_pop(&h, &g))
        n++;
    TAP_OK(n == 3 && tcp_conn_status(c) == 0,
           "3.999 s on: 3 retransmissions (at 0.3, 0.9, 2.1 s), still open "
           "(%u, %d)",
           n, tcp_conn_status(c));
    th_advance(&h, TCPIP_MS(1));
    TAP_OK(tcp_conn_status(c) == -ETIMEDOUT &&
               tcp_recv(c, buf, sizeof buf) == -ETIMEDOUT,
           "at 4 s: -ETIMEDOUT");
    tcp_close(c);
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed");
    th_fini(&h);
}

static void karn(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1460, false, 2);
    struct th_seg g;
    tcpip_ns t;

    tcp_send(c, pat, 100);
    th_pop(&h, &g);
    t = g.when;
    th_advance(&h, TCPIP_MS(300));
    TAP_OK(th_pop(&h, &g) && g.when - t == TCPIP_MS(300),
           "retransmitted at 300 ms");
    th_advance(&h, TCPIP_MS(200));
    p.ack += 100;
    th_peer_send(&h, &p, TH_ACK, NULL, 0); /* 500 ms after the first */
    tcp_send(c, pat, 100);
    th_pop(&h, &g);
    t = g.when;
    th_advance(&h, TCPIP_S(2));
    TAP_OK(th_pop(&h, &g) && g.when - t == TCPIP_MS(600),
           "Karn: the ACK of a retransmitted segment gives no sample, the "
           "backed-off RTO (600 ms) stays");
    p.ack += 100;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    th_drain(&h);
    tcp_send(c, pat, 100);
    th_advance(&h, TCPIP_MS(100));
    p.ack += 100;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    tcp_send(c, pat, 100);
    th_pop(&h, &g);
    th_pop(&h, &g);
    t = g.when;
    th_advance(&h, TCPIP_S(1));
    TAP_OK(th_pop(&h, &g) && g.when - t == TCPIP_MS(250),
           "a fresh sample (100 ms) ends the backoff: RTO 250 ms (%llu ms)",
           (unsigned long long)((g.when - t) / 1000000));
    th_drain(&h);
    tcp_abort(c);
    th_fini(&h);
}

/* Sends a duplicate ACK (with SACK blocks when n). */
static void dupack(struct th_peer *p, uint32_t base, unsigned n,
                   const uint32_t (*blocks)[2])
{
    struct th_spec s;
    unsigned k;

    th_spec_init(&s);
    s.src = TH_PEER;
    s.dst = TH_ADDR;
    s.sport = p->port;
    s.dport = p->lport;
    s.seq = p->seq;
    s.ack = p->ack;
    s.flags = TH_ACK;
    s.win = p->win;
    s.nsack = n;
    for (k = 0; k < n; k++) {
        s.sack[k][0] = base + blocks[k][0];
        s.sack[k][1] = base + blocks[k][1];
    }
    th_inject(&h, &s);
}

static void newreno(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1000, false, 3);
    struct th_seg g;
    uint32_t base = p.ack, recover;
    unsigned n = 0;

    tcp_send(c, pat, 30000);
    while (th_pop(&h, &g))
        n++;
    TAP_OK(n == 10, "initial window: 10 segments of 1000 (RFC 6928) (%u)", n);
    /* segments 1 and 4 are lost */
    p.ack = base + 1000;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    n = 0;
    while (th_pop(&h, &g))
        n++;
    TAP_OK(n == 2, "slow start: an ACK of one segment sends two (%u)", n);
    dupack(&p, base, 0, NULL);
    TAP_OK(th_pop(&h, &g) && g.seq == base + 12000 && !th_pop(&h, &g),
           "first duplicate: one new segment (Limited Transmit)");
    dupack(&p, base, 0, NULL);
    TAP_OK(th_pop(&h, &g) && g.seq == base + 13000 && !th_pop(&h, &g),
           "second duplicate: another");
    dupack(&p, base, 0, NULL);
    TAP_OK(th_pop(&h, &g) && g.seq == base + 1000 && g.len == 1000,
           "third: fast retransmit of the first hole");
    TAP_OK(h.st.stats.tcp.fast_retransmits == 1, "counted");
    recover = base + 14000;
    th_drain(&h);
    /* cwnd = ssthresh (13000 / 2) + 3 MSS = 9500 against 13000 in flight:
       each further duplicate adds an MSS; the fifth lets one more go */
    for (n = 0; n < 4; n++)
        dupack(&p, base, 0, NULL);
    TAP_OK(!th_pop(&h, &g), "4 more duplicates: cwnd 13500, still no room");
    dupack(&p, base, 0, NULL);
    TAP_OK(th_pop(&h, &g) && g.seq == base + 14000,
           "the fifth: cwnd 14500, a new segment (RFC 6582 3.2 (3))");
    p.ack = base + 4000; /* partial: segment 4 is missing */
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.seq == base + 4000 && g.len == 1000,
           "partial ACK: the next hole at once (RFC 6582)");
    th_drain(&h);
    p.ack = recover;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(h.st.stats.tcp.rto_expiries == 0 && h.st.stats.tcp.retransmits == 2,
           "full ACK: recovery over, two retransmissions, no RTO");
    th_drain(&h);
    tcp_abort(c);
    th_fini(&h);
}

static void sack_recovery(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1000, true, 4);
    struct th_seg g;
    uint32_t base = p.ack;
    bool bad = false;
    static const uint32_t b1[][2] = {{2000, 3000}};
    static const uint32_t b2[][2] = {{2000, 4000}};
    static const uint32_t b3[][2] = {{5000, 6000}, {2000, 4000}};
    static const uint32_t b4[][2] = {{5000, 8000}, {2000, 4000}};

    tcp_send(c, pat, 10000);
    th_drain(&h);
    /* segments 1 and 4 lost; 0 arrived */
    p.ack = base + 1000;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    th_drain(&h);
    dupack(&p, base, 1, b1);
    dupack(&p, base, 1, b2);
    th_drain(&h);
    dupack(&p, base, 2, b3);
    TAP_OK(th_pop(&h, &g) && g.seq == base + 1000 && g.len == 1000,
           "3 segments SACKed above the hole: it is lost, resent");
    TAP_OK(h.st.stats.tcp.sack_recoveries == 1, "a SACK recovery");
    while (th_pop(&h, &g))
        if (g.seq != base + 4000 && (int32_t)(g.seq - (base + 10000)) < 0)
            bad = true;
    dupack(&p, base, 2, b4);
    {
        bool resent4 = false;

        while (th_pop(&h, &g)) {
            if (g.seq == base + 4000)
                resent4 = true;
            else if (g.seq < base + 10000 && g.seq >= base)
                bad = true;
        }
        TAP_OK(resent4,
               "the second hole, now 3 segments below SACKed data: resent "
               "before any cumulative ACK");
    }
    TAP_OK(!bad, "nothing SACKed is ever resent");
    th_drain(&h);
    tcp_abort(c);
    th_fini(&h);
}

static void lost_retransmission(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1000, true, 8);
    struct th_seg g;
    uint32_t base = p.ack, hi = 0;
    uint32_t b[1][2] = {{2000, 0}};
    bool again = false;
    unsigned k;

    tcp_send(c, pat, 40000);
    th_drain(&h);
    p.ack = base + 1000; /* segment 1 is lost */
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    th_drain(&h);
    for (k = 3; k <= 5; k++) { /* segments 2.. arrive: SACKs */
        b[0][1] = k * 1000;
        dupack(&p, base, 1, (const uint32_t(*)[2])b);
    }
    TAP_OK(h.st.stats.tcp.sack_recoveries == 1, "recovery begins");
    k = 0;
    while (th_pop(&h, &g)) {
        if (g.seq == base + 1000)
            k++;
        if (g.seq - base + g.len > hi)
            hi = g.seq - base + (uint32_t)g.len;
    }
    TAP_OK(k == 1, "segment 1 resent once");
    /* the retransmission of segment 1 is lost too; what was sent after it
       arrives and is SACKed */
    for (k = 0; k < 40 && !again; k++) {
        while (th_pop(&h, &g)) {
            if (g.seq == base + 1000 && hi)
                again = true;
            if (g.seq - base + g.len > hi)
                hi = g.seq - base + (uint32_t)g.len;
        }
        if (again)
            break;
        b[0][1] = hi > 12000 ? hi : b[0][1] + 1000;
        dupack(&p, base, 1, (const uint32_t(*)[2])b);
    }
    TAP_OK(again && h.st.stats.tcp.rto_expiries == 0,
           "SACKs of data sent after it: the lost retransmission goes again, "
           "without waiting for the RTO");
    th_drain(&h);
    tcp_abort(c);
    th_fini(&h);
}

static void rto_skips_sacked(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1000, true, 5);
    struct th_seg g;
    uint32_t base = p.ack;
    static const uint32_t b[][2] = {{2000, 10000}};
    bool bad = false;
    unsigned n = 0;

    tcp_send(c, pat, 12000);
    th_drain(&h);
    p.ack = base + 1000;
    p.win = 10000; /* keeps the last 2000 bytes back */
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    dupack(&p, base, 1, b);
    th_drain(&h); /* the fast retransmission is lost too */
    th_advance(&h, TCPIP_S(2));
    while (th_pop(&h, &g)) {
        n++;
        if (g.seq != base + 1000)
            bad = true;
    }
    TAP_OK(n >= 1 && !bad,
           "after the RTO only the hole is resent, not the SACKed data");
    p.ack = base + 10000;
    p.win = 65535;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.seq == base + 10000 && th_pop(&h, &g) &&
               g.seq == base + 11000 && !th_pop(&h, &g),
           "then new data from the cumulative ACK (cwnd 2 MSS)");
    th_drain(&h);
    tcp_abort(c);
    th_fini(&h);
}

static void path_mtu(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_rtt(&p, 1460, false, 6);
    struct th_seg g;
    uint8_t icmp[28];
    bool small = true;
    unsigned n = 0;
    size_t sum = 0;

    tcp_send(c, pat, 4000);
    TAP_OK(th_pop(&h, &g) && g.len == 1460, "segments of 1460");
    th_drain(&h);
    /* the router says: MTU 1000; ipv4 learnt it too */
    memset(icmp, 0, sizeof icmp);
    icmp[0] = 0x45;
    icmp[9] = 6;
    icmp[12] = 10, icmp[15] = 1; /* src 10.0.0.1 */
    icmp[16] = 10, icmp[19] = 2;
    icmp[20] = (uint8_t)(p.lport >> 8), icmp[21] = (uint8_t)p.lport;
    icmp[23] = 80;
    icmp[24] = (uint8_t)(p.ack >> 24), icmp[25] = (uint8_t)(p.ack >> 16);
    icmp[26] = (uint8_t)(p.ack >> 8), icmp[27] = (uint8_t)p.ack;
    h.path_mtu = 1000;
    tcp_icmp_error(&h.st, 3, 4, 1000, icmp, sizeof icmp);
    while (th_pop(&h, &g)) {
        n++;
        sum += g.len;
        if (g.len > 960)
            small = false;
    }
    TAP_OK(n >= 4 && small && sum == 4000,
           "fragmentation needed: everything resent in 960-byte segments "
           "(%u segments, %zu bytes)",
           n, sum);
    p.ack += 4000;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    /* a smaller path found by ipv4_send's -EMSGSIZE alone */
    h.path_mtu = 700;
    tcp_send(c, pat, 2000);
    small = true;
    sum = 0;
    while (th_pop(&h, &g)) {
        sum += g.len;
        if (g.len > 660)
            small = false;
    }
    TAP_OK(small && sum == 2000 && h.too_big >= 1,
           "-EMSGSIZE from IPv4: cut again to 660 at once (%zu)", sum);
    TAP_OK(h.st.stats.tcp.rto_expiries == 0, "no RTO needed");
    /* an ICMP error quoting a sequence number outside the flight */
    icmp[24] ^= 0x80;
    h.path_mtu = 600;
    tcp_icmp_error(&h.st, 3, 4, 600, icmp, sizeof icmp);
    TAP_OK(!th_pop(&h, &g), "an ICMP error quoting an old sequence: ignored");
    th_drain(&h);
    tcp_abort(c);
    th_fini(&h);
}

static void icmp_errors(void)
{
    struct tcp_conn *c;
    struct th_seg g;
    uint8_t icmp[28];

    th_init(&h, TH_ADDR, NULL, 7);
    tcp_connect(&h.st, TH_PEER, 80, &c);
    th_pop(&h, &g);
    memset(icmp, 0, sizeof icmp);
    icmp[0] = 0x45;
    icmp[9] = 6;
    icmp[12] = 10, icmp[15] = 1;
    icmp[16] = 10, icmp[19] = 2;
    icmp[20] = (uint8_t)(g.sport >> 8), icmp[21] = (uint8_t)g.sport;
    icmp[23] = 80;
    icmp[24] = (uint8_t)(g.seq >> 24), icmp[25] = (uint8_t)(g.seq >> 16);
    icmp[26] = (uint8_t)(g.seq >> 8), icmp[27] = (uint8_t)g.seq;
    tcp_icmp_error(&h.st, 3, 1, 0, icmp, sizeof icmp);
    TAP_OK(tcp_conn_status(c) == -EINPROGRESS,
           "host unreachable: a soft error, still trying");
    th_advance(&h, TCPIP_S(200));
    TAP_OK(tcp_conn_status(c) == -EHOSTUNREACH,
           "the timeout reports it: -EHOSTUNREACH");
    tcp_close(c);
    th_drain(&h);
    tcp_connect(&h.st, TH_PEER, 80, &c);
    th_pop(&h, &g);
    icmp[20] = (uint8_t)(g.sport >> 8), icmp[21] = (uint8_t)g.sport;
    icmp[24] = (uint8_t)(g.seq >> 24), icmp[25] = (uint8_t)(g.seq >> 16);
    icmp[26] = (uint8_t)(g.seq >> 8), icmp[27] = (uint8_t)g.seq;
    tcp_icmp_error(&h.st, 3, 3, 0, icmp, sizeof icmp);
    TAP_OK(tcp_conn_status(c) == -ECONNREFUSED,
           "port unreachable while connecting: -ECONNREFUSED");
    tcp_close(c);
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed");
    th_fini(&h);
}

int main(void)
{
    size_t i;

    tap_alarm(60);
    for (i = 0; i < sizeof pat; i++)
        pat[i] = (uint8_t)(i * 13 + 5);
    rto_backoff();
    user_timeout();
    karn();
    newreno();
    sack_recovery();
    lost_retransmission();
    rto_skips_sacked();
    path_mtu();
    icmp_errors();
    return tap_done();
}
