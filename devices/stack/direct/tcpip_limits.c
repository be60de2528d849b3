/* SPDX-License-Identifier: ISC */
/* tcpip_limits.c: the engine's default limits (tcpip.h), in a file of its
   own so that the TCP tests, which stand in for tcpip.c, use them too. */
#include <stdint.h>

#include "tcpip.h"

void tcpip_limits_default(struct tcpip_limits *lim)
{
    lim->arp_entries = 64;
    lim->arp_pending = 4;
    lim->reasm_datagrams = 16;
    lim->reasm_fragments = 64;
    lim->reasm_bytes = 256 * 1024;
    lim->tcp_connections = 1024;
    lim->tcp_time_wait = 1024;
    lim->tcp_syn_queue = 256;
    lim->tcp_send_buffer = 64 * 1024;
    lim->tcp_receive_buffer = 64 * 1024;
    lim->tcp_buffer_memory = SIZE_MAX;
    lim->udp_receive_buffer = 64 * 1024;
    lim->udp_sockets = 256;
    lim->icmp_rate = 100;
}
