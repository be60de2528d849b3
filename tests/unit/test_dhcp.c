/* SPDX-License-Identifier: ISC */
/* test_dhcp.c: the DHCP client against a scripted server, with a fake clock. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dhcp_test.h"
#include "tap.h"

/* The bounds of a retransmission after (base) s: +/- 1 s. */
static bool within(tcpip_ns gap, unsigned base)
{
    return gap >= TCPIP_S(base) - TCPIP_S(1) &&
           gap <= TCPIP_S(base) + TCPIP_S(1);
}

/* Option 55 sent in (d) lists (code). */
static bool asks_for(const struct stub_dgram *d, uint8_t code)
{
    size_t n;
    const uint8_t *v = srv_find(d, 55, &n);

    return v && memchr(v, code, n) != NULL;
}

/* The UDP header and fixed fields every message of the client has. */
static void check_common(const struct stub_dgram *d, const char *what)
{
    const uint8_t *b = srv_body(d);
    static const uint8_t zeros[10];
    size_t n;
    const uint8_t *id = srv_find(d, 61, &n);

    TAP_OK(d->proto == TCPIP_PROTO_UDP && d->flags == 0,
           "%s: UDP, fragments allowed", what);
    TAP_OK(srv_get16(d->data) == 68 && srv_get16(d->data + 2) == 67 &&
               srv_get16(d->data + 4) == d->len,
           "%s: from port 68 to 67, length %zu", what, d->len);
    TAP_OK(srv_get16(d->data + 6) != 0 && stub_udp_check(d) == 0,
           "%s: UDP checksum right", what);
    TAP_OK(d->len - 8 >= 300 && d->len - 8 <= 548,
           "%s: %zu bytes of message (300 to 548)", what, d->len - 8);
    TAP_OK(b[0] == 1 && b[1] == 1 && b[2] == 6 && b[3] == 0,
           "%s: BOOTREQUEST, Ethernet, hlen 6, hops 0", what);
    TAP_OK(memcmp(b + 28, test_mac, 6) == 0 &&
               memcmp(b + 34, zeros, sizeof zeros) == 0,
           "%s: chaddr is our MAC", what);
    TAP_OK(b[236] == 99 && b[237] == 130 && b[238] == 83 && b[239] == 99,
           "%s: magic cookie", what);
    TAP_OK(id && n == 7 && id[0] == 1 && memcmp(id + 1, test_mac, 6) == 0,
           "%s: client id 1 + MAC", what);
}

