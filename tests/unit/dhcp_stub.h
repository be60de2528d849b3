/* SPDX-License-Identifier: ISC */
/* dhcp_stub.h: the rest of the engine, faked, for the DHCP client's tests. */
#ifndef MIRAGE_TESTS_DHCP_STUB_H
#define MIRAGE_TESTS_DHCP_STUB_H

/*
 * tests/unit/dhcp_stub.c stands for what the DHCP client calls in the
 * engine's other layers (ipv4_send, tcpip_set_address, tcpip_timer_armed,
 * tcpip_logf, the checksums) and for its environment: a clock the test
 * sets, a deterministic "random", a count of wakes. ipv4_send keeps each
 * datagram; tcpip_set_address writes the address into st->cfg and keeps
 * each call. The checksum here is the test's own reference.
 */
#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

#define STUB_MAX_SENT 64
#define STUB_MAX_SET  32

/* A datagram given to ipv4_send. */
struct stub_dgram {
    uint32_t src, dst;
    uint8_t proto;
    unsigned flags;
    tcpip_ns at; /* the clock when it was sent */
    size_t len;  /* the payload's (UDP header and message) */
    uint8_t data[1600];
};

/* A call of tcpip_set_address. */
struct stub_set {
    uint32_t addr;
    unsigned prefix;
    uint32_t gateway;
};

struct stub {
    tcpip_ns now;
    uint64_t rng;
    unsigned nsent; /* datagrams sent (the last STUB_MAX_SENT are kept) */
    struct stub_dgram sent[STUB_MAX_SENT];
    unsigned nset;
    struct stub_set set[STUB_MAX_SET];
    unsigned wakes;
    struct mirage_cond *woken; /* the last condition woken */
    tcpip_ns armed;            /* the last deadline armed */
    unsigned nlogs;
    char last_log[256];
    int send_rc; /* what ipv4_send returns */
    int verbose; /* print the log lines (DHCP_TEST_LOG set) */
};

extern struct stub stub;

/* An engine with the stub's environment, MAC (mac), host name (hostname)
   (may be NULL); clears the stub. (st) is the test's. */
void stub_init(struct tcpip *st, const uint8_t mac[6], const char *hostname);

/* The (i)th datagram sent (0: the first), or NULL if not kept. */
const struct stub_dgram *stub_sent(unsigned i);

/* The reference checksum of the UDP datagram (d) with its pseudo-header:
   0 when right. */
uint16_t stub_udp_check(const struct stub_dgram *d);

#endif
