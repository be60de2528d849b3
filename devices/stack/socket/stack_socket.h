/* SPDX-License-Identifier: ISC */
/* stack_socket.h: what the files of the `socket` stack share. */
#ifndef MIRAGE_UNIX_STACK_SOCKET_H
#define MIRAGE_UNIX_STACK_SOCKET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/stack.h>

extern struct mirage_log_src stack_socket_log;

/* One `socket` stack device. */
struct stack_socket_state {
    struct mirage_stack dev;
    struct mirage_ipv4_prefix ipv4; /* the addresses it listens on */
    struct mirage_ipv6_prefix ipv6;
    bool ipv4_only, ipv6_only;
};

/*
 * A handle: a listener, a flow or a UDP socket. The public part comes
 * first, so a pointer to it is a pointer to the handle. A listener or a
 * UDP socket of a dual stack holds two host sockets (IPv4 and IPv6), a flow
 * one. Every socket of a handle wakes the one condition.
 */
struct stack_socket_handle {
    union {
        struct mirage_tcp_listener listener;
        struct mirage_tcp_flow flow;
        struct mirage_udp_socket udp;
    } pub;
    int fds[2];
    int nfds;
    int versions[2];         /* IP version of each socket */
    struct mirage_cond cond; /* broadcast when a socket is ready */
    unsigned readers;        /* fibers waiting to read or accept */
    unsigned writers;        /* fibers waiting to write or connect */
    unsigned busy;           /* fibers waiting, all told */
    bool closed;             /* closed while fibers waited: the last frees */
};

/* The stack that (dev) is. */
static inline struct stack_socket_state *stack_socket_of(struct mirage_stack *d)
{
    return (struct stack_socket_state *)d->state;
}

/* A new handle of (dev) without sockets, or NULL. */
struct stack_socket_handle *stack_socket_handle_new(struct mirage_stack *dev);

/*
 * Closes the sockets of (h) (unwatched first) and frees it, or, when fibers
 * wait on it, wakes them and leaves the freeing to the last one.
 */
void stack_socket_handle_close(struct stack_socket_handle *h);

/* The deadline that a timeout sets from now (PLAT_FOREVER for none). */
uint64_t stack_socket_deadline(uint64_t timeout_ns);

/*
 * Waits until one socket of (h) may be ready for (events) (PLAT_IO_READ
 * and/or PLAT_IO_WRITE) or (deadline) passes. Returns 0 (retry the
 * operation), -ETIMEDOUT, -ECANCELED, -EPERM, a watch's error, or -EBADF
 * when (h) was closed meanwhile: then (h) may be freed already.
 */
int stack_socket_wait(struct stack_socket_handle *h, unsigned events,
                      uint64_t deadline);

/*
 * Fills (*ss) with the host address of (ep), which has version 4 or 6;
 * returns its length.
 */
socklen_t stack_socket_sockaddr(const struct mirage_stack_endpoint *ep,
                                struct sockaddr_storage *ss);

/* Fills (*ep) from a host address of family AF_INET or AF_INET6. */
void stack_socket_endpoint(const struct sockaddr_storage *ss,
                           struct mirage_stack_endpoint *ep);

/*
 * Opens the sockets of type (type) (SOCK_STREAM or SOCK_DGRAM) that
 * (local) asks for into (h) (version 0: one per IP version of the stack),
 * bound and, for SOCK_STREAM, listening with (backlog). Returns 0 or a
 * negative errno value (address in use is logged); on error (h) has no
 * socket.
 */
int stack_socket_open_bound(struct stack_socket_handle *h,
                            const struct mirage_stack_endpoint *local, int type,
                            int backlog);

/* The local port of the first socket of (h), or a negative errno value. */
int stack_socket_local_port(struct stack_socket_handle *h);

/* The operations of flows, listeners, UDP sockets (one file each). */
int stack_socket_tcp_listen(struct mirage_stack *dev,
                            const struct mirage_stack_endpoint *local,
                            int backlog, struct mirage_tcp_listener **out);
int stack_socket_tcp_accept(struct mirage_tcp_listener *listener,
                            struct mirage_tcp_flow **flow, uint64_t timeout_ns);
int stack_socket_tcp_listener_port(struct mirage_tcp_listener *listener);
int stack_socket_tcp_listener_close(struct mirage_tcp_listener *listener);
int stack_socket_tcp_connect(struct mirage_stack *dev,
                             const struct mirage_stack_endpoint *remote,
                             struct mirage_tcp_flow **flow,
                             uint64_t timeout_ns);
int stack_socket_tcp_read(struct mirage_tcp_flow *flow, void *buf, size_t size,
                          uint64_t timeout_ns);
int stack_socket_tcp_write(struct mirage_tcp_flow *flow, const void *buf,
                           size_t len, uint64_t timeout_ns);
int stack_socket_tcp_shutdown(struct mirage_tcp_flow *flow, unsigned how);
int stack_socket_tcp_endpoints(struct mirage_tcp_flow *flow,
                               struct mirage_stack_endpoint *local,
                               struct mirage_stack_endpoint *remote);
int stack_socket_tcp_close(struct mirage_tcp_flow *flow);
int stack_socket_udp_bind(struct mirage_stack *dev,
                          const struct mirage_stack_endpoint *local,
                          struct mirage_udp_socket **sock);
int stack_socket_udp_port(struct mirage_udp_socket *sock);
int stack_socket_tcp_setopt(struct mirage_tcp_flow *flow, int option,
                            int value);
int stack_socket_counters(struct mirage_stack *dev,
                          int (*fn)(void *arg, const char *name,
                                    uint64_t value),
                          void *arg);
int stack_socket_ipv4_info(struct mirage_stack *dev,
                           struct mirage_stack_ipv4_info *info);
int stack_socket_udp_sendto(struct mirage_udp_socket *sock,
                            const struct mirage_stack_endpoint *remote,
                            const void *buf, size_t len, uint64_t timeout_ns);
int stack_socket_udp_recvfrom(struct mirage_udp_socket *sock, void *buf,
                              size_t size, struct mirage_stack_endpoint *remote,
                              uint64_t timeout_ns);
int stack_socket_udp_close(struct mirage_udp_socket *sock);

#endif
