/* SPDX-License-Identifier: ISC */
/* test_tcp_data.c: data both ways: reassembly and SACK blocks, delayed
 * ACKs, Nagle, window scaling, the window closing and reopening, zero-window
 * probes, memory bounds, shutdown of reading, keep-alive. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcp_harness.h"

static struct th h;
static struct tcp_listener *lst;
static uint8_t pat[200000];

static struct tcp_conn *setup(struct th_peer *p, uint16_t port, bool opts)
{
    th_init(&h, TH_ADDR, NULL, port);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    th_peer_init(p, port, 80, 1000);
    return th_open_passive(&h, lst, p, opts);
}

static void teardown(struct tcp_conn *c)
{
    if (c)
        tcp_abort(c);
    tcp_listener_close(lst);
    th_fini(&h);
}

/* The peer sends (len) bytes of the pattern from offset (off) at its seq
   (off from its base), without moving its seq. */
static void send_at(struct th_peer *p, uint32_t base, size_t off, size_t len,
                    uint8_t flags)
{
    uint32_t keep = p->seq;

    p->seq = base + (uint32_t)off;
    th_peer_send(&h, p, flags, pat + off, len);
    p->seq = keep;
}

static void delayed_acks(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7001, false);
    struct th_seg g;
    tcpip_ns t;

    t = th_now(&h);
    th_peer_send(&h, &p, TH_ACK, pat, 536);
    TAP_OK(!th_pop(&h, &g), "one segment: no ACK at once");
    th_advance(&h, TCPIP_MS(39));
    TAP_OK(!th_pop(&h, &g), "nor 39 ms later");
    th_advance(&h, TCPIP_MS(1));
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.ack == p.seq &&
               g.when - t == TCPIP_MS(40),
           "the delayed ACK at 40 ms");
    th_peer_send(&h, &p, TH_ACK, pat, 536);
    TAP_OK(!th_pop(&h, &g), "the next: held");
    th_peer_send(&h, &p, TH_ACK, pat, 536);
    TAP_OK(th_pop(&h, &g) && g.ack == p.seq && !th_pop(&h, &g),
           "the second full-sized segment: ACKed at once");
    th_advance(&h, TCPIP_S(1));
    TAP_OK(!th_pop(&h, &g), "no stray ACK later");
    teardown(c);
}

static void reassembly(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7002, true);
    static uint8_t got[20000];
    struct th_seg g;
    uint32_t base = p.seq;
    const size_t m = 1448;
    int n;

    /* segments 0..5 of 1448: send 1, 3 (holes at 0 and 2), then 4, 0, 2 */
    send_at(&p, base, 1 * m, m, TH_ACK);
    TAP_OK(th_pop(&h, &g) && g.ack == base && g.nsack == 1 &&
               g.sack[0][0] == base + m && g.sack[0][1] == base + 2 * m,
           "out of order: immediate ACK with its SACK block");
    send_at(&p, base, 3 * m, m, TH_ACK);
    TAP_OK(th_pop(&h, &g) && g.ack == base && g.nsack == 2 &&
               g.sack[0][0] == base + 3 * m && g.sack[1][0] == base + m,
           "a second hole: the newest block first");
    send_at(&p, base, 4 * m, m, TH_ACK);
    TAP_OK(th_pop(&h, &g) && g.nsack == 2 && g.sack[0][0] == base + 3 * m &&
               g.sack[0][1] == base + 5 * m,
           "adjacent data merges into the block");
    TAP_OK(tcp_recv(c, got, sizeof got) == -EAGAIN, "nothing readable");
    send_at(&p, base, 0, m, TH_ACK);
    TAP_OK(th_pop(&h, &g) && g.ack == base + 2 * m && g.nsack == 1 &&
               g.sack[0][0] == base + 3 * m,
           "first hole filled: ACK at once up to the next hole");
    send_at(&p, base, 2 * m, m, TH_ACK);
    TAP_OK(th_pop(&h, &g) && g.ack == base + 5 * m && g.nsack == 0,
           "last hole: everything acknowledged, no SACK");
    n = tcp_recv(c, got, sizeof got);
    TAP_OK(n == (int)(5 * m) && !memcmp(got, pat, 5 * m),
           "5 segments read in order, intact (%d)", n);
    /* overlapping and duplicate data */
    send_at(&p, base, 5 * m - 100, 300, TH_ACK);
    send_at(&p, base, 5 * m, 200, TH_ACK);
    n = tcp_recv(c, got, sizeof got);
    TAP_OK(n == 200 && !memcmp(got, pat + 5 * m, 200),
           "overlaps trimmed, duplicates ignored (%d)", n);
    /* a FIN out of order waits for the data before it */
    send_at(&p, base, 5 * m + 400, 100, TH_ACK | TH_FIN);
    TAP_OK(h.st.stats.tcp.state[TCP_ESTABLISHED] == 1,
           "FIN beyond a hole: still ESTABLISHED");
    send_at(&p, base, 5 * m + 200, 200, TH_ACK);
    th_drain(&h);
    TAP_OK(h.st.stats.tcp.state[TCP_CLOSE_WAIT] == 1,
           "hole filled: the FIN taken, CLOSE_WAIT");
    n = tcp_recv(c, got, sizeof got);
    TAP_OK(n == 300 && !memcmp(got, pat + 5 * m + 200, 300) &&
               tcp_recv(c, got, 1) == 0,
           "the rest, then the end of stream");
    teardown(c);
}

