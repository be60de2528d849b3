/* SPDX-License-Identifier: ISC */
/* test_tcp_rr.c: requests and answers on one kept connection, the engine
 * answering as lib/http writes (4,096 bytes at a time) to a client that
 * delays its ACKs as Linux does: with no-delay every answer leaves whole at
 * once; with Nagle a small tail waits behind a small unacknowledged
 * segment for the client's delayed ACK; cwnd, never filled, does not grow
 * past twice an answer. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"
#include "tcp_int.h"

#define US(x)  ((tcpip_ns)(x)*1000u)
#define WIRE   US(25)       /* one way, each segment */
#define DELACK TCPIP_MS(40) /* Linux's delayed ACK */
#define HEAD   237u         /* an answer's head (static_website's 206) */
#define PIECE  4096u        /* lib/http's output buffer */
#define SMSS   1448u        /* MSS 1460 less the timestamps */
#define REQ    57u

static struct th h;
static struct tcp_listener *lst;
static uint8_t pat[65536];

/*
 * The client, in Linux's interactive mode: it ACKs at once only when more
 * than one full segment is unacknowledged (or data comes out of order),
 * else 40 ms later; the request it sends 30 us after an answer's last
 * byte carries the ACK.
 */
struct client {
    struct th_peer p;
    uint32_t wup;     /* the last ACK sent */
    uint32_t end;     /* the current answer's last byte + 1 */
    tcpip_ns delack;  /* TCPIP_NEVER: none due */
    tcpip_ns request; /* when the next request goes (TCPIP_NEVER: none) */
    bool waited;      /* the delayed ACK fired during this answer */
    size_t got;       /* answer bytes received in order */
};

/* Segments sent by the engine, on their way to the client. */
static struct th_seg wire[256];
static size_t nwire;

static void client_ack(struct client *k)
{
    th_peer_send(&h, &k->p, TH_ACK, NULL, 0);
    k->wup = k->p.ack;
    k->delack = TCPIP_NEVER;
}

static void client_rcv(struct client *k, const struct th_seg *g)
{
    if (g->ts)
        k->p.tsecr = g->tsval;
    if (!g->len)
        return;
    if (g->seq != k->p.ack) {
        client_ack(k);
        return;
    }
    k->p.ack += (uint32_t)g->len;
    k->got += g->len;
    if (k->p.ack == k->end)
        k->request = th_now(&h) + US(30);
    if (k->p.ack - k->wup > SMSS)
        client_ack(k);
    else if (k->delack == TCPIP_NEVER)
        k->delack = th_now(&h) + DELACK;
}

/* The engine's side of a request: reads it, writes the answer (HEAD +
   (body) bytes) PIECE bytes at a time. False if a call fell short. */
static bool serve(struct tcp_conn *c, size_t body)
{
    uint8_t req[REQ];
    size_t left = HEAD + body, off = 0;

    if (tcp_recv(c, req, sizeof req) != (int)REQ)
        return false;
    while (left) {
        size_t n = left < PIECE ? left : PIECE;

        if (tcp_send(c, pat + off, n) != (int)n)
            return false;
        off += n;
        left -= n;
    }
    return true;
}

/* How the engine's congestion control starts the exchanges. */
enum cc_start {
    SLOW_START, /* as a new connection: cwnd IW, no ssthresh */
    RENO_CA,    /* congestion avoidance at IW, as after a loss */
    CUBIC_CA    /* the same with CUBIC */
};

/* The cwnd of the last connection exchanges() ran, at its end. */
static uint32_t last_cwnd;

/*
 * (count) exchanges of answers of (body) bytes on a new connection, Nagle
 * on or off; returns how many waited for the client's delayed ACK, or -1
 * if the exchanges did not all complete with every byte (diagnosed).
 */
