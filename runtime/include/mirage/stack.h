/* SPDX-License-Identifier: ISC */
/* stack.h: the `stack` device type: TCP and UDP over IPv4 and IPv6. */
#ifndef MIRAGE_STACK_H
#define MIRAGE_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/ipaddr.h>

/*
 * A `stack` gives a unikernel TCP connections and UDP sockets. It owns its
 * addresses (an IPv4 and an IPv6 prefix, from --ipv4 and --ipv6 for the
 * `socket` implementation) and may be limited to one IP version.
 *
 * Every call that waits (accept, connect, read, write, recvfrom) blocks
 * only the calling fiber and takes a timeout in nanoseconds (MIRAGE_FOREVER
 * from mirage/fiber.h: none); it returns -ETIMEDOUT when the timeout
 * passed first and -ECANCELED when the calling fiber was cancelled, as the
 * waits of mirage/fiber.h do, and -EPERM when it would wait outside any
 * fiber. All functions return 0 (or a count) or a negative errno value.
 *
 * Handles (listeners, flows, UDP sockets) belong to the implementation;
 * their one field is private. Two fibers may use one handle at once (one
 * reading while another writes); closing a handle wakes the fibers that
 * wait on it, whose calls then return -EBADF.
 */

struct mirage_stack;
struct mirage_net; /* mirage/net.h: what the direct stack runs over */

/* An IP version, or 0: "the stack's own addresses" (see the endpoint). */
#define MIRAGE_STACK_IPV4 4
#define MIRAGE_STACK_IPV6 6

/*
 * One end of a connection or of a datagram: an address and a port. When
 * (version) is 0 the address stands for the stack's own addresses (both
 * versions unless the stack is limited to one), so a zero-initialised
 * endpoint with a port, {.port = 80}, says "port 80 of this stack".
 */
struct mirage_stack_endpoint {
    int version;             /* 0, MIRAGE_STACK_IPV4 or MIRAGE_STACK_IPV6 */
    struct mirage_ipv4 ipv4; /* the address when (version) is 4 */
    struct mirage_ipv6 ipv6; /* the address when (version) is 6 */
    uint16_t port;           /* host order; 0 in listen and bind: any free */
};

/* Buffer size that holds any endpoint's text form ("[v6]:port"), NUL too. */
#define MIRAGE_STACK_ENDPOINT_STRLEN (MIRAGE_IPV6_STRLEN + 8)

/* A listening TCP socket. Opaque: only the implementation reads it. */
struct mirage_tcp_listener {
    struct mirage_stack *stack; /* private */
};

/* A TCP connection. Opaque: only the implementation reads it. */
struct mirage_tcp_flow {
    struct mirage_stack *stack; /* private */
};

/* A bound UDP socket. Opaque: only the implementation reads it. */
struct mirage_udp_socket {
    struct mirage_stack *stack; /* private */
};

/* What mirage_tcp_shutdown closes (either or both). */
#define MIRAGE_TCP_SHUT_READ  1u
#define MIRAGE_TCP_SHUT_WRITE 2u

/* Options of mirage_tcp_setopt. */
#define MIRAGE_TCP_NODELAY      1 /* value 1: send at once (no Nagle); 0: Nagle */
#define MIRAGE_TCP_KEEPALIVE    2 /* value: idle seconds before probes; 0: off */
#define MIRAGE_TCP_CUBIC        3 /* value 1: CUBIC congestion control; 0: NewReno */
#define MIRAGE_TCP_KEEPINTVL    4 /* value: seconds between keep-alive probes */
#define MIRAGE_TCP_KEEPCNT      5 /* value: unanswered probes that end the flow */
#define MIRAGE_TCP_USER_TIMEOUT 6 /* value: ms sent data may stay unacked */

/* A stack's IPv4 configuration, as mirage_stack_ipv4_info reports it. */
struct mirage_stack_ipv4_info {
    struct mirage_ipv4_prefix addr; /* 0.0.0.0/0: none (yet) */
    struct mirage_ipv4 gateway;     /* 0.0.0.0: none */
    struct mirage_ipv4 dns[3];      /* resolvers learned (DHCP option 6) */
    unsigned ndns;                  /* how many of dns[] are set */
    uint32_t mtu;                   /* IP bytes per packet; 0: unknown */
    bool dhcp;                      /* the configuration comes from DHCP */
    bool bound;                     /* DHCP holds a lease now */
    uint32_t lease_s;               /* its duration in seconds */
};