static void test_dora(void)
{
    const struct stub_dgram *d;
    struct dhcp_lease l;
    struct srv_msg m;
    uint32_t xid;
    tcpip_ns t_req;
    size_t n;
    const uint8_t *v;

    stub_init(&st, test_mac, "unikernel-1");
    TAP_OK(dhcp_lease(&st, &l) == -ENOENT && dhcp_cond(&st) == NULL,
           "no lease, no condition before dhcp_start");
    TAP_OK(dhcp_start(&st) == 0, "dhcp_start");
    TAP_OK(dhcp_start(&st) == -EALREADY, "dhcp_start again: -EALREADY");
    TAP_OK(state() == DHCP_SELECTING && stub.nsent == 1,
           "SELECTING, one message sent");
    d = last_sent();
    TAP_OK(srv_type(d) == 1, "a DISCOVER");
    TAP_OK(d->src == 0 && d->dst == BCAST, "from 0.0.0.0 to the broadcast");
    check_common(d, "DISCOVER");
    TAP_OK(srv_flags(d) == 0x8000 && srv_ciaddr(d) == 0 && srv_secs(d) == 0,
           "DISCOVER: the broadcast flag, no ciaddr, secs 0");
    v = srv_find(d, 12, &n);
    TAP_OK(v && n == 11 && memcmp(v, "unikernel-1", 11) == 0,
           "DISCOVER: host name");
    TAP_OK(asks_for(d, 1) && asks_for(d, 3) && asks_for(d, 6) &&
               asks_for(d, 26) && asks_for(d, 51) && asks_for(d, 58) &&
               asks_for(d, 59),
           "DISCOVER: asks for mask, router, DNS, MTU, lease, T1, T2");
    TAP_OK(!srv_find(d, 50, &n) && !srv_find(d, 54, &n),
           "DISCOVER: no requested address, no server id");
    TAP_OK(dhcp_lease(&st, &l) == 0 && !l.bound, "no lease yet");
    TAP_OK(st.stats.dhcp.discovers == 1, "stats: 1 discover");
    TAP_OK(within(st.dhcp->deadline - stub.now, 4) &&
               stub.armed == st.dhcp->deadline,
           "retransmission armed in 4 +/- 1 s");

    xid = srv_xid(d);
    stub.now += TCPIP_MS(300);
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING && stub.nsent == 2 &&
               st.stats.dhcp.offers == 1,
           "OFFER: REQUESTING, a message sent");
    d = last_sent();
    t_req = d->at;
    TAP_OK(srv_type(d) == 3 && srv_xid(d) == xid, "a REQUEST, the same xid");
    TAP_OK(d->src == 0 && d->dst == BCAST, "from 0.0.0.0 to the broadcast");
    check_common(d, "REQUEST");
    TAP_OK(srv_flags(d) == 0x8000 && srv_ciaddr(d) == 0,
           "REQUEST: the broadcast flag, no ciaddr");
    TAP_OK(srv_opt_u32(d, 50) == OFFERED && srv_opt_u32(d, 54) == SERVER,
           "REQUEST: the address offered, the server id");
    v = srv_find(d, 12, &n);
    TAP_OK(v && n == 11 && memcmp(v, "unikernel-1", 11) == 0 && asks_for(d, 51),
           "REQUEST: host name and parameter list");
    TAP_OK(stub.nset == 0 && st.cfg.addr == 0, "no address before the ACK");

    stub.now += TCPIP_S(1);
    srv_lease(&m, 5, xid, OFFERED, SERVER, 3600);
    srv_opt32(&m, 58, 1000);
    srv_opt32(&m, 59, 3000);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_BOUND && st.stats.dhcp.acks == 1, "ACK: BOUND");
    TAP_OK(stub.nset == 1 && stub.set[0].addr == OFFERED &&
               stub.set[0].prefix == 24 && stub.set[0].gateway == ROUTER,
           "tcpip_set_address(192.0.2.10, 24, 192.0.2.254)");
    TAP_OK(dhcp_lease(&st, &l) == 0 && l.bound && l.addr == OFFERED &&
               l.prefix == 24 && l.router == ROUTER && l.server == SERVER,
           "the lease: address, prefix, router, server");
    TAP_OK(l.ndns == 3 && l.dns[0] == DNS1 && l.dns[1] == DNS2 &&
               l.dns[2] == DNS3,
           "the lease: the first 3 of 4 DNS servers");
    TAP_OK(l.mtu == 1400, "the lease: MTU 1400");
    TAP_OK(l.lease_s == 3600 && l.t1_s == 1000 && l.t2_s == 3000,
           "the lease: 3600 s, T1 1000 s, T2 3000 s");
    TAP_OK(l.acquired == t_req, "the lease counts from the REQUEST");
    TAP_OK(stub.wakes == 1 && stub.woken == dhcp_cond(&st) &&
               dhcp_cond(&st) != NULL,
           "dhcp_cond woken once");
    TAP_OK(st.dhcp->deadline == t_req + TCPIP_S(1000) &&
               dhcp_timers(&st, stub.now) == t_req + TCPIP_S(1000),
           "the next deadline is T1");
    TAP_OK(stub.nsent == 2, "nothing sent on the ACK");

    deliver(&m);
    TAP_OK(state() == DHCP_BOUND && stub.nset == 1 && stub.nsent == 2 &&
               stub.wakes == 1 && st.stats.dhcp.acks == 1,
           "the ACK again, BOUND: ignored");

    stub.now += TCPIP_S(5);
    dhcp_stop(&st);
    TAP_OK(st.dhcp == NULL && stub.nsent == 3, "dhcp_stop: one message");
    d = last_sent();
    TAP_OK(srv_type(d) == 7, "a RELEASE");
    TAP_OK(d->src == OFFERED && d->dst == SERVER,
           "from our address to the server");
    check_common(d, "RELEASE");
    TAP_OK(srv_ciaddr(d) == OFFERED && srv_opt_u32(d, 54) == SERVER &&
               !srv_find(d, 50, &n) && srv_flags(d) == 0,
           "RELEASE: ciaddr, server id, no requested address, no flag");
    TAP_OK(srv_xid(d) != xid, "RELEASE: a new xid");
    TAP_OK(stub.nset == 2 && stub.set[1].addr == 0 && st.cfg.addr == 0,
           "the address cleared");
    TAP_OK(stub.wakes == 2, "the waiters woken");
    TAP_OK(dhcp_lease(&st, &l) == -ENOENT && dhcp_cond(&st) == NULL,
           "dhcp_lease: -ENOENT after dhcp_stop");
    TAP_OK(dhcp_timers(&st, stub.now) == TCPIP_NEVER,
           "no deadline after dhcp_stop");
    dhcp_stop(&st);
    TAP_OK(stub.nsent == 3, "dhcp_stop again: nothing");
}

