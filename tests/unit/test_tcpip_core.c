/* SPDX-License-Identifier: ISC */
/* test_tcpip_core.c: the engine's creation, Ethernet input, timers, address. */
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

/* A config that tcpip_create must refuse with -EINVAL. */
static void refused(const struct tcpip_config *cfg,
                    const struct tcpip_limits *lim, const char *what)
{
    struct tcpip *st = (struct tcpip *)&fk;
    int rc = tcpip_create(&st, &fk.env, cfg, lim);

    TAP_OK(rc == -EINVAL && st == NULL, "tcpip_create refuses %s (%d)", what,
           rc);
    if (rc == 0)
        tcpip_destroy(st);
}

static void test_limits_and_create(void)
{
    struct tcpip_limits lim;
    struct tcpip_config cfg;
    struct tcpip_env env;
    struct fake_pkt p;
    struct tcpip *st;
    char longname[300];
    int rc;

    memset(&lim, 0xa5, sizeof lim);
    tcpip_limits_default(&lim);
    TAP_OK(lim.arp_entries == 64 && lim.arp_pending == 4 &&
               lim.reasm_datagrams == 16 && lim.reasm_fragments == 64 &&
               lim.reasm_bytes == 256 * 1024 && lim.tcp_connections == 1024 &&
               lim.tcp_time_wait == 1024 && lim.tcp_syn_queue == 256 &&
               lim.tcp_send_buffer == 65536 &&
               lim.tcp_receive_buffer == 65536 &&
               lim.udp_receive_buffer == 65536 && lim.udp_sockets == 256 &&
               lim.icmp_rate == 100,
           "tcpip_limits_default gives the documented limits");

    tcpip_fake_config(&cfg);
    cfg.mtu = 575;
    refused(&cfg, NULL, "an MTU of 575");
    cfg.mtu = 9001;
    refused(&cfg, NULL, "an MTU of 9001");
    tcpip_fake_config(&cfg);
    cfg.prefix = 33;
    refused(&cfg, NULL, "a prefix of 33");
    tcpip_fake_config(&cfg);
    cfg.mac[0] = 0x01;
    refused(&cfg, NULL, "a multicast MAC");
    tcpip_fake_config(&cfg);
    cfg.addr = 0xe0000001u;
    refused(&cfg, NULL, "a multicast address");
    cfg.addr = 0x7f000001u;
    refused(&cfg, NULL, "a loopback address");
    cfg.addr = FAKE_BCAST;
    refused(&cfg, NULL, "the network's broadcast address as ours");
    cfg.addr = 0x0a000000u;
    refused(&cfg, NULL, "the network's own address as ours");
    tcpip_fake_config(&cfg);
    cfg.gateway = 0x0a000105u;
    refused(&cfg, NULL, "a gateway off the network");
    cfg.gateway = FAKE_ADDR;
    refused(&cfg, NULL, "our own address as the gateway");
    tcpip_fake_config(&cfg);
    tcpip_limits_default(&lim);
    lim.arp_entries = 0;
    refused(&cfg, &lim, "an ARP cache of no entries");
    memset(longname, 'h', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    cfg.dhcp_hostname = longname;
    refused(&cfg, NULL, "a DHCP host name of 299 bytes");
    tcpip_fake_config(&cfg);
    env = fk.env;
    env.wake = NULL;
    st = NULL;
    rc = tcpip_create(&st, &env, &cfg, NULL);
    TAP_OK(rc == -EINVAL && !st, "tcpip_create refuses an env without wake");

    /* Created: every layer's init ran (TCP's last), and a gratuitous ARP
       announced the address. */
    tcpip_stub_reset();
    tcpip_fake_clear(&fk);
    memcpy(longname, "unikernel", 10);
    cfg.dhcp_hostname = longname;
    rc = tcpip_create(&st, &fk.env, &cfg, NULL);
    TAP_OK(rc == 0 && st, "tcpip_create makes an engine (%d)", rc);
    if (rc != 0)
        return;
    longname[0] = 'X';
    TAP_STREQ(st->cfg.dhcp_hostname, "unikernel",
              "the host name is a copy of the caller's");
    TAP_OK(tcpip_stub.tcp_init == 1 && tcpip_stub.tcp_fini == 0,
           "tcp_init ran once");
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.type == 0x0806 &&
               p.arp_op == 1 && p.spa == FAKE_ADDR && p.tpa == FAKE_ADDR &&
               memcmp(p.sha, fake_mac, 6) == 0 &&
               memcmp(p.eth_src, fake_mac, 6) == 0 &&
               memcmp(p.eth_dst, "\xff\xff\xff\xff\xff\xff", 6) == 0,
           "a gratuitous ARP (a broadcast request for 10.0.0.2 from it) is "
           "sent at creation");
    TAP_OK(fk.frames[0].len == 42, "the ARP frame is 42 bytes");
    tcpip_destroy(st);
    TAP_OK(tcpip_stub.tcp_fini == 1, "tcpip_destroy ran tcp_fini");

    /* No address: nothing announced. */
    tcpip_fake_clear(&fk);
    cfg.addr = 0;
    cfg.gateway = 0;
    cfg.dhcp_hostname = NULL;
    rc = tcpip_create(&st, &fk.env, &cfg, NULL);
    TAP_OK(rc == 0 && fk.nframes == 0, "without an address, no gratuitous ARP");
    if (rc == 0)
        tcpip_destroy(st);

    /* A layer that fails: the engine is undone, its error returned. */
    tcpip_stub_reset();
    tcpip_stub.tcp_init_rc = -ENOMEM;
    tcpip_fake_config(&cfg);
    st = (struct tcpip *)&fk;
    rc = tcpip_create(&st, &fk.env, &cfg, NULL);
    TAP_OK(rc == -ENOMEM && st == NULL && tcpip_stub.tcp_fini == 0,
           "tcp_init's -ENOMEM is returned, the other layers undone, no "
           "tcp_fini");
    tcpip_stub_reset();
}

