/* SPDX-License-Identifier: ISC */
/* tcp.h: the TCP layer's API to the device glue (RFC 9293 and friends). */
#ifndef MIRAGE_TCPIP_TCP_H
#define MIRAGE_TCPIP_TCP_H

/*
 * A connection (struct tcp_conn) belongs to its owner from tcp_connect or
 * tcp_accept until tcp_close or tcp_abort; the engine frees it by itself
 * afterwards (after TIME_WAIT, LAST_ACK, a reset or a timeout). Nothing here
 * waits: a call that cannot proceed returns -EAGAIN, and the owner waits on
 * the connection's (or listener's) cond, which the engine wakes through
 * env.wake on every change. Constants: MSL 30 s (TIME_WAIT 60 s), RTO
 * 1 s initially, 200 ms to 60 s, 6 SYN retries, 15 data retries, delayed
 * ACKs after at most 40 ms (doc/tcpip.md lists them all).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

struct tcp_conn;
struct tcp_listener;

/*
 * Listens on (addr) (0: any of ours) and (port) (0: a random free port in
 * 49152..65535) with an accept queue of (backlog) connections (<= 0: 128).
 * Returns 0 and the listener in (*out), -EADDRINUSE (another listener has
 * that port), -EADDRNOTAVAIL (not our address), -ENOMEM.
 */
int tcp_listen(struct tcpip *st, uint32_t addr, uint16_t port, int backlog,
               struct tcp_listener **out);
/* The port a listener listens on. */
uint16_t tcp_listener_port(const struct tcp_listener *l);
/* Takes an established connection from the accept queue: 0 and (*out),
   or -EAGAIN when none is ready. The caller owns it from then on. */
int tcp_accept(struct tcp_listener *l, struct tcp_conn **out);
/* The cond woken (env.wake) when a connection is ready to accept. */
struct mirage_cond *tcp_listener_cond(struct tcp_listener *l);
/* Stops listening: resets the connections not yet accepted (half-open
   ones included), wakes the waiters and frees the listener. */
void tcp_listener_close(struct tcp_listener *l);

/*
 * Opens a connection to (dst, dport): sends the SYN and returns at once
 * (tcp_conn_status says when it is established). Returns 0 and (*out),
 * -ENETUNREACH (we have no address), -EADDRNOTAVAIL (no free local port),
 * -EMFILE (lim.tcp_connections reached), -ENOMEM, -EINVAL (dst 0, a
 * broadcast or dport 0).
 */
int tcp_connect(struct tcpip *st, uint32_t dst, uint16_t dport,
                struct tcp_conn **out);
/* 0 established (or later: data may be read), -EINPROGRESS connecting, or
   the error that ended it: -ECONNREFUSED, -ETIMEDOUT, -ECONNRESET,
   -EHOSTUNREACH, -ENETUNREACH. */
int tcp_conn_status(struct tcp_conn *c);
/* Reads up to (size) bytes: a count > 0; 0 at the end of the stream (FIN
   received and everything read, or reading shut down); -EAGAIN nothing
   yet; -ECONNRESET; -ETIMEDOUT; -ENOTCONN while connecting. */
int tcp_recv(struct tcp_conn *c, void *buf, size_t size);
/* Copies up to (len) bytes into the send buffer: the count taken (> 0,
   maybe fewer than len); -EAGAIN the buffer is full; -EPIPE after
   shutting down writing or once the connection is closed; -ECONNRESET. A
   connection still connecting buffers its data until it is established. */
int tcp_send(struct tcp_conn *c, const void *buf, size_t len);
/* Shuts down reading (how 1: later data is acknowledged and discarded),
   writing (2: a FIN follows the buffered data) or both (3). Returns 0,
   -EINVAL (bad how), -ENOTCONN (not established yet, or closed). */
int tcp_shutdown(struct tcp_conn *c, unsigned how);
/* The connection's addresses and ports (host order). */
void tcp_endpoints(const struct tcp_conn *c, uint32_t *laddr, uint16_t *lport,
                   uint32_t *raddr, uint16_t *rport);
/* The cond woken on any change: data, room, state, error. */
struct mirage_cond *tcp_conn_cond(struct tcp_conn *c);
/* Turns Nagle's algorithm off (on: true) or back on. Returns 0. */
int tcp_set_nodelay(struct tcp_conn *c, bool on);
/* Turns keep-alive on or off: after (idle) without a segment from the
   peer, (count) probes (interval) apart, then the connection fails with
   -ETIMEDOUT. 0 for a value keeps its default (2 h, 75 s, 9). Returns 0
   or -EINVAL (idle or interval below 1 s, count above 255). */
int tcp_set_keepalive(struct tcp_conn *c, bool on, tcpip_ns idle,
                      tcpip_ns interval, unsigned count);
/* Sets RFC 5482's user timeout: data sent and not acknowledged for
   (timeout) fails the connection with -ETIMEDOUT (at its time, the RTO
   cut short if need be); 0: the default, 15 retransmissions. Returns 0 or
   -EINVAL (below 1 ms). */
int tcp_set_user_timeout(struct tcp_conn *c, tcpip_ns timeout);
/* Chooses the congestion control: CUBIC (RFC 9438) when (cubic), else
   NewReno (RFC 5681, 6582; the default). Returns 0. */
int tcp_set_cubic(struct tcp_conn *c, bool cubic);
/*
 * The owner lets go: the buffered data is still sent, then a FIN; if
 * unread data remains, an RST instead (RFC 9293 3.6). The engine frees
 * the connection later by itself; the pointer is invalid afterwards.
 */
void tcp_close(struct tcp_conn *c);
/* Sends an RST (when synchronized) and frees the connection now. */
void tcp_abort(struct tcp_conn *c);

/* Connections the engine holds now, in every state, owned or not (tests
   and statistics: 0 once everything is closed and expired). */
unsigned tcp_connection_count(struct tcpip *st);

#endif