/* Replies that are not for us, or unusable, in SELECTING. */
static void test_not_ours(void)
{
    static const uint8_t other_mac[6] = {0x02, 0, 0, 0, 0, 0x99};
    struct srv_msg m;
    uint32_t xid;
    uint8_t id[7] = {1, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x31};

    stub_init(&st, test_mac, NULL);
    dhcp_start(&st);
    xid = last_xid();
    TAP_OK(srv_find(last_sent(), 12, &(size_t){0}) == NULL,
           "no host name configured: no option 12");

    srv_lease(&m, 2, xid + 1, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && stub.nsent == 1 &&
               st.stats.dhcp.rx_bad == 0 && st.stats.dhcp.offers == 0,
           "an OFFER with another xid: ignored, not counted bad");
    srv_begin(&m, 2, xid, other_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && stub.nsent == 1 &&
               st.stats.dhcp.rx_bad == 0,
           "an OFFER for another chaddr: ignored");
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_opt(&m, 61, id, sizeof id);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && stub.nsent == 1,
           "an OFFER echoing another client id: ignored");

    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    m.b[0] = 1;
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && stub.nsent == 1 &&
               st.stats.dhcp.rx_bad == 1,
           "op BOOTREQUEST: rejected, counted bad");
    m.b[0] = 2;
    m.b[1] = 6;
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && st.stats.dhcp.rx_bad == 2,
           "htype 6: rejected");
    m.b[1] = 1;
    m.b[2] = 16;
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && st.stats.dhcp.rx_bad == 3,
           "hlen 16: rejected");

    srv_begin(&m, 0, xid, test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && st.stats.dhcp.rx_bad == 4,
           "a BOOTP reply (no message type): rejected");

    srv_begin(&m, 2, xid, test_mac, OFFERED);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && st.stats.dhcp.rx_bad == 5 &&
               st.stats.dhcp.offers == 0,
           "an OFFER without a server id: unusable");
    {
        static const uint32_t bad[] = {0, IP(127, 0, 0, 1), IP(224, 0, 0, 1),
                                       BCAST, IP(0, 1, 2, 3)};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            srv_lease(&m, 2, xid, bad[i], SERVER, 3600);
            srv_end(&m);
            deliver(&m);
        }
        TAP_OK(state() == DHCP_SELECTING && st.stats.dhcp.rx_bad == 10 &&
                   stub.nsent == 1,
               "OFFERs of 0.0.0.0, 127.0.0.1, 224.0.0.1, the broadcast, "
               "0.1.2.3: unusable");
    }
    srv_lease(&m, 5, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    m.b[242] = 6;
    deliver(&m);
    m.b[242] = 8;
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && stub.nsent == 1 && stub.nset == 0 &&
               st.stats.dhcp.acks == 0 && st.stats.dhcp.naks == 0,
           "ACK, NAK, INFORM in SELECTING: ignored");

    id[6] = 0x30;
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_opt(&m, 61, id, sizeof id);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING && stub.nsent == 2,
           "an OFFER echoing our client id: taken");
    srv_lease(&m, 2, xid, IP(192, 0, 2, 11), SERVER2, 3600);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING && stub.nsent == 2 &&
               st.dhcp->offered == OFFERED && st.stats.dhcp.offers == 1,
           "a second OFFER in REQUESTING: ignored");
    dhcp_stop(&st);
    TAP_OK(stub.nsent == 2 && stub.nset == 0,
           "dhcp_stop without a lease: nothing sent, no address change");
}

