/* SPDX-License-Identifier: ISC */
/* test_tcpip_udp.c: UDP: checksums both ways, sockets, queues and bounds. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcpip.h"
#include "tcpip_fake.h"
#include "tcpip_stub_upper.h"
#include "udp.h"

static struct tcpip_fake fk;
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t zero[6];

static struct tcpip *make(const struct tcpip_limits *lim, uint32_t addr)
{
    struct tcpip_config cfg;
    struct tcpip *st = NULL;
    uint8_t f[60] = {0};
    size_t n;

    tcpip_fake_config(&cfg);
    if (!addr)
        cfg.addr = cfg.prefix = cfg.gateway = 0;
    if (tcpip_create(&st, &fk.env, &cfg, lim) != 0) {
        printf("Bail out! tcpip_create failed\n");
        exit(1);
    }
    if (addr) {
        n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
        fake_arp(f + n, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
        tcpip_input(st, f, sizeof f);
    }
    tcpip_fake_clear(&fk);
    tcpip_stub_reset();
    return st;
}

/* Feeds a UDP datagram (sport -> dport, payload, len) from the peer to
   (dst), checksummed when (csum). */
static void udp_in(struct tcpip *st, uint32_t dst, uint16_t sport,
                   uint16_t dport, const void *payload, size_t len, bool csum)
{
    static uint8_t f[14 + 20 + 8 + 2000], u[8 + 2000];
    size_t n = fake_udp(u, FAKE_PEER, dst, sport, dport, payload, len, csum);

    n = fake_frame_ipv4(f, dst == FAKE_ADDR ? fake_mac : bcast, fake_peer_mac,
                        FAKE_PEER, dst, 17, 1, 0, u, n);
    tcpip_input(st, f, n);
}

/* A socket bound to (addr, port), or a bail out. */
static struct udp_sock *bind_or_die(struct tcpip *st, uint32_t addr,
                                    uint16_t port)
{
    struct udp_sock *s;

    if (udp_bind(st, addr, port, &s) != 0) {
        printf("Bail out! udp_bind %u\n", port);
        exit(1);
    }
    return s;
}

static void test_bind(void)
{
    struct tcpip_limits lim;
    struct tcpip *st = make(NULL, FAKE_ADDR);
    struct udp_sock *s, *t, *u[64];
    int rc, ok = 1;

    rc = udp_bind(st, 0, 5353, &s);
    TAP_OK(rc == 0 && s && udp_sock_port(s) == 5353 &&
               st->stats.udp.sockets == 1,
           "udp_bind to port 5353: bound, counted");
    rc = udp_bind(st, 0, 5353, &t);
    TAP_OK(rc == -EADDRINUSE && t == NULL, "again: -EADDRINUSE");
    rc = udp_bind(st, FAKE_ADDR, 5353, &t);
    TAP_OK(rc == -EADDRINUSE, "to our address and the same port: -EADDRINUSE");
    rc = udp_bind(st, 0x0a000009u, 5354, &t);
    TAP_OK(rc == -EADDRNOTAVAIL, "to an address not ours: -EADDRNOTAVAIL");
    rc = udp_bind(st, FAKE_ADDR, 5354, &t);
    TAP_OK(rc == 0 && udp_sock_port(t) == 5354, "to our own address: bound");
    for (int i = 0; i < 64; i++) {
        uint16_t p;

        rc = udp_bind(st, 0, 0, &u[i]);
        p = rc == 0 ? udp_sock_port(u[i]) : 0;
        ok = ok && rc == 0 && p >= 49152;
        for (int j = 0; ok && j < i; j++)
            ok = udp_sock_port(u[j]) != p;
    }
    TAP_OK(ok, "64 binds to port 0: 64 different ports in 49152..65535");
    for (int i = 0; i < 64; i++)
        udp_close(u[i]);
    udp_close(s);
    TAP_OK(st->stats.udp.sockets == 1 && udp_bind(st, 0, 5353, &s) == 0,
           "closed: uncounted, and the port is free again");
    udp_close(s);
    udp_close(t);
    tcpip_destroy(st);

    tcpip_limits_default(&lim);
    lim.udp_sockets = 3;
    st = make(&lim, FAKE_ADDR);
    for (int i = 0; i < 3; i++)
        u[i] = bind_or_die(st, 0, (uint16_t)(100 + i));
    TAP_OK(udp_bind(st, 0, 200, &s) == -EMFILE,
           "a fourth socket of 3 allowed: -EMFILE");
    udp_close(u[1]);
    TAP_OK(udp_bind(st, 0, 200, &s) == 0, "one closed: it can be bound");
    tcpip_destroy(st); /* frees the sockets still bound */
}

