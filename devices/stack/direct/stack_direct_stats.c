/* SPDX-License-Identifier: ISC */
/* stack_direct_stats.c: the `direct` stack's counters by name, its IPv4
 * configuration, and their log lines. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dhcp.h"
#include "stack_direct.h"

/* Every counter of struct tcpip_stats but the TCP states, by name. */
#define C(layer, field)                                                        \
    {                                                                          \
#layer "." #field, offsetof(struct tcpip_stats, layer.field)           \
    }

static const struct {
    const char *name;
    size_t offset;
} counters[] = {
    C(eth, rx_frames),
    C(eth, tx_frames),
    C(eth, tx_errors),
    C(eth, rx_short),
    C(eth, rx_not_ours),
    C(eth, rx_unknown_type),
    C(arp, rx_requests),
    C(arp, rx_replies),
    C(arp, tx_requests),
    C(arp, tx_replies),
    C(arp, rx_bad),
    C(arp, rx_not_ours),
    C(arp, pending_dropped),
    C(arp, unresolved),
    C(arp, entries),
    C(ipv4, rx_packets),
    C(ipv4, tx_packets),
    C(ipv4, rx_bad_header),
    C(ipv4, rx_bad_checksum),
    C(ipv4, rx_not_ours),
    C(ipv4, rx_unknown_protocol),
    C(ipv4, tx_no_route),
    C(ipv4, rx_fragments),
    C(ipv4, reassembled),
    C(ipv4, reasm_timeouts),
    C(ipv4, reasm_overlaps),
    C(ipv4, reasm_over_limit),
    C(ipv4, tx_fragments),
    C(ipv4, tx_too_big),
    C(ipv4, loopback),
    C(ipv4, loopback_dropped),
    C(ipv4, reasm_datagrams),
    C(ipv4, reasm_bytes),
    C(icmp, rx_messages),
    C(icmp, rx_bad),
    C(icmp, rx_echo_requests),
    C(icmp, tx_echo_replies),
    C(icmp, tx_unreachables),
    C(icmp, rate_limited),
    C(icmp, rx_frag_needed),
    C(udp, rx_datagrams),
    C(udp, tx_datagrams),
    C(udp, rx_bad_checksum),
    C(udp, rx_bad),
    C(udp, rx_no_port),
    C(udp, rx_queue_full),
    C(udp, sockets),
    C(tcp, rx_segments),
    C(tcp, tx_segments),
    C(tcp, rx_bad_checksum),
    C(tcp, rx_bad),
    C(tcp, rx_no_connection),
    C(tcp, tx_resets),
    C(tcp, rx_resets),
    C(tcp, active_opens),
    C(tcp, passive_opens),
    C(tcp, failed_opens),
    C(tcp, retransmits),
    C(tcp, rto_expiries),
    C(tcp, fast_retransmits),
    C(tcp, sack_recoveries),
    C(tcp, zero_window_probes),
    C(tcp, keepalive_probes),
    C(tcp, challenge_acks),
    C(tcp, syn_cookies_sent),
    C(tcp, syn_cookies_ok),
    C(tcp, syn_queue_drops),
    C(tcp, connection_limit_drops),
    C(tcp, time_wait_recycled),
    C(dhcp, discovers),
    C(dhcp, offers),
    C(dhcp, requests),
    C(dhcp, acks),
    C(dhcp, naks),
    C(dhcp, declines),
    C(dhcp, renewals),
    C(dhcp, rebinds),
    C(dhcp, expiries),
    C(dhcp, rx_bad),
};

#undef C

static const char *const state_names[TCP_NSTATES] = {
    "closed",      "listen",     "syn_sent",   "syn_received",
    "established", "fin_wait_1", "fin_wait_2", "close_wait",
    "closing",     "last_ack",   "time_wait",
};

