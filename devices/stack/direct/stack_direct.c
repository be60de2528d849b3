/* SPDX-License-Identifier: ISC */
/* stack_direct.c: the `direct` stack device: connect, the receive and timer
 * fibers, the engine's environment. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/heap.h>
#include <mirage/hooks.h>

#include "dhcp.h"
#include "stack_direct.h"
#include "platform.h"

MIRAGE_LOG_DEVICE_SOURCE(stack_direct_log, "tcpip",
                         "the direct stack: our own TCP/IP", "stack");

/* The most `direct` stacks in one unikernel (one per interface). */
#define DIRECT_MAX_DEVICES 4

static struct direct *devices[DIRECT_MAX_DEVICES];
static size_t ndevices;

static const struct mirage_stack_ops direct_ops = {
    .tcp_listen = direct_tcp_listen,
    .tcp_accept = direct_tcp_accept,
    .tcp_listener_port = direct_tcp_listener_port,
    .tcp_listener_close = direct_tcp_listener_close,
    .tcp_connect = direct_tcp_connect,
    .tcp_read = direct_tcp_read,
    .tcp_write = direct_tcp_write,
    .tcp_shutdown = direct_tcp_shutdown,
    .tcp_endpoints = direct_tcp_endpoints,
    .tcp_close = direct_tcp_close,
    .udp_bind = direct_udp_bind,
    .udp_port = direct_udp_port,
    .udp_sendto = direct_udp_sendto,
    .udp_recvfrom = direct_udp_recvfrom,
    .udp_close = direct_udp_close,
    .tcp_setopt = direct_tcp_setopt,
    .counters = direct_counters,
    .ipv4_info = direct_ipv4_info,
};

uint64_t direct_deadline(uint64_t timeout_ns)
{
    uint64_t now = plat_clock_monotonic_ns();

    if (timeout_ns == MIRAGE_FOREVER || timeout_ns > MIRAGE_FOREVER - now)
        return MIRAGE_FOREVER;
    return now + timeout_ns;
}

int direct_wait(struct mirage_cond *cond, uint64_t deadline)
{
    uint64_t now;

    if (deadline == MIRAGE_FOREVER)
        return mirage_cond_wait(cond, MIRAGE_FOREVER);
    now = plat_clock_monotonic_ns();
    if (now >= deadline)
        return mirage_in_fiber() ? -ETIMEDOUT : -EPERM;
    return mirage_cond_wait(cond, deadline - now);
}

int direct_endpoint_ipv4(const struct mirage_stack_endpoint *ep, bool any_ok,
                         uint32_t *addr)
{
    switch (ep->version) {
    case 0:
        if (!any_ok)
            return -EINVAL;
        *addr = 0;
        return 0;
    case MIRAGE_STACK_IPV4:
        *addr = tcpip_get32(ep->ipv4.bytes);
        return 0;
    case MIRAGE_STACK_IPV6:
        return -EAFNOSUPPORT;
    default:
        return -EINVAL;
    }
}

struct mirage_stack_endpoint direct_endpoint(uint32_t addr, uint16_t port)
{
    struct mirage_stack_endpoint ep = {.version = MIRAGE_STACK_IPV4,
                                       .port = port};

    tcpip_put32(ep.ipv4.bytes, addr);
    return ep;
}

/* --- the engine's environment --------------------------------------------- */

static int env_send_frame(void *ctx, const void *frame, size_t len)
{
    struct direct *d = ctx;
    int rc = mirage_net_write(d->net, frame, len);

    d->clock_now = 0; /* the write may have waited: read the clock again */
    return rc;
}

static tcpip_ns env_now(void *ctx)
{
    struct direct *d = ctx;

    if (!d->clock_held)
        return plat_clock_monotonic_ns();
    if (!d->clock_now)
        d->clock_now = plat_clock_monotonic_ns();
    return d->clock_now;
}

void direct_clock_hold(struct direct *d)
{
    if (d->clock_held++ == 0)
        d->clock_now = 0;
}