static void receive_window(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7003, true);
    static uint8_t got[70000];
    struct th_seg g;
    uint32_t base = p.seq, off = 0;
    unsigned rounds = 0;

    /* fill 64 KiB: the window goes to 0 */
    while (off < 65536 && rounds++ < 100) {
        size_t len = 65536 - off < 1448 ? 65536 - off : 1448;

        send_at(&p, base, off, len, TH_ACK);
        off += (uint32_t)len;
    }
    th_advance(&h, TCPIP_MS(40)); /* the last delayed ACK */
    g.win = 1;
    while (th_pop(&h, &g))
        ;
    TAP_OK(g.ack == base + 65536 && g.win == 0,
           "64 KiB unread: window 0 (ack %u, win %u)", g.ack - base, g.win);
    send_at(&p, base, 65536, 100, TH_ACK);
    TAP_OK(th_pop(&h, &g) && g.ack == base + 65536 && g.win == 0,
           "data into the closed window: dropped, ACKed");
    TAP_OK(tcp_recv(c, got, 1000) == 1000, "the reader takes 1000 bytes");
    TAP_OK(!th_pop(&h, &g), "no window update for less than an MSS (SWS)");
    TAP_OK(tcp_recv(c, got, 40000) == 40000, "then 40000");
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.win == 41000 >> 1,
           "a window update at once: 41000 bytes (%u << 1)", g.win);
    TAP_OK(tcp_recv(c, got, sizeof got) == 65536 - 41000, "the rest read");
    th_drain(&h);
    /* the right edge never moves left */
    send_at(&p, base, 65536, 1448, TH_ACK);
    th_advance(&h, TCPIP_MS(40));
    TAP_OK(th_pop(&h, &g) && g.ack == base + 65536 + 1448 &&
               (uint32_t)(g.ack + (g.win << 1)) >= base + 41000 + 65536 - 0,
           "the window's right edge only moves right");
    teardown(c);
}

static void window_scaling_send(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7004, true);
    struct th_seg g;
    size_t sent = 0;

    p.win = 20; /* << 7: 2560 bytes */
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    tcp_send(c, pat, 5000);
    while (th_pop(&h, &g))
        sent += g.len;
    TAP_OK(sent == 1448,
           "peer window 20 << 7 = 2560: one full segment; the 1112 left "
           "wait (sender SWS: below half the largest window) (%zu)",
           sent);
    p.ack += 1448;
    p.win = 8; /* 1024 */
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(!th_pop(&h, &g), "a 1024-byte window: still waiting");
    th_advance(&h, TCPIP_MS(200));
    TAP_OK(th_pop(&h, &g) && g.len == 1024,
           "the persist timer sends what the window takes (%zu)", g.len);
    TAP_OK(!th_pop(&h, &g), "never beyond the window");
    teardown(c);
}

