/* SPDX-License-Identifier: ISC */
/* test_tcpip_reasm.c: IPv4 reassembly: orders, duplicates, overlaps, limits. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcpip.h"
#include "tcpip_fake.h"
#include "tcpip_stub_upper.h"

static struct tcpip_fake fk;
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t zero[6];
static uint8_t data[4096]; /* the datagrams' payloads */

static struct tcpip *make(const struct tcpip_limits *lim)
{
    struct tcpip_config cfg;
    struct tcpip *st = NULL;
    uint8_t f[60] = {0};
    size_t n;

    tcpip_fake_config(&cfg);
    if (tcpip_create(&st, &fk.env, &cfg, lim) != 0) {
        printf("Bail out! tcpip_create failed\n");
        exit(1);
    }
    /* the peer's MAC known, so that ICMP errors to it go at once */
    n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
    fake_arp(f + n, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_input(st, f, sizeof f);
    tcpip_fake_clear(&fk);
    tcpip_stub_reset();
    return st;
}

/* Feeds the fragment of datagram (id) (protocol proto) holding bytes
   [off, off + len) of (data), MF when (more); past 2048, the bytes repeat
   from 0 (for fragments at the far end of 64 KiB). */
static void frag_p(struct tcpip *st, uint8_t proto, uint16_t id, size_t off,
                   size_t len, int more)
{
    static uint8_t f[14 + 20 + 4096];
    uint16_t word = (uint16_t)(off / 8 | (more ? 0x2000 : 0));
    size_t n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR,
                               proto, id, word, data + off % 2048, len);

    tcpip_input(st, f, n);
}

static void frag(struct tcpip *st, uint16_t id, size_t off, size_t len,
                 int more)
{
    frag_p(st, 6, id, off, len, more);
}

/* Did TCP get one more datagram, (len) bytes of data from (off)? */
static int got(unsigned before, size_t off, size_t len)
{
    return tcpip_stub.tcp_input == before + 1 && tcpip_stub.len == len &&
           memcmp(tcpip_stub.data, data + off, len) == 0;
}

static void test_orders(void)
{
    struct tcpip *st = make(NULL);
    struct tcpip_stats *s = &st->stats;
    unsigned t;

    t = tcpip_stub.tcp_input;
    frag(st, 1, 0, 16, 1);
    frag(st, 1, 16, 16, 1);
    TAP_OK(tcpip_stub.tcp_input == t && s->ipv4.reasm_datagrams == 1 &&
               s->ipv4.reasm_bytes == 32,
           "two fragments of three: held (1 datagram, 32 bytes)");
    frag(st, 1, 32, 10, 0);
    TAP_OK(got(t, 0, 42) && s->ipv4.reassembled == 1 &&
               s->ipv4.rx_fragments == 3,
           "the third completes it: 42 bytes delivered once");
    TAP_OK(s->ipv4.reasm_datagrams == 0 && s->ipv4.reasm_bytes == 0,
           "nothing held after");
    t = tcpip_stub.tcp_input;
    frag(st, 2, 32, 10, 0);
    frag(st, 2, 16, 16, 1);
    frag(st, 2, 0, 16, 1);
    TAP_OK(got(t, 0, 42), "reversed: the same datagram");
    {
        /* 10 fragments of 80 bytes and a last of 33, in a scrambled
           order. */
        static const int order[] = {7, 2, 10, 0, 5, 9, 1, 8, 3, 6, 4};
        int early = 0;

        t = tcpip_stub.tcp_input;
        for (size_t i = 0; i < 11; i++) {
            size_t k = (size_t)order[i];

            frag(st, 3, 80 * k, k == 10 ? 33 : 80, k != 10);
            if (i < 10 && tcpip_stub.tcp_input != t)
                early = 1;
        }
        TAP_OK(!early && got(t, 0, 833),
               "11 fragments in a scrambled order: delivered at the last, "
               "intact");
    }
    t = tcpip_stub.tcp_input;
    frag(st, 4, 0, 16, 1);
    frag(st, 4, 0, 16, 1);
    frag(st, 4, 16, 8, 0);
    TAP_OK(got(t, 0, 24) && s->ipv4.reasm_overlaps == 0,
           "duplicates of identical fragments are ignored: one delivery");
    /* Two datagrams with one ID, told apart by protocol and source. */
    t = tcpip_stub.tcp_input;
    frag_p(st, 6, 5, 0, 16, 1);
    frag_p(st, 17, 5, 0, 16, 1);
    frag_p(st, 6, 5, 16, 4, 0);
    TAP_OK(got(t, 0, 20) && s->ipv4.reasm_datagrams == 1,
           "one ID, two protocols: two datagrams, the TCP one complete");
    /* The first fragment with options: the header is the first's. */
    {
        static uint8_t f[100];
        size_t n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER,
                                   FAKE_ADDR, 6, 6, 0x2000, data, 16);
        uint16_t c;

        memmove(f + 38, f + 34, 16);
        memcpy(f + 34, "\x01\x01\x01\x00", 4);
        f[14] = 0x46;
        f[17] = 40;
        f[24] = f[25] = 0;
        c = fake_csum(f + 14, 24, 0);
        f[24] = (uint8_t)(c >> 8);
        f[25] = (uint8_t)c;
        t = tcpip_stub.tcp_input;
        tcpip_input(st, f, n + 4);
        frag(st, 6, 16, 5, 0);
        TAP_OK(got(t, 0, 21),
               "a first fragment with 4 bytes of options: the payload after "
               "them");
    }
    tcpip_destroy(st);
}

