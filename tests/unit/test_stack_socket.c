/* SPDX-License-Identifier: ISC */
/* test_stack_socket.c: the `socket` stack on loopback: TCP and UDP. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mirage/fiber.h>
#include <mirage/stack.h>

#include "core/sched.h"
#include "platform.h"
#include "runtime_capture.h"
#include "tap.h"

#define MS 1000000ULL
/* The limit of every wait that should succeed: scaled, so a hang ends. */
#define TIMEOUT (tap_scaled_ns(5000 * MS))

static struct mirage_stack *net;   /* IPv4 and IPv6, any address */
static struct mirage_stack *net4;  /* --ipv4=127.0.0.1/8 --ipv4-only */
static struct mirage_stack *netlo; /* 127.0.0.1/8 and ::1/128 */

static const struct mirage_ipv6 loopback6 = {
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};

static struct mirage_stack_endpoint lo4(uint16_t port)
{
    return mirage_stack_endpoint_ipv4(127, 0, 0, 1, port);
}

static struct mirage_stack_endpoint lo6(uint16_t port)
{
    return mirage_stack_endpoint_ipv6(&loopback6, port);
}

/* Whether a listen or bind failed because the host has no ::1. */
static bool no_ipv6(int rc)
{
    return rc == -EADDRNOTAVAIL || rc == -EAFNOSUPPORT;
}

/* The point (what), skipped because this host has no ::1 ((rc) says so). */
static void skip_no_ipv6(const char *what, int rc)
{
    char why[48];

    snprintf(why, sizeof why, "::1 is not available here (%d)", rc);
    TAP_SKIP(why, "%s", what);
}

/* --- devices ----------------------------------------------------------- */

static void test_connect(void)
{
    struct mirage_ipv4_prefix any4 = {{{0, 0, 0, 0}}, 0};
    struct mirage_ipv4_prefix lo4p = {{{127, 0, 0, 1}}, 8};
    struct mirage_ipv6_prefix any6 = {{{0}}, 0};
    struct mirage_ipv6_prefix lo6p = {loopback6, 128};
    struct mirage_stack *again, *bad = NULL;
    int rc;

    rc = mirage_stack_socket_connect(&net, "net", any4, any6, false, false);
    TAP_OK(rc == 0 && net && strcmp(net->name, "net") == 0,
           "connect: a dual stack on any address (%d)", rc);
    rc = mirage_stack_socket_connect(&again, "net", any4, any6, false, false);
    TAP_OK(rc == 0 && again == net, "connect: the same name, the same device");
    rc = mirage_stack_socket_connect(&net4, "net4", lo4p, any6, true, false);
    TAP_OK(rc == 0, "connect: an IPv4-only stack on 127.0.0.1/8 (%d)", rc);
    rc = mirage_stack_socket_connect(&netlo, "netlo", lo4p, lo6p, false, false);
    TAP_OK(rc == 0, "connect: a loopback stack (%d)", rc);
    capture_reset();
    rc = mirage_stack_socket_connect(&bad, "bad", any4, any6, true, true);
    TAP_OK(rc == -EINVAL && bad == NULL,
           "connect: --ipv4-only with --ipv6-only is -EINVAL (%d)", rc);
    TAP_OK(strstr(capture_out, "bad: --ipv4-only and --ipv6-only") != NULL,
           "connect: and says why, naming the device");
}

/* --- TCP echo ---------------------------------------------------------- */

/* Echoes everything that (arg), a listener, gets on one connection. */
static int echo_server(void *arg)
{
    struct mirage_tcp_listener *l = arg;
    struct mirage_tcp_flow *flow;
    char buf[4096];
    int n, rc = mirage_tcp_accept(l, &flow, TIMEOUT);

    if (rc < 0)
        return rc;
    while ((n = mirage_tcp_read(flow, buf, sizeof(buf), TIMEOUT)) > 0)
        if ((rc = mirage_tcp_write(flow, buf, (size_t)n, TIMEOUT)) < 0)
            break;
    mirage_tcp_close(flow);
    return n < 0 ? n : rc;
}

