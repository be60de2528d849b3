/* SPDX-License-Identifier: ISC */
/* test_tcpip_arp.c: ARP (RFC 826): answers, learning, cache bounds, retries. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arp.h"
#include "tap.h"
#include "tcpip.h"
#include "tcpip_fake.h"
#include "tcpip_stub_upper.h"

static struct tcpip_fake fk;
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t zero[6];

/* An engine at 10.0.0.2/24 with limits (lim) (NULL: the defaults) and
   address (addr); the frames of its creation forgotten. */
static struct tcpip *make(const struct tcpip_limits *lim, uint32_t addr)
{
    struct tcpip_config cfg;
    struct tcpip *st = NULL;

    tcpip_fake_config(&cfg);
    cfg.addr = addr;
    if (!addr) {
        cfg.prefix = 0;
        cfg.gateway = 0;
    }
    if (tcpip_create(&st, &fk.env, &cfg, lim) != 0) {
        printf("Bail out! tcpip_create failed\n");
        exit(1);
    }
    tcpip_fake_clear(&fk);
    return st;
}

/* A MAC of host number (n): 02:00:00:00:01:n. */
static const uint8_t *mac_of(unsigned n)
{
    static uint8_t m[8][6];
    static unsigned i;
    uint8_t *p = m[i++ % 8];

    memcpy(p, "\x02\x00\x00\x00\x01", 5);
    p[5] = (uint8_t)n;
    return p;
}

/* Feeds an ARP packet in an Ethernet frame from (sha) to (eth_dst). */
static void arp_in(struct tcpip *st, const uint8_t *eth_dst, uint16_t op,
                   const uint8_t *sha, uint32_t spa, const uint8_t *tha,
                   uint32_t tpa)
{
    uint8_t f[64] = {0};
    size_t n = fake_eth(f, eth_dst, sha, 0x0806);

    n += fake_arp(f + n, op, sha, spa, tha, tpa);
    tcpip_input(st, f, 60); /* padded to Ethernet's minimum */
}

/* Is frame (i) an ARP request for (tpa), broadcast, from us? */
static int is_request(size_t i, uint32_t tpa)
{
    struct fake_pkt p;

    return fake_sent(&fk, i, &p) && p.type == 0x0806 && p.arp_op == 1 &&
           p.tpa == tpa && p.spa == FAKE_ADDR &&
           memcmp(p.eth_dst, bcast, 6) == 0 &&
           memcmp(p.sha, fake_mac, 6) == 0 && memcmp(p.tha, zero, 6) == 0 &&
           fk.frames[i].len == 42;
}

/* An IPv4-looking frame of 60 bytes marked (mark), for arp_output. */
static uint8_t *frame_marked(uint8_t mark)
{
    static uint8_t f[60];

    memset(f, mark, sizeof f);
    return f;
}

