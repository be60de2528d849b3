/* SPDX-License-Identifier: ISC */
/* test_tcp_pair.c: two engines in one process over a fake wire that loses,
 * reorders and duplicates segments (a seeded PRNG): transfers checked byte
 * for byte in both directions, then every connection gone. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"
#include "tcp_int.h"
#include "tcp_wire.h"

static struct th a, b;

/* A's lim.tcp_buffer_memory in the next scenario (SIZE_MAX: the default),
   and the largest A's send buffers grew to in it. */
static size_t budget_a = SIZE_MAX;
static size_t max_snd_size;
static uint64_t rto_a; /* A's RTO expiries in the last scenario */
/* A's env.buffer_room in the next scenario (NULL: none) */
static size_t (*room_a)(void *ctx);

static size_t no_room(void *ctx)
{
    (void)ctx;
    return 0;
}

/* The byte at (pos) of the stream (seed): both sides compute it. */
static uint8_t stream_byte(uint32_t seed, uint64_t pos)
{
    uint64_t x = (pos / 8) * 0x9e3779b97f4a7c15ull + seed;

    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 29;
    return (uint8_t)(x >> (8 * (pos % 8)));
}

/* Runs the world until (done) or (limit) of simulated time. */
struct app {
    struct tcp_conn *ca, *cb; /* A's accepted, B's connecting */
    uint64_t total;           /* bytes each way */
    uint64_t sent[2], got[2];
    bool bad[2], eof[2], shut[2], closed[2];
    uint8_t buf[70000];
};

/* Each side writes what it can and reads what there is. Side 0 is A. */
static void app_step(struct app *ap)
{
    int s;

    for (s = 0; s < 2; s++) {
        struct tcp_conn *c = s ? ap->cb : ap->ca;
        uint32_t seed_out = s ? 222 : 111, seed_in = s ? 111 : 222;
        int n;

        if (!c || ap->closed[s])
            continue;
        if (tcp_conn_status(c) == -EINPROGRESS)
            continue;
        while (ap->sent[s] < ap->total) {
            size_t want = sizeof ap->buf, i;

            if (want > ap->total - ap->sent[s])
                want = (size_t)(ap->total - ap->sent[s]);
            /* odd sizes so segments do not line up with writes */
            want = want > 7777 ? 7777 : want;
            for (i = 0; i < want; i++)
                ap->buf[i] = stream_byte(seed_out, ap->sent[s] + i);
            n = tcp_send(c, ap->buf, want);
            if (n <= 0)
                break;
            ap->sent[s] += (uint64_t)n;
        }
        if (ap->sent[s] == ap->total && !ap->shut[s]) {
            tcp_shutdown(c, 2);
            ap->shut[s] = true;
        }
        while ((n = tcp_recv(c, ap->buf, 5000)) > 0) {
            int i;

            for (i = 0; i < n; i++)
                if (ap->buf[i] != stream_byte(seed_in, ap->got[s] + i))
                    ap->bad[s] = true;
            ap->got[s] += (uint64_t)n;
        }
        if (n == 0)
            ap->eof[s] = true;
        if (ap->eof[s] && ap->shut[s] && !ap->closed[s]) {
            tcp_close(c);
            ap->closed[s] = true;
        }
    }
}