void direct_clock_release(struct direct *d)
{
    if (--d->clock_held == 0)
        d->clock_now = 0;
}

static void env_random(void *ctx, void *buf, size_t len)
{
    (void)ctx;
    /* the platform's entropy never fails once the runtime has booted */
    if (plat_entropy(buf, len) < 0)
        memset(buf, 0x5a, len);
}

static void env_wake(void *ctx, struct mirage_cond *cond)
{
    (void)ctx;
    mirage_cond_broadcast(cond);
}

static void env_timer_changed(void *ctx, tcpip_ns deadline)
{
    struct direct *d = ctx;

    if (deadline < d->timer_deadline) {
        d->timer_deadline = deadline;
        mirage_cond_signal(&d->timer_cond);
    }
}

static void env_log(void *ctx, int level, const char *msg)
{
    struct direct *d = ctx;

    mirage_log(&stack_direct_log, (enum mirage_log_level)level, "%s: %s",
               d->dev.name, msg);
}

/* --- fibers ------------------------------------------------------------------
 */

/* Frames in: one read at a time, each handed to the engine. */
static int rx_fiber(void *arg)
{
    struct direct *d = arg;
    size_t len;
    int rc;

    for (;;) {
        rc = mirage_net_read(d->net, d->rxbuf, d->rxcap, &len, MIRAGE_FOREVER);
        if (rc == 0) {
            direct_clock_hold(d);
            tcpip_input(d->st, d->rxbuf, len);
            direct_clock_release(d);
            continue;
        }
        if (rc == -ECANCELED || rc == -ENODEV || rc == -EPERM) {
            mirage_log_info(&stack_direct_log,
                            "%s: interface %s: %s; receive ends", d->dev.name,
                            d->net->name, mirage_strerror(rc));
            return rc;
        }
        /* -EIO and the like: say so, and do not spin on a broken device */
        mirage_log_warn(&stack_direct_log, "%s: reading %s: %s", d->dev.name,
                        d->net->name, mirage_strerror(rc));
        if (mirage_sleep_ns(TCPIP_MS(100)) == -ECANCELED)
            return -ECANCELED;
    }
}

/* Timers: sleeps until the engine's earliest deadline, or until a layer
   arms an earlier one. */
static int timer_fiber(void *arg)
{
    struct direct *d = arg;
    int rc;

    for (;;) {
        direct_clock_hold(d);
        d->timer_deadline = tcpip_timers(d->st);
        direct_clock_release(d);
        rc = direct_wait(&d->timer_cond, d->timer_deadline);
        if (rc == -ECANCELED || rc == -EPERM)
            return rc;
    }
}

/* --tcpip-stats=N: the counters every N seconds. */
static int stats_fiber(void *arg)
{
    struct direct *d = arg;

    while (mirage_sleep_ns(TCPIP_S(d->stats_interval)) == 0)
        direct_log_stats(d, MIRAGE_LOG_INFO);
    return 0;
}

static void at_exit_stats(void *arg)
{
    struct direct *d = arg;

    if (stack_direct_log.level >= MIRAGE_LOG_DEBUG)
        direct_log_stats(d, MIRAGE_LOG_DEBUG);
}

/* --- connect
 * ------------------------------------------------------------------- */