static void test_answers(void)
{
    struct tcpip *st = make(NULL, FAKE_ADDR);
    uint8_t mac[6];
    struct fake_pkt p;

    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.type == 0x0806 &&
               p.arp_op == 2 && memcmp(p.eth_dst, fake_peer_mac, 6) == 0 &&
               memcmp(p.eth_src, fake_mac, 6) == 0 &&
               memcmp(p.sha, fake_mac, 6) == 0 && p.spa == FAKE_ADDR &&
               memcmp(p.tha, fake_peer_mac, 6) == 0 && p.tpa == FAKE_PEER &&
               fk.frames[0].len == 42,
           "a request for our address gets a reply, unicast to the asker, "
           "with our MAC");
    TAP_OK(st->stats.arp.rx_requests == 1 && st->stats.arp.tx_replies == 1,
           "counted: rx_requests, tx_replies");
    TAP_OK(arp_peek(st, FAKE_PEER, mac) == 0 &&
               memcmp(mac, fake_peer_mac, 6) == 0 && st->stats.arp.entries == 1,
           "and the asker is learned (RFC 826: the target learns the "
           "sender)");

    tcpip_fake_clear(&fk);
    arp_in(st, bcast, 1, mac_of(9), 0x0a000009u, zero, 0x0a000003u);
    TAP_OK(fk.nframes == 0 && arp_peek(st, 0x0a000009u, NULL) == -ENOENT &&
               st->stats.arp.rx_not_ours == 1,
           "a request for another address: no reply, nothing learned");
    arp_in(st, bcast, 1, mac_of(7), FAKE_PEER, zero, 0x0a000003u);
    TAP_OK(fk.nframes == 0 && arp_peek(st, FAKE_PEER, mac) == 0 &&
               memcmp(mac, mac_of(7), 6) == 0,
           "but a known sender's new MAC is merged from it");
    arp_in(st, bcast, 1, mac_of(8), 0x0a000008u, zero, 0x0a000008u);
    TAP_OK(fk.nframes == 0 && arp_peek(st, 0x0a000008u, NULL) == -ENOENT,
           "another host's gratuitous ARP teaches nothing new");
    arp_in(st, fake_mac, 2, mac_of(6), 0x0a000006u, fake_mac, FAKE_ADDR);
    TAP_OK(fk.nframes == 0 && arp_peek(st, 0x0a000006u, mac) == 0 &&
               memcmp(mac, mac_of(6), 6) == 0 && st->stats.arp.rx_replies == 1,
           "a reply to us is learned, and not answered");
    arp_in(st, bcast, 1, mac_of(4), 0, zero, FAKE_ADDR);
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.arp_op == 2 &&
               memcmp(p.eth_dst, mac_of(4), 6) == 0 && p.tpa == 0 &&
               arp_peek(st, 0, NULL) == -ENOENT,
           "a probe (sender 0.0.0.0, RFC 5227) for our address is answered, "
           "nothing learned");
    tcpip_fake_clear(&fk);
    arp_in(st, bcast, 1, mac_of(3), 0x0a000103u, zero, FAKE_ADDR);
    TAP_OK(fk.nframes == 1 && arp_peek(st, 0x0a000103u, NULL) == -ENOENT,
           "a sender off our network is answered but not learned");
    tcpip_fake_clear(&fk);
    tcpip_destroy(st);
}

