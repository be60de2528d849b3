/* SPDX-License-Identifier: ISC */
/* test_tcpip_ipv4.c: IPv4 input checks, routing, fragmenting and path MTU. */
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
#include "udp.h"

static struct tcpip_fake fk;
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t zero[6];

/* An engine with (cfg) (NULL: the fake's usual one); creation's frames
   forgotten. */
static struct tcpip *make(const struct tcpip_config *cfg)
{
    struct tcpip_config c;
    struct tcpip *st = NULL;

    if (!cfg) {
        tcpip_fake_config(&c);
        cfg = &c;
    }
    if (tcpip_create(&st, &fk.env, cfg, NULL) != 0) {
        printf("Bail out! tcpip_create failed\n");
        exit(1);
    }
    tcpip_fake_clear(&fk);
    return st;
}

/* Teaches (st) the MAC of (ip) by an ARP request for us; forgets the
   reply. */
static void learn(struct tcpip *st, const uint8_t *mac, uint32_t ip)
{
    uint8_t f[60] = {0};
    size_t n = fake_eth(f, bcast, mac, 0x0806);

    fake_arp(f + n, 1, mac, ip, zero, st->cfg.addr);
    tcpip_input(st, f, sizeof f);
    tcpip_fake_clear(&fk);
}

/* Recomputes the IPv4 header checksum of the frame (f). */
static void fix_csum(uint8_t *f)
{
    size_t ihl = (size_t)(f[14] & 15) * 4;
    uint16_t c;

    f[24] = f[25] = 0;
    c = fake_csum(f + 14, ihl, 0);
    f[24] = (uint8_t)(c >> 8);
    f[25] = (uint8_t)c;
}

/* The base case of the input tests: TCP bytes "SEGM" from the peer. */
static size_t base(uint8_t *f)
{
    return fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 6,
                           7, 0, "SEGM", 4);
}