static int check_args(const char *name, struct mirage_ipv4_prefix ipv4,
                      struct mirage_ipv4 gateway,
                      struct mirage_ipv6_prefix ipv6, bool ipv4_only,
                      bool ipv6_only, int stats_interval)
{
    static const struct mirage_ipv6 any6;
    uint32_t addr = tcpip_get32(ipv4.addr.bytes);

    if (ipv4_only && ipv6_only) {
        mirage_log_err(&stack_direct_log,
                       "%s: --ipv4-only and --ipv6-only exclude each other",
                       name);
        return -EINVAL;
    }
    if (ipv6_only || ipv6.length != 0 ||
        memcmp(&ipv6.addr, &any6, sizeof(any6)) != 0) {
        mirage_log_err(&stack_direct_log,
                       "%s: the direct stack has no IPv6 yet: leave --ipv6 "
                       "and --ipv6-only out (or use the socket stack on unix)",
                       name);
        return -EINVAL;
    }
    if (ipv4.length > 32 || (addr == 0 && ipv4.length != 0) ||
        (addr != 0 && (ipv4.length == 0 || ipv4.length > 30))) {
        mirage_log_err(&stack_direct_log,
                       "%s: --ipv4 wants ADDR/LEN with LEN 1 to 30 (or "
                       "0.0.0.0/0 for DHCP)",
                       name);
        return -EINVAL;
    }
    if (addr == 0 && tcpip_get32(gateway.bytes) != 0) {
        mirage_log_err(&stack_direct_log,
                       "%s: --ipv4-gateway needs --ipv4 (DHCP gives the "
                       "gateway)",
                       name);
        return -EINVAL;
    }
    if (stats_interval < 0) {
        mirage_log_err(&stack_direct_log, "%s: --tcpip-stats must be 0 or more",
                       name);
        return -EINVAL;
    }
    return 0;
}

static int spawn(struct mirage_fiber **f, mirage_fiber_fn fn, void *arg,
                 const char *what)
{
    struct mirage_fiber_attr attr = {.name = what};

    return mirage_fiber_spawn(f, fn, arg, &attr);
}

/* Waits for the first DHCP lease, saying every 10 s that it still does. */
static int wait_lease(struct direct *d)
{
    struct dhcp_lease lease;
    uint64_t next_note = direct_deadline(TCPIP_S(10));
    int rc;

    for (;;) {
        rc = dhcp_lease(d->st, &lease);
        if (rc < 0)
            return rc;
        if (lease.bound)
            return 0;
        rc = direct_wait(dhcp_cond(d->st), next_note);
        if (rc == -ETIMEDOUT) {
            mirage_log_info(&stack_direct_log,
                            "%s: still waiting for a DHCP lease on %s",
                            d->dev.name, d->net->name);
            next_note = direct_deadline(TCPIP_S(10));
        } else if (rc < 0)
            return rc;
    }
}

static void log_address(struct direct *d)
{
    struct mirage_stack_ipv4_info info;
    char a[MIRAGE_IPV4_PREFIX_STRLEN], g[MIRAGE_IPV4_STRLEN];

    if (direct_ipv4_info(&d->dev, &info) < 0)
        return;
    mirage_ipv4_prefix_to_string(&info.addr, a, sizeof(a));
    mirage_ipv4_to_string(&info.gateway, g, sizeof(g));
    mirage_log_info(&stack_direct_log, "%s: IPv4 %s, gateway %s, over %s%s",
                    d->dev.name, a, g, d->net->name,
                    info.dhcp ? " (DHCP)" : "");
}

/* What the TCP send buffers may still grow by: the heap's free bytes
   beyond a quarter of it, kept for new connections, parsers and fibers
   (unix, whose heap is the host's and of no size the stack knows: no
   bound). */
static size_t env_buffer_room(void *ctx)
{
    struct mirage_heap_stats heap;
    size_t free_bytes, reserve;

    (void)ctx;
    if (mirage_heap_stats(&heap) < 0 || heap.allocations == 0)
        return SIZE_MAX;
    free_bytes = heap.total > heap.used ? heap.total - heap.used : 0;
    reserve = heap.total / 4;
    return free_bytes > reserve ? free_bytes - reserve : 0;
}