static int exchanges_cc(size_t body, int count, bool nodelay, enum cc_start cc,
                        tcpip_ns *took)
{
    static uint8_t req[REQ];
    struct client k;
    struct tcp_conn *c;
    struct th_seg g;
    int done = -1, waits = 0;
    tcpip_ns t0;

    memset(&k, 0, sizeof k);
    th_init(&h, TH_ADDR, NULL, 11);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    th_peer_init(&k.p, 5555, 80, 1000);
    k.p.win = 502; /* 64,256 bytes with Linux's scale */
    c = th_open_passive(&h, lst, &k.p, true);
    if (!c) {
        tcp_listener_close(lst);
        th_fini(&h);
        return -1;
    }
    tcp_set_nodelay(c, nodelay);
    if (cc == CUBIC_CA)
        tcp_set_cubic(c, true);
    if (cc != SLOW_START)
        c->ssthresh = c->cwnd;
    k.wup = k.p.ack;
    k.delack = TCPIP_NEVER;
    k.request = th_now(&h);
    nwire = 0;
    t0 = th_now(&h);
    while (done < count && th_now(&h) - t0 < TCPIP_S(600)) {
        tcpip_ns next = th_next_deadline(&h);

        while (nwire < sizeof wire / sizeof wire[0] && th_pop(&h, &g))
            wire[nwire++] = g;
        if (nwire && wire[0].when + WIRE < next)
            next = wire[0].when + WIRE;
        if (k.delack < next)
            next = k.delack;
        if (k.request < next)
            next = k.request;
        if (next == TCPIP_NEVER)
            break;
        if (next > th_now(&h))
            th_advance_to(&h, next);
        if (nwire && wire[0].when + WIRE <= th_now(&h)) {
            g = wire[0];
            memmove(wire, wire + 1, --nwire * sizeof g);
            client_rcv(&k, &g);
        } else if (k.delack <= th_now(&h)) {
            k.waited = true;
            client_ack(&k);
        } else if (k.request <= th_now(&h)) {
            if (done >= 0 && k.waited)
                waits++;
            done++;
            if (done == count)
                break;
            k.request = TCPIP_NEVER;
            k.waited = false;
            th_peer_send(&h, &k.p, TH_ACK | TH_PSH, req, sizeof req);
            k.wup = k.p.ack;
            k.delack = TCPIP_NEVER;
            k.end = k.p.ack + (uint32_t)(HEAD + body);
            th_advance(&h, WIRE);
            if (!serve(c, body)) {
                printf("# the engine took the request or the answer short\n");
                break;
            }
        }
        /* else an engine timer, which th_advance_to ran */
    }
    *took = th_now(&h) - t0;
    last_cwnd = c->cwnd;
    printf("# %zu + %u bytes, %s: cwnd %u bytes after %d exchanges\n", body,
           HEAD, nodelay ? "no-delay" : "Nagle", (unsigned)c->cwnd, done);
    if (done != count || k.got != (size_t)count * (HEAD + body)) {
        printf("# %d exchanges of %d, %zu bytes\n", done, count, k.got);
        waits = -1;
    }
    tcp_abort(c);
    tcp_listener_close(lst);
    th_fini(&h);
    return waits;
}

/* exchanges_cc() from slow start. */
static int exchanges(size_t body, int count, bool nodelay, tcpip_ns *took)
{
    return exchanges_cc(body, count, nodelay, SLOW_START, took);
}

/* Opens a connection with timestamps (segments of 1,448 bytes) whose peer
   has sent a request. */
static struct tcp_conn *open_asked(struct th_peer *p, uint16_t port)
{
    static uint8_t req[REQ];
    struct tcp_conn *c;

    th_init(&h, TH_ADDR, NULL, port);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    th_peer_init(p, port, 80, 1000);
    p->win = 502;
    c = th_open_passive(&h, lst, p, true);
    if (c)
        th_peer_send(&h, p, TH_ACK | TH_PSH, req, sizeof req);
    return c;
}

static void close_asked(struct tcp_conn *c)
{
    if (c)
        tcp_abort(c);
    tcp_listener_close(lst);
    th_fini(&h);
}

/* Pops the next segment's payload length, -1 if none. */
static long next_len(struct th_peer *p)
{
    struct th_seg g;

    if (!th_pop(&h, &g))
        return -1;
    if (g.ts)
        p->tsecr = g.tsval;
    return (long)g.len;
}