/* Reads exactly (len) bytes; 0 or a negative errno value (-EPIPE: EOF). */
static int read_all(struct mirage_tcp_flow *flow, char *buf, size_t len)
{
    while (len > 0) {
        int n = mirage_tcp_read(flow, buf, len, TIMEOUT);

        if (n <= 0)
            return n == 0 ? -EPIPE : n;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes the second half of (arg), the big buffer, to the echo flow. */
static struct mirage_tcp_flow *echo_flow;

static int half_writer(void *arg)
{
    const char *big = arg;

    return mirage_tcp_write(echo_flow, big + (1 << 19), 1 << 19, TIMEOUT);
}

/* Echo through (local) (version 4 or 6) of stack (dev); "what" names it. */
static void echo_case(struct mirage_stack *dev,
                      struct mirage_stack_endpoint local, const char *what)
{
    static char big[1 << 20], back[1 << 20];
    struct mirage_stack_endpoint remote, a, b;
    struct mirage_tcp_listener *l;
    struct mirage_tcp_flow *flow;
    struct mirage_fiber *server;
    char text[MIRAGE_STACK_ENDPOINT_STRLEN], small[8];
    int rc, port, result = -1;

    rc = mirage_tcp_listen(dev, &local, 4, &l);
    if (local.version == MIRAGE_STACK_IPV6 && no_ipv6(rc)) {
        skip_no_ipv6(what, rc);
        return;
    }
    TAP_OK(rc == 0, "%s: listen (%d)", what, rc);
    if (rc < 0)
        return;
    port = mirage_tcp_listener_port(l);
    TAP_OK(port > 0, "%s: listening on a free port (%d)", what, port);
    remote = local;
    remote.port = (uint16_t)port;
    mirage_fiber_spawn(&server, echo_server, l, NULL);
    rc = mirage_tcp_connect(dev, &remote, &flow, TIMEOUT);
    TAP_OK(rc == 0, "%s: connect (%d)", what, rc);
    if (rc < 0) {
        mirage_fiber_cancel(server);
        mirage_fiber_join(server, NULL, TIMEOUT);
        mirage_tcp_listener_close(l);
        return;
    }
    rc = mirage_tcp_endpoints(flow, &a, &b);
    mirage_stack_endpoint_to_string(&b, text, sizeof(text));
    TAP_OK(rc == 0 && b.version == local.version && b.port == port &&
               a.version == local.version && a.port != 0,
           "%s: the flow's ends (remote %s)", what, text);
    rc = mirage_tcp_write(flow, "hello", 5, TIMEOUT);
    memset(small, 0, sizeof(small));
    TAP_OK(rc == 0 && read_all(flow, small, 5) == 0 &&
               memcmp(small, "hello", 5) == 0,
           "%s: a few bytes come back", what);
    /* 1 MiB: more than the socket buffers, so writes wait for the reader */
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)(i * 7 + i / 251);
    rc = mirage_tcp_write(flow, big, sizeof(big) / 2, TIMEOUT);
    TAP_OK(rc == 0, "%s: half a MiB written at once (%d)", what, rc);
    rc = read_all(flow, back, sizeof(big) / 2);
    TAP_OK(rc == 0 && memcmp(big, back, sizeof(big) / 2) == 0,
           "%s: and read back intact (%d)", what, rc);
    /* one fiber writes while this one reads the same flow */
    {
        struct mirage_fiber *writer;
        int wres = -1;

        echo_flow = flow;
        memset(back, 0, sizeof(back));
        mirage_fiber_spawn(&writer, half_writer, big, NULL);
        rc = read_all(flow, back, sizeof(big) / 2);
        mirage_fiber_join(writer, &wres, TIMEOUT);
        TAP_OK(rc == 0 && wres == 0 &&
                   memcmp(big + sizeof(big) / 2, back, sizeof(big) / 2) == 0,
               "%s: a writer fiber and a reader fiber share the flow "
               "(%d, %d)",
               what, rc, wres);
    }
    rc = mirage_tcp_shutdown(flow, MIRAGE_TCP_SHUT_WRITE);
    TAP_OK(rc == 0, "%s: shutdown for writing (%d)", what, rc);
    rc = mirage_tcp_read(flow, small, sizeof(small), TIMEOUT);
    TAP_OK(rc == 0, "%s: then the server closes: read gives 0 (%d)", what, rc);
    rc = mirage_fiber_join(server, &result, TIMEOUT);
    TAP_OK(rc == 0 && result == 0, "%s: the server ends well (%d, %d)", what,
           rc, result);
    mirage_tcp_close(flow);
    mirage_tcp_listener_close(l);
}

static int case_echo(void *unused)
{
    (void)unused;
    echo_case(net, lo4(0), "echo 127.0.0.1");
    echo_case(net, lo6(0), "echo ::1");
    return 0;
}

/* A listener on the stack's own addresses serves both IP versions. */
static int case_dual(void *unused)
{
    struct mirage_stack_endpoint any = {.port = 0};
    struct mirage_tcp_listener *l;
    struct mirage_tcp_flow *c, *s;
    char why[48];
    int rc, port;

    (void)unused;
    rc = mirage_tcp_listen(netlo, &any, 0, &l);
    TAP_OK(rc == 0, "dual: listen on the stack's addresses (%d)", rc);
    if (rc < 0)
        return 0;
    port = mirage_tcp_listener_port(l);
    {
        struct mirage_stack_endpoint r4 = lo4((uint16_t)port);

        rc = mirage_tcp_connect(netlo, &r4, &c, TIMEOUT);
    }
    if (rc == 0) {
        rc = mirage_tcp_accept(l, &s, TIMEOUT);
        if (rc == 0)
            mirage_tcp_close(s);
        mirage_tcp_close(c);
    }
    TAP_OK(rc == 0, "dual: reached over IPv4 (%d)", rc);
    {
        struct mirage_stack_endpoint r6 = lo6((uint16_t)port);

        rc = mirage_tcp_connect(netlo, &r6, &c, TIMEOUT);
    }
    if (rc == 0) {
        rc = mirage_tcp_accept(l, &s, TIMEOUT);
        if (rc == 0)
            mirage_tcp_close(s);
        mirage_tcp_close(c);
        TAP_OK(rc == 0, "dual: reached over IPv6, the same port (%d)", rc);
    } else if (no_ipv6(rc)) {
        snprintf(why, sizeof why, "::1 is not available (%d)", rc);
        TAP_SKIP(why, "dual: IPv6");
    } else {
        TAP_OK(0, "dual: reached over IPv6, the same port: connect (%d)", rc);
    }
    mirage_tcp_listener_close(l);
    {
        struct mirage_stack_endpoint six = lo6(0);

        rc = mirage_tcp_listen(net4, &six, 0, &l);
    }
    TAP_OK(rc == -EAFNOSUPPORT, "dual: an IPv4-only stack refuses IPv6 (%d)",
           rc);
    return 0;
}

/* --- a reader waits alone ---------------------------------------------- */

static struct mirage_tcp_flow *wait_flow;
static char wait_buf[16];
static int wait_done;

static int blocked_reader(void *unused)
{
    int n;

    (void)unused;
    n = mirage_tcp_read(wait_flow, wait_buf, sizeof(wait_buf), TIMEOUT);
    wait_done = 1;
    return n;
}

static int case_blocking(void *unused)
{
    struct mirage_stack_endpoint ep = lo4(0);
    struct mirage_tcp_listener *l;
    struct mirage_tcp_flow *s;
    struct mirage_fiber *reader;
    int rc, ticks = 0, result = -1;

    (void)unused;
    if (mirage_tcp_listen(net, &ep, 0, &l) < 0) {
        TAP_OK(0, "blocking: listen");
        return 0;
    }
    ep.port = (uint16_t)mirage_tcp_listener_port(l);
    rc = mirage_tcp_connect(net, &ep, &wait_flow, TIMEOUT);
    if (rc == 0)
        rc = mirage_tcp_accept(l, &s, TIMEOUT);
    TAP_OK(rc == 0, "blocking: a connection (%d)", rc);
    if (rc < 0)
        return 0;
    wait_done = 0;
    mirage_fiber_spawn(&reader, blocked_reader, NULL, NULL);
    /* the reader waits for data; this fiber keeps running meanwhile */
    for (int i = 0; i < 10; i++) {
        mirage_sleep_ns(5 * MS);
        ticks++;
    }
    TAP_OK(ticks == 10 && !wait_done,
           "blocking: another fiber ran 10 times while the reader waited");
    rc = mirage_tcp_write(s, "wake", 4, TIMEOUT);
    mirage_fiber_join(reader, &result, TIMEOUT);
    TAP_OK(rc == 0 && result == 4 && memcmp(wait_buf, "wake", 4) == 0,
           "blocking: the reader gets the data once it comes (%d)", result);
    mirage_tcp_close(s);
    mirage_tcp_close(wait_flow);
    mirage_tcp_listener_close(l);
    return 0;
}

/* --- closing ----------------------------------------------------------- */

static int case_peer_close(void *unused)
{
    struct mirage_stack_endpoint ep = lo4(0);
    struct mirage_tcp_listener *l;
    struct mirage_tcp_flow *c, *s;
    char buf[8];
    int rc, n, tries;

    (void)unused;
    if (mirage_tcp_listen(net, &ep, 0, &l) < 0) {
        TAP_OK(0, "peer close: listen");
        return 0;
    }
    ep.port = (uint16_t)mirage_tcp_listener_port(l);
    rc = mirage_tcp_connect(net, &ep, &c, TIMEOUT);
    if (rc == 0)
        rc = mirage_tcp_accept(l, &s, TIMEOUT);
    if (rc < 0) {
        TAP_OK(0, "peer close: a connection (%d)", rc);
        return 0;
    }
    mirage_tcp_close(s);
    n = mirage_tcp_read(c, buf, sizeof(buf), TIMEOUT);
    TAP_OK(n == 0, "peer close: read returns 0 (%d)", n);
    /* the first write may still go out; the peer's reset ends the next */
    for (tries = 0, rc = 0; tries < 50 && rc == 0; tries++) {
        rc = mirage_tcp_write(c, "x", 1, TIMEOUT);
        if (rc == 0)
            mirage_sleep_ns(2 * MS);
    }
    TAP_OK(rc == -EPIPE, "peer close: write returns -EPIPE (%d after %d)", rc,
           tries);
    mirage_tcp_close(c);

    /* our own shutdown: -EPIPE at once */
    rc = mirage_tcp_connect(net, &ep, &c, TIMEOUT);
    if (rc == 0)
        rc = mirage_tcp_accept(l, &s, TIMEOUT);
    if (rc == 0) {
        mirage_tcp_shutdown(c, MIRAGE_TCP_SHUT_WRITE);
        rc = mirage_tcp_write(c, "x", 1, TIMEOUT);
        TAP_OK(rc == -EPIPE, "shutdown: then write returns -EPIPE (%d)", rc);
        n = mirage_tcp_read(s, buf, sizeof(buf), TIMEOUT);
        TAP_OK(n == 0, "shutdown: the peer reads the end (%d)", n);
        TAP_OK(mirage_tcp_shutdown(c, 0) == -EINVAL,
               "shutdown: no direction is -EINVAL");
        mirage_tcp_close(s);
        mirage_tcp_close(c);
    } else {
        TAP_OK(0, "shutdown: a connection (%d)", rc);
    }

    /* nobody listens any more */
    mirage_tcp_listener_close(l);
    rc = mirage_tcp_connect(net, &ep, &c, TIMEOUT);
    TAP_OK(rc == -ECONNREFUSED, "connect to a closed port: -ECONNREFUSED (%d)",
           rc);
    return 0;
}

/* Counter callback: counts its calls. */
static int count_counter(void *arg, const char *name, uint64_t value)
{
    (void)name;
    (void)value;
    ++*(int *)arg;
    return 0;
}

/* Flow options, counters and the IPv4 configuration. */
static int case_options(void *unused)
{
    struct mirage_stack_endpoint ep = lo4(0);
    struct mirage_stack_ipv4_info info;
    struct mirage_tcp_listener *l;
    struct mirage_tcp_flow *c, *s;
    char text[MIRAGE_IPV4_PREFIX_STRLEN];
    int rc, calls = 0;

    (void)unused;
    if (mirage_tcp_listen(net, &ep, 0, &l) < 0) {
        TAP_OK(0, "options: listen");
        return 0;
    }
    ep.port = (uint16_t)mirage_tcp_listener_port(l);
    rc = mirage_tcp_connect(net, &ep, &c, TIMEOUT);
    if (rc == 0)
        rc = mirage_tcp_accept(l, &s, TIMEOUT);
    if (rc < 0) {
        TAP_OK(0, "options: a connection (%d)", rc);
        return 0;
    }
    TAP_OK(mirage_tcp_setopt(c, MIRAGE_TCP_NODELAY, 0) == 0 &&
               mirage_tcp_setopt(c, MIRAGE_TCP_NODELAY, 1) == 0,
           "setopt: no-delay off and on");
    TAP_OK(mirage_tcp_setopt(c, MIRAGE_TCP_KEEPALIVE, 30) == 0 &&
               mirage_tcp_setopt(c, MIRAGE_TCP_KEEPALIVE, 0) == 0,
           "setopt: keep-alive after 30 s, then off");
    TAP_OK(mirage_tcp_setopt(c, MIRAGE_TCP_KEEPINTVL, 5) == 0 &&
               mirage_tcp_setopt(c, MIRAGE_TCP_KEEPCNT, 3) == 0 &&
               mirage_tcp_setopt(c, MIRAGE_TCP_KEEPINTVL, 0) == 0 &&
               mirage_tcp_setopt(c, MIRAGE_TCP_KEEPCNT, 0) == 0,
           "setopt: keep-alive interval 5 s and count 3, then the defaults");
    TAP_OK(mirage_tcp_setopt(c, MIRAGE_TCP_KEEPCNT, 256) == -EINVAL,
           "setopt: a count of 256 probes gives -EINVAL");
    TAP_OK(mirage_tcp_setopt(c, MIRAGE_TCP_USER_TIMEOUT, 2500) == 0 &&
               mirage_tcp_setopt(c, MIRAGE_TCP_USER_TIMEOUT, 0) == 0,
           "setopt: a user timeout of 2.5 s, then the host's default");
    rc = mirage_tcp_setopt(c, MIRAGE_TCP_CUBIC, 1);
    TAP_OK(rc == 0 && mirage_tcp_setopt(c, MIRAGE_TCP_CUBIC, 0) == 0,
           "setopt: CUBIC, then NewReno (the host's reno) (%d)", rc);
    TAP_OK(mirage_tcp_setopt(c, 99, 1) == -EINVAL,
           "setopt: an unknown option gives -EINVAL");
    TAP_OK(mirage_tcp_setopt(c, MIRAGE_TCP_KEEPALIVE, -1) == -EINVAL,
           "setopt: a negative value gives -EINVAL");
    rc = mirage_stack_counters(net, count_counter, &calls);
    TAP_OK(rc == -ENOTSUP && calls == 0,
           "counters: -ENOTSUP, the host keeps them (%d, %d calls)", rc, calls);
    rc = mirage_stack_ipv4_info(net4, &info);
    mirage_ipv4_prefix_to_string(&info.addr, text, sizeof(text));
    TAP_OK(rc == 0 && strcmp(text, "127.0.0.1/8") == 0 && !info.dhcp &&
               info.ndns == 0,
           "ipv4_info: --ipv4 as given (%d, %s), no DHCP", rc, text);
    mirage_tcp_close(c);
    mirage_tcp_close(s);
    mirage_tcp_listener_close(l);
    return 0;
}

static struct mirage_tcp_listener *closing;

static int waiting_acceptor(void *unused)
{
    struct mirage_tcp_flow *f;

    (void)unused;
    return mirage_tcp_accept(closing, &f, TIMEOUT);
}

static int case_close_wakes(void *unused)
{
    struct mirage_stack_endpoint ep = lo4(0);
    struct mirage_fiber *f;
    int rc, result = 0;

    (void)unused;
    if (mirage_tcp_listen(net, &ep, 0, &closing) < 0) {
        TAP_OK(0, "close wakes: listen");
        return 0;
    }
    mirage_fiber_spawn(&f, waiting_acceptor, NULL, NULL);
    mirage_sleep_ns(5 * MS);
    mirage_tcp_listener_close(closing);
    rc = mirage_fiber_join(f, &result, TIMEOUT);
    TAP_OK(rc == 0 && result == -EBADF,
           "close wakes: a fiber in accept gets -EBADF (%d, %d)", rc, result);
    return 0;
}

/* --- errors ------------------------------------------------------------ */

static int case_in_use(void *unused)
{
    struct mirage_stack_endpoint ep = lo4(0);
    struct mirage_tcp_listener *l, *l2 = NULL;
    struct mirage_udp_socket *u, *u2 = NULL;
    char want[64];
    int rc;

    (void)unused;
    if (mirage_tcp_listen(net, &ep, 0, &l) < 0) {
        TAP_OK(0, "in use: listen");
        return 0;
    }
    ep.port = (uint16_t)mirage_tcp_listener_port(l);
    capture_reset();
    rc = mirage_tcp_listen(net, &ep, 0, &l2);
    TAP_OK(rc == -EADDRINUSE && l2 == NULL,
           "in use: a second TCP listen is -EADDRINUSE (%d)", rc);
    snprintf(want, sizeof(want), "net: TCP 127.0.0.1:%u: address in use",
             (unsigned)ep.port);
    TAP_OK(strstr(capture_out, want) && strstr(capture_out, "[stack-socket]"),
           "in use: logged with the device and the address (%s)", want);
    mirage_tcp_listener_close(l);

    ep.port = 0;
    if (mirage_udp_bind(net, &ep, &u) < 0) {
        TAP_OK(0, "in use: UDP bind");
        return 0;
    }
    ep.port = (uint16_t)mirage_udp_port(u);
    rc = mirage_udp_bind(net, &ep, &u2);
    TAP_OK(rc == -EADDRINUSE, "in use: a second UDP bind is -EADDRINUSE (%d)",
           rc);
    mirage_udp_close(u);
    return 0;
}

static int case_accept_timeout(void *unused)
{
    struct mirage_stack_endpoint ep = lo4(0);
    struct mirage_tcp_listener *l;
    struct mirage_tcp_flow *f;
    uint64_t t0, dt;
    int rc;

    (void)unused;
    if (mirage_tcp_listen(net, &ep, 0, &l) < 0) {
        TAP_OK(0, "accept timeout: listen");
        return 0;
    }
    t0 = plat_clock_monotonic_ns();
    rc = mirage_tcp_accept(l, &f, 30 * MS);
    dt = plat_clock_monotonic_ns() - t0;
    TAP_OK(rc == -ETIMEDOUT && dt >= 30 * MS,
           "accept timeout: -ETIMEDOUT after 30 ms (%d, %llu ms)", rc,
           (unsigned long long)(dt / MS));
    mirage_tcp_listener_close(l);
    return 0;
}

/* --- UDP --------------------------------------------------------------- */

static void udp_case(struct mirage_stack_endpoint local, const char *what)
{
    static char big[70000];
    struct mirage_udp_socket *a, *b;
    struct mirage_stack_endpoint to, from;
    char buf[64];
    int rc, n;

    rc = mirage_udp_bind(net, &local, &a);
    if (local.version == MIRAGE_STACK_IPV6 && no_ipv6(rc)) {
        skip_no_ipv6(what, rc);
        return;
    }
    if (rc == 0)
        rc = mirage_udp_bind(net, &local, &b);
    TAP_OK(rc == 0, "%s: two sockets (%d)", what, rc);
    if (rc < 0)
        return;
    to = local;
    to.port = (uint16_t)mirage_udp_port(b);
    rc = mirage_udp_sendto(a, &to, "ping", 4, TIMEOUT);
    n = mirage_udp_recvfrom(b, buf, sizeof(buf), &from, TIMEOUT);
    TAP_OK(rc == 0 && n == 4 && memcmp(buf, "ping", 4) == 0,
           "%s: a datagram goes (%d, %d)", what, rc, n);
    TAP_OK(from.version == local.version && from.port == mirage_udp_port(a),
           "%s: from the sender's port", what);
    rc = mirage_udp_sendto(b, &from, "pong", 4, TIMEOUT);
    n = mirage_udp_recvfrom(a, buf, sizeof(buf), NULL, TIMEOUT);
    TAP_OK(rc == 0 && n == 4 && memcmp(buf, "pong", 4) == 0,
           "%s: and the answer comes back (%d, %d)", what, rc, n);
    rc = mirage_udp_sendto(a, &to, big, sizeof(big), TIMEOUT);
    TAP_OK(rc == -EMSGSIZE, "%s: 70000 bytes are -EMSGSIZE (%d)", what, rc);
    rc = mirage_udp_sendto(a, &to, big, 100, TIMEOUT);
    n = mirage_udp_recvfrom(b, buf, 10, NULL, TIMEOUT);
    TAP_OK(rc == 0 && n == -EMSGSIZE,
           "%s: a datagram longer than the buffer is -EMSGSIZE (%d)", what, n);
    n = mirage_udp_recvfrom(b, buf, sizeof(buf), NULL, 10 * MS);
    TAP_OK(n == -ETIMEDOUT, "%s: and dropped; recvfrom times out (%d)", what,
           n);
    mirage_udp_close(a);
    mirage_udp_close(b);
}

static int case_udp(void *unused)
{
    (void)unused;
    udp_case(lo4(0), "udp 127.0.0.1");
    udp_case(lo6(0), "udp ::1");
    return 0;
}

/* --- endpoints as text ------------------------------------------------- */

static void test_endpoint_text(void)
{
    struct mirage_stack_endpoint a = lo4(80), b = lo6(8080), any = {.port = 7};
    char buf[MIRAGE_STACK_ENDPOINT_STRLEN], tiny[4];

    mirage_stack_endpoint_to_string(&a, buf, sizeof(buf));
    TAP_STREQ(buf, "127.0.0.1:80", "endpoint text: IPv4");
    mirage_stack_endpoint_to_string(&b, buf, sizeof(buf));
    TAP_STREQ(buf, "[::1]:8080", "endpoint text: IPv6");
    mirage_stack_endpoint_to_string(&any, buf, sizeof(buf));
    TAP_STREQ(buf, "*:7", "endpoint text: the stack's own addresses");
    TAP_OK(mirage_stack_endpoint_to_string(&a, tiny, sizeof(tiny)) == -ENOSPC &&
               tiny[0] == '\0',
           "endpoint text: -ENOSPC when the buffer is small");
}

int main(void)
{
    tap_alarm(60); /* a hang fails the test instead of stopping the suite */
    test_endpoint_text();
    test_connect();
    if (!net || !net4 || !netlo)
        return tap_done();
    core_sched_run_main(case_echo, NULL);
    core_sched_run_main(case_dual, NULL);
    core_sched_run_main(case_blocking, NULL);
    core_sched_run_main(case_peer_close, NULL);
    core_sched_run_main(case_close_wakes, NULL);
    core_sched_run_main(case_in_use, NULL);
    core_sched_run_main(case_accept_timeout, NULL);
    core_sched_run_main(case_udp, NULL);
    core_sched_run_main(case_options, NULL);
    return tap_done();
}