static void zero_window(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7005, false);
    struct th_seg g;
    tcpip_ns t0, when[6];
    unsigned n = 0, i;
    uint32_t una = p.ack;

    p.win = 0;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(tcp_send(c, pat, 3000) == 3000, "data queued");
    TAP_OK(!th_pop(&h, &g), "zero window: nothing sent");
    t0 = th_now(&h);
    for (i = 0; i < 5; i++) {
        th_advance_to(&h, th_next_deadline(&h));
        if (th_pop(&h, &g) && n < 6) {
            when[n++] = g.when - t0;
            if (g.len != 1 || g.seq != una)
                break;
            th_peer_send(&h, &p, TH_ACK, NULL, 0); /* still 0 */
        }
    }
    TAP_OK(n == 5, "5 one-byte probes at SND.UNA (%u)", n);
    TAP_OK(n == 5 && when[0] == TCPIP_MS(200) && when[1] == TCPIP_MS(600) &&
               when[2] == TCPIP_MS(1400) && when[3] == TCPIP_MS(3000) &&
               when[4] == TCPIP_MS(6200),
           "backing off from the RTO (200 ms): at 0.2, 0.6, 1.4, 3.0, 6.2 s "
           "(%llu ms, %llu ms)",
           (unsigned long long)(when[0] / 1000000),
           (unsigned long long)(when[1] / 1000000));
    TAP_OK(h.st.stats.tcp.zero_window_probes == 5 && tcp_conn_status(c) == 0,
           "counted; the connection lives while the peer answers");
    p.win = 65535;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    {
        size_t sent = 0;

        while (th_pop(&h, &g))
            sent += g.len;
        TAP_OK(sent == 3000, "window open: everything sent (%zu)", sent);
    }
    teardown(c);
}

static void nagle(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7006, false);
    struct th_seg g;

    tcp_send(c, "a", 1);
    TAP_OK(th_pop(&h, &g) && g.len == 1, "a small segment goes at once");
    tcp_send(c, "b", 1);
    tcp_send(c, "c", 1);
    TAP_OK(!th_pop(&h, &g), "the next small ones wait (Nagle)");
    p.ack += 1;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(th_pop(&h, &g) && g.len == 2 && !memcmp(g.data, "bc", 2),
           "the ACK releases them together");
    p.ack += 2;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    tcp_set_nodelay(c, true);
    tcp_send(c, "d", 1);
    tcp_send(c, "e", 1);
    TAP_OK(th_pop(&h, &g) && g.len == 1 && th_pop(&h, &g) && g.len == 1,
           "no-delay: each goes at once");
    p.ack += 2;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    tcp_set_nodelay(c, false);
    th_drain(&h);
    /* full segments are never held back, nor the tail after them */
    tcp_send(c, pat, 536 * 2 + 10);
    TAP_OK(th_pop(&h, &g) && g.len == 536 && th_pop(&h, &g) && g.len == 536 &&
               th_pop(&h, &g) && g.len == 10,
           "full segments and the tail go (Minshall)");
    teardown(c);
}

static void memory_bounds(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7007, false);
    size_t total = 0;
    int n;

    p.win = 0;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    while ((n = tcp_send(c, pat, 10000)) > 0)
        total += (size_t)n;
    TAP_OK(total == 65536 && n == -EAGAIN,
           "a peer that never reads: 64 KiB taken, then -EAGAIN (%zu)", total);
    p.win = 65535;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    th_drain(&h);
    p.ack += 1000;
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    TAP_OK(tcp_send(c, pat, 10000) == 1000,
           "1000 bytes acknowledged: room for 1000 more");
    th_drain(&h);
    teardown(c);
}

static void read_shutdown(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7008, false);
    struct th_seg g;
    char buf[8];

    th_peer_send(&h, &p, TH_ACK, "abc", 3);
    TAP_OK(tcp_shutdown(c, 1) == 0, "shutdown(read)");
    TAP_OK(tcp_recv(c, buf, sizeof buf) == 0, "recv: 0");
    th_drain(&h);
    th_peer_send(&h, &p, TH_ACK, pat, 536);
    th_peer_send(&h, &p, TH_ACK, pat, 536);
    TAP_OK(th_pop(&h, &g) && g.ack == p.seq && g.win == 65535,
           "later data acknowledged and discarded, window whole");
    TAP_OK(tcp_send(c, "x", 1) == 1, "writing still works");
    teardown(c);
}

