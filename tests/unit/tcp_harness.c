/* SPDX-License-Identifier: ISC */
/* tcp_harness.c: segment writer and reader, fake clock and environment for
 * the TCP layer's unit tests (tcp_harness.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_harness.h"

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get16(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* RFC 1071, summed by 32-bit words of two bytes each, folded at the end. */
uint16_t th_tcp_csum(uint32_t src, uint32_t dst, const void *p, size_t len)
{
    const uint8_t *b = p;
    uint64_t sum = 0;
    size_t i;

    sum += src >> 16;
    sum += src & 0xffff;
    sum += dst >> 16;
    sum += dst & 0xffff;
    sum += 6;
    sum += len;
    for (i = 0; i < len; i++)
        sum += (i & 1) ? b[i] : (uint32_t)b[i] << 8;
    while (sum > 0xffff)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)(~sum & 0xffff);
}

/* --- the environment -------------------------------------------------- */

static int env_send_frame(void *ctx, const void *frame, size_t len)
{
    (void)ctx;
    (void)frame;
    (void)len;
    return 0;
}

static tcpip_ns env_now(void *ctx)
{
    return th_now(ctx);
}

static void env_random(void *ctx, void *buf, size_t len)
{
    struct th *h = ctx;
    uint8_t *p = buf;
    size_t i;

    for (i = 0; i < len; i++) {
        h->rng ^= h->rng << 13;
        h->rng ^= h->rng >> 7;
        h->rng ^= h->rng << 17;
        p[i] = (uint8_t)(h->rng >> 24);
    }
}

static void env_wake(void *ctx, struct mirage_cond *cond)
{
    struct th *h = ctx;

    (void)cond;
    h->wakes++;
}

static void env_timer_changed(void *ctx, tcpip_ns deadline)
{
    (void)ctx;
    (void)deadline;
}

static void env_log(void *ctx, int level, const char *msg)
{
    (void)ctx;
    (void)level;
    if (getenv("TCP_TEST_VERBOSE"))
        printf("# log: %s\n", msg);
}

void th_init(struct th *h, uint32_t addr, const struct tcpip_limits *lim,
             uint64_t seed)
{
    memset(h, 0, sizeof *h);
    h->clock = &h->now_own;
    h->now_own = TCPIP_S(1000);
    h->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
    h->q = calloc(TH_MAXQ, sizeof *h->q);
    if (!h->q)
        abort();
    h->st.env.ctx = h;
    h->st.env.send_frame = env_send_frame;
    h->st.env.now = env_now;
    h->st.env.random = env_random;
    h->st.env.wake = env_wake;
    h->st.env.timer_changed = env_timer_changed;
    h->st.env.log = env_log;
    h->st.cfg.mtu = 1500;
    h->st.cfg.addr = addr;
    h->st.cfg.prefix = 24;
    h->st.next_deadline = TCPIP_NEVER;
    if (lim) {
        h->st.lim = *lim;
    } else {
        h->st.lim.arp_entries = 64;
        h->st.lim.tcp_connections = 1024;
        h->st.lim.tcp_time_wait = 1024;
        h->st.lim.tcp_syn_queue = 256;
        h->st.lim.tcp_send_buffer = 65536;
        h->st.lim.tcp_receive_buffer = 65536;
        h->st.lim.tcp_buffer_memory = SIZE_MAX;
    }
    if (tcp_init(&h->st) != 0)
        abort();
}

void th_fini(struct th *h)
{
    tcp_fini(&h->st);
    free(h->q);
    h->q = NULL;
}

tcpip_ns th_now(struct th *h)
{
    return *h->clock;
}

tcpip_ns th_next_deadline(struct th *h)
{
    return tcp_timers(&h->st, th_now(h));
}

void th_advance_to(struct th *h, tcpip_ns t)
{
    tcpip_ns d;

    if (t == TCPIP_NEVER)
        return;
    d = tcp_timers(&h->st, th_now(h));
    while (d <= t) {
        if (d > th_now(h))
            *h->clock = d;
        d = tcp_timers(&h->st, th_now(h));
    }
    *h->clock = t;
    h->st.next_deadline = TCPIP_NEVER;
}

void th_advance(struct th *h, tcpip_ns d)
{
    th_advance_to(h, th_now(h) + d);
}

void th_spec_init(struct th_spec *s)
{
    memset(s, 0, sizeof *s);
    s->mss = -1;
    s->ws = -1;
    s->win = 65535;
}

/* Writes the options of (s) at (p); returns their length (a multiple of
   4). */
