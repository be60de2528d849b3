/* SPDX-License-Identifier: ISC */
/* unikernel.c: network serves TCP: lines upper-cased, echo, sink, source
   (--udp: UDP too; --connect: a client instead; --syslog: its log to a
   collector). */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/heap.h>

#include "network.h"

MIRAGE_LOG_SOURCE(net_log, "network", "the network unikernel");

/* What a connection gets: its line upper-cased (the default), every byte
   back (--echo), nothing (--sink), or --source bytes and the end. */
enum mode { MODE_UPPER, MODE_ECHO, MODE_SINK, MODE_SOURCE };

/* The connections being served, and a signal when one ends. */
static int active;
static struct mirage_cond ended = MIRAGE_COND_INIT;
static enum mode mode;
static int64_t source_bytes;
/* How long a read or a write may wait (--idle-timeout; MIRAGE_FOREVER: 0). */
static uint64_t idle_ns;

/* What --source sends, over and over: bytes 0 to 255 in turn. */
static uint8_t pattern[16384];

/* Reads (flow) to its end: replies as the mode says (upper-case or echo),
   or not at all (sink). Returns 0 or the read's or the write's error. */
static int answer(struct mirage_tcp_flow *flow)
{
    char buf[4096]; /* on the fiber's 12 KiB stack */
    int n, rc = 0;

    while ((n = mirage_tcp_read(flow, buf, sizeof(buf), idle_ns)) > 0) {
        if (mode == MODE_SINK)
            continue;
        if (mode == MODE_UPPER)
            for (int i = 0; i < n; i++)
                if (buf[i] >= 'a' && buf[i] <= 'z')
                    buf[i] = (char)(buf[i] - 'a' + 'A');
        rc = mirage_tcp_write(flow, buf, (size_t)n, idle_ns);
        if (rc < 0)
            return rc;
    }
    return n;
}

/* Sends source_bytes of the pattern on (flow). Returns 0 or the write's
   error. */
static int send_stream(struct mirage_tcp_flow *flow)
{
    int64_t left = source_bytes;

    while (left > 0) {
        size_t len = sizeof(pattern);
        int rc;

        if ((int64_t)len > left)
            len = (size_t)left;
        rc = mirage_tcp_write(flow, pattern, len, idle_ns);
        if (rc < 0)
            return rc;
        left -= (int64_t)len;
    }
    return 0;
}

/* Serves one connection (arg) until the client closes it (or, with
   --source, until every byte is sent). */
static int serve(void *arg)
{
    struct mirage_tcp_flow *flow = arg;
    struct mirage_stack_endpoint peer;
    char text[MIRAGE_STACK_ENDPOINT_STRLEN] = "?";
    int rc;

    if (mirage_tcp_endpoints(flow, NULL, &peer) == 0)
        mirage_stack_endpoint_to_string(&peer, text, sizeof(text));
    rc = mode == MODE_SOURCE ? send_stream(flow) : answer(flow);
    /* a benchmark's peer may end a stream early by resetting it */
    if (rc < 0 && (mode == MODE_SINK || mode == MODE_SOURCE) &&
        (rc == -ECONNRESET || rc == -EPIPE))
        mirage_log_info(&net_log,
                        "connection from %s ended by the peer: error %d", text,
                        rc);
    else if (rc < 0)
        mirage_log_warn(&net_log, "connection from %s ended: error %d", text,
                        rc);
    mirage_tcp_close(flow);
    active--;
    mirage_cond_broadcast(&ended);
    return 0;
}

/* Logs the heap's figures (--heap-stats), at (when). */
static void heap_log(const char *when)
{
    struct mirage_heap_stats h;

    if (mirage_heap_stats(&h) == 0)
        mirage_log_info(&net_log,
                        "heap %s: used %zu bytes, free %zu, total %zu, peak "
                        "%zu, %zu allocations, %zu frees",
                        when, h.used, h.free, h.total, h.peak_used,
                        h.allocations, h.frees);
}

/* Adds the connections a stack counter holds (tcp.state.*) to (arg). */
static int count_connections(void *arg, const char *name, uint64_t value)
{
    static const char prefix[] = "tcp.state.";

    for (size_t i = 0; i < sizeof(prefix) - 1; i++)
        if (name[i] != prefix[i])
            return 0;
    *(uint64_t *)arg += value;
    return 0;
}