/* The largest UDP payload that can be sent over IPv4 and over IPv6. */
#define MIRAGE_UDP_MAX_IPV4 65507u
#define MIRAGE_UDP_MAX_IPV6 65527u

/* Operations of a `stack` implementation; see the functions below. */
struct mirage_stack_ops {
    int (*tcp_listen)(struct mirage_stack *dev,
                      const struct mirage_stack_endpoint *local, int backlog,
                      struct mirage_tcp_listener **listener);
    int (*tcp_accept)(struct mirage_tcp_listener *listener,
                      struct mirage_tcp_flow **flow, uint64_t timeout_ns);
    int (*tcp_listener_port)(struct mirage_tcp_listener *listener);
    int (*tcp_listener_close)(struct mirage_tcp_listener *listener);
    int (*tcp_connect)(struct mirage_stack *dev,
                       const struct mirage_stack_endpoint *remote,
                       struct mirage_tcp_flow **flow, uint64_t timeout_ns);
    int (*tcp_read)(struct mirage_tcp_flow *flow, void *buf, size_t size,
                    uint64_t timeout_ns);
    int (*tcp_write)(struct mirage_tcp_flow *flow, const void *buf, size_t len,
                     uint64_t timeout_ns);
    int (*tcp_shutdown)(struct mirage_tcp_flow *flow, unsigned how);
    int (*tcp_endpoints)(struct mirage_tcp_flow *flow,
                         struct mirage_stack_endpoint *local,
                         struct mirage_stack_endpoint *remote);
    int (*tcp_close)(struct mirage_tcp_flow *flow);
    int (*udp_bind)(struct mirage_stack *dev,
                    const struct mirage_stack_endpoint *local,
                    struct mirage_udp_socket **sock);
    int (*udp_port)(struct mirage_udp_socket *sock);
    int (*udp_sendto)(struct mirage_udp_socket *sock,
                      const struct mirage_stack_endpoint *remote,
                      const void *buf, size_t len, uint64_t timeout_ns);
    int (*udp_recvfrom)(struct mirage_udp_socket *sock, void *buf, size_t size,
                        struct mirage_stack_endpoint *remote,
                        uint64_t timeout_ns);
    int (*udp_close)(struct mirage_udp_socket *sock);
    int (*tcp_setopt)(struct mirage_tcp_flow *flow, int option, int value);
    int (*counters)(struct mirage_stack *dev,
                    int (*fn)(void *arg, const char *name, uint64_t value),
                    void *arg);
    int (*ipv4_info)(struct mirage_stack *dev,
                     struct mirage_stack_ipv4_info *info);
};