static void test_receive(void)
{
    struct tcpip *st = make(NULL, FAKE_ADDR);
    struct udp_sock *s = bind_or_die(st, 0, 7000);
    uint8_t buf[2000];
    uint32_t src = 0;
    uint16_t sport = 0;
    unsigned w;
    int rc;

    w = fk.wakes;
    udp_in(st, FAKE_ADDR, 4444, 7000, "hello", 5, true);
    TAP_OK(fk.wakes == w + 1 && fk.woken == udp_sock_cond(s),
           "a datagram for the socket wakes its condition");
    rc = udp_recvfrom(s, buf, sizeof buf, &src, &sport);
    TAP_OK(rc == 5 && memcmp(buf, "hello", 5) == 0 && src == FAKE_PEER &&
               sport == 4444,
           "udp_recvfrom: its 5 bytes, its source address and port");
    TAP_OK(udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == -EAGAIN,
           "then -EAGAIN");
    udp_in(st, FAKE_ADDR, 4444, 7000, "nocsum", 6, false);
    rc = udp_recvfrom(s, buf, sizeof buf, NULL, NULL);
    TAP_OK(rc == 6 && memcmp(buf, "nocsum", 6) == 0,
           "a checksum of 0 (none, RFC 768): accepted");
    {
        static uint8_t f[100], u[64];
        size_t n =
            fake_udp(u, FAKE_PEER, FAKE_ADDR, 4444, 7000, "bad", 3, true);

        u[7] ^= 0x10;
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR,
                            17, 1, 0, u, n);
        tcpip_input(st, f, n);
        TAP_OK(st->stats.udp.rx_bad_checksum == 1 &&
                   udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == -EAGAIN,
               "a bad checksum: rx_bad_checksum, not queued");
        /* The UDP length field against the data. */
        n = fake_udp(u, FAKE_PEER, FAKE_ADDR, 4444, 7000, "lengths", 7, true);
        u[5] = 16; /* 16 in 15 bytes */
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR,
                            17, 1, 0, u, n);
        tcpip_input(st, f, n);
        f[14 + 20 + 5] = 7; /* under the header's 8 */
        tcpip_input(st, f, n);
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR,
                            17, 1, 0, u, 7);
        tcpip_input(st, f, n);
        TAP_OK(st->stats.udp.rx_bad == 3 &&
                   udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == -EAGAIN,
               "a length past the data, under 8, or 7 bytes in all: rx_bad");
        /* A length shorter than the IP payload: the rest is not UDP's. */
        n = fake_udp(u, FAKE_PEER, FAKE_ADDR, 4444, 7000, "short", 5, true);
        memcpy(u + n, "TRAILER", 7);
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR,
                            17, 1, 0, u, n + 7);
        tcpip_input(st, f, n);
        rc = udp_recvfrom(s, buf, sizeof buf, NULL, NULL);
        TAP_OK(rc == 5 && memcmp(buf, "short", 5) == 0,
               "a UDP length under the IP payload's: its own 5 bytes");
    }
    /* A checksum that computes to 0 travels as ffff. */
    {
        uint8_t p[10] = "abcdefgh", u[18];
        uint16_t c;

        p[8] = p[9] = 0;
        fake_udp(u, FAKE_PEER, FAKE_ADDR, 4444, 7000, p, 10, false);
        c = fake_csum(u, 18, fake_pseudo(FAKE_PEER, FAKE_ADDR, 17, 18));
        p[8] = (uint8_t)(c >> 8); /* now the sum is ffff: checksum 0 */
        p[9] = (uint8_t)c;
        fake_udp(u, FAKE_PEER, FAKE_ADDR, 4444, 7000, p, 10, true);
        TAP_OK(u[6] == 0xff && u[7] == 0xff,
               "(a datagram whose checksum computes to 0, sent as ffff)");
        udp_in(st, FAKE_ADDR, 4444, 7000, p, 10, true);
        rc = udp_recvfrom(s, buf, sizeof buf, NULL, NULL);
        TAP_OK(rc == 10 && memcmp(buf, p, 10) == 0, "is accepted");
    }
    /* Broadcasts reach sockets bound to any address, not to ours. */
    {
        struct udp_sock *mine = bind_or_die(st, FAKE_ADDR, 7001);

        udp_in(st, 0xffffffffu, 4444, 7000, "all", 3, true);
        udp_in(st, FAKE_BCAST, 4444, 7000, "net", 3, true);
        udp_in(st, 0xffffffffu, 4444, 7001, "all", 3, true);
        rc = udp_recvfrom(s, buf, sizeof buf, NULL, NULL);
        TAP_OK(rc == 3 && memcmp(buf, "all", 3) == 0 &&
                   udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == 3 &&
                   memcmp(buf, "net", 3) == 0,
               "a socket bound to 0.0.0.0 gets both broadcasts");
        TAP_OK(udp_recvfrom(mine, buf, sizeof buf, NULL, NULL) == -EAGAIN &&
                   fk.nframes == 0,
               "one bound to our address does not, and no unreachable is "
               "sent");
        udp_in(st, FAKE_ADDR, 4444, 7001, "mine", 4, true);
        TAP_OK(udp_recvfrom(mine, buf, sizeof buf, NULL, NULL) == 4,
               "it gets what is sent to our address");
        udp_close(mine);
    }
    udp_in(st, FAKE_ADDR, 4444, 0, "zero", 4, true);
    TAP_OK(st->stats.udp.rx_no_port == 2 && fk.nframes == 1,
           "to port 0: no socket (an unreachable)");
    /* Too long for the caller's buffer: dropped all the same. */
    udp_in(st, FAKE_ADDR, 4444, 7000, buf, 100, true);
    udp_in(st, FAKE_ADDR, 4444, 7000, "next", 4, true);
    TAP_OK(udp_recvfrom(s, buf, 50, NULL, NULL) == -EMSGSIZE &&
               udp_recvfrom(s, buf, 50, NULL, NULL) == 4,
           "100 bytes into 50: -EMSGSIZE, and the datagram is gone");
    udp_in(st, FAKE_ADDR, 4444, 7000, "", 0, true);
    TAP_OK(udp_recvfrom(s, buf, 0, NULL, NULL) == 0,
           "an empty datagram: length 0");
    /* Closing wakes the waiters. */
    udp_in(st, FAKE_ADDR, 4444, 7000, "left", 4, true);
    w = fk.wakes;
    {
        struct mirage_cond *c = udp_sock_cond(s);

        udp_close(s);
        TAP_OK(fk.wakes == w + 1 && fk.woken == c && st->stats.udp.sockets == 0,
               "udp_close wakes the socket's condition, frees its queue");
    }
    tcpip_destroy(st);
}