static void test_input_checks(void)
{
    struct tcpip *st = make(NULL);
    struct tcpip_stats *s = &st->stats;
    uint8_t f[200];
    size_t n;
    unsigned tcp;

    tcpip_stub_reset();
    n = base(f);
    tcpip_input(st, f, n);
    TAP_OK(tcpip_stub.tcp_input == 1 && tcpip_stub.len == 4 &&
               memcmp(tcpip_stub.data, "SEGM", 4) == 0 &&
               s->ipv4.rx_packets == 1,
           "a valid packet reaches its protocol with its payload");
    tcpip_input(st, f, 14 + 19);
    TAP_OK(s->ipv4.rx_bad_header == 1, "19 bytes: a bad header");
    f[14] = 0x65;
    fix_csum(f);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_bad_header == 2, "version 6: a bad header");
    f[14] = 0x44;
    fix_csum(f);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_bad_header == 3, "IHL 4: a bad header");
    n = base(f);
    f[14] = 0x4f; /* 60 bytes of header in a packet of 24 */
    fix_csum(f);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_bad_header == 4,
           "IHL 15 beyond the packet: a bad header");
    n = base(f);
    f[17] = 25; /* total length 25 in a frame holding 24 */
    fix_csum(f);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_bad_header == 5,
           "a total length beyond the frame: a bad header");
    f[17] = 19;
    fix_csum(f);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_bad_header == 6,
           "a total length under the header's: a bad header");
    n = base(f);
    f[24] ^= 0x40;
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_bad_checksum == 1 && tcpip_stub.tcp_input == 1,
           "a bad header checksum: rx_bad_checksum, not delivered");
    /* Padding after the total length is the frame's, not the packet's. */
    n = base(f);
    memset(f + n, 0xee, 60 - n);
    tcpip_input(st, f, 60);
    TAP_OK(tcpip_stub.tcp_input == 2 && tcpip_stub.len == 4,
           "a frame padded to 60 bytes: the payload is the total length's");
    /* Options are skipped, whatever they say. */
    {
        static const uint8_t opts[][8] = {
            {1, 1, 1, 0, 0, 0, 0, 0},          /* NOP NOP NOP EOL */
            {0x44, 40, 5, 0, 1, 2, 3, 4},      /* a timestamp option of 40
                                                  bytes in 8 */
            {0x83, 0, 0xff, 0xff, 1, 1, 1, 1}, /* length 0 */
            {0x07, 255, 1, 2, 3, 4, 5, 6},     /* record route, 255 */
        };
        int ok = 1;

        for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++) {
            n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER,
                                FAKE_ADDR, 6, 7, 0, "SEGM", 4);
            memmove(f + 34 + 8, f + 34, 4);
            memcpy(f + 34, opts[i], 8);
            f[14] = 0x47;
            f[17] = 20 + 8 + 4;
            fix_csum(f);
            tcpip_input(st, f, n + 8);
            ok = ok && tcpip_stub.tcp_input == 3 + i && tcpip_stub.len == 4 &&
                 memcmp(tcpip_stub.data, "SEGM", 4) == 0;
        }
        TAP_OK(ok, "options (NOPs, or lengths overrunning the header, 0, "
                   "255) skipped: the payload after IHL arrives");
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 6,
                            7, 0, "SEGM", 4);
        memmove(f + 34 + 40, f + 34, 4);
        memset(f + 34, 0xff, 40);
        f[14] = 0x4f;
        f[17] = 64;
        fix_csum(f);
        tcpip_input(st, f, n + 40);
        TAP_OK(tcpip_stub.tcp_input == 7 && tcpip_stub.len == 4,
               "60 bytes of header, 40 of garbage options: accepted");
    }
    /* Sources that are no single host, or us. */
    {
        static const uint32_t bad_src[] = {0xffffffffu, 0xe0000001u,
                                           FAKE_ADDR,   0x7f000001u,
                                           FAKE_BCAST,  0xf0000001u};
        uint64_t b0 = s->ipv4.rx_bad_header;
        int ok = 1;

        tcp = tcpip_stub.tcp_input;
        for (size_t i = 0; i < sizeof bad_src / sizeof bad_src[0]; i++) {
            n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, bad_src[i],
                                FAKE_ADDR, 6, 7, 0, "SEGM", 4);
            tcpip_input(st, f, n);
            ok = ok && s->ipv4.rx_bad_header == b0 + i + 1;
        }
        TAP_OK(ok && tcpip_stub.tcp_input == tcp,
               "sources broadcast, multicast, ours, loopback, our network's "
               "broadcast, class E: dropped");
    }
    /* Destinations. */
    tcp = tcpip_stub.tcp_input;
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, 0x0a000003u, 6,
                        7, 0, "SEGM", 4);
    tcpip_input(st, f, n);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, 0xe0000001u, 6,
                        7, 0, "SEGM", 4);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_not_ours == 2 && tcpip_stub.tcp_input == tcp,
           "to another host, and to a multicast group: not ours");
    n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 6, 7, 0,
                        "SEGM", 4);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_not_ours == 3 && tcpip_stub.tcp_input == tcp,
           "to our address in an Ethernet broadcast: not ours (RFC 1122 "
           "3.3.6)");
    n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, 0xffffffffu, 6, 7,
                        0, "SEGM", 4);
    tcpip_input(st, f, n);
    n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, FAKE_BCAST, 6, 7, 0,
                        "SEGM", 4);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_not_ours == 5 && tcpip_stub.tcp_input == tcp,
           "TCP to a broadcast address: not ours");
    {
        uint8_t u[16];
        uint64_t rx = s->udp.rx_datagrams;

        fake_udp(u, FAKE_PEER, 0xffffffffu, 1000, 2000, "12345678", 8, true);
        n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, 0xffffffffu, 17,
                            7, 0, u, 16);
        tcpip_input(st, f, n);
        fake_udp(u, FAKE_PEER, FAKE_BCAST, 1000, 2000, "12345678", 8, true);
        n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, FAKE_BCAST, 17,
                            7, 0, u, 16);
        tcpip_input(st, f, n);
        TAP_OK(s->udp.rx_datagrams == rx + 2 && s->ipv4.rx_not_ours == 5,
               "UDP to 255.255.255.255 and to 10.0.0.255 reaches UDP");
        fake_udp(u, 0, FAKE_ADDR, 1000, 2000, "12345678", 8, true);
        n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, 0, FAKE_ADDR, 17, 7, 0,
                            u, 16);
        tcpip_input(st, f, n);
        TAP_OK(s->udp.rx_datagrams == rx + 3,
               "from 0.0.0.0 (a host without an address): accepted");
    }
    /* An unknown protocol: counted, and a protocol unreachable. */
    learn(st, fake_peer_mac, FAKE_PEER);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 99,
                        0x1234, 0, "whatever", 8);
    tcpip_input(st, f, n);
    {
        struct fake_pkt p;

        TAP_OK(s->ipv4.rx_unknown_protocol == 1 && fk.nframes == 1 &&
                   fake_sent(&fk, 0, &p) && p.proto == 1 && p.payload[0] == 3 &&
                   p.payload[1] == 2 && p.dst == FAKE_PEER &&
                   p.plen == 8 + 28 && memcmp(p.payload + 8, f + 14, 28) == 0,
               "protocol 99: rx_unknown_protocol and an ICMP protocol "
               "unreachable quoting the packet");
    }
    tcpip_fake_clear(&fk);
    n = fake_frame_ipv4(f, bcast, fake_peer_mac, FAKE_PEER, FAKE_BCAST, 99,
                        0x1234, 0, "whatever", 8);
    tcpip_input(st, f, n);
    TAP_OK(s->ipv4.rx_unknown_protocol == 2 && fk.nframes == 0,
           "to a broadcast: counted, no ICMP");
    tcpip_destroy(st);
}