static void keepalive(void)
{
    struct th_peer p;
    struct tcp_conn *c = setup(&p, 7009, false);
    struct th_seg g;
    tcpip_ns t0 = th_now(&h);

    TAP_OK(tcp_set_keepalive(c, true, TCPIP_MS(10), 0, 0) == -EINVAL,
           "idle below 1 s: -EINVAL");
    TAP_OK(tcp_set_keepalive(c, true, TCPIP_S(10), TCPIP_S(2), 3) == 0,
           "keep-alive: 10 s, 2 s, 3");
    th_advance(&h, TCPIP_S(10));
    TAP_OK(th_pop(&h, &g) && g.flags == TH_ACK && g.len == 0 &&
               g.seq == p.ack - 1 && g.when - t0 == TCPIP_S(10),
           "a probe after 10 s idle, SEG.SEQ = SND.UNA - 1");
    th_peer_send(&h, &p, TH_ACK, NULL, 0);
    t0 = th_now(&h);
    th_advance(&h, TCPIP_S(9));
    TAP_OK(!th_pop(&h, &g), "answered: quiet for another 10 s");
    th_advance(&h, TCPIP_S(1));
    TAP_OK(th_pop(&h, &g), "probe");
    th_advance(&h, TCPIP_S(2));
    TAP_OK(th_pop(&h, &g), "probe 2 s later");
    th_advance(&h, TCPIP_S(2));
    TAP_OK(th_pop(&h, &g) && tcp_conn_status(c) == 0, "probe 3");
    th_advance(&h, TCPIP_S(2));
    TAP_OK(tcp_conn_status(c) == -ETIMEDOUT, "3 unanswered: -ETIMEDOUT");
    TAP_OK(h.st.stats.tcp.keepalive_probes == 4, "4 probes counted");
    tcp_close(c);
    TAP_OK(tcp_connection_count(&h.st) == 0, "freed");
    teardown(NULL);
}

/* The peer's sequence numbers wrap around 2^32 in the middle of the data,
   out of order at that. */
static void sequence_wrap(void)
{
    struct th_peer p;
    struct tcp_conn *c;
    static uint8_t got[20000];
    struct th_seg g;
    uint32_t base;
    int n;

    th_init(&h, TH_ADDR, NULL, 7010);
    tcp_listen(&h.st, 0, 80, 0, &lst);
    th_peer_init(&p, 7010, 80, 0xffffffffu - 3000);
    c = th_open_passive(&h, lst, &p, true);
    base = p.seq;
    send_at(&p, base, 4000, 1448, TH_ACK); /* past the wrap */
    TAP_OK(th_pop(&h, &g) && g.ack == base && g.nsack == 1 &&
               g.sack[0][0] == base + 4000 && g.sack[0][0] < 5000,
           "out of order beyond 2^32: SACKed with wrapped numbers");
    send_at(&p, base, 0, 1448, TH_ACK);
    send_at(&p, base, 1448, 1448, TH_ACK);
    send_at(&p, base, 2896, 1104, TH_ACK); /* crosses 2^32 */
    th_advance(&h, TCPIP_MS(40));
    g.ack = 0;
    while (th_pop(&h, &g))
        ;
    TAP_OK(g.ack == base + 5448, "all acknowledged across the wrap (%u)",
           g.ack);
    n = tcp_recv(c, got, sizeof got);
    TAP_OK(n == 5448 && !memcmp(got, pat, 5448), "read in order (%d)", n);
    teardown(c);
}

int main(void)
{
    size_t i;

    tap_alarm(60);
    for (i = 0; i < sizeof pat; i++)
        pat[i] = (uint8_t)(i * 7 + (i >> 8));
    delayed_acks();
    reassembly();
    receive_window();
    window_scaling_send();
    zero_window();
    nagle();
    memory_bounds();
    read_shutdown();
    keepalive();
    sequence_wrap();
    return tap_done();
}