static void test_overlaps(void)
{
    struct tcpip *st = make(NULL);
    struct tcpip_stats *s = &st->stats;
    unsigned t = tcpip_stub.tcp_input;

    frag(st, 10, 0, 16, 1);
    frag(st, 10, 8, 16, 1);
    TAP_OK(s->ipv4.reasm_overlaps == 1 && s->ipv4.reasm_bytes == 0 &&
               s->ipv4.reasm_datagrams == 1,
           "[0,16) then [8,24): an overlap, the datagram's bytes dropped, its "
           "key kept");
    frag(st, 10, 16, 8, 1);
    frag(st, 10, 24, 4, 0);
    frag(st, 10, 8, 8, 1);
    TAP_OK(tcpip_stub.tcp_input == t && s->ipv4.reasm_overlaps == 4 &&
               s->ipv4.reasm_bytes == 0,
           "its later fragments, enough to complete it, are dropped too "
           "(counted)");
    frag(st, 11, 0, 16, 1);
    memset(data, 0xee, 1); /* the same place, other bytes */
    frag(st, 11, 0, 16, 1);
    data[0] = 0;
    TAP_OK(s->ipv4.reasm_overlaps == 5,
           "the same offset and length with other bytes: an overlap");
    frag(st, 12, 16, 8, 0);
    frag(st, 12, 16, 16, 1);
    TAP_OK(s->ipv4.reasm_overlaps == 6, "a fragment past the last one's end");
    frag(st, 13, 16, 8, 0);
    frag(st, 13, 24, 8, 0);
    TAP_OK(s->ipv4.reasm_overlaps == 7, "two different last fragments");
    frag(st, 14, 8, 16, 1);
    frag(st, 14, 0, 16, 1);
    TAP_OK(s->ipv4.reasm_overlaps == 8,
           "an overlap with the fragment after it");
    frag(st, 15, 0, 16, 1);
    frag(st, 15, 16, 8, 1);
    frag(st, 15, 8, 32, 0);
    TAP_OK(s->ipv4.reasm_overlaps == 9 && tcpip_stub.tcp_input == t,
           "a last fragment [8,40) over both others");
    /* Bad fragments. */
    frag(st, 16, 0, 12, 1);
    TAP_OK(s->ipv4.rx_bad_header == 1 && s->ipv4.reasm_datagrams == 6,
           "a fragment but the last of 12 bytes (not a multiple of 8): bad, "
           "not held");
    {
        static uint8_t f[100];
        size_t n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER,
                                   FAKE_ADDR, 6, 17, 0x2001, data, 0);

        tcpip_input(st, f, n);
        TAP_OK(s->ipv4.rx_bad_header == 2, "an empty fragment: bad");
    }
    frag(st, 18, 8191 * 8, 16, 0);
    TAP_OK(s->ipv4.rx_bad_header == 3 && s->ipv4.reasm_bytes == 0,
           "a fragment ending at 65,544 (ping of death): dropped");
    frag(st, 19, 8189 * 8, 4, 0);
    TAP_OK(s->ipv4.rx_bad_header == 4, "one ending at 65,516 + 20: dropped");
    frag(st, 20, 8189 * 8, 3, 0);
    TAP_OK(s->ipv4.rx_bad_header == 4 && s->ipv4.reasm_bytes == 3,
           "one ending at 65,515 + 20 = 65,535: held");
    /* After 30 s every key is forgotten; the poisoned ones say nothing. */
    tcpip_fake_clear(&fk);
    tcpip_fake_advance(&fk, st, TCPIP_S(30));
    TAP_OK(s->ipv4.reasm_datagrams == 0 && s->ipv4.reasm_bytes == 0,
           "after 30 s nothing is held");
    TAP_OK(s->ipv4.reasm_timeouts == 1 && fk.nframes == 0,
           "one timeout (the only datagram not dropped), no ICMP: it had no "
           "first fragment");
    t = tcpip_stub.tcp_input;
    frag(st, 10, 0, 16, 1);
    frag(st, 10, 16, 4, 0);
    TAP_OK(got(t, 0, 20), "a key forgotten may be used again");
    tcpip_destroy(st);
}