static void test_input_dhcp(void)
{
    struct tcpip_config cfg;
    struct tcpip *st;
    uint8_t f[200], u[64];
    size_t n;
    int dummy;

    tcpip_fake_config(&cfg);
    cfg.addr = cfg.prefix = cfg.gateway = 0;
    st = make(&cfg);
    tcpip_stub_reset();
    fake_udp(u, 0x0a000001u, 0xffffffffu, 67, 68, "OFFER", 5, true);
    n = fake_frame_ipv4(f, bcast, fake_gw_mac, 0x0a000001u, 0xffffffffu, 17, 1,
                        0, u, 13);
    tcpip_input(st, f, n);
    TAP_OK(tcpip_stub.dhcp_input == 0 && st->stats.ipv4.rx_not_ours == 1,
           "no address and no DHCP client: nothing is ours");
    st->dhcp = (struct dhcp_client *)&dummy;
    tcpip_input(st, f, n);
    TAP_OK(tcpip_stub.dhcp_input == 1 && tcpip_stub.len == 5 &&
               memcmp(tcpip_stub.data, "OFFER", 5) == 0,
           "with DHCP running, UDP to 255.255.255.255:68 reaches dhcp_input");
    fake_udp(u, 0x0a000001u, 0x0a000063u, 67, 68, "OFFER", 5, true);
    n = fake_frame_ipv4(f, fake_mac, fake_gw_mac, 0x0a000001u, 0x0a000063u, 17,
                        1, 0, u, 13);
    tcpip_input(st, f, n);
    TAP_OK(tcpip_stub.dhcp_input == 2 && tcpip_stub.dst == 0x0a000063u,
           "and so does UDP to the address offered (unicast, port 68)");
    fake_udp(u, 0x0a000001u, 0x0a000063u, 67, 69, "OFFER", 5, true);
    n = fake_frame_ipv4(f, fake_mac, fake_gw_mac, 0x0a000001u, 0x0a000063u, 17,
                        1, 0, u, 13);
    tcpip_input(st, f, n);
    n = fake_frame_ipv4(f, fake_mac, fake_gw_mac, 0x0a000001u, 0x0a000063u, 6,
                        1, 0, u, 13);
    tcpip_input(st, f, n);
    TAP_OK(tcpip_stub.dhcp_input == 2 && tcpip_stub.tcp_input == 0 &&
               st->stats.ipv4.rx_not_ours == 3,
           "but not UDP to port 69, nor TCP");
    st->dhcp = NULL;
    tcpip_destroy(st);
}