static void scenario(const char *name, uint64_t total, unsigned loss_pm,
                     unsigned dup_pm, tcpip_ns delay, tcpip_ns jitter,
                     const uint8_t strip[4], bool cubic, uint64_t seed)
{
    static struct app ap;
    struct tcpip_limits lim_a;
    struct tw_wire w;
    struct tcp_listener *l;
    tcpip_ns start, limit;
    unsigned long steps = 0, broken = 0;
    int rc;

    memset(&ap, 0, sizeof ap);
    ap.total = total;
    tcpip_limits_default(&lim_a);
    lim_a.tcp_buffer_memory = budget_a;
    max_snd_size = 0;
    th_init(&a, TH_ADDR, &lim_a, seed * 3 + 1);
    a.st.env.buffer_room = room_a;
    th_init(&b, TH_PEER, NULL, seed * 5 + 2);
    tw_init(&w, &a, &b, seed);
    w.loss_pm = loss_pm;
    w.dup_pm = dup_pm;
    w.delay = delay;
    w.jitter = jitter;
    if (strip)
        memcpy(w.strip, strip, 4);
    tcp_listen(&a.st, 0, 80, 0, &l);
    rc = tcp_connect(&b.st, TH_ADDR, 80, &ap.cb);
    if (cubic)
        tcp_set_cubic(ap.cb, true);
    start = th_now(&a);
    limit = start + TCPIP_S(3600);
    while (th_now(&a) < limit && steps < 20000000) {
        tcpip_ns t;

        steps++;
        if (!ap.ca && tcp_accept(l, &ap.ca) == 0 && cubic)
            tcp_set_cubic(ap.ca, true);
        app_step(&ap);
        if (ap.ca && !ap.closed[0] && ap.ca->sndbuf.size > max_snd_size)
            max_snd_size = ap.ca->sndbuf.size;
        if (th_state_sum(&a) != tcp_connection_count(&a.st) + 1 ||
            th_state_sum(&b) != tcp_connection_count(&b.st))
            broken++;
        tw_collect(&w);
        if (tw_deliver(&w))
            continue;
        if (ap.closed[0] && ap.closed[1] && tcp_connection_count(&a.st) == 0 &&
            tcp_connection_count(&b.st) == 0)
            break;
        t = tw_next_event(&w);
        if (t == TCPIP_NEVER)
            break;
        if (t > th_now(&a))
            a.now_own = t;
    }
    if (getenv("TCP_TEST_VERBOSE")) {
        int k;

        for (k = 0; k < 2; k++) {
            struct tcp_conn *c = k ? ap.cb : ap.ca;

            if (!c || ap.closed[k])
                continue;
            printf("# side %d: state %d una %u nxt %u max %u sndlen %zu "
                   "wnd %u cwnd %u ssth %u rexmt %llu persist %llu delack "
                   "%llu rcv_nxt %u rcvlen %zu nooo %u rec %d sml %u "
                   "nsacked %u err %d\n",
                   k, c->state, c->snd_una, c->snd_nxt, c->snd_max,
                   c->sndbuf.len, c->snd_wnd, c->cwnd, c->ssthresh,
                   (unsigned long long)c->t_rexmt,
                   (unsigned long long)c->t_persist,
                   (unsigned long long)c->t_delack, c->rcv_nxt, c->rcvbuf.len,
                   c->nooo, c->in_recovery, c->snd_sml, c->nsacked, c->error);
        }
        printf("# now %llu steps %lu wire %zu\n",
               (unsigned long long)th_now(&a), steps, w.n);
    }
    TAP_OK(rc == 0 && ap.got[0] == total && ap.got[1] == total && !ap.bad[0] &&
               !ap.bad[1],
           "%s: %llu bytes each way, intact (got %llu/%llu, %.1f s "
           "simulated)",
           name, (unsigned long long)total, (unsigned long long)ap.got[0],
           (unsigned long long)ap.got[1], (double)(th_now(&a) - start) / 1e9);
    TAP_OK(ap.eof[0] && ap.eof[1], "%s: both read the end of stream", name);
    TAP_OK(tcp_connection_count(&a.st) == 0 &&
               tcp_connection_count(&b.st) == 0 && th_state_sum(&a) == 1 &&
               th_state_sum(&b) == 0,
           "%s: both tables empty after TIME_WAIT (%u, %u)", name,
           tcp_connection_count(&a.st), tcp_connection_count(&b.st));
    TAP_OK(a.bad_csums == 0 && b.bad_csums == 0, "%s: every checksum right",
           name);
    TAP_OK(broken == 0,
           "%s: state counters sum to the connections at every step (%lu)",
           name, broken);
    TAP_OK(a.st.tcp->ring_bytes == 0 && b.st.tcp->ring_bytes == 0,
           "%s: the buffers' count is back to 0 (%zu, %zu)", name,
           a.st.tcp->ring_bytes, b.st.tcp->ring_bytes);
    TAP_DIAG("%s: %lu segments, %lu lost, %lu duplicated; A: %llu rexmt, "
             "%llu fast, %llu sack rec, %llu rto; B: %llu rexmt, %llu fast, "
             "%llu sack rec, %llu rto",
             name, w.sent, w.lost, w.duped,
             (unsigned long long)a.st.stats.tcp.retransmits,
             (unsigned long long)a.st.stats.tcp.fast_retransmits,
             (unsigned long long)a.st.stats.tcp.sack_recoveries,
             (unsigned long long)a.st.stats.tcp.rto_expiries,
             (unsigned long long)b.st.stats.tcp.retransmits,
             (unsigned long long)b.st.stats.tcp.fast_retransmits,
             (unsigned long long)b.st.stats.tcp.sack_recoveries,
             (unsigned long long)b.st.stats.tcp.rto_expiries);
    rto_a = a.st.stats.tcp.rto_expiries;
    tcp_listener_close(l);
    tw_fini(&w);
    th_fini(&a);
    th_fini(&b);
}

