/* SPDX-License-Identifier: ISC */
/* tcpip_fake.c: a fake environment for the engine, and frames by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpip_fake.h"

const uint8_t fake_mac[6] = FAKE_MAC;
const uint8_t fake_peer_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x05};
const uint8_t fake_gw_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};

static int fake_send_frame(void *ctx, const void *frame, size_t len)
{
    struct tcpip_fake *f = ctx;
    uint8_t *copy;

    if (f->send_rc < 0)
        return f->send_rc;
    if (f->nframes == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        struct tcpip_fake_frame *n = realloc(f->frames, cap * sizeof(*n));

        if (!n)
            abort();
        f->frames = n;
        f->cap = cap;
    }
    copy = malloc(len ? len : 1);
    if (!copy)
        abort();
    memcpy(copy, frame, len);
    f->frames[f->nframes].data = copy;
    f->frames[f->nframes].len = len;
    f->nframes++;
    return 0;
}

static tcpip_ns fake_now(void *ctx)
{
    return ((struct tcpip_fake *)ctx)->now;
}

static void fake_random(void *ctx, void *buf, size_t len)
{
    struct tcpip_fake *f = ctx;
    uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        f->rng ^= f->rng << 13;
        f->rng ^= f->rng >> 7;
        f->rng ^= f->rng << 17;
        p[i] = (uint8_t)(f->rng >> 24);
    }
}

static void fake_wake(void *ctx, struct mirage_cond *cond)
{
    struct tcpip_fake *f = ctx;

    f->wakes++;
    f->woken = cond;
}

static void fake_timer_changed(void *ctx, tcpip_ns deadline)
{
    struct tcpip_fake *f = ctx;

    f->timer_changes++;
    f->deadline = deadline;
}

static void fake_log(void *ctx, int level, const char *msg)
{
    struct tcpip_fake *f = ctx;

    f->logs++;
    f->log_level = level;
    snprintf(f->log_line, sizeof f->log_line, "%s", msg);
    if (f->print_logs)
        printf("# log %d: %s\n", level, msg);
}

void tcpip_fake_init(struct tcpip_fake *f, uint64_t seed)
{
    memset(f, 0, sizeof(*f));
    f->env.ctx = f;
    f->env.send_frame = fake_send_frame;
    f->env.now = fake_now;
    f->env.random = fake_random;
    f->env.wake = fake_wake;
    f->env.timer_changed = fake_timer_changed;
    f->env.log = fake_log;
    f->now = TCPIP_S(1);
    f->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
}

void tcpip_fake_clear(struct tcpip_fake *f)
{
    for (size_t i = 0; i < f->nframes; i++)
        free(f->frames[i].data);
    f->nframes = 0;
}

void tcpip_fake_free(struct tcpip_fake *f)
{
    tcpip_fake_clear(f);
    free(f->frames);
    f->frames = NULL;
    f->cap = 0;
}

void tcpip_fake_config(struct tcpip_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    memcpy(cfg->mac, fake_mac, 6);
    cfg->mtu = 1500;
    cfg->addr = FAKE_ADDR;
    cfg->prefix = 24;
    cfg->gateway = FAKE_GW;
}

void tcpip_fake_advance(struct tcpip_fake *f, struct tcpip *st, tcpip_ns ns)
{
    tcpip_ns end = f->now + ns;
    unsigned again = 0;

    for (;;) {
        tcpip_ns next = tcpip_timers(st);

        /* Work for now again (datagrams to our own address queued by the
           run) is fine a few times in a row; a deadline in the past, or
           one that never moves on, is not. */
        if (next == f->now && ++again < 64)
            continue;
        if (next <= f->now) {
            f->stuck++;
            break;
        }
        again = 0;
        if (next > end)
            break;
        f->now = next;
    }
    f->now = end;
    tcpip_timers(st);
}

/* --- building ------------------------------------------------------------- */

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)get16(p) << 16 | get16(p + 2);
}

uint16_t fake_csum(const void *data, size_t len, uint32_t init)
{
    const uint8_t *p = data;
    uint64_t sum = init;

    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len % 2)
        sum += (uint32_t)p[len - 1] << 8;
    while (sum > 0xffff)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)(~sum & 0xffff);
}

uint32_t fake_pseudo(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto +
           (uint32_t)len;
}

size_t fake_eth(uint8_t *f, const uint8_t *dst, const uint8_t *src,
                uint16_t type)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    put16(f + 12, type);
    return 14;
}

size_t fake_arp(uint8_t *p, uint16_t op, const uint8_t *sha, uint32_t spa,
                const uint8_t *tha, uint32_t tpa)
{
    put16(p, 1);
    put16(p + 2, 0x0800);
    p[4] = 6;
    p[5] = 4;
    put16(p + 6, op);
    memcpy(p + 8, sha, 6);
    put32(p + 14, spa);
    memcpy(p + 18, tha, 6);
    put32(p + 24, tpa);
    return 28;
}

