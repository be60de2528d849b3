/* SPDX-License-Identifier: ISC */
/* udp.h: UDP sockets of the direct stack's engine, for the device glue. */
#ifndef MIRAGE_TCPIP_UDP_H
#define MIRAGE_TCPIP_UDP_H

#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h>

#include "tcpip.h"

#define UDP_HLEN        8u
#define UDP_MAX_PAYLOAD 65507u /* 65,535 - IPv4 20 - UDP 8 */
#define UDP_EPHEMERAL   49152u /* ports 49152..65535 are picked for port 0 */

/*
 * A socket's queue holds datagrams up to lim.udp_receive_buffer bytes,
 * counting UDP_DGRAM_OVERHEAD bytes of bookkeeping with each; an empty
 * queue takes one datagram whatever its size. What does not fit is
 * dropped (udp.rx_queue_full).
 */
#define UDP_DGRAM_OVERHEAD 32u

struct udp_sock;

/*
 * Binds a socket to (addr) (0: any of ours; else our address) and (port)
 * (0: a free one picked at random from 49152..65535). Returns 0 and the
 * socket in (*out); -EADDRINUSE (the port is taken for that address),
 * -EADDRNOTAVAIL ((addr) is not ours), -EMFILE (lim.udp_sockets are
 * bound), -ENOMEM.
 */
int udp_bind(struct tcpip *st, uint32_t addr, uint16_t port,
             struct udp_sock **out);

/* The port (s) is bound to. */
uint16_t udp_sock_port(const struct udp_sock *s);

/*
 * Sends (len) bytes from (s) to (dst, dport), with a checksum always (0
 * goes as 0xffff). Returns 0; -EMSGSIZE (more than 65,507 bytes);
 * -EINVAL ((dport) is 0); -ENOMEM; else ipv4_send's errors.
 */
int udp_sendto(struct udp_sock *s, uint32_t dst, uint16_t dport,
               const void *buf, size_t len);

/*
 * Takes the oldest datagram queued on (s): its payload into (buf) and
 * its sender into (*src, *sport) (either may be NULL). Returns its
 * length; -EAGAIN (none queued); -EMSGSIZE (longer than (size): it is
 * dropped all the same).
 */
int udp_recvfrom(struct udp_sock *s, void *buf, size_t size, uint32_t *src,
                 uint16_t *sport);

/* The condition woken (env.wake) when a datagram is queued on (s). */
struct mirage_cond *udp_sock_cond(struct udp_sock *s);

/*
 * Wakes (s)'s waiters, frees its queue and the socket itself: they must
 * not touch (s), nor its condition, once they run again.
 */
void udp_close(struct udp_sock *s);

#endif
