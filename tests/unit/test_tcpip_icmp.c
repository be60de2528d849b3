/* SPDX-License-Identifier: ISC */
/* test_tcpip_icmp.c: ICMP: echo, errors to TCP and PMTU, unreachables. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipv4.h"
#include "tap.h"
#include "tcpip.h"
#include "tcpip_fake.h"
#include "tcpip_stub_upper.h"

static struct tcpip_fake fk;
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t zero[6];

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
    n = fake_eth(f, bcast, fake_peer_mac, 0x0806);
    fake_arp(f + n, 1, fake_peer_mac, FAKE_PEER, zero, FAKE_ADDR);
    tcpip_input(st, f, sizeof f);
    tcpip_fake_clear(&fk);
    tcpip_stub_reset();
    return st;
}

/* Feeds an ICMP message (msg, len) from the peer to (dst) in a frame to
   (mac). */
static void icmp_in(struct tcpip *st, const uint8_t *mac, uint32_t dst,
                    const uint8_t *msg, size_t len)
{
    static uint8_t f[14 + 20 + 4000];
    size_t n = fake_frame_ipv4(f, mac, fake_peer_mac, FAKE_PEER, dst, 1, 99, 0,
                               msg, len);

    tcpip_input(st, f, n);
}

static void test_echo(void)
{
    struct tcpip *st = make(NULL);
    static uint8_t req[4000], want[4000], data[3000];
    struct fake_pkt p;
    size_t n;

    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 31 + 7);
    n = fake_icmp(req, 8, 0, 0x12340007u, data, 56);
    icmp_in(st, fake_mac, FAKE_ADDR, req, n);
    fake_icmp(want, 0, 0, 0x12340007u, data, 56); /* the reply, by hand */
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.proto == 1 &&
               p.src == FAKE_ADDR && p.dst == FAKE_PEER &&
               memcmp(p.eth_dst, fake_peer_mac, 6) == 0,
           "an echo request gets a reply, to the asker");
    TAP_OK(p.plen == 64 && memcmp(p.payload, want, 64) == 0,
           "type 0, the same identifier, sequence and 56 bytes of data, its "
           "checksum: byte for byte the reply built by hand");
    TAP_OK(st->stats.icmp.rx_echo_requests == 1 &&
               st->stats.icmp.tx_echo_replies == 1 &&
               st->stats.icmp.rx_messages == 1,
           "counted: rx_messages, rx_echo_requests, tx_echo_replies");
    tcpip_fake_clear(&fk);
    n = fake_icmp(req, 8, 0, 0xbeef0001u, data, 57);
    icmp_in(st, fake_mac, FAKE_ADDR, req, n);
    fake_icmp(want, 0, 0, 0xbeef0001u, data, 57);
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.plen == 65 &&
               memcmp(p.payload, want, 65) == 0,
           "an odd length (57 bytes of data): the same");
    /* 3,000 bytes: the request came whole (MTU aside, as a test may), the
       reply is fragmented; its fragments joined are the reply. */
    tcpip_fake_clear(&fk);
    n = fake_icmp(req, 8, 0, 0x00010002u, data, 3000);
    icmp_in(st, fake_mac, FAKE_ADDR, req, n);
    fake_icmp(want, 0, 0, 0x00010002u, data, 3000);
    {
        static uint8_t joined[4000];
        size_t at = 0;
        int ok = fk.nframes == 3;

        for (size_t i = 0; ok && i < fk.nframes; i++) {
            ok = fake_sent(&fk, i, &p) && (p.frag & 0x1fff) * 8u == at;
            if (ok) {
                memcpy(joined + at, p.payload, p.plen);
                at += p.plen;
            }
        }
        TAP_OK(ok && at == 3008 && memcmp(joined, want, 3008) == 0,
               "a 3,008-byte reply goes in 3 fragments that join to it");
    }
    tcpip_fake_clear(&fk);
    n = fake_icmp(req, 8, 0, 1, data, 8);
    icmp_in(st, bcast, 0xffffffffu, req, n);
    icmp_in(st, bcast, FAKE_BCAST, req, n);
    TAP_OK(fk.nframes == 0 && st->stats.icmp.rx_echo_requests == 5,
           "an echo request to a broadcast address: no reply");
    req[9] ^= 1;
    icmp_in(st, fake_mac, FAKE_ADDR, req, n);
    TAP_OK(fk.nframes == 0 && st->stats.icmp.rx_bad == 1,
           "a bad checksum: rx_bad, no reply");
    icmp_in(st, fake_mac, FAKE_ADDR, req, 7);
    TAP_OK(fk.nframes == 0 && st->stats.icmp.rx_bad == 2, "7 bytes: rx_bad");
    n = fake_icmp(req, 0, 0, 1, data, 8);
    icmp_in(st, fake_mac, FAKE_ADDR, req, n);
    n = fake_icmp(req, 13, 0, 1, data, 12);
    icmp_in(st, fake_mac, FAKE_ADDR, req, n);
    TAP_OK(fk.nframes == 0 && st->stats.icmp.rx_bad == 2,
           "an echo reply and a timestamp request: ignored, not bad");
    tcpip_destroy(st);
}