static void test_bad(void)
{
    struct tcpip *st = make(NULL, FAKE_ADDR);
    uint8_t f[64];
    size_t n;
    uint64_t bad0 = st->stats.arp.rx_bad;
    int cases = 0;

    struct {
        size_t at;
        uint8_t v;
        const char *what;
    } field[] = {
        {14 + 1, 6, "hardware type 6"},
        {14 + 2, 0x86, "protocol type 8600"},
        {14 + 4, 8, "hardware length 8"},
        {14 + 5, 16, "protocol length 16"},
        {14 + 7, 3, "operation 3"},
        {14 + 8, 0xff, "sender MAC broadcast"},
        {14 + 8, 0x01, "sender MAC multicast"},
        {14 + 14, 224, "sender 224.0.0.5"},
        {14 + 14, 127, "sender 127.0.0.5"},
    };

    for (size_t i = 0; i < sizeof field / sizeof field[0]; i++) {
        n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
        n += fake_arp(f + n, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
        f[field[i].at] = field[i].v;
        if (field[i].at == 14 + 8)
            memset(f + 14 + 8, field[i].v, 6);
        tcpip_input(st, f, n);
        cases++;
        TAP_OK(st->stats.arp.rx_bad == bad0 + (uint64_t)cases &&
                   fk.nframes == 0 && st->stats.arp.entries == 0,
               "ARP with %s: rx_bad, no reply, nothing learned", field[i].what);
    }
    n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
    n += fake_arp(f + n, 1, zero, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_input(st, f, n);
    n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
    n += fake_arp(f + n, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_input(st, f, n - 1);
    cases += 2;
    TAP_OK(st->stats.arp.rx_bad == bad0 + (uint64_t)cases && fk.nframes == 0,
           "a zero sender MAC, and 27 bytes: rx_bad");
    /* From our own MAC (another Ethernet source: a loop or a spoof). */
    n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
    n += fake_arp(f + n, 1, fake_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 0 && st->stats.arp.rx_not_ours == 1 &&
               st->stats.arp.entries == 0,
           "ARP whose sender is our own MAC is ignored");
    fk.logs = 0;
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_ADDR, zero, FAKE_ADDR);
    TAP_OK(fk.nframes == 0 && st->stats.arp.entries == 0 && fk.logs == 1 &&
               strstr(fk.log_line, "claims our address"),
           "another host claiming our address: logged, not learned, not "
           "answered");
    tcpip_destroy(st);

    st = make(NULL, 0);
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, 0);
    TAP_OK(fk.nframes == 0 && st->stats.arp.entries == 0 &&
               st->stats.arp.rx_not_ours == 2,
           "without an address: no reply and no learning");
    tcpip_destroy(st);
}

static void test_resolve(void)
{
    struct tcpip *st = make(NULL, FAKE_ADDR);
    uint64_t req0 = st->stats.arp.tx_requests; /* the gratuitous one */
    tcpip_ns t0 = fk.now;
    int rc;

    fk.timer_changes = 0;
    rc = arp_output(st, FAKE_PEER, frame_marked(0xa0), 60);
    TAP_OK(rc == 0 && fk.nframes == 1 && is_request(0, FAKE_PEER) &&
               st->stats.arp.tx_requests == req0 + 1,
           "sending to an unknown hop: queued, and a broadcast request for "
           "it");
    TAP_OK(fk.timer_changes == 1 && fk.deadline == t0 + TCPIP_S(1),
           "the retry timer (1 s) reaches the owner");
    TAP_OK(arp_peek(st, FAKE_PEER, NULL) == -EAGAIN, "the entry is pending");
    for (uint8_t m = 0xa1; m <= 0xa5; m++)
        arp_output(st, FAKE_PEER, frame_marked(m), 60);
    TAP_OK(fk.nframes == 1 && st->stats.arp.pending_dropped == 2 &&
               st->stats.arp.tx_requests == req0 + 1,
           "six frames waiting, four kept: the two oldest dropped, one "
           "request only");
    arp_in(st, fake_mac, 2, fake_peer_mac, FAKE_PEER, fake_mac, FAKE_ADDR);
    {
        int ok = fk.nframes == 5;

        for (size_t i = 1; ok && i < 5; i++) {
            const uint8_t *f = fk.frames[i].data;

            ok = fk.frames[i].len == 60 && memcmp(f, fake_peer_mac, 6) == 0 &&
                 memcmp(f + 6, fake_mac, 6) == 0 && f[12] == 0x08 &&
                 f[13] == 0x00 && f[14] == 0xa1 + i && f[59] == 0xa1 + i;
        }
        TAP_OK(ok, "the reply sends the four newest, in order, to its MAC, "
                   "bytes intact");
    }
    tcpip_fake_clear(&fk);
    rc = arp_output(st, FAKE_PEER, frame_marked(0xb0), 60);
    TAP_OK(rc == 0 && fk.nframes == 1 &&
               memcmp(fk.frames[0].data, fake_peer_mac, 6) == 0 &&
               fk.frames[0].data[20] == 0xb0,
           "resolved: the next frame goes at once");
    tcpip_fake_clear(&fk);
    tcpip_destroy(st);

    /* arp_pending 0: no queue at all. */
    {
        struct tcpip_limits lim;

        tcpip_limits_default(&lim);
        lim.arp_pending = 0;
        st = make(&lim, FAKE_ADDR);
        rc = arp_output(st, FAKE_PEER, frame_marked(1), 60);
        TAP_OK(rc == -ENOBUFS && is_request(0, FAKE_PEER),
               "with no pending queue: -ENOBUFS, but the request goes");
        tcpip_fake_clear(&fk);
        tcpip_destroy(st);
    }
}

static void test_retries(void)
{
    struct tcpip *st = make(NULL, FAKE_ADDR);
    uint64_t req0 = st->stats.arp.tx_requests;
    tcpip_ns t0 = fk.now;
    int ok = 1;

    arp_output(st, FAKE_PEER, frame_marked(1), 60);
    arp_output(st, FAKE_PEER, frame_marked(2), 60);
    for (unsigned s = 1; s <= 3; s++) {
        tcpip_fake_advance(&fk, st, TCPIP_S(1));
        ok = ok && fk.nframes == 1 + s && is_request(s, FAKE_PEER);
    }
    TAP_OK(ok && st->stats.arp.tx_requests == req0 + 4,
           "no answer: the request is sent again at 1, 2 and 3 s (4 in all)");
    TAP_OK(arp_peek(st, FAKE_PEER, NULL) == -EAGAIN &&
               st->stats.arp.unresolved == 0,
           "still pending at 3 s");
    tcpip_fake_advance(&fk, st, TCPIP_S(1));
    TAP_OK(fk.nframes == 4 && st->stats.arp.unresolved == 1 &&
               st->stats.arp.pending_dropped == 2 &&
               arp_peek(st, FAKE_PEER, NULL) == -EHOSTUNREACH,
           "at 4 s it fails: no fifth request, the 2 waiting frames dropped "
           "and counted");
    TAP_OK(arp_output(st, FAKE_PEER, frame_marked(3), 60) == -EHOSTUNREACH &&
               fk.nframes == 4,
           "sending to it then: -EHOSTUNREACH, nothing sent");
    tcpip_fake_advance(&fk, st, TCPIP_S(19) + TCPIP_MS(999));
    TAP_OK(arp_output(st, FAKE_PEER, frame_marked(3), 60) == -EHOSTUNREACH,
           "still -EHOSTUNREACH just before 20 s");
    tcpip_fake_advance(&fk, st, TCPIP_MS(1));
    TAP_OK(fk.now == t0 + TCPIP_S(24) &&
               arp_peek(st, FAKE_PEER, NULL) == -ENOENT &&
               st->stats.arp.entries == 0,
           "20 s after the failure the entry is forgotten");
    TAP_OK(arp_output(st, FAKE_PEER, frame_marked(4), 60) == 0 &&
               fk.nframes == 5 && is_request(4, FAKE_PEER),
           "and the next frame asks again");
    /* An answer during the retries ends them. */
    tcpip_fake_advance(&fk, st, TCPIP_S(1));
    arp_in(st, fake_mac, 2, fake_peer_mac, FAKE_PEER, fake_mac, FAKE_ADDR);
    tcpip_fake_clear(&fk);
    tcpip_fake_advance(&fk, st, TCPIP_S(10));
    TAP_OK(fk.nframes == 0 && arp_peek(st, FAKE_PEER, NULL) == 0,
           "an answer stops the retries");
    TAP_OK(fk.stuck == 0, "no timer was due in the past");
    tcpip_destroy(st);
}

static void test_expiry(void)
{
    struct tcpip *st = make(NULL, FAKE_ADDR);
    uint8_t mac[6];

    /* Learned, never used: gone after 60 s. */
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_fake_clear(&fk);
    tcpip_fake_advance(&fk, st, TCPIP_S(59));
    TAP_OK(arp_peek(st, FAKE_PEER, NULL) == 0, "an entry lives 59 s");
    tcpip_fake_advance(&fk, st, TCPIP_S(1));
    TAP_OK(arp_peek(st, FAKE_PEER, NULL) == -ENOENT &&
               st->stats.arp.entries == 0 && fk.nframes == 0,
           "unused, it expires at 60 s without a request");

    /* Refreshed by the peer's ARP. */
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_fake_advance(&fk, st, TCPIP_S(50));
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, 0x0a000003u);
    tcpip_fake_advance(&fk, st, TCPIP_S(20));
    TAP_OK(arp_peek(st, FAKE_PEER, NULL) == 0,
           "the peer's ARP at 50 s keeps it at 70 s");
    tcpip_fake_advance(&fk, st, TCPIP_S(40));
    TAP_OK(arp_peek(st, FAKE_PEER, NULL) == -ENOENT,
           "and it expires 60 s after that");

    /* In use when it expires: asked again while still used. */
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_fake_advance(&fk, st, TCPIP_S(30));
    arp_output(st, FAKE_PEER, frame_marked(1), 60);
    tcpip_fake_clear(&fk);
    tcpip_fake_advance(&fk, st, TCPIP_S(30));
    TAP_OK(fk.nframes == 1 && is_request(0, FAKE_PEER) &&
               arp_peek(st, FAKE_PEER, mac) == 0,
           "used, it is asked for again at 60 s and its MAC kept");
    TAP_OK(arp_output(st, FAKE_PEER, frame_marked(2), 60) == 0 &&
               fk.nframes == 2 &&
               memcmp(fk.frames[1].data, fake_peer_mac, 6) == 0,
           "frames still go at once meanwhile");
    arp_in(st, fake_mac, 2, fake_peer_mac, FAKE_PEER, fake_mac, FAKE_ADDR);
    tcpip_fake_advance(&fk, st, TCPIP_S(30));
    TAP_OK(fk.nframes == 2 && arp_peek(st, FAKE_PEER, NULL) == 0,
           "answered: reachable again, no more requests");
    tcpip_fake_advance(&fk, st, TCPIP_S(30)); /* unused since: gone */
    TAP_OK(arp_peek(st, FAKE_PEER, NULL) == -ENOENT,
           "and forgotten 60 s after the answer, unused since");
    /* In use, and no answer to the new requests: it fails. */
    arp_in(st, bcast, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_fake_advance(&fk, st, TCPIP_S(1));
    arp_output(st, FAKE_PEER, frame_marked(1), 60);
    tcpip_fake_clear(&fk);
    tcpip_fake_advance(&fk, st, TCPIP_S(59) + TCPIP_S(4));
    TAP_OK(fk.nframes == 4 && arp_peek(st, FAKE_PEER, NULL) == -EHOSTUNREACH,
           "used but silent: 4 requests, then it fails");
    tcpip_destroy(st);
}

static void test_eviction(void)
{
    struct tcpip_limits lim;
    struct tcpip *st;
    int ok = 1;

    tcpip_limits_default(&lim);
    lim.arp_entries = 4;
    st = make(&lim, FAKE_ADDR);
    for (unsigned i = 0; i < 4; i++) {
        arp_in(st, bcast, 1, mac_of(10 + i), 0x0a000010u + i, zero, FAKE_ADDR);
        tcpip_fake_advance(&fk, st, TCPIP_S(1));
    }
    TAP_OK(st->stats.arp.entries == 4, "four hosts learned: the cache is full");
    /* Use .11, .12, .13, .10 in that order: .11 is now the least recent. */
    for (unsigned i = 1; i <= 4; i++) {
        arp_output(st, 0x0a000010u + i % 4, frame_marked(1), 60);
        tcpip_fake_advance(&fk, st, TCPIP_S(1));
    }
    arp_in(st, bcast, 1, mac_of(20), 0x0a000020u, zero, FAKE_ADDR);
    for (unsigned i = 0; i < 4; i++)
        ok =
            ok && arp_peek(st, 0x0a000010u + i, NULL) == (i == 1 ? -ENOENT : 0);
    TAP_OK(ok && arp_peek(st, 0x0a000020u, NULL) == 0 &&
               st->stats.arp.entries == 4,
           "a fifth takes the place of the least recently used (10.0.0.17)");
    /* A pending entry evicted drops its frames, counted. */
    tcpip_fake_advance(&fk, st, TCPIP_S(1));
    arp_output(st, 0x0a000030u, frame_marked(1), 60);
    for (unsigned i = 0; i < 4; i++) {
        tcpip_fake_advance(&fk, st, TCPIP_MS(100));
        arp_output(st, 0x0a000040u + i, frame_marked(1), 60);
    }
    TAP_OK(arp_peek(st, 0x0a000030u, NULL) == -ENOENT &&
               st->stats.arp.pending_dropped == 1 && st->stats.arp.entries == 4,
           "an evicted pending entry's frame is counted as dropped");
    tcpip_destroy(st);
}

int main(void)
{
    tap_alarm(60);
    tcpip_fake_init(&fk, 2);
    test_answers();
    test_bad();
    test_resolve();
    test_retries();
    test_expiry();
    test_eviction();
    tcpip_fake_free(&fk);
    return tap_done();
}
