/* SPDX-License-Identifier: ISC */
/* dhcp_test.h: what the DHCP client's tests share: addresses, a lease. */
#ifndef MIRAGE_TESTS_DHCP_TEST_H
#define MIRAGE_TESTS_DHCP_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include "dhcp.h"
#include "dhcp_server.h"
#include "dhcp_stub.h"

#define IP(a, b, c, d)                                                         \
    ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 |          \
     (uint32_t)(d))
#define SERVER  IP(192, 0, 2, 1)
#define SERVER2 IP(192, 0, 2, 2)
#define OFFERED IP(192, 0, 2, 10)
#define ROUTER  IP(192, 0, 2, 254)
#define DNS1    IP(192, 0, 2, 53)
#define DNS2    IP(198, 51, 100, 53)
#define DNS3    IP(203, 0, 113, 53)
#define DNS4    IP(192, 0, 2, 99)
#define BCAST   0xffffffffu
#define MASK24  0xffffff00u

static const uint8_t test_mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};

/* The engine of the test. */
static struct tcpip st;

/* The last datagram sent, or NULL. */
static inline const struct stub_dgram *last_sent(void)
{
    return stub.nsent ? stub_sent(stub.nsent - 1) : NULL;
}

/* The xid of the last message sent (0 if none). */
static inline uint32_t last_xid(void)
{
    const struct stub_dgram *d = last_sent();

    return d ? srv_xid(d) : 0;
}

/* Hands (m) to the client, from (from) to the broadcast address. */
static inline void deliver_from(const struct srv_msg *m, uint32_t from)
{
    dhcp_input(&st, from, BCAST, m->b, m->len);
}

static inline void deliver(const struct srv_msg *m)
{
    deliver_from(m, SERVER);
}

/* Runs the client's timers with the clock at (t); the next deadline. */
static inline tcpip_ns run_at(tcpip_ns t)
{
    stub.now = t;
    return dhcp_timers(&st, t);
}

/* The client's state. */
static inline enum dhcp_state state(void)
{
    return st.dhcp ? st.dhcp->state : DHCP_INIT;
}

/*
 * Starts an OFFER or ACK (type) for the exchange (xid) of address (addr)
 * from (server) with a /24 mask, the router, four DNS servers, an MTU of
 * 1400 and a lease of (lease) s; the caller adds more, then srv_end.
 */
static inline void srv_lease(struct srv_msg *m, uint8_t type, uint32_t xid,
                             uint32_t addr, uint32_t server, uint32_t lease)
{
    uint8_t dns[16], mtu[2] = {1400 >> 8, 1400 & 255};

    srv_put32(dns, DNS1);
    srv_put32(dns + 4, DNS2);
    srv_put32(dns + 8, DNS3);
    srv_put32(dns + 12, DNS4);
    srv_begin(m, type, xid, test_mac, addr);
    srv_opt32(m, 54, server);
    srv_opt32(m, 1, MASK24);
    srv_opt32(m, 3, ROUTER);
    srv_opt(m, 6, dns, sizeof dns);
    srv_opt(m, 26, mtu, sizeof mtu);
    srv_opt32(m, 51, lease);
}

/* Optional T1 and T2 of a lease (0: absent). */
struct t12 {
    uint32_t t1, t2;
};

/*
 * Runs DHCP from a new client to BOUND (DISCOVER, OFFER, REQUEST, ACK of
 * (lease) s with (t)): true if it got there. The ACK comes 1 s after the
 * REQUEST.
 */
static inline bool bind_lease(uint32_t lease, struct t12 t)
{
    struct srv_msg m;
    uint32_t xid;

    if (dhcp_start(&st) != 0)
        return false;
    xid = last_xid();
    srv_lease(&m, 2, xid, OFFERED, SERVER, lease);
    srv_end(&m);
    deliver(&m);
    if (state() != DHCP_REQUESTING)
        return false;
    stub.now += TCPIP_S(1);
    srv_lease(&m, 5, xid, OFFERED, SERVER, lease);
    if (t.t1)
        srv_opt32(&m, 58, t.t1);
    if (t.t2)
        srv_opt32(&m, 59, t.t2);
    srv_end(&m);
    deliver(&m);
    return state() == DHCP_BOUND;
}

#endif