/* DISCOVER and REQUEST sent again at 4, 8, 16, 32, 64 s, +/- 1 s. */
static void test_retransmit(void)
{
    static const unsigned gaps[] = {4, 8, 16, 32, 64, 64, 64};
    tcpip_ns start, prev, next;
    struct srv_msg m;
    uint32_t xid;
    bool ok = true, xid_ok = true, secs_ok = true, quiet = true;

    stub_init(&st, test_mac, "h");
    dhcp_start(&st);
    start = prev = stub.now;
    xid = last_xid();
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
        unsigned before = stub.nsent;

        next = st.dhcp->deadline;
        run_at(next - 1);
        quiet = quiet && stub.nsent == before;
        run_at(next);
        if (!within(next - prev, gaps[i]) || stub.nsent != before + 1 ||
            srv_type(last_sent()) != 1) {
            ok = false;
            TAP_DIAG("DISCOVER %zu after %llu ns", i + 2,
                     (unsigned long long)(next - prev));
        }
        xid_ok = xid_ok && last_xid() == xid;
        secs_ok =
            secs_ok && srv_secs(last_sent()) == (next - start) / TCPIP_S(1);
        prev = next;
    }
    TAP_OK(ok, "DISCOVER sent again after 4, 8, 16, 32, 64, 64, 64 s (+/- 1)");
    TAP_OK(quiet, "nothing sent before each deadline");
    TAP_OK(xid_ok, "the same xid in every DISCOVER of the exchange");
    TAP_OK(secs_ok, "secs counts from the first DISCOVER");
    TAP_OK(st.stats.dhcp.discovers == 8, "stats: 8 discovers");

    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    prev = stub.now;
    ok = true;
    for (size_t i = 0; i < 4; i++) {
        unsigned before = stub.nsent;

        next = st.dhcp->deadline;
        run_at(next);
        if (!within(next - prev, gaps[i]) || stub.nsent != before + 1 ||
            srv_type(last_sent()) != 3 || last_xid() != xid) {
            ok = false;
            TAP_DIAG("REQUEST %zu after %llu ns", i + 2,
                     (unsigned long long)(next - prev));
        }
        prev = next;
    }
    TAP_OK(ok, "REQUEST sent again after 4, 8, 16, 32 s (+/- 1)");
    TAP_OK(state() == DHCP_REQUESTING && st.stats.dhcp.requests == 5,
           "5 REQUESTs, still REQUESTING");
    next = st.dhcp->deadline;
    run_at(next);
    TAP_OK(within(next - prev, 64), "64 s after the 5th REQUEST...");
    TAP_OK(state() == DHCP_SELECTING && srv_type(last_sent()) == 1 &&
               last_xid() != xid && st.stats.dhcp.requests == 5,
           "...the client starts over: a DISCOVER with a new xid");
    TAP_OK(srv_secs(last_sent()) == 0, "secs 0 in the new exchange");

    stub.send_rc = -ENETUNREACH;
    next = st.dhcp->deadline;
    run_at(next);
    TAP_OK(state() == DHCP_SELECTING && st.dhcp->deadline > next &&
               within(st.dhcp->deadline - next, 8),
           "a send that fails: retransmitted as if lost");
    dhcp_stop(&st);
}

/* Renewal at T1, unicast to the server. */
static void test_renew(void)
{
    const struct stub_dgram *d;
    struct dhcp_lease l;
    struct srv_msg m;
    tcpip_ns a, t1, t_renew;
    uint32_t dora_xid, xid;
    unsigned sent, wakes;

    stub_init(&st, test_mac, "renewer");
    TAP_OK(bind_lease(3600, (struct t12){1800, 3150}), "bound");
    dora_xid = last_xid();
    dhcp_lease(&st, &l);
    a = l.acquired;
    t1 = a + TCPIP_S(1800);
    sent = stub.nsent;
    TAP_OK(run_at(t1 - 1) == t1 && stub.nsent == sent && state() == DHCP_BOUND,
           "nothing before T1");
    run_at(t1);
    TAP_OK(state() == DHCP_RENEWING && stub.nsent == sent + 1 &&
               st.stats.dhcp.renewals == 1,
           "at T1: RENEWING, a message sent");
    d = last_sent();
    xid = srv_xid(d);
    t_renew = d->at;
    TAP_OK(srv_type(d) == 3 && xid != dora_xid, "a REQUEST with a new xid");
    TAP_OK(d->src == OFFERED && d->dst == SERVER,
           "unicast from our address to the server");
    check_common(d, "renewing REQUEST");
    TAP_OK(srv_ciaddr(d) == OFFERED && srv_flags(d) == 0,
           "renewing: ciaddr set, no broadcast flag");
    TAP_OK(!srv_find(d, 50, &(size_t){0}) && !srv_find(d, 54, &(size_t){0}),
           "renewing: no requested address, no server id");
    TAP_OK(st.dhcp->deadline == t1 + TCPIP_S(675),
           "sent again after half the time to T2 (675 s)");
    run_at(t1 + TCPIP_S(675));
    d = last_sent();
    TAP_OK(stub.nsent == sent + 2 && srv_type(d) == 3 && srv_xid(d) == xid &&
               d->dst == SERVER,
           "the REQUEST again, same xid, to the server");
    TAP_OK(st.dhcp->deadline == t1 + TCPIP_S(675) + TCPIP_MS(337500),
           "then after half the time left (337.5 s)");

    wakes = stub.wakes;
    stub.now += TCPIP_S(2);
    srv_lease(&m, 5, xid, OFFERED, SERVER, 7200);
    srv_end(&m);
    dhcp_input(&st, SERVER, OFFERED, m.b, m.len);
    TAP_OK(state() == DHCP_BOUND && st.stats.dhcp.acks == 2, "ACK: BOUND");
    dhcp_lease(&st, &l);
    TAP_OK(l.bound && l.addr == OFFERED && l.lease_s == 7200 &&
               l.t1_s == 3600 && l.t2_s == 6300,
           "renewed for 7200 s, T1 and T2 by default (1/2, 7/8)");
    TAP_OK(l.acquired == t_renew,
           "the lease counts from the first REQUEST of the renewal");
    TAP_OK(stub.nset == 1, "the address is not set again (unchanged)");
    TAP_OK(stub.wakes == wakes + 1, "dhcp_cond woken");
    TAP_OK(st.dhcp->deadline == t_renew + TCPIP_S(3600), "the next T1");
    dhcp_stop(&st);
}