static void test_dhcp(void)
{
    struct tcpip *st = make(NULL, 0);
    struct udp_sock *s = bind_or_die(st, 0, 68);
    uint8_t buf[64];
    int dummy;

    udp_in(st, 0xffffffffu, 67, 68, "offer", 5, true);
    TAP_OK(tcpip_stub.dhcp_input == 0,
           "without a DHCP client, port 68 is no one's");
    st->dhcp = (struct dhcp_client *)&dummy;
    udp_in(st, 0xffffffffu, 67, 68, "offer", 5, true);
    TAP_OK(tcpip_stub.dhcp_input == 1 && tcpip_stub.len == 5 &&
               memcmp(tcpip_stub.data, "offer", 5) == 0 &&
               tcpip_stub.src == FAKE_PEER && tcpip_stub.dst == 0xffffffffu,
           "with it, port 68 goes to dhcp_input (the UDP payload, the "
           "addresses)");
    TAP_OK(udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == -EAGAIN,
           "before any socket bound to 68");
    udp_in(st, 0xffffffffu, 67, 68, "offer", 5, false);
    TAP_OK(tcpip_stub.dhcp_input == 2, "a datagram without checksum too");
    {
        static uint8_t f[100], u[64];
        size_t n = fake_udp(u, FAKE_PEER, 0xffffffffu, 67, 68, "bad", 3, true);

        u[6] ^= 1;
        n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, 0xffffffffu, 17,
                            1, 0, u, n);
        tcpip_input(st, f, n);
        TAP_OK(tcpip_stub.dhcp_input == 2 && st->stats.udp.rx_bad_checksum == 1,
               "but not one with a bad checksum");
    }
    st->dhcp = NULL;
    udp_close(s);
    tcpip_destroy(st);
}

