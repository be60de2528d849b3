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

/* A segment on its way. */
struct pkt {
    tcpip_ns at;
    uint64_t order; /* ties go in sending order */
    int to;         /* 0: engine A, 1: engine B */
    uint32_t src, dst;
    size_t len;
    uint8_t *bytes;
};

#define WIRE_MAX 20000

struct wire {
    unsigned loss_pm, dup_pm; /* per mille */
    tcpip_ns delay, jitter;
    uint8_t strip[4]; /* SYN option kinds removed on the way (0: none) */
    uint64_t rng;
    struct pkt *p;
    size_t n;
    unsigned long sent, lost, duped;
    uint64_t order;
};

static struct th a, b;

static uint64_t rnd(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
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

/* Removes the listed options from a SYN (NOPs in their place), fixing the
   checksum: a peer that does not offer them. */
static void strip_options(struct wire *w, uint8_t *p, size_t len, uint32_t src,
                          uint32_t dst)
{
    size_t doff = (size_t)(p[12] >> 4) * 4, i = 20;
    uint16_t sum;

    if (!(p[13] & TH_SYN) || !w->strip[0])
        return;
    while (i < doff) {
        uint8_t k = p[i], ol;
        unsigned j;
        bool kill = false;

        if (k == 0)
            break;
        if (k == 1) {
            i++;
            continue;
        }
        ol = p[i + 1];
        for (j = 0; j < 4; j++)
            if (w->strip[j] && w->strip[j] == k)
                kill = true;
        if (kill)
            memset(p + i, 1, ol);
        i += ol;
    }
    p[16] = p[17] = 0;
    sum = th_tcp_csum(src, dst, p, len);
    p[16] = (uint8_t)(sum >> 8);
    p[17] = (uint8_t)sum;
}

static void wire_put(struct wire *w, int to, const struct th_seg *g)
{
    struct pkt *k;

    if (w->n == WIRE_MAX)
        return; /* a full wire loses */
    k = &w->p[w->n++];
    k->at = th_now(&a) + w->delay + (w->jitter ? rnd(&w->rng) % w->jitter : 0);
    k->order = w->order++;
    k->to = to;
    k->src = g->src;
    k->dst = g->dst;
    k->len = g->rawlen;
    k->bytes = malloc(g->rawlen);
    memcpy(k->bytes, g->raw, g->rawlen);
    strip_options(w, k->bytes, k->len, k->src, k->dst);
}

/* Moves what the engines sent onto the wire, losing and duplicating. */
static void wire_collect(struct wire *w)
{
    static struct th_seg g;
    int from;

    for (from = 0; from < 2; from++) {
        struct th *h = from ? &b : &a;

        while (th_pop(h, &g)) {
            w->sent++;
            if (rnd(&w->rng) % 1000 < w->loss_pm) {
                w->lost++;
                continue;
            }
            wire_put(w, !from, &g);
            if (rnd(&w->rng) % 1000 < w->dup_pm) {
                w->duped++;
                wire_put(w, !from, &g);
            }
        }
    }
}

/* Delivers every segment due now (in order of arrival time). */
static bool wire_deliver(struct wire *w)
{
    bool any = false;

    for (;;) {
        size_t i, best = SIZE_MAX;
        struct pkt k;

        for (i = 0; i < w->n; i++)
            if (w->p[i].at <= th_now(&a) &&
                (best == SIZE_MAX || w->p[i].at < w->p[best].at ||
                 (w->p[i].at == w->p[best].at &&
                  w->p[i].order < w->p[best].order)))
                best = i;
        if (best == SIZE_MAX)
            return any;
        k = w->p[best];
        w->p[best] = w->p[--w->n];
        th_inject_raw(k.to ? &b : &a, k.src, k.dst, k.bytes, k.len);
        free(k.bytes);
        any = true;
    }
}

/* The next moment anything happens: a delivery or a timer. */
static tcpip_ns next_event(struct wire *w)
{
    tcpip_ns t = tcp_timers(&a.st, th_now(&a)), u;
    size_t i;

    u = tcp_timers(&b.st, th_now(&b));
    if (u < t)
        t = u;
    for (i = 0; i < w->n; i++)
        if (w->p[i].at < t)
            t = w->p[i].at;
    return t;
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
    struct wire w;
    struct tcp_listener *l;
    tcpip_ns start, limit;
    unsigned long steps = 0, broken = 0;
    int rc;

    memset(&w, 0, sizeof w);
    memset(&ap, 0, sizeof ap);
    w.loss_pm = loss_pm;
    w.dup_pm = dup_pm;
    w.delay = delay;
    w.jitter = jitter;
    if (strip)
        memcpy(w.strip, strip, 4);
    w.rng = seed;
    w.p = calloc(WIRE_MAX, sizeof *w.p);
    ap.total = total;
    th_init(&a, TH_ADDR, NULL, seed * 3 + 1);
    th_init(&b, TH_PEER, NULL, seed * 5 + 2);
    b.clock = &a.now_own;
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
        if (th_state_sum(&a) != tcp_connection_count(&a.st) + 1 ||
            th_state_sum(&b) != tcp_connection_count(&b.st))
            broken++;
        wire_collect(&w);
        if (wire_deliver(&w))
            continue;
        if (ap.closed[0] && ap.closed[1] && tcp_connection_count(&a.st) == 0 &&
            tcp_connection_count(&b.st) == 0)
            break;
        t = next_event(&w);
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
    tcp_listener_close(l);
    while (w.n)
        free(w.p[--w.n].bytes);
    free(w.p);
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
    return tap_done();
}