static void test_routing(void)
{
    struct tcpip_config cfg;
    struct tcpip *st = make(NULL);
    uint8_t buf[TCPIP_HEADROOM + 100];
    struct fake_pkt p, q;
    int rc;

    uint64_t tx0;

    memset(buf, 0x5a, sizeof buf);
    learn(st, fake_peer_mac, FAKE_PEER);
    tx0 = st->stats.eth.tx_frames;
    rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 253, buf, 100, 0);
    TAP_OK(rc == 0 && fk.nframes == 1 && fake_sent(&fk, 0, &p) &&
               memcmp(p.eth_dst, fake_peer_mac, 6) == 0 &&
               memcmp(p.eth_src, fake_mac, 6) == 0 && p.type == 0x0800 &&
               fk.frames[0].len == 14 + 20 + 100,
           "on link: one frame to the host's MAC");
    TAP_OK(p.ihl == 20 && p.ttl == 64 && p.proto == 253 && p.src == FAKE_ADDR &&
               p.dst == FAKE_PEER && p.total == 120 && p.frag == 0 &&
               p.tos == 0 && p.payload[0] == 0x5a && p.payload[99] == 0x5a,
           "its header: IHL 5, TTL 64, protocol, addresses, length, no flags, "
           "a valid checksum; the payload intact");
    rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 6, buf, 100, TCPIP_IPV4_DF);
    TAP_OK(rc == 0 && fake_sent(&fk, 1, &q) && q.frag == 0x4000 &&
               q.id == (uint16_t)(p.id + 1),
           "DF when asked; the identification counts up");
    TAP_OK(st->stats.ipv4.tx_packets == 2 && st->stats.eth.tx_frames == tx0 + 2,
           "tx_packets and tx_frames counted");
    tcpip_fake_clear(&fk);
    rc = ipv4_send(st, FAKE_ADDR, FAKE_REMOTE, 6, buf, 100, 0);
    TAP_OK(rc == 0 && fk.nframes == 1 && fake_sent(&fk, 0, &p) &&
               p.arp_op == 1 && p.tpa == FAKE_GW,
           "off link: ARP asks for the gateway");
    {
        uint8_t f[60] = {0};
        size_t n = fake_eth(f, fake_mac, fake_gw_mac, 0x0806);

        fake_arp(f + n, 2, fake_gw_mac, FAKE_GW, fake_mac, FAKE_ADDR);
        tcpip_input(st, f, sizeof f);
    }
    TAP_OK(fk.nframes == 2 && fake_sent(&fk, 1, &p) &&
               memcmp(p.eth_dst, fake_gw_mac, 6) == 0 && p.dst == FAKE_REMOTE,
           "the gateway's reply releases the packet: to the gateway's MAC, "
           "the IP destination unchanged");
    rc = ipv4_send(st, FAKE_ADDR, 0xc6336401u, 6, buf, 100, 0);
    TAP_OK(rc == 0 && fk.nframes == 3 && fake_sent(&fk, 2, &p) &&
               memcmp(p.eth_dst, fake_gw_mac, 6) == 0 && p.dst == 0xc6336401u,
           "another destination off link: straight to the gateway");
    tcpip_fake_clear(&fk);
    rc = ipv4_send(st, FAKE_ADDR, FAKE_BCAST, 253, buf, 100, 0);
    TAP_OK(rc == 0 && fk.nframes == 1 && fake_sent(&fk, 0, &p) &&
               memcmp(p.eth_dst, bcast, 6) == 0 && p.dst == FAKE_BCAST,
           "to our network's broadcast: Ethernet broadcast, no ARP");
    rc = ipv4_send(st, FAKE_ADDR, 0xe00000fbu, 253, buf, 100, 0);
    TAP_OK(rc == 0 && fk.nframes == 2 && fake_sent(&fk, 1, &p) &&
               memcmp(p.eth_dst, "\x01\x00\x5e\x00\x00\xfb", 6) == 0,
           "to 224.0.0.251: the group's MAC 01:00:5e:00:00:fb");
    rc = ipv4_send(st, FAKE_ADDR, FAKE_ADDR, 253, buf, 100, 0);
    TAP_OK(rc == 0 && fk.nframes == 2 && st->stats.ipv4.loopback == 0,
           "to ourselves: queued, nothing on the wire, not delivered yet");
    tcpip_timers(st);
    TAP_OK(fk.nframes == 2 && st->stats.ipv4.loopback == 1 &&
               st->stats.ipv4.rx_unknown_protocol == 1,
           "and delivered by the next timers' run (protocol 253: unknown)");
    TAP_OK(ipv4_send(st, FAKE_ADDR, FAKE_PEER, 253, buf, 65516, 0) == -EMSGSIZE,
           "65,516 bytes: -EMSGSIZE");
    tcpip_destroy(st);

    /* No gateway. */
    tcpip_fake_config(&cfg);
    cfg.gateway = 0;
    st = make(&cfg);
    rc = ipv4_send(st, FAKE_ADDR, FAKE_REMOTE, 6, buf, 100, 0);
    TAP_OK(rc == -ENETUNREACH && fk.nframes == 0 &&
               st->stats.ipv4.tx_no_route == 1,
           "off link without a gateway: -ENETUNREACH, tx_no_route");
    TAP_OK(ipv4_send(st, FAKE_ADDR, FAKE_PEER, 6, buf, 100, 0) == 0 &&
               fk.nframes == 1,
           "on link still works");
    tcpip_fake_clear(&fk);
    /* ARP failed for the hop: -EHOSTUNREACH. */
    tcpip_fake_advance(&fk, st, TCPIP_S(4));
    TAP_OK(ipv4_send(st, FAKE_ADDR, FAKE_PEER, 6, buf, 100, 0) == -EHOSTUNREACH,
           "ARP failed for the next hop: -EHOSTUNREACH");
    tcpip_destroy(st);

    /* No address: only broadcasts, from 0.0.0.0 (DHCP). */
    tcpip_fake_config(&cfg);
    cfg.addr = cfg.prefix = cfg.gateway = 0;
    st = make(&cfg);
    TAP_OK(ipv4_send(st, 0, FAKE_PEER, 253, buf, 100, 0) == -ENETUNREACH,
           "no address: unicast is -ENETUNREACH");
    rc = ipv4_send(st, 0, 0xffffffffu, 253, buf, 100, 0);
    TAP_OK(rc == 0 && fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.src == 0 &&
               p.dst == 0xffffffffu && memcmp(p.eth_dst, bcast, 6) == 0,
           "but 0.0.0.0 -> 255.255.255.255 goes, as a broadcast");
    tcpip_destroy(st);
}