/* An answer of 5,237 bytes written as 4,096 + 1,141: the segments. */
static void two_writes(void)
{
    struct th_peer p;
    struct tcp_conn *c = open_asked(&p, 6001);
    long a, b, s, d;

    tcp_set_nodelay(c, true);
    tcp_send(c, pat, PIECE);
    a = next_len(&p);
    b = next_len(&p);
    s = next_len(&p);
    TAP_OK(a == SMSS && b == SMSS && s == 1200 && next_len(&p) == -1,
           "4,096 bytes written: 1,448 + 1,448 + 1,200 at once");
    tcp_send(c, pat + PIECE, 1141);
    d = next_len(&p);
    TAP_OK(d == 1141 && next_len(&p) == -1,
           "no-delay: the next 1,141 bytes go at once, 1,200 of the last "
           "segment unacknowledged (RFC 1122 4.2.3.4 (2))");
    close_asked(c);

    c = open_asked(&p, 6002);
    tcp_send(c, pat, PIECE);
    a = next_len(&p);
    b = next_len(&p);
    s = next_len(&p);
    tcp_send(c, pat + PIECE, 1141);
    TAP_OK(a == SMSS && b == SMSS && s == 1200 && next_len(&p) == -1,
           "Nagle: the 1,141 bytes wait behind the small segment not yet "
           "acknowledged (Minshall)");
    p.ack += 2 * SMSS;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(next_len(&p) == -1, "the ACK of the two full segments: still "
                               "waiting");
    th_advance(&h, DELACK);
    p.ack += 1200;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(next_len(&p) == 1141 && next_len(&p) == -1,
           "the client's delayed ACK of the 1,200 bytes releases them");
    close_asked(c);
}

/* Kept-alive exchanges of answers of several sizes. */
static void sizes(void)
{
    static const size_t body[] = {1000, 3000, 4500,  5000, 5500,
                                  6000, 9000, 20000, 40000};
    size_t i;
    tcpip_ns took;
    int w;
    bool held = true;

    for (i = 0; i < sizeof body / sizeof body[0]; i++) {
        uint32_t most = 2 * (HEAD + (uint32_t)body[i]) + 2 * SMSS;

        w = exchanges(body[i], 50, true, &took);
        TAP_OK(w == 0,
               "no-delay, answers of %zu + %u bytes: 50 exchanges, none waits "
               "for the client's delayed ACK (%d; %.1f ms in all)",
               body[i], HEAD, w, (double)took / 1e6);
        if (body[i] == 5000)
            TAP_OK(last_cwnd == 10 * SMSS,
                   "slow start, 50 answers of 5,237 bytes: never half of cwnd "
                   "in flight, so it stays the initial window, 14,480 (%u)",
                   last_cwnd);
        /* slow start grows cwnd while the flight is at least half of it:
           to twice an answer, and one ACK's step (2 SMSS) */
        if (last_cwnd > (most > 10 * SMSS ? most : 10 * SMSS))
            held = false;
    }
    TAP_OK(held, "every size: cwnd ends within max(IW, twice the answer + 2 "
                 "SMSS) (RFC 9438 5.8, RFC 7661)");
    w = exchanges_cc(5000, 50, true, RENO_CA, &took);
    TAP_OK(w == 0 && last_cwnd == 10 * SMSS,
           "congestion avoidance at 14,480: 50 answers of 5,237 bytes leave "
           "it there (%d, %u)",
           w, last_cwnd);
    w = exchanges_cc(5000, 50, true, CUBIC_CA, &took);
    TAP_OK(w == 0 && last_cwnd == 10 * SMSS, "the same with CUBIC (%d, %u)", w,
           last_cwnd);
    /* why lib/http turns Nagle off: a tail written after a small segment
       waits for the client's delayed ACK, every time */
    w = exchanges(5000, 20, false, &took);
    TAP_OK(w == 20,
           "Nagle, 5,237-byte answers (4,096 + 1,141 written): each of 20 "
           "waits for the delayed ACK (%d; %.1f ms in all)",
           w, (double)took / 1e6);
    w = exchanges(6000, 20, false, &took);
    TAP_OK(w == 0,
           "Nagle, 6,237 bytes (4,096 + 2,141): a full segment before the "
           "tail, whose ACK comes at once, releases it (%d)",
           w);
}

int main(void)
{
    size_t i;

    tap_alarm(60);
    for (i = 0; i < sizeof pat; i++)
        pat[i] = (uint8_t)(i * 7 + (i >> 8));
    two_writes();
    sizes();
    return tap_done();
}
