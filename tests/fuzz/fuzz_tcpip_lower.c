/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip_lower.c: the direct stack's frame input (Ethernet to UDP), fuzzed.
 */
#define FUZZ_NAME    "fuzz_tcpip_lower"
#define FUZZ_INPUTS  500000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  0x4000
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "tcpip.h"
#include "tcpip_fake.h"
#include "udp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An input is a script for one engine (devices/stack/direct/, the lower
 * layers; TCP and DHCP are tests/unit/tcpip_stub_upper.c). Its first byte
 * picks the configuration: bit 0 no address (DHCP running, a stand-in
 * client), bit 1 an MTU of 576 (else 1500), bit 2 checksums made right
 * (so that mutations reach past them: each frame's IPv4 header checksum,
 * and the UDP or ICMP checksum of a packet that is no fragment, are
 * computed again before the frame goes in). Then records, each a 16-bit
 * big-endian word W and what it says:
 *   W < 0x8000            a frame of W bytes (the bytes that follow) in
 *   0x8000 + T            the clock moves (T & 0x3fff) * 4 ms (up to 65 s),
 *                         the timers run
 *   0xc000 + N, A (4)     the bound socket sends N * 5 bytes to address A
 *                         (port 7), then its queue is read out
 * The engine knows the MACs of the peer (10.0.0.5) and the gateway
 * (10.0.0.1) from the start (when it has an address), so that its answers
 * go out at once. After each record: what the engine holds is within its
 * limits, every frame it sent is well formed, and an ARP packet released
 * no more frames than one address's queue holds.
 */

#define PORT 7000 /* the socket's */

/* The limits: small, so that the fuzzer reaches them. */
static void fuzz_limits(struct tcpip_limits *lim)
{
    tcpip_limits_default(lim);
    lim->arp_entries = 8;
    lim->arp_pending = 2;
    lim->reasm_datagrams = 4;
    lim->reasm_fragments = 8;
    lim->reasm_bytes = 4096;
    lim->udp_receive_buffer = 4096;
    lim->udp_sockets = 4;
}

/* Makes the checksums of (f) (len bytes) right, where its lengths allow. */
static void fix_checksums(uint8_t *f, size_t len)
{
    uint8_t *ip = f + TCPIP_ETH_HLEN, *d;
    size_t ihl, total, dlen;
    uint16_t c;

    if (len < TCPIP_HEADROOM || tcpip_get16(f + 12) != TCPIP_ETH_IPV4 ||
        ip[0] >> 4 != 4)
        return;
    ihl = (ip[0] & 0xfu) * 4u;
    if (ihl < 20 || TCPIP_ETH_HLEN + ihl > len)
        return;
    tcpip_put16(ip + 10, 0);
    tcpip_put16(ip + 10, fake_csum(ip, ihl, 0));
    total = tcpip_get16(ip + 2);
    if (total < ihl + 8 || TCPIP_ETH_HLEN + total > len ||
        (tcpip_get16(ip + 6) & 0x3fff) != 0)
        return;
    d = ip + ihl;
    dlen = total - ihl;
    if (ip[9] == TCPIP_PROTO_UDP && tcpip_get16(d + 6) != 0 &&
        tcpip_get16(d + 4) >= 8 && tcpip_get16(d + 4) <= dlen) {
        dlen = tcpip_get16(d + 4);
        tcpip_put16(d + 6, 0);
        c = fake_csum(d, dlen,
                      fake_pseudo(tcpip_get32(ip + 12), tcpip_get32(ip + 16),
                                  TCPIP_PROTO_UDP, dlen));
        tcpip_put16(d + 6, c ? c : 0xffff);
    } else if (ip[9] == TCPIP_PROTO_ICMP) {
        tcpip_put16(d + 2, 0);
        tcpip_put16(d + 2, fake_csum(d, dlen, 0));
    }
}

/* What the last input did (the seeds' check reads it). */
static struct {
    unsigned frames_in, sent, received, timers;
    uint64_t echo_replies, reassembled, arp_replies;
} fuzz_last;