int main(void)
{
    static const uint8_t no_sack[4] = {4, 0, 0, 0};
    static const uint8_t none[4] = {2, 3, 4, 8};

    tap_alarm(600);
    scenario("clean", 10u << 20, 0, 0, TCPIP_MS(5), 0, NULL, false, 1);
    scenario("10% loss", 10u << 20, 100, 0, TCPIP_MS(10), TCPIP_MS(2), NULL,
             false, 2);
    scenario("reordering, 2% duplicates, 1% loss", 4u << 20, 10, 20,
             TCPIP_MS(5), TCPIP_MS(20), NULL, false, 3);
    scenario("3% loss, no SACK (NewReno)", 4u << 20, 30, 0, TCPIP_MS(10),
             TCPIP_MS(1), no_sack, false, 4);
    scenario("3% loss, no options at all", 2u << 20, 30, 5, TCPIP_MS(10),
             TCPIP_MS(3), none, false, 5);
    scenario("CUBIC, 1% loss", 4u << 20, 10, 0, TCPIP_MS(20), 0, NULL, true, 6);
    /* lim.tcp_buffer_memory: A's buffers may hold 24 KiB in all (its
       receive buffer takes its share first): its send buffer stops
       growing there and its writes wait for ACKs instead of failing */
    budget_a = 24 * 1024;
    scenario("A's buffers within 24 KiB, 1% loss", 2u << 20, 10, 0, TCPIP_MS(5),
             0, NULL, false, 7);
    TAP_OK(max_snd_size > 0 && max_snd_size <= 16 * 1024,
           "and A's send buffer stayed within them (at most %zu bytes, not "
           "the 64 KiB of lim.tcp_send_buffer)",
           max_snd_size);
    /* no room at all: A's send buffer keeps its first 2 KiB and the
       transfer goes on, a buffer's worth per round trip, without a timeout
       (the peer's delayed ACK comes well before A's RTO) */
    budget_a = 0;
    scenario("A's buffers full already, clean", 256u << 10, 0, 0, TCPIP_MS(5),
             0, NULL, false, 8);
    TAP_OK(max_snd_size == TCP_RING_MIN && rto_a == 0,
           "and A sent from its first %u bytes (at most %zu), with no "
           "timeout (%llu)",
           TCP_RING_MIN, max_snd_size, (unsigned long long)rto_a);
    budget_a = SIZE_MAX;
    room_a = no_room;
    scenario("the owner's buffer_room says 0", 256u << 10, 0, 0, TCPIP_MS(5), 0,
             NULL, false, 9);
    TAP_OK(max_snd_size == TCP_RING_MIN,
           "and A's send buffer kept its first %u bytes (at most %zu)",
           TCP_RING_MIN, max_snd_size);
    room_a = NULL;
    scenario("no bound: the same", 2u << 20, 10, 0, TCPIP_MS(5), 0, NULL, false,
             7);
    TAP_OK(max_snd_size == 64 * 1024,
           "and A's send buffer grew to lim.tcp_send_buffer (%zu bytes)",
           max_snd_size);
    return tap_done();
}