/* Checks that frames [first, first + count) are the fragments of one
   datagram of (len) bytes of (pattern), each at most (mtu); says why not. */
static int check_fragments(size_t first, size_t count, size_t len,
                           const uint8_t *pattern, uint32_t mtu)
{
    size_t off = 0;
    uint16_t id = 0;

    for (size_t i = first; i < first + count; i++) {
        struct fake_pkt p;
        int last = i == first + count - 1;

        if (!fake_sent(&fk, i, &p))
            return 0;
        if (i == first)
            id = p.id;
        if (p.id != id || p.total > mtu || (p.frag & 0x1fff) * 8u != off ||
            !!(p.frag & 0x2000) == last || (p.frag & 0x4000) ||
            (!last && p.plen % 8) || memcmp(p.payload, pattern + off, p.plen)) {
            printf("# fragment %zu: id %u total %u frag %04x at %zu\n",
                   i - first, p.id, p.total, p.frag, off);
            return 0;
        }
        off += p.plen;
    }
    return off == len;
}

static void test_fragmenting(void)
{
    struct tcpip *st = make(NULL);
    static uint8_t buf[TCPIP_HEADROOM + 65536], pattern[65536];
    struct fake_pkt p;
    int rc;

    for (size_t i = 0; i < sizeof pattern; i++)
        pattern[i] = (uint8_t)(i * 7 + i / 251);
    memcpy(buf + TCPIP_HEADROOM, pattern, sizeof pattern);
    learn(st, fake_peer_mac, FAKE_PEER);
    rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 17, buf, 4000, 0);
    TAP_OK(rc == 0 && fk.nframes == 3 && fk.frames[0].len == 1514 &&
               fk.frames[1].len == 1514 && fk.frames[2].len == 14 + 20 + 1040,
           "4,000 bytes over an MTU of 1500: 1480 + 1480 + 1040");
    TAP_OK(check_fragments(0, 3, 4000, pattern, 1500),
           "offsets 0, 185, 370 (x8), MF but on the last, one ID, no DF, "
           "the bytes in place");
    TAP_OK(st->stats.ipv4.tx_fragments == 3 && st->stats.ipv4.tx_packets == 1,
           "counted: 3 fragments, 1 packet");
    TAP_OK(memcmp(buf + TCPIP_HEADROOM, pattern, 4000) == 0,
           "the caller's payload is untouched");
    tcpip_fake_clear(&fk);
    rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 253, buf, 1480, 0);
    TAP_OK(rc == 0 && fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.frag == 0,
           "1,480 bytes: one whole packet");
    rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 17, buf, 1481, 0);
    TAP_OK(rc == 0 && fk.nframes == 3 &&
               check_fragments(1, 2, 1481, pattern, 1500),
           "1,481 bytes: 1480 + 1");
    rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 17, buf, 1481, TCPIP_IPV4_DF);
    TAP_OK(rc == -EMSGSIZE && fk.nframes == 3 && st->stats.ipv4.tx_too_big == 1,
           "1,481 bytes with DF: -EMSGSIZE, tx_too_big");
    tcpip_fake_clear(&fk);
    rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 17, buf, 65515, 0);
    TAP_OK(rc == 0 && fk.nframes == 45 &&
               check_fragments(0, 45, 65515, pattern, 1500),
           "65,515 bytes: 45 fragments, the last at offset 65,120");
    tcpip_fake_clear(&fk);
    tcpip_destroy(st);

    /* A jumbo MTU. */
    {
        struct tcpip_config cfg;

        tcpip_fake_config(&cfg);
        cfg.mtu = 9000;
        st = make(&cfg);
        learn(st, fake_peer_mac, FAKE_PEER);
        rc = ipv4_send(st, FAKE_ADDR, FAKE_PEER, 17, buf, 20000, 0);
        TAP_OK(rc == 0 && fk.nframes == 3 && fk.frames[0].len == 14 + 8996 &&
                   check_fragments(0, 3, 20000, pattern, 9000),
               "MTU 9000: fragments of 8976 bytes");
        tcpip_fake_clear(&fk);
        tcpip_destroy(st);
    }
}