/* Every frame the engine sent since (from) is well formed. */
static void check_sent(struct tcpip_fake *fk, const struct tcpip *st,
                       size_t from)
{
    for (size_t i = from; i < fk->nframes; i++) {
        const uint8_t *f = fk->frames[i].data;
        size_t len = fk->frames[i].len;
        struct fake_pkt p;
        const char *why;

        if (fake_parse(f, len, &p, &why) < 0)
            fuzz_fail("frame %zu sent (%zu bytes): %s", i, len, why);
        if (memcmp(p.eth_src, st->cfg.mac, 6) != 0)
            fuzz_fail("frame %zu sent from another MAC", i);
        if (len > TCPIP_ETH_HLEN + st->cfg.mtu)
            fuzz_fail("frame %zu of %zu bytes over the MTU %u", i, len,
                      st->cfg.mtu);
        if (p.type == TCPIP_ETH_ARP) {
            if (len != 42 || memcmp(p.sha, st->cfg.mac, 6) != 0 ||
                (p.arp_op != 1 && p.arp_op != 2))
                fuzz_fail("frame %zu: an ARP packet not from us", i);
            continue;
        }
        if (p.type != TCPIP_ETH_IPV4)
            fuzz_fail("frame %zu of type %04x", i, p.type);
        if (p.ihl != 20 || p.ttl != 64 || p.src != st->cfg.addr)
            fuzz_fail("frame %zu: IHL %u, TTL %u, source %08x (ours %08x)", i,
                      p.ihl, p.ttl, (unsigned)p.src, (unsigned)st->cfg.addr);
        if ((p.frag & 0x2000) && p.plen % 8)
            fuzz_fail("frame %zu: a fragment of %zu bytes, not a multiple "
                      "of 8, with MF",
                      i, p.plen);
        if ((p.frag & 0x1fff) * 8u + p.plen > 65515)
            fuzz_fail("frame %zu: a fragment ending past 65,535", i);
        if (p.dst == 0 || p.dst == st->cfg.addr)
            fuzz_fail("frame %zu to %08x", i, (unsigned)p.dst);
    }
}

/* The IPv4 frames sent since (from). */
static size_t count_ipv4(const struct tcpip_fake *fk, size_t from)
{
    size_t n = 0;

    for (size_t i = from; i < fk->nframes; i++)
        if (fk->frames[i].len >= 14 && fk->frames[i].data[12] == 0x08 &&
            fk->frames[i].data[13] == 0x00)
            n++;
    return n;
}

/* What the engine holds is within its limits. */
static void check_held(struct tcpip_fake *fk, struct tcpip *st)
{
    struct tcpip_stats s;

    tcpip_get_stats(st, &s);
    if (s.arp.entries > st->lim.arp_entries)
        fuzz_fail("%llu ARP entries, limit %u",
                  (unsigned long long)s.arp.entries, st->lim.arp_entries);
    if (s.ipv4.reasm_datagrams > st->lim.reasm_datagrams)
        fuzz_fail("%llu datagrams in reassembly, limit %u",
                  (unsigned long long)s.ipv4.reasm_datagrams,
                  st->lim.reasm_datagrams);
    if (s.ipv4.reasm_bytes > st->lim.reasm_bytes)
        fuzz_fail("%llu bytes in reassembly, limit %zu",
                  (unsigned long long)s.ipv4.reasm_bytes, st->lim.reasm_bytes);
    if (s.udp.sockets != 1)
        fuzz_fail("%llu sockets bound, 1 expected",
                  (unsigned long long)s.udp.sockets);
    if (fk->stuck)
        fuzz_fail("a timer deadline not after the clock");
}