/* A `stack` device: operations plus the implementation's own state. */
struct mirage_stack {
    const struct mirage_stack_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/* --- TCP --------------------------------------------------------------- */

/*
 * Listens for TCP connections on (local): its address and port, or with
 * version 0 the stack's own addresses (on a dual stack, one socket per IP
 * version, the same port on both). Up to (backlog) connections wait to be
 * accepted (<= 0: the host's default). Stores the listener in (*listener).
 * Returns 0; -EADDRINUSE when the port is taken (logged with the device
 * and the address); -EADDRNOTAVAIL when the address is not the host's;
 * -EAFNOSUPPORT for an IP version the stack does not have; -EINVAL for a
 * NULL argument or a bad version; -ENOMEM; or another refusal of the host.
 */
static inline int mirage_tcp_listen(struct mirage_stack *dev,
                                    const struct mirage_stack_endpoint *local,
                                    int backlog,
                                    struct mirage_tcp_listener **listener)
{
    return dev->ops->tcp_listen(dev, local, backlog, listener);
}

/*
 * Waits up to (timeout_ns) for a connection to (listener) and stores it in
 * (*flow). Returns 0, -ETIMEDOUT, -ECANCELED, -EBADF (the listener was
 * closed meanwhile), -EMFILE / -ENOMEM when out of resources.
 */
static inline int mirage_tcp_accept(struct mirage_tcp_listener *listener,
                                    struct mirage_tcp_flow **flow,
                                    uint64_t timeout_ns)
{
    return listener->stack->ops->tcp_accept(listener, flow, timeout_ns);
}

/* The port (host order) that (listener) listens on: useful after port 0. */
static inline int mirage_tcp_listener_port(struct mirage_tcp_listener *l)
{
    return l->stack->ops->tcp_listener_port(l);
}

/*
 * Stops listening and frees (listener); fibers waiting in accept get
 * -EBADF. Returns 0.
 */
static inline int mirage_tcp_listener_close(struct mirage_tcp_listener *l)
{
    return l->stack->ops->tcp_listener_close(l);
}

/*
 * Connects to (remote), which must have version 4 or 6, waiting up to
 * (timeout_ns), and stores the connection in (*flow). Returns 0,
 * -ECONNREFUSED, -ENETUNREACH, -EHOSTUNREACH, -ETIMEDOUT, -ECANCELED,
 * -EAFNOSUPPORT (an IP version the stack does not have), -EINVAL, -ENOMEM,
 * or another refusal of the host.
 */
static inline int mirage_tcp_connect(struct mirage_stack *dev,
                                     const struct mirage_stack_endpoint *remote,
                                     struct mirage_tcp_flow **flow,
                                     uint64_t timeout_ns)
{
    return dev->ops->tcp_connect(dev, remote, flow, timeout_ns);
}

/*
 * Reads up to (size) bytes from (flow) into (buf), waiting up to
 * (timeout_ns) until at least one byte has come. Returns the number of
 * bytes (at most INT_MAX), 0 at the end of the stream (the peer shut down
 * or closed its side; so does a (size) of 0), -ECONNRESET when the peer
 * reset the connection, -ETIMEDOUT, -ECANCELED or -EBADF.
 */
static inline int mirage_tcp_read(struct mirage_tcp_flow *flow, void *buf,
                                  size_t size, uint64_t timeout_ns)
{
    return flow->stack->ops->tcp_read(flow, buf, size, timeout_ns);
}

/*
 * Writes all (len) bytes of (buf) to (flow), waiting for room as often as
 * needed, up to (timeout_ns) in all. Returns 0 once every byte is handed to
 * the stack; -EPIPE when the connection is closed for writing (by
 * mirage_tcp_shutdown, or the peer closed it and said so), -ECONNRESET
 * when the peer reset it, -ETIMEDOUT, -ECANCELED or -EBADF. On an error
 * some of the bytes may have been sent.
 */
static inline int mirage_tcp_write(struct mirage_tcp_flow *flow,
                                   const void *buf, size_t len,
                                   uint64_t timeout_ns)
{
    return flow->stack->ops->tcp_write(flow, buf, len, timeout_ns);
}

/*
 * Shuts down the reading side, the writing side (the peer reads the end
 * of the stream) or both of (flow), by (how): MIRAGE_TCP_SHUT_READ and/or
 * MIRAGE_TCP_SHUT_WRITE. The flow stays to be closed. Returns 0, -EINVAL
 * for no or unknown bits in (how), -ENOTCONN when the connection is gone.
 */
static inline int mirage_tcp_shutdown(struct mirage_tcp_flow *flow,
                                      unsigned how)
{
    return flow->stack->ops->tcp_shutdown(flow, how);
}

/*
 * Stores the local and the remote end of (flow) in (*local) and (*remote)
 * (either may be NULL). Returns 0 or -ENOTCONN.
 */
static inline int mirage_tcp_endpoints(struct mirage_tcp_flow *flow,
                                       struct mirage_stack_endpoint *local,
                                       struct mirage_stack_endpoint *remote)
{
    return flow->stack->ops->tcp_endpoints(flow, local, remote);
}

/*
 * Closes (flow) and frees it; fibers waiting on it get -EBADF. Data not yet
 * sent is still sent, as the host does. Returns 0.
 */
static inline int mirage_tcp_close(struct mirage_tcp_flow *flow)
{
    return flow->stack->ops->tcp_close(flow);
}

/*
 * Sets an option of (flow): MIRAGE_TCP_NODELAY (1: segments go out as soon
 * as written; 0: Nagle's algorithm; the default is 0 on `direct` and 1 on
 * `socket`, as it always was there) or MIRAGE_TCP_KEEPALIVE
 * (the idle seconds after which probes test a silent peer, which ends the
 * flow with -ETIMEDOUT when it does not answer; 0: off, the default) or
 * MIRAGE_TCP_CUBIC (1: CUBIC, RFC 9438; 0: NewReno, RFC 5681/6582, the
 * direct stack's default; `socket`: the host's algorithms "cubic" and
 * "reno", its default being the host's own) or MIRAGE_TCP_KEEPINTVL (the
 * seconds between keep-alive probes, 1 or more; 0: the default, 75) or
 * MIRAGE_TCP_KEEPCNT (the probes left unanswered that end the flow, 1 to
 * 255; 0: the default, 9) or MIRAGE_TCP_USER_TIMEOUT (RFC 5482: the
 * milliseconds that sent data may stay unacknowledged before the flow
 * ends with -ETIMEDOUT; 0: the default, about 15 retransmissions over
 * some 15 minutes on `direct`, the host's on `socket`).
 * Returns 0, -EINVAL (an unknown option, a negative value, one out of its
 * range), -ENOTCONN, -EBADF, or another refusal of the host.
 */
static inline int mirage_tcp_setopt(struct mirage_tcp_flow *flow, int option,
                                    int value)
{
    return flow->stack->ops->tcp_setopt(flow, option, value);
}

/* --- UDP --------------------------------------------------------------- */

/*
 * Binds a UDP socket to (local), as mirage_tcp_listen does (version 0: the
 * stack's own addresses, one socket per IP version on a dual stack), and
 * stores it in (*sock). Returns 0, -EADDRINUSE (logged with the device and
 * the address), -EADDRNOTAVAIL, -EAFNOSUPPORT, -EINVAL or -ENOMEM.
 */
static inline int mirage_udp_bind(struct mirage_stack *dev,
                                  const struct mirage_stack_endpoint *local,
                                  struct mirage_udp_socket **sock)
{
    return dev->ops->udp_bind(dev, local, sock);
}

/* The port (host order) that (sock) is bound to. */
static inline int mirage_udp_port(struct mirage_udp_socket *sock)
{
    return sock->stack->ops->udp_port(sock);
}

/*
 * Sends one datagram of (len) bytes to (remote) (version 4 or 6), waiting
 * up to (timeout_ns) for room. Returns 0; -EMSGSIZE when (len) is more
 * than MIRAGE_UDP_MAX_IPV4 / MIRAGE_UDP_MAX_IPV6 (or than the host takes);
 * -EAFNOSUPPORT when (sock) has no socket of (remote)'s IP version;
 * -ENETUNREACH, -ETIMEDOUT, -ECANCELED, -EBADF or -EINVAL.
 */
static inline int mirage_udp_sendto(struct mirage_udp_socket *sock,
                                    const struct mirage_stack_endpoint *remote,
                                    const void *buf, size_t len,
                                    uint64_t timeout_ns)
{
    return sock->stack->ops->udp_sendto(sock, remote, buf, len, timeout_ns);
}

/*
 * Waits up to (timeout_ns) for one datagram, stores its payload in (buf)
 * and its sender in (*remote) (may be NULL). Returns the payload's length;
 * -EMSGSIZE when it is longer than (size) (the datagram is dropped),
 * -ETIMEDOUT, -ECANCELED or -EBADF.
 */
static inline int mirage_udp_recvfrom(struct mirage_udp_socket *sock, void *buf,
                                      size_t size,
                                      struct mirage_stack_endpoint *remote,
                                      uint64_t timeout_ns)
{
    return sock->stack->ops->udp_recvfrom(sock, buf, size, remote, timeout_ns);
}

/* Closes (sock) and frees it; fibers waiting on it get -EBADF. Returns 0. */
static inline int mirage_udp_close(struct mirage_udp_socket *sock)
{
    return sock->stack->ops->udp_close(sock);
}

/* --- the stack itself ------------------------------------------------- */

/*
 * Calls (fn)(arg, name, value) for each counter the stack keeps ("tcp.
 * retransmits", "arp.entries", ...: doc/tcpip.md lists them), stopping
 * when (fn) returns non-zero, which is then returned. Returns 0; -ENOTSUP
 * when the stack keeps none (`socket`: the host's netstat knows them).
 */
static inline int mirage_stack_counters(struct mirage_stack *dev,
                                        int (*fn)(void *arg, const char *name,
                                                  uint64_t value),
                                        void *arg)
{
    return dev->ops->counters(dev, fn, arg);
}

/*
 * Stores the stack's IPv4 configuration in (*info): its address, gateway,
 * the DNS resolvers DHCP gave, and the lease. Returns 0, -EINVAL (NULL) or
 * -EAFNOSUPPORT (a stack limited to IPv6).
 */
static inline int mirage_stack_ipv4_info(struct mirage_stack *dev,
                                         struct mirage_stack_ipv4_info *info)
{
    return dev->ops->ipv4_info(dev, info);
}

/* --- endpoints --------------------------------------------------------- */

/* An IPv4 endpoint from four bytes and a port. */
static inline struct mirage_stack_endpoint
mirage_stack_endpoint_ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d,
                           uint16_t port)
{
    struct mirage_stack_endpoint ep = {.version = MIRAGE_STACK_IPV4,
                                       .port = port};

    ep.ipv4.bytes[0] = a;
    ep.ipv4.bytes[1] = b;
    ep.ipv4.bytes[2] = c;
    ep.ipv4.bytes[3] = d;
    return ep;
}