/* An error (type, code, next-hop MTU) about a packet we sent: protocol
   (proto) to (dst), (total) bytes long, quoting 20 + (qdata) bytes. */
static void error_in(struct tcpip *st, uint8_t type, uint8_t code, uint16_t mtu,
                     uint32_t qsrc, uint32_t dst, uint8_t proto, uint16_t total,
                     size_t qdata)
{
    uint8_t quote[128], msg[200];
    static const uint8_t seg[64] = {0x30, 0x39, 0x01, 0xbb, 1, 2, 3, 4};
    size_t n;

    fake_ipv4(quote, qsrc, dst, proto, 77, 0x4000, seg, qdata);
    quote[2] = (uint8_t)(total >> 8); /* the length it had */
    quote[3] = (uint8_t)total;
    n = fake_icmp(msg, type, code, mtu, quote, 20 + qdata);
    icmp_in(st, fake_mac, FAKE_ADDR, msg, n);
}

static void test_errors(void)
{
    struct tcpip *st = make(NULL);
    struct tcpip_stats *s = &st->stats;

    error_in(st, 3, 4, 1400, FAKE_ADDR, FAKE_REMOTE, 6, 1500, 8);
    TAP_OK(s->icmp.rx_frag_needed == 1 &&
               ipv4_path_mtu(st, FAKE_REMOTE) == 1400,
           "fragmentation needed (MTU 1400) about TCP: the path MTU is 1400");
    TAP_OK(tcpip_stub.tcp_icmp_error == 1 && tcpip_stub.icmp_type == 3 &&
               tcpip_stub.icmp_code == 4 && tcpip_stub.icmp_mtu == 1400 &&
               tcpip_stub.len == 28 && tcpip_stub.data[9] == 6,
           "and TCP is told: type 3, code 4, MTU 1400, the quote");
    error_in(st, 3, 4, 1300, FAKE_ADDR, 0xc0000208u, 17, 1500, 8);
    TAP_OK(ipv4_path_mtu(st, 0xc0000208u) == 1300 &&
               tcpip_stub.tcp_icmp_error == 1,
           "about UDP: the path MTU learns, TCP is not told");
    error_in(st, 3, 4, 1500, FAKE_ADDR, 0xc0000209u, 6, 1500, 8);
    TAP_OK(ipv4_path_mtu(st, 0xc0000209u) == 1500 &&
               tcpip_stub.tcp_icmp_error == 1 && s->icmp.rx_frag_needed == 3,
           "an MTU no smaller than the refused length: ignored");
    error_in(st, 3, 4, 0, FAKE_ADDR, 0xc000020au, 6, 1500, 8);
    TAP_OK(ipv4_path_mtu(st, 0xc000020au) == 1492 &&
               tcpip_stub.icmp_mtu == 1492,
           "no MTU given: the plateau below 1500 (1492), also to TCP");
    error_in(st, 3, 3, 0, FAKE_ADDR, FAKE_REMOTE, 6, 40, 20);
    TAP_OK(tcpip_stub.tcp_icmp_error == 3 && tcpip_stub.icmp_code == 3 &&
               tcpip_stub.len == 40,
           "port unreachable about TCP: to TCP, the whole quote");
    error_in(st, 11, 0, 0, FAKE_ADDR, FAKE_REMOTE, 6, 40, 8);
    error_in(st, 12, 0, 0, FAKE_ADDR, FAKE_REMOTE, 6, 40, 8);
    TAP_OK(tcpip_stub.tcp_icmp_error == 5 && tcpip_stub.icmp_type == 12,
           "time exceeded and parameter problem about TCP: to TCP");
    error_in(st, 3, 1, 0, FAKE_PEER, FAKE_REMOTE, 6, 40, 8);
    TAP_OK(tcpip_stub.tcp_icmp_error == 5 && s->icmp.rx_bad == 1,
           "an error about a packet not from us: rx_bad, TCP not told");
    error_in(st, 3, 1, 0, FAKE_ADDR, FAKE_REMOTE, 6, 40, 7);
    TAP_OK(tcpip_stub.tcp_icmp_error == 5 && s->icmp.rx_bad == 2,
           "a quote of the header and 7 bytes: rx_bad");
    {
        uint8_t msg[64];
        uint8_t quote[28];
        size_t n;

        fake_ipv4(quote, FAKE_ADDR, FAKE_REMOTE, 6, 1, 0, "12345678", 8);
        quote[0] = 0x44;
        n = fake_icmp(msg, 3, 1, 0, quote, 28);
        icmp_in(st, fake_mac, FAKE_ADDR, msg, n);
        quote[0] = 0x65;
        n = fake_icmp(msg, 3, 1, 0, quote, 28);
        icmp_in(st, fake_mac, FAKE_ADDR, msg, n);
        n = fake_icmp(msg, 3, 1, 0, quote, 19);
        icmp_in(st, fake_mac, FAKE_ADDR, msg, n);
        TAP_OK(tcpip_stub.tcp_icmp_error == 5 && s->icmp.rx_bad == 5,
               "quotes with IHL 4, version 6, or 19 bytes: rx_bad");
    }
    tcpip_destroy(st);
}

