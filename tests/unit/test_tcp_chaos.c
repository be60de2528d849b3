/* SPDX-License-Identifier: ISC */
/* test_tcp_chaos.c: two engines over a lossy, reordering, duplicating wire,
 * small limits, and applications that connect, write, read, shut down,
 * close and abort at random: every byte that arrives is the right one,
 * the counters and bounds hold at every step, and once everybody lets go
 * both tables empty out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"
#include "tcp_wire.h"

#define SLOTS 40

/* One side's view of a connection. */
struct slot {
    struct tcp_conn *c;
    uint32_t seed_out, seed_in; /* streams, from the 4-tuple */
    uint64_t sent, got;
    bool shut_wr, shut_rd, eof;
};

static struct th a, b;
static struct tw_wire w;
static struct slot sa[SLOTS], sb[SLOTS];
static struct tcp_listener *l80, *l81;
static unsigned long bad_bytes, broken, over;
static uint8_t buf[20000];

static uint8_t stream_byte(uint32_t seed, uint64_t pos)
{
    uint64_t x = (pos / 8) * 0x9e3779b97f4a7c15ull + seed;

    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 29;
    return (uint8_t)(x >> (8 * (pos % 8)));
}

/* Seeds from the endpoints: each side names the same two streams. */
static void seeds(struct slot *s, bool server)
{
    uint32_t la, ra;
    uint16_t lp, rp;
    uint32_t client_port, server_port;

    tcp_endpoints(s->c, &la, &lp, &ra, &rp);
    client_port = server ? rp : lp;
    server_port = server ? lp : rp;
    s->seed_out = client_port << 16 | server_port << 1 | (server ? 1u : 0u);
    s->seed_in = client_port << 16 | server_port << 1 | (server ? 0u : 1u);
}

static void drop(struct slot *s)
{
    memset(s, 0, sizeof *s);
}

static void act(struct slot *slots)
{
    struct slot *s = &slots[tw_rand(&w) % SLOTS];
    unsigned r = (unsigned)(tw_rand(&w) % 100);
    int n;

    if (!s->c)
        return;
    if (r < 40) { /* write */
        size_t len = (size_t)(tw_rand(&w) % sizeof buf), i;

        for (i = 0; i < len; i++)
            buf[i] = stream_byte(s->seed_out, s->sent + i);
        n = tcp_send(s->c, buf, len);
        if (n > 0)
            s->sent += (uint64_t)n;
    } else if (r < 80) { /* read */
        n = tcp_recv(s->c, buf, (size_t)(1 + tw_rand(&w) % sizeof buf));
        if (n > 0) {
            int i;

            if (!s->shut_rd)
                for (i = 0; i < n; i++)
                    if (buf[i] != stream_byte(s->seed_in, s->got + i)) {
                        if (!bad_bytes && getenv("TCP_TEST_VERBOSE")) {
                            uint32_t la, ra;
                            uint16_t lp, rp;

                            tcp_endpoints(s->c, &la, &lp, &ra, &rp);
                            printf("# bad: %u->%u at %llu+%d of %d (got "
                                   "%02x want %02x) t=%llu\n",
                                   rp, lp, (unsigned long long)s->got, i, n,
                                   buf[i], stream_byte(s->seed_in, s->got + i),
                                   (unsigned long long)th_now(&a));
                        }
                        bad_bytes++;
                    }
            s->got += (uint64_t)n;
        } else if (n == 0) {
            s->eof = true;
        }
    } else if (r < 86) {
        if (tcp_shutdown(s->c, 2) == 0)
            s->shut_wr = true;
    } else if (r < 88) {
        if (tcp_shutdown(s->c, 1) == 0)
            s->shut_rd = true;
    } else if (r < 95) {
        tcp_close(s->c);
        drop(s);
    } else if (r < 97) {
        tcp_abort(s->c);
        drop(s);
    } else if (r < 98) {
        tcp_set_nodelay(s->c, tw_rand(&w) & 1);
    } else if (r < 99) {
        tcp_set_keepalive(s->c, true, TCPIP_S(5), TCPIP_S(1), 3);
    } else {
        tcp_set_cubic(s->c, true);
    }
}

static void step(void)
{
    unsigned i;
    struct tcp_conn *c;

    /* accept */
    while (tcp_accept((tw_rand(&w) & 1) ? l80 : l81, &c) == 0 ||
           tcp_accept(l80, &c) == 0 || tcp_accept(l81, &c) == 0) {
        for (i = 0; i < SLOTS && sa[i].c; i++)
            ;
        if (i == SLOTS) {
            tcp_close(c);
            continue;
        }
        sa[i].c = c;
        seeds(&sa[i], true);
    }
    /* connect, sometimes to a closed port */
    if (tw_rand(&w) % 20 == 0) {
        for (i = 0; i < SLOTS && sb[i].c; i++)
            ;
        if (i < SLOTS) {
            uint16_t port = (uint16_t)(80 + tw_rand(&w) % 3);

            if (tcp_connect(&b.st, TH_ADDR, port, &sb[i].c) == 0)
                seeds(&sb[i], false);
            else
                sb[i].c = NULL;
        }
    }
    /* the clients whose connection failed let go */
    for (i = 0; i < SLOTS; i++) {
        int st;

        if (!sb[i].c)
            continue;
        st = tcp_conn_status(sb[i].c);
        if (st < 0 && st != -EINPROGRESS) {
            tcp_close(sb[i].c);
            drop(&sb[i]);
        }
    }
    for (i = 0; i < 4; i++) {
        act(sa);
        act(sb);
    }
}

