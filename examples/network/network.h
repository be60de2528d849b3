/* SPDX-License-Identifier: ISC */
/* network.h: what the parts of the network unikernel share. */
#ifndef NETWORK_H
#define NETWORK_H

#include <stdbool.h>

#include "mirage_main.h"

/* The unikernel's log source ("network"). */
extern struct mirage_log_src net_log;

/*
 * Starts a fiber that answers every UDP datagram to (port) of (stack)
 * with the same bytes, upper-cased unless (echo). Returns 0 or a negative
 * errno (binding the port, allocating, spawning), which it logs.
 */
int udp_echo_start(struct mirage_stack *stack, int port, bool echo);

/* Stops the UDP fiber, waits for it and logs how many datagrams it
   answered. Does nothing when it was not started. */
void udp_echo_stop(void);

/*
 * The client mode (--connect): sends a line to (server):(port) over TCP,
 * shuts down its side, reads the reply to its end and logs it; with
 * (udp) first sends the line in a UDP datagram and logs the answer.
 * Returns the unikernel's exit status: 0, or 1 on an error (logged with
 * its errno: "Connection refused", "Connection reset by peer", ...).
 */
int network_client(struct mirage_stack *stack, struct mirage_ipv4 server,
                   int port, bool udp);

/* Logs the stack's IPv4 configuration when DHCP gave it: address,
   gateway, DNS servers and lease. */
void log_dhcp_lease(struct mirage_stack *stack);

#endif