/* The IPv6 endpoint of an address and a port. */
static inline struct mirage_stack_endpoint
mirage_stack_endpoint_ipv6(const struct mirage_ipv6 *addr, uint16_t port)
{
    struct mirage_stack_endpoint ep = {.version = MIRAGE_STACK_IPV6,
                                       .port = port};

    ep.ipv6 = *addr;
    return ep;
}

/*
 * Writes the text form of (ep) into (buf), (size) bytes: "192.0.2.1:80",
 * "[2001:db8::1]:80", or "*:80" for version 0. Returns its length or
 * -ENOSPC, as mirage_ipv4_to_string does.
 */
int mirage_stack_endpoint_to_string(const struct mirage_stack_endpoint *ep,
                                    char *buf, size_t size);

/* --- the `socket` implementation (unix) -------------------------------- */

/*
 * Connects the `socket` implementation of `stack`, the host's own TCP/IP,
 * as device (name) and stores it in (*dev). (ipv4) and (ipv6) give the
 * addresses it listens and binds on (0.0.0.0/0 and ::/0: any address of
 * the host); (ipv4_only) or (ipv6_only) limit it to one IP version.
 * Connecting a name again gives the same device. Returns 0, -EINVAL when
 * both limits are set (logged), or -ENOMEM.
 */