/* Waits (up to 10 s) until the stack holds no TCP connection: the last
   ones close after their fibers end. At once when the stack keeps no
   counters (the socket stack). */
static void wait_connections_gone(struct mirage_stack *stack)
{
    struct mirage_cond never = MIRAGE_COND_INIT;

    for (int i = 0; i < 1000; i++) {
        uint64_t n = 0;

        if (mirage_stack_counters(stack, count_connections, &n) < 0 || !n)
            return;
        mirage_cond_wait(&never, 10 * 1000000ull);
    }
    mirage_log_warn(&net_log, "connections still open after 10 s");
}

void log_dhcp_lease(struct mirage_stack *stack)
{
    struct mirage_stack_ipv4_info info;
    char addr[MIRAGE_IPV4_PREFIX_STRLEN], gw[MIRAGE_IPV4_STRLEN];
    char dns[3 * (MIRAGE_IPV4_STRLEN + 2)] = "none";
    size_t len = 0;

    if (mirage_stack_ipv4_info(stack, &info) < 0 || !info.dhcp)
        return;
    mirage_ipv4_prefix_to_string(&info.addr, addr, sizeof(addr));
    mirage_ipv4_to_string(&info.gateway, gw, sizeof(gw));
    for (unsigned i = 0; i < info.ndns && i < 3; i++) {
        if (i > 0) {
            dns[len++] = ',';
            dns[len++] = ' ';
        }
        len += (size_t)mirage_ipv4_to_string(&info.dns[i], dns + len,
                                             sizeof(dns) - len);
    }
    mirage_log_info(&net_log, "DHCP lease: %s, gateway %s, DNS %s, lease %lu s",
                    addr, gw, dns, (unsigned long)info.lease_s);
}

/* The TCP options of a served connection: keep-alive (idle seconds,
   interval, count) and the user timeout (ms); 0: not set. */
static int tcp_options[4];

/* Sets the options of tcp_options on (flow), connection number (n); a
   refusal is logged, and the connection served anyway. */
static void set_flow_options(struct mirage_tcp_flow *flow, int n)
{
    static const int option[4] = {MIRAGE_TCP_KEEPALIVE, MIRAGE_TCP_KEEPINTVL,
                                  MIRAGE_TCP_KEEPCNT, MIRAGE_TCP_USER_TIMEOUT};
    static const char *const name[4] = {"keep-alive", "keep-alive interval",
                                        "keep-alive count", "user timeout"};

    for (int i = 0; i < 4; i++) {
        int rc = tcp_options[i]
                     ? mirage_tcp_setopt(flow, option[i], tcp_options[i])
                     : 0;

        if (rc < 0)
            mirage_log_warn(&net_log, "connection %d: %s: error %d", n, name[i],
                            rc);
    }
}

/* The syslog device, and the lines of --log-flood. */
static struct mirage_syslog *syslog_dev;
static int flood_lines;

/* Waits (up to 10 s) until the syslog device has sent what it kept of
   the flood, then logs its counters. */
static int flood_report(void *arg)
{
    struct mirage_syslog_stats st;
    int rc;

    (void)arg;
    rc = mirage_syslog_flush(syslog_dev, 10 * 1000000000ull);
    if (mirage_syslog_stats(syslog_dev, &st) < 0 || !st.active)
        return 0;
    mirage_log_info(
        &net_log,
        "log flood of %d lines: syslog sent %llu, dropped %llu, "
        "failed %llu, truncated %llu%s",
        flood_lines, (unsigned long long)st.sent,
        (unsigned long long)st.dropped, (unsigned long long)st.failed,
        (unsigned long long)st.truncated, rc < 0 ? " (still sending)" : "");
    return 0;
}

/* Logs --log-flood lines at once, without waiting: the log never waits
   for the network, so the connection is served right after. */
static void log_flood(int n)
{
    struct mirage_fiber_attr attr = {"flood-report", 12 * 1024};

    for (int i = 0; i < n; i++)
        mirage_log_debug(&net_log, "flood %d of %d", i, n);
    flood_lines = n;
    if (mirage_fiber_spawn(NULL, flood_report, NULL, &attr) < 0)
        mirage_log_warn(&net_log, "no fiber for the log flood's report");
}

