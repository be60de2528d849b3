/* SPDX-License-Identifier: ISC */
/* tcpip_stub_upper.c: stand-ins for the engine's TCP and DHCP that record. */
#include <string.h>

#include "tcpip_stub_upper.h"

struct tcpip_stub_calls tcpip_stub = {.tcp_deadline = TCPIP_NEVER,
                                      .dhcp_deadline = TCPIP_NEVER};

void tcpip_stub_reset(void)
{
    memset(&tcpip_stub, 0, sizeof tcpip_stub);
    tcpip_stub.tcp_deadline = TCPIP_NEVER;
    tcpip_stub.dhcp_deadline = TCPIP_NEVER;
}

/* Keeps (src, dst) and the first bytes of (data, len). */
static void keep(uint32_t src, uint32_t dst, const uint8_t *data, size_t len)
{
    tcpip_stub.src = src;
    tcpip_stub.dst = dst;
    tcpip_stub.len = len;
    memcpy(tcpip_stub.data, data,
           len < sizeof tcpip_stub.data ? len : sizeof tcpip_stub.data);
}

int tcp_init(struct tcpip *st)
{
    (void)st;
    tcpip_stub.tcp_init++;
    tcpip_stub.tcp_init_at = ++tcpip_stub.order;
    return tcpip_stub.tcp_init_rc;
}

void tcp_fini(struct tcpip *st)
{
    (void)st;
    tcpip_stub.tcp_fini++;
    tcpip_stub.order++;
}

tcpip_ns tcp_timers(struct tcpip *st, tcpip_ns now)
{
    (void)st;
    tcpip_stub.tcp_timers++;
    tcpip_stub.order++;
    tcpip_stub.timers_now = now;
    return tcpip_stub.tcp_deadline;
}

void tcp_input(struct tcpip *st, uint32_t src, uint32_t dst,
               const uint8_t *data, size_t len)
{
    (void)st;
    tcpip_stub.tcp_input++;
    tcpip_stub.order++;
    keep(src, dst, data, len);
}

void tcp_icmp_error(struct tcpip *st, uint8_t type, uint8_t code, uint32_t mtu,
                    const uint8_t *ip, size_t len)
{
    (void)st;
    tcpip_stub.tcp_icmp_error++;
    tcpip_stub.order++;
    tcpip_stub.icmp_type = type;
    tcpip_stub.icmp_code = code;
    tcpip_stub.icmp_mtu = mtu;
    keep(0, 0, ip, len);
}

void dhcp_input(struct tcpip *st, uint32_t src, uint32_t dst,
                const uint8_t *data, size_t len)
{
    (void)st;
    tcpip_stub.dhcp_input++;
    tcpip_stub.order++;
    keep(src, dst, data, len);
}

tcpip_ns dhcp_timers(struct tcpip *st, tcpip_ns now)
{
    (void)st;
    tcpip_stub.dhcp_timers++;
    tcpip_stub.order++;
    tcpip_stub.timers_now = now;
    return tcpip_stub.dhcp_deadline;
}
