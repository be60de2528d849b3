/* SPDX-License-Identifier: ISC */
/* stack_direct.h: the `direct` stack device: the engine on fibers, behind
 * mirage/stack.h. */
#ifndef MIRAGE_STACK_DIRECT_GLUE_H
#define MIRAGE_STACK_DIRECT_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/net.h>
#include <mirage/stack.h>

#include "tcpip.h"

extern struct mirage_log_src stack_direct_log;

/* One direct stack: its engine over one net device, and the fibers that
   feed it (frames in, timers). */
struct direct {
    struct mirage_stack dev; /* first: the device handed out */
    struct mirage_net *net;
    struct tcpip *st;
    uint8_t *rxbuf; /* one frame of the device's MTU */
    size_t rxcap;
    struct mirage_fiber *rx_fiber, *timer_fiber, *stats_fiber;
    struct mirage_cond timer_cond; /* signalled when a timer is earlier */
    tcpip_ns timer_deadline;       /* what the timer fiber sleeps until */
    int stats_interval;            /* seconds; 0: none */
    bool dhcp;                     /* the address comes from DHCP */
    /* the clock as the engine sees it inside a held call (clock_hold):
       read once, then reused until a frame goes out; 0: not read yet */
    unsigned clock_held;
    tcpip_ns clock_now;
};

/*
 * The engine reads the clock several times per segment, and on spt each
 * read is a system call. Between direct_clock_hold and direct_clock_release
 * (which nest) it reads it once: the glue holds it around each call into
 * the engine that handles frames or data (a frame in, the timers, a send,
 * a receive). A frame sent may let other fibers run, so the time is read
 * again after each.
 */
void direct_clock_hold(struct direct *d);
void direct_clock_release(struct direct *d);

/* Handles given to the unikernel. (busy) counts the calls in progress on
   the handle: a closed handle is freed when the last of them returns. */
struct direct_listener {
    struct mirage_tcp_listener pub; /* first */
    struct direct *d;
    struct tcp_listener *l;
    bool closed;
    unsigned busy;
};

struct direct_flow {
    struct mirage_tcp_flow pub; /* first */
    struct direct *d;
    struct tcp_conn *c;
    bool closed;
    unsigned busy;
    int keep_idle, keep_intvl, keep_cnt; /* seconds, seconds, probes */
};

struct direct_udp {
    struct mirage_udp_socket pub; /* first */
    struct direct *d;
    struct udp_sock *s;
    bool closed;
    unsigned busy;
};

/* The absolute deadline (monotonic ns) of a relative timeout. */
uint64_t direct_deadline(uint64_t timeout_ns);

/* Waits on (cond) until woken or (deadline) (MIRAGE_FOREVER: none). 0
   when woken, -ETIMEDOUT, -ECANCELED or -EPERM. */
int direct_wait(struct mirage_cond *cond, uint64_t deadline);

/* IPv4 of an endpoint, in host order; -EAFNOSUPPORT for IPv6, -EINVAL
   for another version. Version 0 gives 0 (any of ours) when (any_ok). */
int direct_endpoint_ipv4(const struct mirage_stack_endpoint *ep, bool any_ok,
                         uint32_t *addr);

/* The IPv4 endpoint of (addr, port). */
struct mirage_stack_endpoint direct_endpoint(uint32_t addr, uint16_t port);

/* The operations, by protocol (direct_tcp.c, direct_udp.c). */
int direct_tcp_listen(struct mirage_stack *dev,
                      const struct mirage_stack_endpoint *local, int backlog,
                      struct mirage_tcp_listener **listener);
int direct_tcp_accept(struct mirage_tcp_listener *listener,
                      struct mirage_tcp_flow **flow, uint64_t timeout_ns);
int direct_tcp_listener_port(struct mirage_tcp_listener *listener);
int direct_tcp_listener_close(struct mirage_tcp_listener *listener);
int direct_tcp_connect(struct mirage_stack *dev,
                       const struct mirage_stack_endpoint *remote,
                       struct mirage_tcp_flow **flow, uint64_t timeout_ns);
int direct_tcp_read(struct mirage_tcp_flow *flow, void *buf, size_t size,
                    uint64_t timeout_ns);
int direct_tcp_write(struct mirage_tcp_flow *flow, const void *buf, size_t len,
                     uint64_t timeout_ns);
int direct_tcp_shutdown(struct mirage_tcp_flow *flow, unsigned how);
int direct_tcp_endpoints(struct mirage_tcp_flow *flow,
                         struct mirage_stack_endpoint *local,
                         struct mirage_stack_endpoint *remote);
int direct_tcp_close(struct mirage_tcp_flow *flow);
int direct_tcp_setopt(struct mirage_tcp_flow *flow, int option, int value);
int direct_udp_bind(struct mirage_stack *dev,
                    const struct mirage_stack_endpoint *local,
                    struct mirage_udp_socket **sock);
int direct_udp_port(struct mirage_udp_socket *sock);
int direct_udp_sendto(struct mirage_udp_socket *sock,
                      const struct mirage_stack_endpoint *remote,
                      const void *buf, size_t len, uint64_t timeout_ns);
int direct_udp_recvfrom(struct mirage_udp_socket *sock, void *buf, size_t size,
                        struct mirage_stack_endpoint *remote,
                        uint64_t timeout_ns);
int direct_udp_close(struct mirage_udp_socket *sock);

/* Counters and the IPv4 configuration (direct_stats.c). */
int direct_counters(struct mirage_stack *dev,
                    int (*fn)(void *arg, const char *name, uint64_t value),
                    void *arg);
int direct_ipv4_info(struct mirage_stack *dev,
                     struct mirage_stack_ipv4_info *info);
/* Logs every non-zero counter of (d) at (level), one line per layer. */
void direct_log_stats(struct direct *d, enum mirage_log_level level);

#endif