/* Delivers frames [first, first + n) of the fake to (dst), in (order). */
static void deliver(struct tcpip *dst, size_t first, size_t n,
                    const size_t *order)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = first + (order ? order[i] : i);

        tcpip_input(dst, fk.frames[k].data, fk.frames[k].len);
    }
}

static void test_round_trip(void)
{
    struct tcpip_config ca, cb;
    struct tcpip *a, *b;
    struct udp_sock *sa, *sb;
    static uint8_t data[65507], got[65507];
    uint32_t src;
    uint16_t sport;
    int ok = 1;

    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i ^ (i >> 8) ^ 0x3c);
    tcpip_fake_config(&ca);
    a = make(&ca);
    tcpip_fake_config(&cb);
    memcpy(cb.mac, fake_peer_mac, 6);
    cb.addr = FAKE_PEER;
    b = make(&cb);
    learn(a, fake_peer_mac, FAKE_PEER);
    if (udp_bind(a, 0, 5000, &sa) != 0 || udp_bind(b, 0, 6000, &sb) != 0) {
        printf("Bail out! udp_bind\n");
        exit(1);
    }
    {
        static const size_t sizes[] = {1473, 2960, 3001, 9000, 65507};

        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t len = sizes[k], nf;
            int rc;

            tcpip_fake_clear(&fk);
            rc = udp_sendto(sa, FAKE_PEER, 6000, data, len);
            nf = fk.nframes;
            deliver(b, 0, nf, NULL);
            rc = rc == 0 ? udp_recvfrom(sb, got, sizeof got, &src, &sport) : rc;
            if (rc != (int)len || memcmp(got, data, len) != 0 ||
                src != FAKE_ADDR || sport != 5000) {
                printf("# %zu bytes in %zu fragments: %d\n", len, nf, rc);
                ok = 0;
            }
        }
    }
    TAP_OK(ok, "UDP of 1473, 2960, 3001, 9000 and 65,507 bytes, fragmented "
               "by one engine, reassembled by another, arrive intact");
    TAP_OK(b->stats.ipv4.reassembled == 5 && b->stats.ipv4.reasm_bytes == 0 &&
               b->stats.ipv4.reasm_datagrams == 0,
           "5 reassembled; nothing held after");
    /* Reversed and shuffled. */
    {
        size_t order[64], nf;
        int rc;

        tcpip_fake_clear(&fk);
        udp_sendto(sa, FAKE_PEER, 6000, data, 20000);
        nf = fk.nframes;
        for (size_t i = 0; i < nf; i++)
            order[i] = nf - 1 - i;
        deliver(b, 0, nf, order);
        rc = udp_recvfrom(sb, got, sizeof got, NULL, NULL);
        TAP_OK(rc == 20000 && memcmp(got, data, 20000) == 0,
               "20,000 bytes in %zu fragments, reversed: intact", nf);
        tcpip_fake_clear(&fk);
        udp_sendto(sa, FAKE_PEER, 6000, data + 1, 30000);
        nf = fk.nframes;
        for (size_t i = 0; i < nf; i++)
            order[i] = i;
        for (size_t i = nf - 1; i > 0; i--) {
            size_t j = (size_t)((i * 2654435761u) % (i + 1)), t = order[i];

            order[i] = order[j];
            order[j] = t;
        }
        deliver(b, 0, nf, order);
        deliver(b, 0, 3, NULL); /* duplicates of a datagram done: a new,
                                   incomplete one that will time out */
        rc = udp_recvfrom(sb, got, sizeof got, NULL, NULL);
        TAP_OK(rc == 30000 && memcmp(got, data + 1, 30000) == 0,
               "30,000 bytes in %zu fragments, shuffled: intact", nf);
    }
    udp_close(sa);
    udp_close(sb);
    tcpip_fake_clear(&fk);
    tcpip_destroy(a);
    tcpip_destroy(b);
}