int mirage_stack_socket_connect(struct mirage_stack **dev, const char *name,
                                struct mirage_ipv4_prefix ipv4,
                                struct mirage_ipv6_prefix ipv6, bool ipv4_only,
                                bool ipv6_only);

/* --- the `direct` implementation (every target) ------------------------ */

/*
 * Connects the `direct` implementation of `stack`, our own TCP/IP
 * (doc/tcpip.md), as device (name) over the network interface (net), and
 * stores it in (*dev). (ipv4) is the address and prefix; 0.0.0.0/0 starts
 * the DHCP client, sending (dhcp_hostname) when it is not empty, and waits
 * for a lease. (gateway) is the router (0.0.0.0: none, or DHCP's). The
 * stack has no IPv6 yet: (ipv6) must be ::/0 and (ipv6_only) false.
 * (stats_interval) > 0 logs the counters every so many seconds. Returns 0,
 * -EINVAL (a bad argument, logged), -ENOMEM, or the net device's error.
 */
int mirage_stack_direct_connect(struct mirage_stack **dev, const char *name,
                                struct mirage_net *net,
                                struct mirage_ipv4_prefix ipv4,
                                struct mirage_ipv4 gateway,
                                struct mirage_ipv6_prefix ipv6, bool ipv4_only,
                                bool ipv6_only, const char *dhcp_hostname,
                                int stats_interval);

#endif