static struct tcpip *make(void)
{
    struct tcpip_config cfg;
    struct tcpip *st = NULL;

    tcpip_fake_config(&cfg);
    if (tcpip_create(&st, &fk.env, &cfg, NULL) != 0) {
        printf("Bail out! tcpip_create failed\n");
        exit(1);
    }
    tcpip_fake_clear(&fk);
    return st;
}

static void test_input(void)
{
    struct tcpip *st = make();
    uint8_t f[1600], seg[40];
    struct tcpip_stats s;
    size_t n;

    memset(seg, 0, sizeof seg);
    seg[0] = 0x12; /* any bytes: the stand-in of TCP keeps them */
    tcpip_input(st, f, 0);
    fake_eth(f, fake_mac, fake_peer_mac, 0x0800);
    tcpip_input(st, f, 13);
    TAP_OK(st->stats.eth.rx_frames == 2 && st->stats.eth.rx_short == 2,
           "frames of 0 and 13 bytes: counted, short");
    n = fake_frame_ipv4(f, fake_gw_mac, fake_peer_mac, FAKE_PEER, FAKE_ADDR, 6,
                        1, 0, seg, sizeof seg);
    tcpip_input(st, f, n);
    TAP_OK(st->stats.eth.rx_not_ours == 1 && st->stats.ipv4.rx_packets == 0,
           "a frame to another MAC is not ours");
    memcpy(f, "\x01\x00\x5e\x00\x00\x01", 6);
    tcpip_input(st, f, n);
    TAP_OK(st->stats.eth.rx_not_ours == 2,
           "a frame to a multicast MAC is not ours");
    fake_eth(f, fake_mac, fake_mac, 0x0800);
    tcpip_input(st, f, n);
    TAP_OK(st->stats.eth.rx_not_ours == 3, "a frame from our own MAC is not");
    fake_eth(f, fake_mac, fake_peer_mac, 0x8100);
    tcpip_input(st, f, n);
    fake_eth(f, fake_mac, fake_peer_mac, 0x86dd);
    tcpip_input(st, f, n);
    fake_eth(f, fake_mac, fake_peer_mac, 0x05dc); /* an 802.3 length */
    tcpip_input(st, f, n);
    TAP_OK(st->stats.eth.rx_unknown_type == 3 && st->stats.ipv4.rx_packets == 0,
           "802.1Q, IPv6 and 802.3 frames: unknown types");
    fake_eth(f, fake_mac, fake_peer_mac, 0x0800);
    tcpip_input(st, f, n);
    TAP_OK(st->stats.ipv4.rx_packets == 1 && tcpip_stub.tcp_input == 1 &&
               tcpip_stub.src == FAKE_PEER && tcpip_stub.dst == FAKE_ADDR &&
               tcpip_stub.len == sizeof seg && tcpip_stub.data[0] == 0x12,
           "an IPv4 frame to our MAC reaches tcp_input with its addresses");
    n = fake_eth(f, (const uint8_t *)"\xff\xff\xff\xff\xff\xff", fake_peer_mac,
                 0x0806);
    n += fake_arp(f + n, 1, fake_peer_mac, FAKE_PEER,
                  (const uint8_t *)"\0\0\0\0\0\0", 0x0a000009u);
    tcpip_input(st, f, n);
    TAP_OK(st->stats.arp.rx_requests == 1 && fk.nframes == 0,
           "a broadcast ARP request reaches ARP (not for us: no reply)");
    TAP_OK(st->stats.eth.rx_frames == 10, "every frame counted in rx_frames");
    tcpip_get_stats(st, &s);
    TAP_OK(memcmp(&s, &st->stats, sizeof s) == 0 && s.eth.rx_frames == 10,
           "tcpip_get_stats gives the counters");
    tcpip_destroy(st);
}