/* Reads the socket's queue out: at most its bound, or one datagram. */
static void drain(struct udp_sock *s, const struct tcpip *st)
{
    static uint8_t buf[65536];
    size_t held = 0, n = 0;
    int rc;

    while ((rc = udp_recvfrom(s, buf, sizeof buf, NULL, NULL)) >= 0) {
        held += (size_t)rc + UDP_DGRAM_OVERHEAD;
        n++;
        fuzz_last.received++;
    }
    if (rc != -EAGAIN)
        fuzz_fail("udp_recvfrom: %d", rc);
    if (n > 1 && held > st->lim.udp_receive_buffer)
        fuzz_fail("%zu datagrams held %zu bytes, bound %zu", n, held,
                  st->lim.udp_receive_buffer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t sendbuf[0x3fff * 5];
    struct tcpip_fake fk;
    struct tcpip_limits lim;
    struct tcpip_config cfg;
    struct tcpip *st;
    struct udp_sock *s;
    size_t at = 1;
    int dummy, rc;

    memset(&fuzz_last, 0, sizeof fuzz_last);
    if (size < 1)
        return 0;
    tcpip_fake_init(&fk, 0x5eed);
    fuzz_limits(&lim);
    tcpip_fake_config(&cfg);
    if (data[0] & 1)
        cfg.addr = cfg.prefix = cfg.gateway = 0;
    if (data[0] & 2)
        cfg.mtu = 576;
    rc = tcpip_create(&st, &fk.env, &cfg, &lim);
    if (rc != 0)
        fuzz_fail("tcpip_create: %d", rc);
    if (data[0] & 1)
        st->dhcp = (struct dhcp_client *)&dummy; /* the stand-in's */
    rc = udp_bind(st, 0, PORT, &s);
    if (rc != 0)
        fuzz_fail("udp_bind: %d", rc);
    if (cfg.addr) /* the peer and the gateway known: answers go out */
        for (int i = 0; i < 2; i++) {
            static const uint8_t zero[6];
            uint8_t f[60] = {0};
            const uint8_t *mac = i ? fake_gw_mac : fake_peer_mac;
            size_t n = fake_eth(f, st->cfg.mac, mac, TCPIP_ETH_ARP);

            fake_arp(f + n, 1, mac, i ? FAKE_GW : FAKE_PEER, zero, cfg.addr);
            tcpip_input(st, f, sizeof f);
        }
    check_sent(&fk, st, 0);
    while (at + 2 <= size) {
        unsigned w = (unsigned)data[at] << 8 | data[at + 1];
        size_t sent0 = fk.nframes;

        at += 2;
        if (w < 0x8000) {
            size_t n = w < size - at ? w : size - at;
            uint8_t *copy = fuzz_input_copy(data + at, n, 0);

            if (data[0] & 4)
                fix_checksums(copy, n);
            tcpip_input(st, copy, n);
            fuzz_input_free(copy);
            /* An ARP packet releases at most one address's queue. */
            if (n >= 14 && data[at + 12] == 0x08 && data[at + 13] == 0x06 &&
                count_ipv4(&fk, sent0) > st->lim.arp_pending)
                fuzz_fail("one ARP packet released %zu frames, queue bound "
                          "%u",
                          count_ipv4(&fk, sent0), st->lim.arp_pending);
            at += n;
            fuzz_last.frames_in++;
        } else if (w < 0xc000) {
            tcpip_fake_advance(&fk, st, TCPIP_MS(4) * (w & 0x3fff));
            fuzz_last.timers++;
        } else {
            size_t n = (w & 0x3fff) * 5u;
            uint32_t dst = 0;

            for (int i = 0; i < 4 && at < size; i++)
                dst = dst << 8 | data[at++];
            rc = udp_sendto(s, dst, 7, sendbuf, n);
            if (rc == 0)
                fuzz_last.sent++;
            else if (rc != -EMSGSIZE && rc != -ENETUNREACH &&
                     rc != -EHOSTUNREACH && rc != -ENOBUFS)
                fuzz_fail("udp_sendto of %zu bytes to %08x: %d", n,
                          (unsigned)dst, rc);
            if (n > 65507 && rc != -EMSGSIZE)
                fuzz_fail("udp_sendto of %zu bytes: %d", n, rc);
            drain(s, st);
        }
        check_sent(&fk, st, sent0);
        check_held(&fk, st);
        tcpip_fake_clear(&fk);
    }
    drain(s, st);
    fuzz_last.echo_replies = st->stats.icmp.tx_echo_replies;
    fuzz_last.reassembled = st->stats.ipv4.reassembled;
    fuzz_last.arp_replies = st->stats.arp.tx_replies;
    /* Accepted: it reached a protocol (beyond the two ARP of the start). */
    if (st->stats.udp.rx_datagrams > 0 || st->stats.icmp.rx_messages > 0 ||
        st->stats.ipv4.rx_fragments > 0 ||
        st->stats.arp.rx_requests + st->stats.arp.rx_replies >
            2u - 2u * !cfg.addr)
        fuzz_accepted++;
    st->dhcp = NULL;
    udp_close(s);
    tcpip_destroy(st);
    tcpip_fake_free(&fk);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

/* --- the seeds: scripts of valid frames, built here ---------------------- */

static uint8_t seed_buf[10][8192]; /* the seeds below */

/* Appends a frame record of (n) bytes at (f) to (s) (at *len). */
static void rec_frame(uint8_t *s, size_t *len, const uint8_t *f, size_t n)
{
    s[*len] = (uint8_t)(n >> 8);
    s[*len + 1] = (uint8_t)n;
    memcpy(s + *len + 2, f, n);
    *len += 2 + n;
}

/* Appends a record of the word (w) and (n) bytes after it. */
static void rec_word(uint8_t *s, size_t *len, unsigned w, const uint8_t *b,
                     size_t n)
{
    s[*len] = (uint8_t)(w >> 8);
    s[*len + 1] = (uint8_t)w;
    if (n)
        memcpy(s + *len + 2, b, n);
    *len += 2 + n;
}

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t zero[6];
    static uint8_t pay[1500], f[1600], u[1600];
    size_t n, k = 0, len;

    for (size_t i = 0; i < sizeof pay; i++)
        pay[i] = (uint8_t)(i * 3);
    if (max < 10)
        return 0;
    /* 0: ARP request for us, then an echo request. */
    len = 0;
    seed_buf[k][len++] = 4;
    n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
    n += fake_arp(f + n, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    rec_frame(seed_buf[k], &len, f, n);
    n = fake_icmp(u, 8, 0, 0x00010001u, pay, 56);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 1, 1,
                        0, u, n);
    rec_frame(seed_buf[k], &len, f, n);
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 1: UDP to the socket, and to a closed port. */
    len = 0;
    seed_buf[k][len++] = 0;
    n = fake_udp(u, FAKE_PEER, FAKE_ADDR, 1234, PORT, pay, 100, true);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 17, 2,
                        0, u, n);
    rec_frame(seed_buf[k], &len, f, n);
    n = fake_udp(u, FAKE_PEER, FAKE_ADDR, 1234, 9, pay, 10, true);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 17, 3,
                        0, u, n);
    rec_frame(seed_buf[k], &len, f, n);
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 2: a UDP datagram of 1,000 bytes in three fragments, out of order,
       then time for the reassembly timeout of another. */
    len = 0;
    seed_buf[k][len++] = 4;
    n = fake_udp(u, FAKE_PEER, FAKE_ADDR, 1234, PORT, pay, 992, true);
    {
        static const size_t off[] = {400, 0, 800}, cnt[] = {400, 400, 200};

        for (int i = 0; i < 3; i++) {
            size_t m = fake_frame_ipv4(
                f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 17, 77,
                (uint16_t)(off[i] / 8 | (i != 2 ? 0x2000 : 0)), u + off[i],
                cnt[i]);
            rec_frame(seed_buf[k], &len, f, m);
        }
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR,
                            17, 78, 0x2000, u, 400);
        rec_frame(seed_buf[k], &len, f, n);
        rec_word(seed_buf[k], &len, 0x8000 + 8000, NULL, 0);
    }
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 3: sends off link (ARP for the gateway, queued), the gateway's
       reply, a fragmentation-needed about TCP. */
    len = 0;
    seed_buf[k][len++] = 4;
    rec_word(seed_buf[k], &len, 0xc000 + 20, (const uint8_t *)"\xc0\0\2\7", 4);
    rec_word(seed_buf[k], &len, 0xc000 + 600, (const uint8_t *)"\xc0\0\2\7", 4);
    n = fake_eth(f, fake_mac, fake_gw_mac, 0x0806);
    n += fake_arp(f + n, 2, fake_gw_mac, FAKE_GW, fake_mac, FAKE_ADDR);
    rec_frame(seed_buf[k], &len, f, n);
    {
        uint8_t q[28];

        fake_ipv4(q, FAKE_ADDR, FAKE_REMOTE, 6, 5, 0x4000, pay, 8);
        n = fake_icmp(u, 3, 4, 1200, q, 28);
        n = fake_frame_ipv4(f, fake_mac, fake_gw_mac, FAKE_GW, FAKE_ADDR, 1, 9,
                            0, u, n);
        rec_frame(seed_buf[k], &len, f, n);
    }
    rec_word(seed_buf[k], &len, 0x8000 + 1000, NULL, 0);
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 4: no address (DHCP): an offer to port 68 broadcast. */
    len = 0;
    seed_buf[k][len++] = 5;
    n = fake_udp(u, FAKE_GW, 0xffffffffu, 67, 68, pay, 300, true);
    n = fake_frame_ipv4(f, bcast, fake_gw_mac, FAKE_GW, 0xffffffffu, 17, 1, 0,
                        u, n);
    rec_frame(seed_buf[k], &len, f, n);
    rec_word(seed_buf[k], &len, 0xc000 + 10,
             (const uint8_t *)"\xff\xff\xff\xff", 4);
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 5: a TCP segment, an unknown protocol, and ARP retries to failure
       (MTU 576). */
    len = 0;
    seed_buf[k][len++] = 6;
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 6, 1,
                        0, pay, 40);
    rec_frame(seed_buf[k], &len, f, n);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 99, 1,
                        0, pay, 40);
    rec_frame(seed_buf[k], &len, f, n);
    rec_word(seed_buf[k], &len, 0xc000 + 300, (const uint8_t *)"\x0a\0\0\x09",
             4);
    rec_word(seed_buf[k], &len, 0x8000 + 2000, NULL, 0);
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 6: an IPv4 header with options, a broadcast UDP. */
    len = 0;
    seed_buf[k][len++] = 4;
    n = fake_udp(u, FAKE_PEER, FAKE_BCAST, 1234, PORT, pay, 20, true);
    n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, FAKE_BCAST, 17, 4,
                        0, u, n);
    rec_frame(seed_buf[k], &len, f, n);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 6, 1,
                        0, pay, 24);
    f[14] = 0x46; /* 4 bytes of the payload become options */
    f[24] = f[25] = 0;
    {
        uint16_t c = fake_csum(f + 14, 24, 0);

        f[24] = (uint8_t)(c >> 8);
        f[25] = (uint8_t)c;
    }
    rec_frame(seed_buf[k], &len, f, n);
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 7: a long UDP datagram to a closed port, a long echo request. */
    len = 0;
    seed_buf[k][len++] = 4;
    n = fake_udp(u, FAKE_PEER, FAKE_ADDR, 1234, 9, pay, 700, true);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 17, 3,
                        0, u, n);
    rec_frame(seed_buf[k], &len, f, n);
    n = fake_icmp(u, 8, 0, 0x00020001u, pay, 1000);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 1, 1,
                        0, u, n);
    rec_frame(seed_buf[k], &len, f, n);
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 8: reassembly at its limits: 5 datagrams of 3 fragments of 400
       bytes (the bytes' bound is 4096, the datagrams' 4), and one of 9
       fragments of 8 bytes (the bound is 8). */
    len = 0;
    seed_buf[k][len++] = 4;
    for (uint16_t id = 1; id <= 5; id++)
        for (uint16_t off = 0; off < 150; off += 50) {
            n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER,
                                FAKE_ADDR, 17, id, (uint16_t)(0x2000 | off),
                                pay, 400);
            rec_frame(seed_buf[k], &len, f, n);
        }
    for (uint16_t off = 0; off < 9; off++) {
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR,
                            17, 99, (uint16_t)(0x2000 | off), pay, 8);
        rec_frame(seed_buf[k], &len, f, n);
    }
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    /* 9: the ARP cache at its limit: 10 hosts ask for us (8 entries),
       sends to 3 unknown hosts wait, 2 answer. */
    len = 0;
    seed_buf[k][len++] = 4;
    for (uint8_t h = 20; h < 30; h++) {
        uint8_t mac[6] = {0x02, 0, 0, 0, 1, h};

        n = fake_eth(f, bcast, mac, 0x0806);
        n += fake_arp(f + n, 1, mac, 0x0a000000u + h, zero, FAKE_ADDR);
        rec_frame(seed_buf[k], &len, f, n);
    }
    for (uint8_t h = 40; h < 43; h++) {
        uint8_t dst[4] = {10, 0, 0, h};

        rec_word(seed_buf[k], &len, 0xc000 + 2, dst, 4);
        rec_word(seed_buf[k], &len, 0xc000 + 400, dst, 4);
    }
    for (uint8_t h = 40; h < 42; h++) {
        uint8_t mac[6] = {0x02, 0, 0, 0, 1, h};

        n = fake_eth(f, fake_mac, mac, 0x0806);
        n += fake_arp(f + n, 2, mac, 0x0a000000u + h, fake_mac, FAKE_ADDR);
        rec_frame(seed_buf[k], &len, f, n);
    }
    seeds[k] = seed_buf[k];
    lens[k++] = len;
    return k;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    LLVMFuzzerTestOneInput(fuzz_seed[0], fuzz_seed_len[0]);
    if (fuzz_last.arp_replies != 3 || fuzz_last.echo_replies != 1) {
        snprintf(why, n, "seed 0: %llu ARP replies, %llu echo replies",
                 (unsigned long long)fuzz_last.arp_replies,
                 (unsigned long long)fuzz_last.echo_replies);
        return 0;
    }
    LLVMFuzzerTestOneInput(fuzz_seed[1], fuzz_seed_len[1]);
    if (fuzz_last.received != 1) {
        snprintf(why, n, "seed 1: %u datagrams received", fuzz_last.received);
        return 0;
    }
    LLVMFuzzerTestOneInput(fuzz_seed[2], fuzz_seed_len[2]);
    if (fuzz_last.reassembled != 1 || fuzz_last.received != 1) {
        snprintf(why, n, "seed 2: %llu reassembled, %u received",
                 (unsigned long long)fuzz_last.reassembled, fuzz_last.received);
        return 0;
    }
    LLVMFuzzerTestOneInput(fuzz_seed[3], fuzz_seed_len[3]);
    if (fuzz_last.sent != 2) {
        snprintf(why, n, "seed 3: %u sends accepted", fuzz_last.sent);
        return 0;
    }
    return 1;
}
#endif