/* Calls (fn) for the connections in each TCP state. */
static int tcp_states(const struct tcpip_stats *s,
                      int (*fn)(void *arg, const char *name, uint64_t value),
                      void *arg)
{
    char name[40];
    int rc;

    for (int i = 0; i < TCP_NSTATES; i++) {
        snprintf(name, sizeof(name), "tcp.state.%s", state_names[i]);
        rc = fn(arg, name, s->tcp.state[i]);
        if (rc)
            return rc;
    }
    return 0;
}

int direct_counters(struct mirage_stack *dev,
                    int (*fn)(void *arg, const char *name, uint64_t value),
                    void *arg)
{
    struct direct *d;
    struct tcpip_stats s;
    int rc;

    if (!dev || !fn)
        return -EINVAL;
    d = dev->state;
    tcpip_get_stats(d->st, &s);
    for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
        uint64_t v;

        /* the connections per state end TCP's counters */
        if (strncmp(counters[i].name, "dhcp.", 5) == 0 &&
            strncmp(counters[i - 1].name, "dhcp.", 5) != 0) {
            rc = tcp_states(&s, fn, arg);
            if (rc)
                return rc;
        }

        memcpy(&v, (const char *)&s + counters[i].offset, sizeof(v));
        rc = fn(arg, counters[i].name, v);
        if (rc)
            return rc;
    }
    return 0;
}

int direct_ipv4_info(struct mirage_stack *dev,
                     struct mirage_stack_ipv4_info *info)
{
    struct direct *d;
    struct dhcp_lease lease;

    if (!dev || !info)
        return -EINVAL;
    d = dev->state;
    memset(info, 0, sizeof(*info));
    tcpip_put32(info->addr.addr.bytes, d->st->cfg.addr);
    info->addr.length = (uint8_t)d->st->cfg.prefix;
    tcpip_put32(info->gateway.bytes, d->st->cfg.gateway);
    info->mtu = d->st->cfg.mtu;
    info->dhcp = d->dhcp;
    if (d->dhcp && dhcp_lease(d->st, &lease) == 0 && lease.bound) {
        info->bound = true;
        info->lease_s = lease.lease_s;
        for (unsigned i = 0; i < lease.ndns && i < 3; i++)
            tcpip_put32(info->dns[info->ndns++].bytes, lease.dns[i]);
        if (lease.mtu)
            info->mtu = lease.mtu;
    }
    return 0;
}

/* Collects "name=value" pairs of one layer into a line. */
struct stats_line {
    struct direct *d;
    enum mirage_log_level level;
    char layer[8];
    char buf[400];
    size_t len;
};

static void flush_line(struct stats_line *l)
{
    if (l->len)
        mirage_log(&stack_direct_log, l->level, "%s: %s:%s", l->d->dev.name,
                   l->layer, l->buf);
    l->len = 0;
    l->buf[0] = 0;
}

static int add_counter(void *arg, const char *name, uint64_t value)
{
    struct stats_line *l = arg;
    const char *dot = strchr(name, '.');
    size_t n = (size_t)(dot - name);
    int w;

    if (n >= sizeof(l->layer))
        n = sizeof(l->layer) - 1;
    if (strncmp(l->layer, name, n) != 0 || l->layer[n] != 0) {
        flush_line(l);
        memcpy(l->layer, name, n);
        l->layer[n] = 0;
    }
    if (value == 0)
        return 0;
    w = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, " %s=%llu", dot + 1,
                 (unsigned long long)value);
    if (w < 0 || (size_t)w >= sizeof(l->buf) - l->len) {
        l->buf[l->len] = 0;
        flush_line(l);
        w = snprintf(l->buf, sizeof(l->buf), " %s=%llu", dot + 1,
                     (unsigned long long)value);
    }
    l->len += (size_t)w;
    return 0;
}

void direct_log_stats(struct direct *d, enum mirage_log_level level)
{
    struct stats_line l = {.d = d, .level = level};

    direct_counters(&d->dev, add_counter, &l);
    flush_line(&l);
}