static size_t write_options(uint8_t *p, const struct th_spec *s)
{
    size_t n = 0;
    unsigned k;

    if (s->mss >= 0) {
        p[n++] = 2;
        p[n++] = 4;
        put16(p + n, (uint32_t)s->mss);
        n += 2;
    }
    if (s->ws >= 0) {
        p[n++] = 1;
        p[n++] = 3;
        p[n++] = 3;
        p[n++] = (uint8_t)s->ws;
    }
    if (s->sackok) {
        p[n++] = 1;
        p[n++] = 1;
        p[n++] = 4;
        p[n++] = 2;
    }
    if (s->ts) {
        p[n++] = 1;
        p[n++] = 1;
        p[n++] = 8;
        p[n++] = 10;
        put32(p + n, s->tsval);
        put32(p + n + 4, s->tsecr);
        n += 8;
    }
    if (s->nsack) {
        p[n++] = 1;
        p[n++] = 1;
        p[n++] = 5;
        p[n++] = (uint8_t)(2 + 8 * s->nsack);
        for (k = 0; k < s->nsack; k++) {
            put32(p + n, s->sack[k][0]);
            put32(p + n + 4, s->sack[k][1]);
            n += 8;
        }
    }
    while (n % 4)
        p[n++] = 0;
    return n;
}

void th_inject(struct th *h, const struct th_spec *s)
{
    static uint8_t buf[70000];
    size_t optlen = write_options(buf + 20, s), doff, total;
    uint16_t sum;

    if (optlen > 40) {
        fprintf(stderr, "th_inject: options too long\n");
        abort();
    }
    doff = 20 + optlen;
    put16(buf, s->sport);
    put16(buf + 2, s->dport);
    put32(buf + 4, s->seq);
    put32(buf + 8, s->ack);
    buf[12] = (uint8_t)((s->raw_doff ? s->raw_doff : doff) / 4 << 4);
    buf[13] = s->flags;
    put16(buf + 14, s->win);
    put16(buf + 16, 0);
    put16(buf + 18, 0);
    if (s->len)
        memcpy(buf + doff, s->data, s->len);
    total = doff + s->len;
    sum = th_tcp_csum(s->src, s->dst, buf, total);
    if (s->bad_csum)
        sum ^= 0x0101;
    put16(buf + 16, sum);
    tcp_input(&h->st, s->src, s->dst, buf, total);
}

void th_inject_raw(struct th *h, uint32_t src, uint32_t dst, const void *p,
                   size_t len)
{
    tcp_input(&h->st, src, dst, p, len);
}

void th_parse(struct th_seg *g, uint32_t src, uint32_t dst, const void *p,
              size_t len)
{
    const uint8_t *b;
    size_t doff, i;

    memset(g, 0, offsetof(struct th_seg, raw));
    if (len > sizeof g->raw)
        len = sizeof g->raw;
    memcpy(g->raw, p, len);
    g->rawlen = len;
    b = g->raw;
    g->src = src;
    g->dst = dst;
    g->mss = g->ws = -1;
    if (len < 20)
        return;
    g->csum_ok = th_tcp_csum(src, dst, b, len) == 0;
    g->sport = (uint16_t)get16(b);
    g->dport = (uint16_t)get16(b + 2);
    g->seq = get32(b + 4);
    g->ack = get32(b + 8);
    g->flags = b[13];
    g->win = (uint16_t)get16(b + 14);
    doff = (size_t)(b[12] >> 4) * 4;
    if (doff < 20 || doff > len)
        return;
    g->optlen = doff - 20;
    for (i = 20; i < doff;) {
        uint8_t kind = b[i], olen;

        if (kind == 0)
            break;
        if (kind == 1) {
            i++;
            continue;
        }
        if (i + 1 >= doff)
            break;
        olen = b[i + 1];
        if (olen < 2 || i + olen > doff)
            break;
        if (kind == 2 && olen == 4)
            g->mss = (int)get16(b + i + 2);
        else if (kind == 3 && olen == 3)
            g->ws = b[i + 2];
        else if (kind == 4 && olen == 2)
            g->sackok = true;
        else if (kind == 8 && olen == 10) {
            g->ts = true;
            g->tsval = get32(b + i + 2);
            g->tsecr = get32(b + i + 6);
        } else if (kind == 5) {
            unsigned k;

            g->nsack = (olen - 2u) / 8u;
            for (k = 0; k < g->nsack && k < 4; k++) {
                g->sack[k][0] = get32(b + i + 2 + 8 * k);
                g->sack[k][1] = get32(b + i + 6 + 8 * k);
            }
        }
        i += olen;
    }
    g->data = b + doff;
    g->len = len - doff;
}

bool th_pop(struct th *h, struct th_seg *out)
{
    if (!h->qlen)
        return false;
    memcpy(out, &h->q[h->qhead], sizeof *out);
    out->data = out->raw + (h->q[h->qhead].data - h->q[h->qhead].raw);
    h->qhead = (h->qhead + 1) % TH_MAXQ;
    h->qlen--;
    return true;
}