/* From RENEWING to REBINDING at T2, broadcast; an ACK from another
   server. */
static void test_rebind(void)
{
    const struct stub_dgram *d;
    struct dhcp_lease l;
    struct srv_msg m;
    tcpip_ns a, t2;
    uint32_t xid, renew_xid;
    int guard = 0;

    stub_init(&st, test_mac, "rebinder");
    TAP_OK(bind_lease(3600, (struct t12){1800, 3150}), "bound");
    dhcp_lease(&st, &l);
    a = l.acquired;
    t2 = a + TCPIP_S(3150);
    run_at(a + TCPIP_S(1800));
    renew_xid = last_xid();
    while (state() == DHCP_RENEWING && guard++ < 50)
        run_at(st.dhcp->deadline);
    TAP_OK(state() == DHCP_REBINDING && stub.now == t2 &&
               st.stats.dhcp.rebinds == 1,
           "REBINDING at T2 exactly");
    d = last_sent();
    xid = srv_xid(d);
    TAP_OK(srv_type(d) == 3 && xid != renew_xid, "a REQUEST with a new xid");
    TAP_OK(d->src == OFFERED && d->dst == BCAST,
           "from our address to the broadcast");
    check_common(d, "rebinding REQUEST");
    TAP_OK(srv_ciaddr(d) == OFFERED && !srv_find(d, 50, &(size_t){0}) &&
               !srv_find(d, 54, &(size_t){0}),
           "rebinding: ciaddr, no requested address, no server id");
    TAP_OK(st.dhcp->deadline == t2 + TCPIP_S(225),
           "sent again after half the time left (225 s)");
    run_at(t2 + TCPIP_S(225));
    TAP_OK(last_sent()->dst == BCAST && last_xid() == xid,
           "the REQUEST again, broadcast, same xid");
    TAP_OK(st.dhcp->deadline == t2 + TCPIP_S(225) + TCPIP_MS(112500),
           "then after half the time left (112.5 s)");

    srv_lease(&m, 5, renew_xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REBINDING, "an ACK of the renewal's xid: ignored");

    srv_lease(&m, 5, xid, OFFERED, SERVER2, 3600);
    srv_end(&m);
    deliver_from(&m, SERVER2);
    dhcp_lease(&st, &l);
    TAP_OK(state() == DHCP_BOUND && l.bound && l.server == SERVER2,
           "an ACK from another server: BOUND, the lease now its");
    TAP_OK(stub.nset == 1, "the address unchanged");
    run_at(l.acquired + TCPIP_S(1800));
    TAP_OK(state() == DHCP_RENEWING && last_sent()->dst == SERVER2,
           "the next renewal goes to the new server");
    dhcp_stop(&st);
}