static void test_timers(void)
{
    struct tcpip *st = make();
    int dummy;
    tcpip_ns t;

    tcpip_stub_reset();
    fk.timer_changes = 0;
    t = tcpip_timers(st);
    TAP_OK(t == TCPIP_NEVER && tcpip_stub.tcp_timers == 1 &&
               tcpip_stub.dhcp_timers == 0 && tcpip_stub.timers_now == fk.now,
           "no timer armed: TCPIP_NEVER; tcp_timers ran at now, dhcp_timers "
           "did not (no DHCP)");
    tcpip_stub.tcp_deadline = fk.now + TCPIP_S(5);
    t = tcpip_timers(st);
    TAP_OK(t == fk.now + TCPIP_S(5) && st->next_deadline == t,
           "tcp_timers' deadline is the engine's, and kept as next_deadline");
    st->dhcp = (struct dhcp_client *)&dummy;
    tcpip_stub.dhcp_deadline = fk.now + TCPIP_S(2);
    t = tcpip_timers(st);
    TAP_OK(t == fk.now + TCPIP_S(2) && tcpip_stub.dhcp_timers == 1,
           "with DHCP running, dhcp_timers runs and its earlier deadline "
           "wins");
    st->dhcp = NULL;
    TAP_OK(fk.timer_changes == 0,
           "tcpip_timers does not call timer_changed: it returns the deadline");
    tcpip_timer_armed(st, fk.now + TCPIP_S(3));
    TAP_OK(fk.timer_changes == 0,
           "a timer armed later than next_deadline: the owner is not told");
    tcpip_timer_armed(st, fk.now + TCPIP_S(1));
    TAP_OK(fk.timer_changes == 1 && fk.deadline == fk.now + TCPIP_S(1) &&
               st->next_deadline == fk.now + TCPIP_S(1),
           "an earlier one: timer_changed with it");
    tcpip_timer_armed(st, fk.now + TCPIP_S(1));
    TAP_OK(fk.timer_changes == 1, "the same one again: not told twice");
    tcpip_stub_reset();
    tcpip_destroy(st);
}