static void test_pmtu(void)
{
    struct tcpip *st = make(NULL);
    static uint8_t buf[TCPIP_HEADROOM + 2000];
    int ok = 1;

    TAP_OK(ipv4_path_mtu(st, FAKE_REMOTE) == 1500,
           "the path MTU is the interface's by default");
    TAP_OK(ipv4_pmtu_update(st, FAKE_REMOTE, 1200, 1500) == 1200 &&
               ipv4_path_mtu(st, FAKE_REMOTE) == 1200 &&
               ipv4_path_mtu(st, FAKE_PEER) == 1500,
           "ICMP says 1200: that destination's path MTU is 1200, no other's");
    TAP_OK(ipv4_pmtu_update(st, FAKE_REMOTE, 1300, 1200) == 1200,
           "a larger value never raises it");
    TAP_OK(ipv4_pmtu_update(st, FAKE_REMOTE, 100, 1200) == 576 &&
               ipv4_path_mtu(st, FAKE_REMOTE) == 576,
           "100 is taken as 576, the floor");
    TAP_OK(ipv4_pmtu_update(st, 0xc0000208u, 0, 1500) == 1492,
           "no MTU in the message: the plateau below 1500, 1492 (RFC 1191)");
    TAP_OK(ipv4_pmtu_update(st, 0xc0000209u, 0, 1000) == 576,
           "below 1006 the plateau is under 576: 576");
    TAP_OK(ipv4_pmtu_update(st, 0xc000020au, 2000, 3000) == 1500 &&
               ipv4_path_mtu(st, 0xc000020au) == 1500,
           "above the interface's MTU: the interface's");
    learn(st, fake_gw_mac, FAKE_GW);
    ipv4_pmtu_update(st, 0xc0000208u, 1000, 1492);
    TAP_OK(ipv4_send(st, FAKE_ADDR, 0xc0000208u, 6, buf, 1400, 0) == 0 &&
               fk.nframes == 2 && check_fragments(0, 2, 1400, buf + 34, 1000),
           "a send over the path MTU (1000) is fragmented to it");
    TAP_OK(ipv4_send(st, FAKE_ADDR, 0xc0000208u, 6, buf, 981, TCPIP_IPV4_DF) ==
                   -EMSGSIZE &&
               ipv4_send(st, FAKE_ADDR, 0xc0000208u, 6, buf, 980,
                         TCPIP_IPV4_DF) == 0,
           "with DF: 980 bytes go, 981 are -EMSGSIZE");
    tcpip_fake_clear(&fk);
    tcpip_fake_advance(&fk, st, TCPIP_S(599));
    TAP_OK(ipv4_path_mtu(st, 0xc0000208u) == 1000, "kept for 599 s");
    tcpip_fake_advance(&fk, st, TCPIP_S(1));
    TAP_OK(ipv4_path_mtu(st, 0xc0000208u) == 1500 &&
               ipv4_path_mtu(st, FAKE_REMOTE) == 1500,
           "forgotten at 10 minutes: the interface's MTU again");
    for (uint32_t i = 0; i < 17; i++) {
        ipv4_pmtu_update(st, 0xc6330000u + i, 1000 + i, 1500);
        tcpip_fake_advance(&fk, st, TCPIP_S(1));
    }
    for (uint32_t i = 1; i < 17; i++)
        ok = ok && ipv4_path_mtu(st, 0xc6330000u + i) == 1000 + i;
    TAP_OK(ok && ipv4_path_mtu(st, 0xc6330000u) == 1500,
           "17 destinations in a table of 16: the oldest one is dropped");
    tcpip_destroy(st);
}

int main(void)
{
    tap_alarm(60);
    tcpip_fake_init(&fk, 3);
    test_input_checks();
    test_input_dhcp();
    test_routing();
    test_fragmenting();
    test_round_trip();
    test_pmtu();
    tcpip_fake_free(&fk);
    return tap_done();
}