size_t fake_ipv4(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto,
                 uint16_t id, uint16_t frag, const void *payload, size_t len)
{
    p[0] = 0x45;
    p[1] = 0;
    put16(p + 2, (uint32_t)(20 + len));
    put16(p + 4, id);
    put16(p + 6, frag);
    p[8] = 64;
    p[9] = proto;
    put16(p + 10, 0);
    put32(p + 12, src);
    put32(p + 16, dst);
    put16(p + 10, fake_csum(p, 20, 0));
    if (len)
        memmove(p + 20, payload, len);
    return 20 + len;
}

size_t fake_udp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport,
                uint16_t dport, const void *payload, size_t len, bool csum)
{
    put16(p, sport);
    put16(p + 2, dport);
    put16(p + 4, (uint32_t)(8 + len));
    put16(p + 6, 0);
    if (len)
        memmove(p + 8, payload, len);
    if (csum) {
        uint16_t c = fake_csum(p, 8 + len, fake_pseudo(src, dst, 17, 8 + len));
        put16(p + 6, c ? c : 0xffff);
    }
    return 8 + len;
}

size_t fake_icmp(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
                 const void *data, size_t len)
{
    p[0] = type;
    p[1] = code;
    put16(p + 2, 0);
    put32(p + 4, rest);
    if (len)
        memmove(p + 8, data, len);
    put16(p + 2, fake_csum(p, 8 + len, 0));
    return 8 + len;
}

size_t fake_frame_ipv4(uint8_t *f, const uint8_t *dst_mac,
                       const uint8_t *src_mac, uint32_t src, uint32_t dst,
                       uint8_t proto, uint16_t id, uint16_t frag,
                       const void *payload, size_t len)
{
    size_t n = fake_eth(f, dst_mac, src_mac, 0x0800);

    return n + fake_ipv4(f + n, src, dst, proto, id, frag, payload, len);
}

/* --- reading -------------------------------------------------------------- */

int fake_parse(const uint8_t *f, size_t len, struct fake_pkt *p,
               const char **why)
{
    const uint8_t *ip;
    size_t iplen;

    memset(p, 0, sizeof(*p));
    *why = "";
    if (len < 14) {
        *why = "shorter than an Ethernet header";
        return -1;
    }
    p->eth_dst = f;
    p->eth_src = f + 6;
    p->type = get16(f + 12);
    if (p->type == 0x0806) {
        const uint8_t *a = f + 14;

        if (len < 14 + 28) {
            *why = "a short ARP packet";
            return -1;
        }
        if (get16(a) != 1 || get16(a + 2) != 0x0800 || a[4] != 6 || a[5] != 4) {
            *why = "ARP not of Ethernet and IPv4";
            return -1;
        }
        p->arp_op = get16(a + 6);
        p->sha = a + 8;
        p->spa = get32(a + 14);
        p->tha = a + 18;
        p->tpa = get32(a + 24);
        return 0;
    }
    if (p->type != 0x0800)
        return 0;
    ip = f + 14;
    iplen = len - 14;
    if (iplen < 20 || ip[0] >> 4 != 4 || (ip[0] & 15) < 5 ||
        (size_t)(ip[0] & 15) * 4 > iplen) {
        *why = "a bad IPv4 version or header length";
        return -1;
    }
    p->ihl = (uint8_t)((ip[0] & 15) * 4);
    p->tos = ip[1];
    p->total = get16(ip + 2);
    p->id = get16(ip + 4);
    p->frag = get16(ip + 6);
    p->ttl = ip[8];
    p->proto = ip[9];
    p->src = get32(ip + 12);
    p->dst = get32(ip + 16);
    if (p->total != iplen || p->total < p->ihl) {
        *why = "an IPv4 total length that is not the frame's";
        return -1;
    }
    if (fake_csum(ip, p->ihl, 0) != 0) {
        *why = "a bad IPv4 header checksum";
        return -1;
    }
    p->ip = ip;
    p->payload = ip + p->ihl;
    p->plen = p->total - p->ihl;
    if (p->frag & 0x3fff) /* a fragment: its protocol is checked whole */
        return 0;
    if (p->proto == 17) {
        if (p->plen < 8 || get16(p->payload + 4) != p->plen) {
            *why = "a UDP length that is not the packet's";
            return -1;
        }
        if (get16(p->payload + 6) == 0 ||
            fake_csum(p->payload, p->plen,
                      fake_pseudo(p->src, p->dst, 17, p->plen)) != 0) {
            *why = "a bad or missing UDP checksum";
            return -1;
        }
    } else if (p->proto == 1) {
        if (p->plen < 8 || fake_csum(p->payload, p->plen, 0) != 0) {
            *why = "a short ICMP message or a bad checksum";
            return -1;
        }
    }
    return 0;
}

bool fake_sent(struct tcpip_fake *f, size_t i, struct fake_pkt *p)
{
    const char *why;

    if (i >= f->nframes) {
        printf("# no frame %zu: %zu sent\n", i, f->nframes);
        memset(p, 0, sizeof(*p));
        return false;
    }
    if (fake_parse(f->frames[i].data, f->frames[i].len, p, &why) < 0) {
        printf("# frame %zu (%zu bytes): %s\n", i, f->frames[i].len, why);
        return false;
    }
    return true;
}
