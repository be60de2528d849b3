/* SPDX-License-Identifier: ISC */
/* tcpip_stub_upper.h: what the stand-ins for TCP and DHCP recorded. */
#ifndef MIRAGE_TESTS_TCPIP_STUB_UPPER_H
#define MIRAGE_TESTS_TCPIP_STUB_UPPER_H

/*
 * Tests of the engine's lower layers link tests/unit/tcpip_stub_upper.c
 * in place of the real TCP and DHCP: each call is counted, its arguments
 * kept, and tcp_init's result and the timers' deadlines are the test's
 * to choose.
 */
#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

struct tcpip_stub_calls {
    unsigned tcp_init, tcp_fini, tcp_timers, tcp_input, tcp_icmp_error;
    unsigned dhcp_input, dhcp_timers;
    unsigned order;        /* calls of every kind so far */
    unsigned tcp_init_at;  /* (order) when tcp_init last ran */
    int tcp_init_rc;       /* what tcp_init returns (0) */
    tcpip_ns tcp_deadline; /* what tcp_timers returns (TCPIP_NEVER) */
    tcpip_ns dhcp_deadline;
    tcpip_ns timers_now; /* the (now) the last X_timers got */
    /* the last tcp_input, tcp_icmp_error and dhcp_input */
    uint32_t src, dst;
    size_t len;
    uint8_t data[2048]; /* the first bytes of their data */
    uint8_t icmp_type, icmp_code;
    uint32_t icmp_mtu;
};

extern struct tcpip_stub_calls tcpip_stub;

/* Forgets every call; tcp_init then succeeds and no timer is armed. */
void tcpip_stub_reset(void);

#endif
