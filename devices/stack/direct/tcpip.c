/* SPDX-License-Identifier: ISC */
/* tcpip.c: the engine's creation, input, timers and address changes. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/log.h>

#include "arp.h"
#include "eth.h"
#include "ipv4.h"
#include "tcpip.h"

/* The longest host name DHCP can carry (option 12, RFC 2132). */
#define TCPIP_HOSTNAME_MAX 255u

/*
 * Is (addr, prefix, gateway) an interface configuration we can use?
 * The address is a unicast one (not 0/8, loopback, multicast, class E,
 * nor its network's own or broadcast address on a prefix up to /30); the
 * gateway, when given, is another unicast address on that network.
 */
static bool address_ok(uint32_t addr, unsigned prefix, uint32_t gateway)
{
    uint32_t mask;

    if (prefix > 32)
        return false;
    mask = ipv4_mask(prefix);
    if (addr == 0)
        return gateway == 0;
    if (!ipv4_addr_unicast(addr))
        return false;
    if (prefix <= 30 && ((addr & ~mask) == 0 || (addr & ~mask) == ~mask))
        return false;
    if (gateway == 0)
        return true;
    return ipv4_addr_unicast(gateway) && gateway != addr &&
           (gateway & mask) == (addr & mask);
}

/* The layers' tear-down, from the last initialised (n of them) down. */
static void layers_fini(struct tcpip *st, int n)
{
    if (n > 4)
        tcp_fini(st);
    if (n > 3)
        udp_fini(st);
    if (n > 2)
        icmp_fini(st);
    if (n > 1)
        ipv4_fini(st);
    if (n > 0)
        arp_fini(st);
}

int tcpip_create(struct tcpip **out, const struct tcpip_env *env,
                 const struct tcpip_config *cfg, const struct tcpip_limits *lim)
{
    int (*const init[])(struct tcpip *) = {arp_init, ipv4_init, icmp_init,
                                           udp_init, tcp_init};
    struct tcpip *st;
    char *host = NULL;
    int rc = 0, n;

    *out = NULL;
    if (!env || !cfg || !env->send_frame || !env->now || !env->random ||
        !env->wake || !env->timer_changed || !env->log)
        return -EINVAL;
    if (cfg->mtu < 576 || cfg->mtu > 9000 || eth_is_group(cfg->mac) ||
        !address_ok(cfg->addr, cfg->prefix, cfg->gateway))
        return -EINVAL;
    if (lim && lim->arp_entries == 0)
        return -EINVAL;
    if (cfg->dhcp_hostname) {
        size_t len = strlen(cfg->dhcp_hostname);

        if (len == 0 || len > TCPIP_HOSTNAME_MAX)
            return -EINVAL;
        host = malloc(len + 1);
        if (!host)
            return -ENOMEM;
        memcpy(host, cfg->dhcp_hostname, len + 1);
    }
    st = calloc(1, sizeof(*st));
    if (!st) {
        free(host);
        return -ENOMEM;
    }
    st->env = *env;
    st->cfg = *cfg;
    st->cfg.dhcp_hostname = host;
    if (!cfg->addr)
        st->cfg.prefix = 0;
    if (lim)
        st->lim = *lim;
    else
        tcpip_limits_default(&st->lim);
    st->next_deadline = TCPIP_NEVER;
    for (n = 0; n < (int)(sizeof init / sizeof init[0]); n++) {
        rc = init[n](st);
        if (rc < 0)
            break;
    }
    if (rc < 0) {
        layers_fini(st, n);
        free(host);
        free(st);
        return rc;
    }
    if (st->cfg.addr)
        arp_announce(st);
    *out = st;
    return 0;
}

void tcpip_destroy(struct tcpip *st)
{
    if (!st)
        return;
    layers_fini(st, 5);
    free((char *)st->cfg.dhcp_hostname);
    free(st);
}

void tcpip_input(struct tcpip *st, const void *frame, size_t len)
{
    eth_input(st, frame, len);
}

tcpip_ns tcpip_timers(struct tcpip *st)
{
    tcpip_ns now = tcpip_now(st), next, t;

    /* While the layers run, what they arm is in what they return: no
       timer_changed for it (0 is earlier than any deadline). */
    st->next_deadline = 0;
    next = arp_timers(st, now);
    t = ipv4_timers(st, now);
    next = t < next ? t : next;
    t = tcp_timers(st, now);
    next = t < next ? t : next;
    if (st->dhcp) {
        t = dhcp_timers(st, now);
        next = t < next ? t : next;
    }
    st->next_deadline = next;
    return next;
}

void tcpip_timer_armed(struct tcpip *st, tcpip_ns deadline)
{
    if (deadline < st->next_deadline) {
        st->next_deadline = deadline;
        st->env.timer_changed(st->env.ctx, deadline);
    }
}

int tcpip_set_address(struct tcpip *st, uint32_t addr, unsigned prefix,
                      uint32_t gateway)
{
    bool changed = addr != st->cfg.addr;

    if (!address_ok(addr, prefix, gateway))
        return -EINVAL;
    st->cfg.addr = addr;
    st->cfg.prefix = addr ? prefix : 0;
    st->cfg.gateway = gateway;
    tcpip_logf(st, MIRAGE_LOG_INFO,
               "tcpip: address %u.%u.%u.%u/%u gateway %u.%u.%u.%u", addr >> 24,
               addr >> 16 & 0xff, addr >> 8 & 0xff, addr & 0xff, st->cfg.prefix,
               gateway >> 24, gateway >> 16 & 0xff, gateway >> 8 & 0xff,
               gateway & 0xff);
    if (addr && changed) /* a lease renewed keeps its address: no news */
        arp_announce(st);
    return 0;
}

void tcpip_get_stats(struct tcpip *st, struct tcpip_stats *out)
{
    /* The "held now" counters are kept up to date by their layers. */
    *out = st->stats;
}

void tcpip_logf(struct tcpip *st, int level, const char *fmt, ...)
{
    char line[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    st->env.log(st->env.ctx, level, line);
}

bool tcpip_on_link(const struct tcpip *st, uint32_t addr)
{
    uint32_t mask = ipv4_mask(st->cfg.prefix);

    return st->cfg.addr != 0 && (addr & mask) == (st->cfg.addr & mask);
}