size_t th_pending(const struct th *h)
{
    return h->qlen;
}

void th_drain(struct th *h)
{
    h->qhead = 0;
    h->qlen = 0;
}

uint64_t th_state_sum(struct th *h)
{
    uint64_t s = 0;
    unsigned i;

    for (i = 0; i < TCP_NSTATES; i++)
        s += h->st.stats.tcp.state[i];
    return s;
}

void th_dump(const char *tag, const struct th_seg *g)
{
    printf("# %s %u>%u seq=%u ack=%u flags=%s%s%s%s%s win=%u len=%zu "
           "mss=%d ws=%d ts=%d sack=%u\n",
           tag, g->sport, g->dport, g->seq, g->ack,
           (g->flags & TH_SYN) ? "S" : "", (g->flags & TH_ACK) ? "A" : "",
           (g->flags & TH_FIN) ? "F" : "", (g->flags & TH_RST) ? "R" : "",
           (g->flags & TH_PSH) ? "P" : "", g->win, g->len, g->mss, g->ws, g->ts,
           g->nsack);
}

/* --- playing the peer ---------------------------------------------------- */

void th_peer_init(struct th_peer *p, uint16_t port, uint16_t lport,
                  uint32_t iss)
{
    memset(p, 0, sizeof *p);
    p->addr = TH_PEER;
    p->local = TH_ADDR;
    p->port = port;
    p->lport = lport;
    p->seq = iss;
    p->win = 65535;
}

void th_peer_send(struct th *h, struct th_peer *p, uint8_t flags,
                  const void *data, size_t len)
{
    struct th_spec s;

    th_spec_init(&s);
    s.src = p->addr;
    s.dst = p->local;
    s.sport = p->port;
    s.dport = p->lport;
    s.seq = p->seq;
    s.ack = (flags & TH_ACK) ? p->ack : 0;
    s.flags = flags;
    s.win = p->win;
    s.data = data;
    s.len = len;
    if (p->ts) {
        s.ts = true;
        s.tsval = p->tsval;
        s.tsecr = p->tsecr;
    }
    th_inject(h, &s);
    p->seq +=
        (uint32_t)len + ((flags & TH_SYN) ? 1 : 0) + ((flags & TH_FIN) ? 1 : 0);
}

struct tcp_conn *th_open_passive(struct th *h, struct tcp_listener *l,
                                 struct th_peer *p, bool opts)
{
    struct th_spec s;
    struct th_seg g;
    struct tcp_conn *c = NULL;

    th_spec_init(&s);
    s.src = p->addr;
    s.dst = p->local;
    s.sport = p->port;
    s.dport = p->lport;
    s.seq = p->seq;
    s.flags = TH_SYN;
    s.win = p->win;
    if (opts) {
        s.mss = 1460;
        s.ws = 7;
        s.sackok = true;
        s.ts = true;
        s.tsval = p->tsval;
        p->ts = true;
    }
    th_inject(h, &s);
    p->seq++;
    if (!th_pop(h, &g) || g.flags != (TH_SYN | TH_ACK) || g.ack != p->seq) {
        printf("# th_open_passive: no SYN-ACK\n");
        return NULL;
    }
    p->ack = g.seq + 1;
    if (g.ts)
        p->tsecr = g.tsval;
    th_peer_send(h, p, TH_ACK, NULL, 0);
    if (tcp_accept(l, &c) != 0) {
        printf("# th_open_passive: nothing to accept\n");
        return NULL;
    }
    th_drain(h);
    return c;
}

struct tcp_conn *th_open_active(struct th *h, struct th_peer *p, bool opts)
{
    struct tcp_conn *c;
    struct th_spec s;
    struct th_seg g;

    if (tcp_connect(&h->st, p->addr, p->port, &c) != 0)
        return NULL;
    if (!th_pop(h, &g) || g.flags != TH_SYN) {
        printf("# th_open_active: no SYN\n");
        return NULL;
    }
    p->lport = g.sport;
    p->ack = g.seq + 1;
    th_spec_init(&s);
    s.src = p->addr;
    s.dst = p->local;
    s.sport = p->port;
    s.dport = p->lport;
    s.seq = p->seq;
    s.ack = p->ack;
    s.flags = TH_SYN | TH_ACK;
    s.win = p->win;
    if (opts) {
        s.mss = 1460;
        s.ws = 7;
        s.sackok = true;
        s.ts = true;
        s.tsval = p->tsval;
        s.tsecr = g.tsval;
        p->ts = true;
        p->tsecr = g.tsval;
    }
    th_inject(h, &s);
    p->seq++;
    if (!th_pop(h, &g) || g.flags != TH_ACK || g.ack != p->seq) {
        printf("# th_open_active: no ACK of the SYN-ACK\n");
        return NULL;
    }
    th_drain(h);
    return c;
}