int mirage_stack_direct_connect(struct mirage_stack **dev, const char *name,
                                struct mirage_net *net,
                                struct mirage_ipv4_prefix ipv4,
                                struct mirage_ipv4 gateway,
                                struct mirage_ipv6_prefix ipv6, bool ipv4_only,
                                bool ipv6_only, const char *dhcp_hostname,
                                int stats_interval)
{
    struct tcpip_env env = {
        .send_frame = env_send_frame,
        .now = env_now,
        .random = env_random,
        .wake = env_wake,
        .timer_changed = env_timer_changed,
        .log = env_log,
        .buffer_room = env_buffer_room,
    };
    struct tcpip_config cfg = {0};
    struct tcpip_limits lim;
    struct mirage_heap_stats heap;
    struct mirage_net_info info;
    struct direct *d;
    int rc;

    if (!dev || !name || !net)
        return -EINVAL;
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i]->dev.name, name) == 0) {
            *dev = &devices[i]->dev;
            return 0;
        }
    rc = check_args(name, ipv4, gateway, ipv6, ipv4_only, ipv6_only,
                    stats_interval);
    if (rc < 0)
        return rc;
    if (ndevices == DIRECT_MAX_DEVICES) {
        mirage_log_err(&stack_direct_log, "%s: more than %d direct stacks",
                       name, DIRECT_MAX_DEVICES);
        return -ENOMEM;
    }
    rc = mirage_net_info(net, &info);
    if (rc < 0)
        return rc;
    d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->dev =
        (struct mirage_stack){.ops = &direct_ops, .state = d, .name = name};
    d->net = net;
    d->timer_cond = (struct mirage_cond)MIRAGE_COND_INIT;
    d->timer_deadline = TCPIP_NEVER;
    d->stats_interval = stats_interval;
    d->rxcap = MIRAGE_NET_FRAME_MAX(info.mtu);
    d->rxbuf = malloc(d->rxcap);
    if (!d->rxbuf) {
        free(d);
        return -ENOMEM;
    }
    memcpy(cfg.mac, info.mac, sizeof(cfg.mac));
    cfg.mtu = info.mtu;
    cfg.addr = tcpip_get32(ipv4.addr.bytes);
    cfg.prefix = ipv4.length;
    cfg.gateway = tcpip_get32(gateway.bytes);
    cfg.dhcp_hostname = dhcp_hostname && *dhcp_hostname ? dhcp_hostname : NULL;
    env.ctx = d;
    tcpip_limits_default(&lim);
    /* where the heap is the runtime's own, of a size known at boot, the
       TCP buffers of all connections may fill half of it, and no more
       than leaves a quarter of it free (env_buffer_room): beyond that a
       sender waits for its peer's ACKs instead of growing its buffer
       (unix: the host's heap, no bound) */
    if (mirage_heap_stats(&heap) == 0 && heap.allocations > 0)
        lim.tcp_buffer_memory = heap.total / 2;
    rc = tcpip_create(&d->st, &env, &cfg, &lim);
    if (rc < 0) {
        mirage_log_err(&stack_direct_log,
                       "%s: cannot start over %s (MTU %u): %s", name, net->name,
                       (unsigned)info.mtu, mirage_strerror(rc));
        free(d->rxbuf);
        free(d);
        return rc;
    }
    rc = spawn(&d->rx_fiber, rx_fiber, d, "tcpip-rx");
    if (rc == 0)
        rc = spawn(&d->timer_fiber, timer_fiber, d, "tcpip-timers");
    if (rc == 0 && stats_interval > 0)
        rc = spawn(&d->stats_fiber, stats_fiber, d, "tcpip-stats");
    if (rc < 0) {
        /* fibers already spawned keep the engine: leave it allocated */
        mirage_log_err(&stack_direct_log, "%s: cannot start its fibers: %s",
                       name, mirage_strerror(rc));
        return rc;
    }
    devices[ndevices++] = d;
    mirage_at_exit(at_exit_stats, d);
    if (cfg.addr == 0) {
        d->dhcp = true;
        rc = dhcp_start(d->st);
        if (rc == 0)
            rc = wait_lease(d);
        if (rc < 0) {
            mirage_log_err(&stack_direct_log, "%s: DHCP on %s: %s", name,
                           net->name, mirage_strerror(rc));
            return rc;
        }
    }
    log_address(d);
    *dev = &d->dev;
    return 0;
}