int network_start(struct mirage_stack *stack, struct mirage_syslog *syslog,
                  int port, int max_connections, bool echo, bool sink,
                  int64_t source, bool udp, const struct mirage_ipv4 *connect,
                  bool heap_stats, int keepalive, int keepalive_interval,
                  int keepalive_count, int user_timeout, int idle_timeout,
                  int log_flood_lines)
{
    struct mirage_stack_endpoint here = {.port = (uint16_t)port};
    struct mirage_tcp_listener *listener;
    struct mirage_fiber_attr conn_attr = {"connection", 12 * 1024};
    int served = 0, rc;

    if (port <= 0 || port > 65535 || max_connections < 0 || source < 0 ||
        keepalive < 0 || keepalive_interval < 0 || keepalive_count < 0 ||
        keepalive_count > 255 || user_timeout < 0 || idle_timeout < 0 ||
        log_flood_lines < 0) {
        mirage_log_err(&net_log, "bad --port, --max-connections, --source, "
                                 "--keepalive, --keepalive-interval, "
                                 "--keepalive-count, --user-timeout, "
                                 "--idle-timeout or --log-flood");
        return 64;
    }
    syslog_dev = syslog;
    tcp_options[0] = keepalive;
    tcp_options[1] = keepalive ? keepalive_interval : 0;
    tcp_options[2] = keepalive ? keepalive_count : 0;
    tcp_options[3] = user_timeout;
    if ((int)echo + (int)sink + (source > 0) > 1) {
        mirage_log_err(&net_log, "--echo, --sink and --source exclude each "
                                 "other");
        return 64;
    }
    mode = echo     ? MODE_ECHO
           : sink   ? MODE_SINK
           : source ? MODE_SOURCE
                    : MODE_UPPER;
    source_bytes = source;
    idle_ns =
        idle_timeout ? (uint64_t)idle_timeout * 1000000000ull : MIRAGE_FOREVER;
    for (size_t i = 0; i < sizeof(pattern); i++)
        pattern[i] = (uint8_t)i;
    log_dhcp_lease(stack);
    if (connect)
        return network_client(stack, *connect, port, udp);
    if (heap_stats) {
        /* the stack's fibers run first to their first wait, so that what
           the runtime sets up then (unix: its table of watched
           descriptors) is in the figure at start too */
        mirage_yield();
        heap_log("at start");
    }
    rc = mirage_tcp_listen(stack, &here, 16, &listener);
    if (rc < 0) {
        mirage_log_err(&net_log, "cannot listen on port %d: error %d", port,
                       rc);
        return MIRAGE_EXIT_INTERNAL;
    }
    if (udp && (rc = udp_echo_start(stack, port, echo)) < 0) {
        mirage_tcp_listener_close(listener);
        return MIRAGE_EXIT_INTERNAL;
    }
    mirage_log_info(&net_log, "listening on port %d", port);
    while (max_connections == 0 || served < max_connections) {
        struct mirage_tcp_flow *flow;
        struct mirage_stack_endpoint peer;
        char text[MIRAGE_STACK_ENDPOINT_STRLEN] = "?";

        rc = mirage_tcp_accept(listener, &flow, MIRAGE_FOREVER);
        if (rc < 0) {
            mirage_log_err(&net_log, "accept: error %d", rc);
            break;
        }
        served++;
        if (mirage_tcp_endpoints(flow, NULL, &peer) == 0)
            mirage_stack_endpoint_to_string(&peer, text, sizeof(text));
        mirage_log_info(&net_log, "connection %d from %s", served, text);
        if (served == 1 && log_flood_lines > 0)
            log_flood(log_flood_lines);
        set_flow_options(flow, served);
        active++;
        rc = mirage_fiber_spawn(NULL, serve, flow, &conn_attr);
        if (rc < 0) {
            mirage_log_warn(&net_log,
                            "connection %d: no fiber to serve it (error %d): "
                            "closed",
                            served, rc);
            active--;
            mirage_tcp_close(flow);
        }
    }
    mirage_tcp_listener_close(listener);
    /* the last connections finish before the unikernel exits */
    while (active > 0)
        mirage_cond_wait(&ended, MIRAGE_FOREVER);
    udp_echo_stop();
    mirage_log_info(&net_log, "served %d connections", served);
    if (heap_stats) {
        wait_connections_gone(stack);
        heap_log("at exit");
    }
    return rc < 0 ? 1 : 0;
}