static void test_queue(void)
{
    struct tcpip_limits lim;
    struct tcpip *st;
    struct udp_sock *s;
    static uint8_t buf[2000];
    int n = 0;

    tcpip_limits_default(&lim);
    lim.udp_receive_buffer = 1000;
    st = make(&lim, FAKE_ADDR);
    s = bind_or_die(st, 0, 9000);
    for (int i = 0; i < 4; i++)
        udp_in(st, FAKE_ADDR, 1, 9000, buf, 300, true);
    TAP_OK(st->stats.udp.rx_queue_full == 1,
           "a bound of 1000 bytes: 3 datagrams of 300 (and 32 each of "
           "bookkeeping) fit, the 4th is dropped");
    while (udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == 300)
        n++;
    TAP_OK(n == 3, "3 are read");
    udp_in(st, FAKE_ADDR, 1, 9000, buf, 1500, true);
    udp_in(st, FAKE_ADDR, 1, 9000, buf, 1, true);
    TAP_OK(udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == 1500 &&
               udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == -EAGAIN &&
               st->stats.udp.rx_queue_full == 2,
           "an empty queue takes one datagram larger than the bound, no "
           "more");
    n = 0;
    for (int i = 0; i < 40; i++)
        udp_in(st, FAKE_ADDR, 1, 9000, "", 0, true);
    while (udp_recvfrom(s, buf, sizeof buf, NULL, NULL) == 0)
        n++;
    TAP_OK(n == 31 && st->stats.udp.rx_queue_full == 11,
           "empty datagrams count their bookkeeping: 31 of 40 fit in 1000");
    udp_close(s);
    tcpip_destroy(st);
}

static void test_send(void)
{
    struct tcpip *st = make(NULL, FAKE_ADDR);
    struct udp_sock *s = bind_or_die(st, 0, 5000);
    static uint8_t big[65508];
    struct fake_pkt p;
    uint8_t want[8 + 11];
    int rc;

    rc = udp_sendto(s, FAKE_PEER, 53, "hello world", 11);
    fake_udp(want, FAKE_ADDR, FAKE_PEER, 5000, 53, "hello world", 11, true);
    TAP_OK(rc == 0 && fk.nframes == 1 && fake_sent(&fk, 0, &p) &&
               p.proto == 17 && p.src == FAKE_ADDR && p.dst == FAKE_PEER &&
               memcmp(p.eth_dst, fake_peer_mac, 6) == 0,
           "udp_sendto: one frame to the peer");
    TAP_OK(p.plen == 19 && memcmp(p.payload, want, 19) == 0,
           "ports, length, checksum and data: byte for byte the datagram "
           "built by hand");
    TAP_OK(st->stats.udp.tx_datagrams == 1, "counted: tx_datagrams");
    {
        /* The data whose checksum computes to 0: sent as ffff. */
        uint8_t d[10] = "abcdefgh", u[18];
        uint16_t c;

        d[8] = d[9] = 0;
        fake_udp(u, FAKE_ADDR, FAKE_PEER, 5000, 53, d, 10, false);
        c = fake_csum(u, 18, fake_pseudo(FAKE_ADDR, FAKE_PEER, 17, 18));
        d[8] = (uint8_t)(c >> 8);
        d[9] = (uint8_t)c;
        rc = udp_sendto(s, FAKE_PEER, 53, d, 10);
        TAP_OK(rc == 0 && fake_sent(&fk, 1, &p) && p.payload[6] == 0xff &&
                   p.payload[7] == 0xff,
               "a checksum that computes to 0 is sent as ffff");
    }
    TAP_OK(udp_sendto(s, FAKE_PEER, 53, big, 65508) == -EMSGSIZE,
           "65,508 bytes: -EMSGSIZE");
    TAP_OK(udp_sendto(s, FAKE_PEER, 0, "x", 1) == -EINVAL, "port 0: -EINVAL");
    tcpip_fake_clear(&fk);
    rc = udp_sendto(s, FAKE_PEER, 53, big, 65507);
    TAP_OK(rc == 0 && fk.nframes == 45, "65,507 bytes: sent, in 45 fragments");
    tcpip_fake_clear(&fk);
    rc = udp_sendto(s, 0xffffffffu, 53, "all", 3);
    TAP_OK(rc == 0 && fake_sent(&fk, 0, &p) && p.src == FAKE_ADDR &&
               memcmp(p.eth_dst, bcast, 6) == 0,
           "to 255.255.255.255: from our address, as a broadcast");
    TAP_OK(udp_sendto(s, 0xc6336401u, 53, "x", 1) == 0,
           "off link: via the gateway (queued for ARP)");
    udp_close(s);
    tcpip_fake_clear(&fk);
    tcpip_destroy(st);

    st = make(NULL, 0);
    s = bind_or_die(st, 0, 5000);
    TAP_OK(udp_sendto(s, FAKE_PEER, 53, "x", 1) == -ENETUNREACH,
           "without an address: -ENETUNREACH");
    udp_close(s);
    tcpip_destroy(st);
}

int main(void)
{
    tap_alarm(60);
    tcpip_fake_init(&fk, 6);
    test_bind();
    test_receive();
    test_dhcp();
    test_queue();
    test_send();
    tcpip_fake_free(&fk);
    return tap_done();
}