static void test_limits(void)
{
    struct tcpip_limits lim;
    struct tcpip *st;
    struct tcpip_stats *s;
    unsigned t;

    tcpip_limits_default(&lim);
    lim.reasm_fragments = 4;
    st = make(&lim);
    s = &st->stats;
    for (size_t i = 0; i < 4; i++)
        frag(st, 1, 16 * i, 16, 1);
    TAP_OK(s->ipv4.reasm_bytes == 64 && s->ipv4.reasm_over_limit == 0,
           "4 fragments of a datagram held (the limit is 4)");
    frag(st, 1, 64, 16, 1);
    TAP_OK(s->ipv4.reasm_bytes == 0 && s->ipv4.reasm_over_limit == 1,
           "a fifth drops the datagram (reasm_over_limit)");
    t = tcpip_stub.tcp_input;
    frag(st, 2, 0, 16, 1);
    frag(st, 2, 16, 16, 1);
    frag(st, 2, 32, 16, 1);
    frag(st, 2, 48, 8, 0);
    TAP_OK(got(t, 0, 56), "4 fragments make a datagram");
    tcpip_destroy(st);

    tcpip_limits_default(&lim);
    lim.reasm_datagrams = 2;
    st = make(&lim);
    s = &st->stats;
    frag(st, 1, 0, 16, 1);
    fk.now += TCPIP_MS(1);
    frag(st, 2, 0, 16, 1);
    fk.now += TCPIP_MS(1);
    frag(st, 3, 0, 16, 1);
    TAP_OK(s->ipv4.reasm_datagrams == 2 && s->ipv4.reasm_over_limit == 1 &&
               s->ipv4.reasm_bytes == 32,
           "3 datagrams, room for 2: the oldest is pushed out");
    t = tcpip_stub.tcp_input;
    frag(st, 2, 16, 4, 0);
    frag(st, 3, 16, 4, 0);
    TAP_OK(tcpip_stub.tcp_input == t + 2, "the two others complete");
    frag(st, 1, 16, 4, 0);
    TAP_OK(tcpip_stub.tcp_input == t + 2 && s->ipv4.reasm_datagrams == 1,
           "the pushed-out one's last fragment starts over, incomplete");
    tcpip_destroy(st);

    tcpip_limits_default(&lim);
    lim.reasm_bytes = 100;
    st = make(&lim);
    s = &st->stats;
    frag(st, 1, 0, 64, 1);
    fk.now += TCPIP_MS(1);
    frag(st, 2, 0, 48, 1);
    TAP_OK(s->ipv4.reasm_bytes == 48 && s->ipv4.reasm_datagrams == 1 &&
               s->ipv4.reasm_over_limit == 1,
           "bytes 64 + 48 over a bound of 100: the older datagram goes");
    frag(st, 2, 48, 48, 1);
    frag(st, 2, 96, 8, 1);
    TAP_OK(s->ipv4.reasm_bytes == 0 && s->ipv4.reasm_over_limit == 2,
           "a datagram alone over the bound: dropped");
    TAP_OK(s->ipv4.reasm_bytes <= lim.reasm_bytes,
           "the bytes held never pass the bound");
    tcpip_destroy(st);

    tcpip_limits_default(&lim);
    lim.reasm_datagrams = 0;
    st = make(&lim);
    frag(st, 1, 0, 16, 1);
    TAP_OK(st->stats.ipv4.reasm_over_limit == 1 &&
               st->stats.ipv4.reasm_datagrams == 0,
           "no reassembly at all (limit 0): every fragment dropped, counted");
    tcpip_destroy(st);
}

static void test_timeout(void)
{
    struct tcpip *st = make(NULL);
    struct tcpip_stats *s = &st->stats;
    tcpip_ns t0 = fk.now;
    struct fake_pkt p;
    uint8_t first[14 + 20 + 16];

    fk.timer_changes = 0;
    frag(st, 0x4242, 0, 16, 1);
    fake_frame_ipv4(first, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 6,
                    0x4242, 0x2000, data, 16);
    TAP_OK(fk.timer_changes == 1 && fk.deadline == t0 + TCPIP_S(30),
           "the first fragment arms a timer at 30 s");
    fk.now += TCPIP_S(10);
    frag(st, 0x4242, 32, 8, 0);
    tcpip_fake_advance(&fk, st, TCPIP_S(20) - 1);
    TAP_OK(s->ipv4.reasm_datagrams == 1 && fk.nframes == 0,
           "held until 30 s after the first fragment (not the last)");
    tcpip_fake_advance(&fk, st, 1);
    TAP_OK(s->ipv4.reasm_datagrams == 0 && s->ipv4.reasm_timeouts == 1 &&
               s->ipv4.reasm_bytes == 0,
           "at 30 s: dropped, reasm_timeouts");
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.proto == 1 &&
               p.dst == FAKE_PEER && p.payload[0] == 11 && p.payload[1] == 1 &&
               p.plen == 8 + 20 + 8 &&
               memcmp(p.payload + 8, first + 14, 28) == 0,
           "and an ICMP time exceeded (code 1) quotes the first fragment's "
           "header and 8 bytes");
    tcpip_destroy(st);
}

int main(void)
{
    tap_alarm(60);
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 13 + 1);
    tcpip_fake_init(&fk, 4);
    test_orders();
    test_overlaps();
    test_limits();
    test_timeout();
    tcpip_fake_free(&fk);
    return tap_done();
}