/* No answer at all: the lease runs out. */
static void test_expiry(void)
{
    struct dhcp_lease l;
    tcpip_ns end;
    unsigned wakes;
    int guard = 0;

    stub_init(&st, test_mac, "expirer");
    TAP_OK(bind_lease(120, (struct t12){0, 0}), "bound for 120 s");
    dhcp_lease(&st, &l);
    end = l.acquired + TCPIP_S(120);
    wakes = stub.wakes;
    while (state() != DHCP_SELECTING && state() != DHCP_INIT && guard++ < 50)
        run_at(st.dhcp->deadline);
    TAP_OK(stub.now == end, "the lease ends 120 s after the REQUEST");
    TAP_OK(st.stats.dhcp.renewals == 1 && st.stats.dhcp.rebinds == 1 &&
               st.stats.dhcp.expiries == 1,
           "stats: 1 renewal, 1 rebinding, 1 expiry");
    TAP_OK(stub.nset == 2 && stub.set[1].addr == 0 && st.cfg.addr == 0,
           "the address cleared");
    TAP_OK(dhcp_lease(&st, &l) == 0 && !l.bound, "no lease");
    TAP_OK(stub.wakes == wakes + 1, "dhcp_cond woken");
    TAP_OK(state() == DHCP_SELECTING && srv_type(last_sent()) == 1 &&
               last_sent()->src == 0,
           "at once a DISCOVER from 0.0.0.0");
    dhcp_stop(&st);
    TAP_OK(srv_type(last_sent()) == 1, "dhcp_stop without a lease: no RELEASE");
}

/* A NAK in REQUESTING, RENEWING and REBINDING; none in BOUND. */
static void test_nak(void)
{
    struct dhcp_lease l;
    struct srv_msg m;
    uint32_t xid;
    tcpip_ns t;
    unsigned wakes;

    stub_init(&st, test_mac, NULL);
    dhcp_start(&st);
    xid = last_xid();
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    srv_begin(&m, 6, xid, test_mac, 0);
    srv_opt32(&m, 54, SERVER2);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING && st.stats.dhcp.naks == 0,
           "REQUESTING: a NAK from another server: ignored");
    srv_begin(&m, 6, xid, test_mac, 0);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_INIT && st.stats.dhcp.naks == 1 && stub.nset == 0,
           "REQUESTING: NAK: INIT, no address to clear");
    TAP_OK(st.dhcp->deadline == stub.now, "starts over at once");
    run_at(stub.now);
    TAP_OK(state() == DHCP_SELECTING && srv_type(last_sent()) == 1 &&
               last_xid() != xid,
           "a DISCOVER with a new xid");
    xid = last_xid();
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    srv_begin(&m, 6, xid, test_mac, 0);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_INIT && st.stats.dhcp.naks == 2 &&
               within(st.dhcp->deadline - stub.now, 4),
           "a second NAK (without server id): starts over in 4 +/- 1 s");
    t = st.dhcp->deadline;
    run_at(t);
    xid = last_xid();
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    srv_begin(&m, 6, xid, test_mac, 0);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_INIT && within(st.dhcp->deadline - stub.now, 8),
           "a third: in 8 +/- 1 s");
    dhcp_stop(&st);

    stub_init(&st, test_mac, NULL);
    bind_lease(3600, (struct t12){0, 0});
    xid = last_xid();
    srv_begin(&m, 6, xid, test_mac, 0);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_BOUND && st.stats.dhcp.naks == 0 &&
               st.cfg.addr == OFFERED,
           "BOUND: a NAK ignored");
    dhcp_lease(&st, &l);
    run_at(l.acquired + TCPIP_S(1800));
    xid = last_xid();
    wakes = stub.wakes;
    srv_begin(&m, 6, xid, test_mac, 0);
    srv_opt32(&m, 54, SERVER2);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_RENEWING && st.cfg.addr == OFFERED,
           "RENEWING: a NAK from another server: ignored");
    srv_begin(&m, 6, xid, test_mac, 0);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_INIT && st.cfg.addr == 0 && stub.nset == 2 &&
               stub.set[1].addr == 0 && stub.wakes == wakes + 1,
           "RENEWING: NAK: address cleared, INIT, waiters woken");
    TAP_OK(dhcp_lease(&st, &l) == 0 && !l.bound, "no lease");
    run_at(stub.now);
    TAP_OK(state() == DHCP_SELECTING && last_sent()->src == 0,
           "a DISCOVER from 0.0.0.0");
    dhcp_stop(&st);
    TAP_OK(srv_type(last_sent()) == 1, "no RELEASE after a NAK");

    stub_init(&st, test_mac, NULL);
    bind_lease(3600, (struct t12){0, 0});
    dhcp_lease(&st, &l);
    run_at(l.acquired + TCPIP_S(3150));
    TAP_OK(state() == DHCP_REBINDING, "REBINDING");
    srv_begin(&m, 6, last_xid(), test_mac, 0);
    srv_opt32(&m, 54, SERVER2);
    srv_end(&m);
    deliver_from(&m, SERVER2);
    TAP_OK(state() == DHCP_INIT && st.cfg.addr == 0 && stub.nset == 2,
           "REBINDING: NAK from any server: address cleared, INIT");
    dhcp_stop(&st);
}