/* A UDP datagram of (len) bytes of payload from the peer to port 9. */
static size_t udp_frame(uint8_t *f, const uint8_t *mac, uint32_t src,
                        uint32_t dst, size_t len)
{
    static uint8_t u[2000], payload[2000];
    size_t n;

    memset(payload, 0x61, sizeof payload);
    n = fake_udp(u, src, dst, 4000, 9, payload, len, true);
    return fake_frame_ipv4(f, mac, fake_peer_mac, src, dst, 17, 5, 0, u, n);
}

static void test_unreachable(void)
{
    struct tcpip_limits lim;
    struct tcpip *st;
    static uint8_t f[2100];
    struct fake_pkt p;
    size_t n;

    tcpip_limits_default(&lim);
    lim.icmp_rate = 10;
    st = make(&lim);
    n = udp_frame(f, fake_mac, FAKE_PEER, FAKE_ADDR, 12);
    tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.proto == 1 &&
               p.dst == FAKE_PEER && p.payload[0] == 3 && p.payload[1] == 3 &&
               p.plen == 8 + 20 + 8 + 12 &&
               memcmp(p.payload + 8, f + 14, 40) == 0 &&
               memcmp(p.payload + 4, "\0\0\0\0", 4) == 0,
           "UDP to a closed port: a port unreachable quoting the whole "
           "datagram");
    TAP_OK(st->stats.icmp.tx_unreachables == 1 && st->stats.udp.rx_no_port == 1,
           "counted: tx_unreachables, rx_no_port");
    tcpip_fake_clear(&fk);
    n = udp_frame(f, fake_mac, FAKE_PEER, FAKE_ADDR, 1000);
    tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.total == 576 &&
               memcmp(p.payload + 8, f + 14, 548) == 0,
           "a long one: the quote is cut so that the error is 576 bytes");
    tcpip_fake_clear(&fk);
    n = udp_frame(f, fake_mac, FAKE_PEER, FAKE_ADDR, 4);
    for (int i = 0; i < 30; i++)
        tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 8 && st->stats.icmp.rate_limited == 22,
           "30 at once at 10 a second (2 spent): 8 sent, 22 rate-limited");
    fk.now += TCPIP_MS(100);
    tcpip_input(st, f, n);
    tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 9 && st->stats.icmp.rate_limited == 23,
           "100 ms later: one more");
    fk.now += TCPIP_S(5);
    for (int i = 0; i < 30; i++)
        tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 19 && st->stats.icmp.rate_limited == 43,
           "5 s later: a burst of 10 at most");
    tcpip_fake_clear(&fk);
    fk.now += TCPIP_S(5);
    n = udp_frame(f, bcast, FAKE_PEER, FAKE_BCAST, 4);
    tcpip_input(st, f, n);
    n = udp_frame(f, bcast, FAKE_PEER, 0xffffffffu, 4);
    tcpip_input(st, f, n);
    n = udp_frame(f, fake_mac, 0, FAKE_ADDR, 4);
    tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 0 && st->stats.udp.rx_no_port == 67,
           "to a broadcast address, or from 0.0.0.0: no unreachable");
    tcpip_destroy(st);

    /* Straight calls, packets built by hand. */
    st = make(NULL);
    {
        uint8_t ip[64], icmp[16];

        fake_ipv4(ip, FAKE_PEER, FAKE_ADDR, 17, 1, 0x0001, "12345678", 8);
        icmp_send_unreachable(st, 3, ip, 28);
        TAP_OK(fk.nframes == 0, "never about a fragment but the first");
        fake_ipv4(ip, FAKE_PEER, FAKE_ADDR, 17, 1, 0x2000, "12345678", 8);
        icmp_send_unreachable(st, 3, ip, 28);
        TAP_OK(fk.nframes == 1, "about the first: yes");
        tcpip_fake_clear(&fk);
        fake_icmp(icmp, 3, 3, 0, NULL, 0);
        fake_ipv4(ip, FAKE_PEER, FAKE_ADDR, 1, 1, 0, icmp, 8);
        icmp_send_unreachable(st, 2, ip, 28);
        fake_icmp(icmp, 11, 0, 0, NULL, 0);
        fake_ipv4(ip, FAKE_PEER, FAKE_ADDR, 1, 1, 0, icmp, 8);
        icmp_send_unreachable(st, 2, ip, 28);
        TAP_OK(fk.nframes == 0, "never about an ICMP error (3, 11)");
        fake_icmp(icmp, 8, 0, 0, NULL, 0);
        fake_ipv4(ip, FAKE_PEER, FAKE_ADDR, 1, 1, 0, icmp, 8);
        icmp_send_unreachable(st, 2, ip, 28);
        TAP_OK(fk.nframes == 1, "about an echo request: yes");
        tcpip_fake_clear(&fk);
        fake_ipv4(ip, FAKE_PEER, 0xe0000001u, 17, 1, 0, "12345678", 8);
        icmp_send_unreachable(st, 3, ip, 28);
        fake_ipv4(ip, 0xffffffffu, FAKE_ADDR, 17, 1, 0, "12345678", 8);
        icmp_send_unreachable(st, 3, ip, 28);
        fake_ipv4(ip, 0xe0000001u, FAKE_ADDR, 17, 1, 0, "12345678", 8);
        icmp_send_unreachable(st, 3, ip, 28);
        fake_ipv4(ip, FAKE_BCAST, FAKE_ADDR, 17, 1, 0, "12345678", 8);
        icmp_send_unreachable(st, 3, ip, 28);
        fake_ipv4(ip, 0x7f000001u, FAKE_ADDR, 17, 1, 0, "12345678", 8);
        icmp_send_unreachable(st, 3, ip, 28);
        TAP_OK(fk.nframes == 0,
               "never about a packet to a group, nor from a broadcast, "
               "multicast or loopback address");
        icmp_send_unreachable(st, 3, ip, 19);
        ip[0] = 0x4f;
        icmp_send_unreachable(st, 3, ip, 28);
        TAP_OK(fk.nframes == 0, "nor about 19 bytes, or an IHL past them");
    }
    tcpip_destroy(st);

    tcpip_limits_default(&lim);
    lim.icmp_rate = 0;
    st = make(&lim);
    n = udp_frame(f, fake_mac, FAKE_PEER, FAKE_ADDR, 4);
    tcpip_input(st, f, n);
    TAP_OK(fk.nframes == 0 && st->stats.icmp.rate_limited == 1,
           "a rate of 0: no errors at all");
    tcpip_destroy(st);
}

int main(void)
{
    tap_alarm(60);
    tcpip_fake_init(&fk, 5);
    test_echo();
    test_errors();
    test_unreachable();
    tcpip_fake_free(&fk);
    return tap_done();
}
