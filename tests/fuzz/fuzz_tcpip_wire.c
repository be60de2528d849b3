/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip_wire.c: the whole-engine fuzzer's own TCP and DHCP codecs. */
#include <string.h>

#include "fuzz_tcpip_wire.h"
#include "tcpip_fake.h"

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

void tw_opts_none(struct tw_opts *o)
{
    memset(o, 0, sizeof *o);
    o->mss = o->ws = -1;
}

/* Writes (o) at (p); returns its length, a multiple of 4, at most 40. */
static size_t write_opts(uint8_t *p, const struct tw_opts *o)
{
    size_t n = 0;

    if (o->mss >= 0) {
        p[n] = 2;
        p[n + 1] = 4;
        put16(p + n + 2, (uint32_t)o->mss);
        n += 4;
    }
    if (o->ws >= 0) {
        p[n] = 1;
        p[n + 1] = 3;
        p[n + 2] = 3;
        p[n + 3] = (uint8_t)o->ws;
        n += 4;
    }
    if (o->sackok) {
        p[n] = p[n + 1] = 1;
        p[n + 2] = 4;
        p[n + 3] = 2;
        n += 4;
    }
    if (o->ts) {
        p[n] = p[n + 1] = 1;
        p[n + 2] = 8;
        p[n + 3] = 10;
        put32(p + n + 4, o->tsval);
        put32(p + n + 8, o->tsecr);
        n += 12;
    }
    if (o->nsack) {
        unsigned k = o->nsack;

        while (n + 4 + 8 * k > 40 && k > 1)
            k--;
        if (n + 4 + 8 * k <= 40) {
            p[n] = p[n + 1] = 1;
            p[n + 2] = 5;
            p[n + 3] = (uint8_t)(2 + 8 * k);
            for (unsigned i = 0; i < k; i++) {
                put32(p + n + 4 + 8 * i, o->sack[i][0]);
                put32(p + n + 8 + 8 * i, o->sack[i][1]);
            }
            n += 4 + 8 * k;
        }
    }
    return n;
}

size_t tw_tcp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport,
              uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
              uint16_t win, const struct tw_opts *o, const uint8_t *data,
              size_t len, bool bad_csum)
{
    size_t olen = o ? write_opts(p + 20, o) : 0, n = 20 + olen + len;
    uint16_t c;

    put16(p, sport);
    put16(p + 2, dport);
    put32(p + 4, seq);
    put32(p + 8, ack);
    p[12] = (uint8_t)((20 + olen) / 4 << 4);
    p[13] = flags;
    put16(p + 14, win);
    put16(p + 16, 0);
    put16(p + 18, 0);
    if (len)
        memcpy(p + 20 + olen, data, len);
    c = fake_csum(p, n, fake_pseudo(src, dst, 6, n));
    put16(p + 16, bad_csum ? (uint16_t)(c ^ 0x5a5a) : c);
    return n;
}

/* Reads the options of a sent segment strictly into (g->o); NULL or what
   is wrong. */
static const char *read_opts(struct tw_seg *g, const uint8_t *p, size_t len)
{
    bool seen[256] = {false};
    bool syn = g->flags & TW_SYN;
    size_t i = 0;

    while (i < len) {
        uint8_t kind = p[i], olen;

        if (kind == 0)
            return NULL; /* the rest is padding */
        if (kind == 1) {
            i++;
            continue;
        }
        if (i + 1 >= len)
            return "an option's length past the header";
        olen = p[i + 1];
        if (olen < 2 || olen > len - i)
            return "an option's length below 2 or past the header";
        if (seen[kind])
            return "an option twice";
        seen[kind] = true;
        switch (kind) {
        case 2:
            if (olen != 4 || !syn)
                return "MSS of a wrong length or without SYN";
            g->o.mss = get16(p + i + 2);
            break;
        case 3:
            if (olen != 3 || !syn || p[i + 2] > 14)
                return "window scale of a wrong length, without SYN or "
                       "above 14";
            g->o.ws = p[i + 2];
            break;
        case 4:
            if (olen != 2 || !syn)
                return "SACK-permitted of a wrong length or without SYN";
            g->o.sackok = true;
            break;
        case 5:
            if (olen < 10 || (olen - 2) % 8 || syn)
                return "SACK blocks of a wrong length, or on a SYN";
            g->o.nsack = (olen - 2u) / 8u;
            for (unsigned k = 0; k < g->o.nsack; k++) {
                g->o.sack[k][0] = get32(p + i + 2 + 8 * k);
                g->o.sack[k][1] = get32(p + i + 6 + 8 * k);
                if ((int32_t)(g->o.sack[k][1] - g->o.sack[k][0]) <= 0)
                    return "a SACK block of no or negative length";
            }
            break;
        case 8:
            if (olen != 10)
                return "timestamps of a wrong length";
            g->o.ts = true;
            g->o.tsval = get32(p + i + 2);
            g->o.tsecr = get32(p + i + 6);
            break;
        default:
            return "an option the engine has no reason to send";
        }
        i += olen;
    }
    return NULL;
}