/* An infinite lease is never renewed. */
static void test_infinite(void)
{
    struct dhcp_lease l;
    unsigned sent;

    stub_init(&st, test_mac, NULL);
    TAP_OK(bind_lease(0xffffffffu, (struct t12){1000, 2000}),
           "bound, infinite lease");
    dhcp_lease(&st, &l);
    TAP_OK(l.lease_s == 0xffffffffu && l.t1_s == 0xffffffffu &&
               l.t2_s == 0xffffffffu,
           "lease, T1, T2 infinite");
    sent = stub.nsent;
    TAP_OK(dhcp_timers(&st, stub.now) == TCPIP_NEVER &&
               st.dhcp->deadline == TCPIP_NEVER,
           "no deadline");
    run_at(stub.now + TCPIP_S(20ull * 365 * 86400));
    TAP_OK(state() == DHCP_BOUND && stub.nsent == sent &&
               st.cfg.addr == OFFERED,
           "20 years later: still BOUND, nothing sent");
    dhcp_stop(&st);
}

/* T1 and T2 made sane. */
static void test_lease_times(void)
{
    static const struct {
        uint32_t lease, t1, t2, want_lease, want_t1, want_t2;
        const char *what;
    } cases[] = {
        {1000, 0, 0, 1000, 500, 875, "no T1, T2: 1/2, 7/8"},
        {1000, 900, 800, 1000, 500, 800, "T1 above T2: T1 1/2"},
        {1000, 300, 2000, 1000, 300, 875, "T2 above the lease: 7/8"},
        {1000, 300, 1000, 1000, 300, 875, "T2 equal to the lease: 7/8"},
        {1000, 0, 400, 1000, 200, 400, "T2 below 1/2, no T1: T1 = T2/2"},
        {1000, 400, 400, 1000, 200, 400, "T1 equal to T2: T2/2"},
        {0, 0, 0, 10, 5, 8, "a lease of 0 s: 10 s"},
        {3, 1, 2, 10, 1, 2, "a lease of 3 s: 10 s"},
        {0xfffffffeu, 0, 0, 0xfffffffeu, 0x7fffffffu, 0xdffffffeu,
         "the longest finite lease"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct dhcp_lease l;
        bool ok;

        stub_init(&st, test_mac, NULL);
        ok = bind_lease(cases[i].lease, (struct t12){cases[i].t1, cases[i].t2});
        dhcp_lease(&st, &l);
        ok = ok && l.lease_s == cases[i].want_lease &&
             l.t1_s == cases[i].want_t1 && l.t2_s == cases[i].want_t2 &&
             st.dhcp->deadline == l.acquired + TCPIP_S(l.t1_s);
        TAP_OK(ok, "lease %u, T1 %u, T2 %u: %s", cases[i].lease, cases[i].t1,
               cases[i].t2, cases[i].what);
        if (!ok)
            TAP_DIAG("got lease %u, T1 %u, T2 %u", l.lease_s, l.t1_s, l.t2_s);
        dhcp_stop(&st);
    }
}

/* What an ACK must hold; what it may leave out. */
static void test_ack_checks(void)
{
    struct dhcp_lease l;
    struct srv_msg m;
    uint32_t xid;

    stub_init(&st, test_mac, NULL);
    dhcp_start(&st);
    xid = last_xid();
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    srv_lease(&m, 5, xid, IP(192, 0, 2, 11), SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING && st.stats.dhcp.rx_bad == 1 &&
               stub.nset == 0,
           "an ACK of another address: unusable");
    srv_lease(&m, 5, xid, OFFERED, SERVER2, 3600);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING && st.stats.dhcp.rx_bad == 2,
           "an ACK from another server: unusable");
    srv_begin(&m, 5, xid, test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING && st.stats.dhcp.rx_bad == 3,
           "an ACK without a lease time: unusable");
    srv_begin(&m, 5, xid, test_mac, OFFERED);
    srv_opt32(&m, 51, 600);
    srv_end(&m);
    deliver(&m);
    dhcp_lease(&st, &l);
    TAP_OK(state() == DHCP_BOUND && l.prefix == 24 && l.router == 0 &&
               l.ndns == 0 && l.mtu == 0 && l.server == SERVER,
           "an ACK with a lease time only: the offer's mask, no router, no "
           "DNS, no MTU");
    TAP_OK(stub.nset == 1 && stub.set[0].prefix == 24 &&
               stub.set[0].gateway == 0,
           "tcpip_set_address(192.0.2.10, 24, 0)");
    dhcp_stop(&st);

    stub_init(&st, test_mac, NULL);
    dhcp_start(&st);
    xid = last_xid();
    srv_begin(&m, 2, xid, test_mac, IP(10, 1, 2, 3));
    srv_opt32(&m, 54, IP(10, 0, 0, 1));
    srv_end(&m);
    deliver(&m);
    srv_begin(&m, 5, xid, test_mac, IP(10, 1, 2, 3));
    srv_opt32(&m, 51, 600);
    srv_opt32(&m, 3, IP(10, 0, 0, 1));
    srv_end(&m);
    deliver(&m);
    dhcp_lease(&st, &l);
    TAP_OK(state() == DHCP_BOUND && l.prefix == 8 &&
               l.router == IP(10, 0, 0, 1),
           "no mask in OFFER nor ACK: the class's (10/8)");
    dhcp_stop(&st);
}