static void check(void)
{
    if (th_state_sum(&a) != tcp_connection_count(&a.st) + 2 ||
        th_state_sum(&b) != tcp_connection_count(&b.st))
        broken++;
    if (tcp_connection_count(&a.st) > 64 + 16 + SLOTS ||
        tcp_connection_count(&b.st) > 64 + 16 + SLOTS)
        over++;
}

/* Runs the world until (until): deliveries, timers, now and then the
   applications. */
static void run(tcpip_ns until, bool apps)
{
    while (th_now(&a) < until) {
        tcpip_ns t;

        if (apps)
            step();
        check();
        tw_collect(&w);
        if (tw_deliver(&w))
            continue;
        t = tw_next_event(&w);
        if (apps && t > th_now(&a) + TCPIP_MS(50))
            t = th_now(&a) + TCPIP_MS(1 + tw_rand(&w) % 50);
        if (t > until)
            t = until;
        a.now_own = t;
    }
}

int main(void)
{
    struct tcpip_limits lim;
    unsigned i;
    tcpip_ns t0;
    unsigned long long seed;

    tap_alarm(300);
    tcpip_limits_default(&lim);
    lim.tcp_connections = 64;
    lim.tcp_time_wait = 16;
    lim.tcp_syn_queue = 4;
    lim.tcp_send_buffer = 8192;
    lim.tcp_receive_buffer = 6000;
    /* TCP_CHAOS_SEED replays or widens the search (default 1) */
    seed = getenv("TCP_CHAOS_SEED")
               ? strtoull(getenv("TCP_CHAOS_SEED"), NULL, 0)
               : 1;
    if (getenv("TCP_CHAOS_HARD")) { /* a harsher world, by hand */
        lim.tcp_connections = 16;
        lim.tcp_time_wait = 2;
        lim.tcp_syn_queue = 1;
        lim.tcp_send_buffer = 500;
        lim.tcp_receive_buffer = 300;
    }
    th_init(&a, TH_ADDR, &lim, 101 * seed);
    th_init(&b, TH_PEER, &lim, 202 * seed);
    tw_init(&w, &a, &b, 303 * seed);
    w.loss_pm = getenv("TCP_CHAOS_HARD") ? 150 : 30;
    w.dup_pm = getenv("TCP_CHAOS_HARD") ? 50 : 10;
    w.delay = TCPIP_MS(3);
    w.jitter = TCPIP_MS(8);
    tcp_listen(&a.st, 0, 80, 8, &l80);
    tcp_listen(&a.st, 0, 81, 2, &l81);
    t0 = th_now(&a);
    run(t0 + TCPIP_S(600), true);
    TAP_OK(bad_bytes == 0, "every byte read is the right one (%lu wrong)",
           bad_bytes);
    TAP_OK(broken == 0,
           "state counters sum to the connections at every "
           "step (%lu)",
           broken);
    TAP_OK(over == 0, "connections within their bounds");
    TAP_OK(a.bad_csums == 0 && b.bad_csums == 0, "every checksum right");
    TAP_DIAG("A: %llu passive opens, %llu cookies sent, %llu ok, %llu resets "
             "sent, %llu TIME_WAIT recycled, %llu limit drops, %llu "
             "retransmits; B: %llu active opens, %llu failed; wire: %lu "
             "segments, %lu lost",
             (unsigned long long)a.st.stats.tcp.passive_opens,
             (unsigned long long)a.st.stats.tcp.syn_cookies_sent,
             (unsigned long long)a.st.stats.tcp.syn_cookies_ok,
             (unsigned long long)a.st.stats.tcp.tx_resets,
             (unsigned long long)a.st.stats.tcp.time_wait_recycled,
             (unsigned long long)a.st.stats.tcp.connection_limit_drops,
             (unsigned long long)a.st.stats.tcp.retransmits,
             (unsigned long long)b.st.stats.tcp.active_opens,
             (unsigned long long)b.st.stats.tcp.failed_opens, w.sent, w.lost);
    TAP_OK(a.st.stats.tcp.passive_opens > 100 &&
               b.st.stats.tcp.active_opens > 100,
           "many connections came and went");
    /* everybody lets go; an hour later nothing is left */
    for (i = 0; i < SLOTS; i++) {
        if (sa[i].c)
            tcp_close(sa[i].c);
        if (sb[i].c)
            tcp_close(sb[i].c);
    }
    tcp_listener_close(l80);
    tcp_listener_close(l81);
    run(th_now(&a) + TCPIP_S(3600), false);
    TAP_OK(tcp_connection_count(&a.st) == 0 &&
               tcp_connection_count(&b.st) == 0 && th_state_sum(&a) == 0 &&
               th_state_sum(&b) == 0,
           "both tables empty an hour after the last close (%u, %u)",
           tcp_connection_count(&a.st), tcp_connection_count(&b.st));
    tw_fini(&w);
    th_fini(&a);
    th_fini(&b);
    return tap_done();
}