static void test_address(void)
{
    struct tcpip *st = make();
    struct fake_pkt p;

    TAP_OK(tcpip_on_link(st, 0x0a0000feu) && tcpip_on_link(st, FAKE_GW) &&
               !tcpip_on_link(st, 0x0a000102u) &&
               !tcpip_on_link(st, FAKE_REMOTE),
           "on link: 10.0.0.254 and .1 yes; 10.0.1.2 and 192.0.2.7 no");
    TAP_OK(tcpip_set_address(st, 0x0a000102u, 24, FAKE_GW) == -EINVAL &&
               tcpip_set_address(st, 0xffffffffu, 24, 0) == -EINVAL &&
               tcpip_set_address(st, FAKE_ADDR, 33, 0) == -EINVAL &&
               tcpip_set_address(st, 0, 0, FAKE_GW) == -EINVAL,
           "tcpip_set_address refuses an off-network gateway, a broadcast "
           "address, /33, and a gateway without an address");
    TAP_OK(st->cfg.addr == FAKE_ADDR && fk.nframes == 0,
           "and changes nothing then");
    TAP_OK(tcpip_set_address(st, 0xc0a80107u, 16, 0xc0a80001u) == 0 &&
               st->cfg.addr == 0xc0a80107u && st->cfg.prefix == 16 &&
               st->cfg.gateway == 0xc0a80001u,
           "tcpip_set_address sets 192.168.1.7/16 via 192.168.0.1");
    TAP_OK(fk.nframes == 1 && fake_sent(&fk, 0, &p) && p.arp_op == 1 &&
               p.spa == 0xc0a80107u && p.tpa == 0xc0a80107u,
           "and announces it with a gratuitous ARP");
    TAP_OK(tcpip_on_link(st, 0xc0a8ff01u) && !tcpip_on_link(st, FAKE_ADDR),
           "on link follows the new prefix");
    TAP_OK(tcpip_set_address(st, 0xc0a80107u, 16, 0xc0a80001u) == 0 &&
               fk.nframes == 1,
           "the same address again (a lease renewed): no new announcement");
    TAP_OK(fk.logs >= 1 && strstr(fk.log_line, "192.168.1.7/16") != NULL,
           "the change is logged (\"%s\")", fk.log_line);
    TAP_OK(tcpip_set_address(st, 0, 0, 0) == 0 && st->cfg.addr == 0 &&
               !tcpip_on_link(st, 0xc0a8ff01u) && fk.nframes == 1,
           "cleared: nothing on link, nothing announced");
    TAP_OK(tcpip_set_address(st, FAKE_ADDR, 32, 0) == 0 &&
               tcpip_on_link(st, FAKE_ADDR) && !tcpip_on_link(st, FAKE_GW),
           "a /32: only itself on link");
    TAP_OK(tcpip_set_address(st, FAKE_ADDR, 0, FAKE_GW) == 0 &&
               tcpip_on_link(st, FAKE_REMOTE),
           "a /0: everything on link");
    tcpip_destroy(st);
}

static void test_log(void)
{
    struct tcpip *st = make();
    char big[400];

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    fk.logs = 0;
    tcpip_logf(st, 5, "n=%d s=%s", 42, "ok");
    TAP_OK(fk.logs == 1 && fk.log_level == 5 &&
               strcmp(fk.log_line, "n=42 s=ok") == 0,
           "tcpip_logf formats and passes the level");
    tcpip_logf(st, 3, "%s", big);
    TAP_OK(fk.logs == 2 && strlen(fk.log_line) == 159,
           "a long line is cut to 159 bytes (%zu)", strlen(fk.log_line));
    tcpip_destroy(st);
}

int main(void)
{
    tap_alarm(60);
    tcpip_fake_init(&fk, 1);
    test_limits_and_create();
    test_input();
    test_timers();
    test_address();
    test_log();
    tcpip_fake_free(&fk);
    return tap_done();
}