/* Options in the file and sname fields (52); options in pieces (RFC
   3396). */
static void test_overload(void)
{
    struct dhcp_lease l;
    struct srv_msg m;
    uint32_t xid;
    uint8_t dns[8];

    stub_init(&st, test_mac, NULL);
    dhcp_start(&st);
    xid = last_xid();
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_end(&m);
    deliver(&m);
    /* options: type, server, overload 3; file: lease, router, end; sname:
       mask, DNS, end */
    srv_begin(&m, 5, xid, test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_opt(&m, 52, &(uint8_t){3}, 1);
    srv_end(&m);
    {
        uint8_t *f = m.b + 108, *s = m.b + 44;
        f[0] = 51, f[1] = 4, srv_put32(f + 2, 900);
        f[6] = 0; /* a pad */
        f[7] = 3, f[8] = 4, srv_put32(f + 9, IP(192, 0, 2, 200));
        f[13] = 255;
        s[0] = 1, s[1] = 4, srv_put32(s + 2, 0xfffffc00u);
        s[6] = 6, s[7] = 4, srv_put32(s + 8, DNS3);
        s[12] = 255;
    }
    deliver(&m);
    dhcp_lease(&st, &l);
    TAP_OK(state() == DHCP_BOUND && l.lease_s == 900 &&
               l.router == IP(192, 0, 2, 200) && l.prefix == 22 &&
               l.ndns == 1 && l.dns[0] == DNS3,
           "overload 3: lease, router from file; mask, DNS from sname");
    dhcp_stop(&st);

    stub_init(&st, test_mac, NULL);
    dhcp_start(&st);
    xid = last_xid();
    srv_begin(&m, 2, xid, test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    memcpy(m.b + 44, "a server name", 13); /* not options: no overload */
    deliver(&m);
    TAP_OK(state() == DHCP_REQUESTING, "sname not read without option 52");
    srv_begin(&m, 5, xid, test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_opt32(&m, 51, 600);
    srv_put32(dns, DNS1);
    srv_put32(dns + 4, DNS2);
    srv_opt(&m, 6, dns, 8);
    srv_opt(&m, 3, dns, 2); /* a router in two pieces */
    srv_opt32(&m, 6, DNS3);
    srv_opt(&m, 3, dns + 2, 2);
    srv_end(&m);
    deliver(&m);
    dhcp_lease(&st, &l);
    TAP_OK(state() == DHCP_BOUND && l.ndns == 3 && l.dns[0] == DNS1 &&
               l.dns[1] == DNS2 && l.dns[2] == DNS3 && l.router == DNS1,
           "options in pieces are joined (RFC 3396)");
    dhcp_stop(&st);
}

/* A host name longer than an option holds. */
static void test_long_hostname(void)
{
    static char name[300];
    const uint8_t *v;
    size_t n;

    memset(name, 'x', sizeof name - 1);
    stub_init(&st, test_mac, name);
    dhcp_start(&st);
    v = srv_find(last_sent(), 12, &n);
    TAP_OK(v && n == 255 && v[254] == 'x' && last_sent()->len - 8 <= 548,
           "a host name of 299 bytes: sent cut to 255");
    dhcp_stop(&st);
    stub_init(&st, test_mac, "");
    dhcp_start(&st);
    TAP_OK(!srv_find(last_sent(), 12, &n), "an empty host name: none sent");
    dhcp_stop(&st);
}

int main(void)
{
    test_dora();
    test_not_ours();
    test_retransmit();
    test_renew();
    test_rebind();
    test_expiry();
    test_nak();
    test_infinite();
    test_lease_times();
    test_ack_checks();
    test_overload();
    test_long_hostname();
    return tap_done();
}