int tw_parse(const uint8_t *p, size_t len, uint32_t src, uint32_t dst,
             struct tw_seg *g, const char **why)
{
    size_t doff;

    memset(g, 0, sizeof *g);
    tw_opts_none(&g->o);
    *why = "";
    if (len < 20) {
        *why = "shorter than a TCP header";
        return -1;
    }
    doff = (size_t)(p[12] >> 4) * 4;
    if (doff < 20 || doff > len) {
        *why = "a data offset below 5 words or past the segment";
        return -1;
    }
    if (fake_csum(p, len, fake_pseudo(src, dst, 6, len)) != 0) {
        *why = "a bad TCP checksum";
        return -1;
    }
    if (p[12] & 0x0f) {
        *why = "reserved bits set";
        return -1;
    }
    g->sport = get16(p);
    g->dport = get16(p + 2);
    g->seq = get32(p + 4);
    g->ack = get32(p + 8);
    g->flags = p[13];
    g->win = get16(p + 14);
    g->data = p + doff;
    g->len = len - doff;
    if (g->flags & ~(TW_FIN | TW_SYN | TW_RST | TW_PSH | TW_ACK)) {
        *why = "a flag other than FIN, SYN, RST, PSH, ACK";
        return -1;
    }
    if (get16(p + 18) != 0) {
        *why = "an urgent pointer";
        return -1;
    }
    if ((g->flags & TW_SYN) && (g->flags & (TW_FIN | TW_RST))) {
        *why = "SYN with FIN or RST";
        return -1;
    }
    if ((g->flags & TW_RST) && g->len) {
        *why = "data on an RST";
        return -1;
    }
    if (g->sport == 0 || g->dport == 0) {
        *why = "port 0";
        return -1;
    }
    *why = read_opts(g, p + 20, doff - 20);
    return *why ? -1 : 0;
}

size_t tw_dhcp(uint8_t *p, uint8_t type, uint32_t xid, const uint8_t *chaddr,
               uint32_t yiaddr, uint32_t server, uint32_t router,
               uint32_t lease_s)
{
    size_t n = 240;

    memset(p, 0, 240);
    p[0] = 2; /* BOOTREPLY */
    p[1] = 1; /* Ethernet */
    p[2] = 6;
    put32(p + 4, xid);
    if (type != 6)
        put32(p + 16, yiaddr);
    put32(p + 20, server);
    memcpy(p + 28, chaddr, 6);
    put32(p + 236, 0x63825363u); /* the magic cookie */
    p[n++] = 53;
    p[n++] = 1;
    p[n++] = type;
    p[n++] = 54;
    p[n++] = 4;
    put32(p + n, server);
    n += 4;
    if (type != 6) {
        p[n++] = 1;
        p[n++] = 4;
        put32(p + n, 0xffffff00u);
        n += 4;
        p[n++] = 3;
        p[n++] = 4;
        put32(p + n, router);
        n += 4;
        p[n++] = 51;
        p[n++] = 4;
        put32(p + n, lease_s);
        n += 4;
    }
    p[n++] = 255;
    return n;
}
