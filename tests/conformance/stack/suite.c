/* SPDX-License-Identifier: ISC */
/* suite.c: the stack conformance suite, for every implementation of stack. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>

#include "conformance.h"
#include "mirage_main.h"

#define MS 1000000ull
/* Bounds waits that must end by an event: only a hang reaches them. */
#define HANG (60000 * MS)
/* Clients of the many-connections check. */
#define MANY 20
/* Bytes of the large transfer. */
#define BIG (1u << 20)

static struct mirage_stack *stack;
static uint16_t port; /* the listener's */

/* The address the suite talks to itself on: the stack's own IPv4 address
   when it has one (--ipv4=ADDR/LEN), else 127.0.0.1 (the socket stack's
   0.0.0.0/0: any address of the host). */
static struct mirage_ipv4 self = {{127, 0, 0, 1}};
static char self_text[MIRAGE_IPV4_STRLEN] = "127.0.0.1";

/* Our address, port (p). */
static struct mirage_stack_endpoint loopback(uint16_t p)
{
    return mirage_stack_endpoint_ipv4(self.bytes[0], self.bytes[1],
                                      self.bytes[2], self.bytes[3], p);
}

/* Sets (self) from the stack's IPv4 configuration. */
static void find_self(void)
{
    struct mirage_stack_ipv4_info info;
    static const struct mirage_ipv4 none;

    if (mirage_stack_ipv4_info(stack, &info) == 0 &&
        memcmp(&info.addr.addr, &none, sizeof(none)) != 0) {
        self = info.addr.addr;
        mirage_ipv4_to_string(&self, self_text, sizeof(self_text));
    }
}

/* A client fiber: connects, then writes (out) and reads (want) back. */
struct client {
    struct mirage_tcp_flow *flow;
    char out[16];
    int rc;
};

static int connect_fn(void *arg)
{
    struct client *c = arg;
    struct mirage_stack_endpoint to = loopback(port);

    c->rc = mirage_tcp_connect(stack, &to, &c->flow, HANG);
    return c->rc;
}

/* Reads exactly (n) bytes into (buf); 0, or the failing read's result. */
static int read_all(struct mirage_tcp_flow *f, void *buf, size_t n)
{
    size_t got = 0;

    while (got < n) {
        int rc = mirage_tcp_read(f, (char *)buf + got, n - got, HANG);
        if (rc <= 0)
            return rc < 0 ? rc : -EPIPE;
        got += (size_t)rc;
    }
    return 0;
}

/* Connects a client to the listener (l) and accepts it. */
static int pair(struct mirage_tcp_listener *l, struct mirage_tcp_flow **cl,
                struct mirage_tcp_flow **sv)
{
    struct client c = {.flow = NULL, .rc = 1};
    struct mirage_fiber *f;
    int rc = mirage_fiber_spawn(&f, connect_fn, &c, NULL);

    if (rc < 0)
        return rc;
    rc = mirage_tcp_accept(l, sv, HANG);
    mirage_fiber_join(f, NULL, MIRAGE_FOREVER);
    if (rc < 0 || c.rc < 0) {
        if (rc == 0)
            mirage_tcp_close(*sv);
        if (c.rc == 0)
            mirage_tcp_close(c.flow);
        return rc < 0 ? rc : c.rc;
    }
    *cl = c.flow;
    return 0;
}

/* A fiber that reads once with no timeout: its result in (rc). */
struct waiter {
    struct mirage_tcp_flow *flow;
    struct mirage_tcp_listener *listener;
    struct mirage_udp_socket *sock;
    int rc;
};

static int read_fn(void *arg)
{
    struct waiter *w = arg;
    char c;

    w->rc = mirage_tcp_read(w->flow, &c, 1, MIRAGE_FOREVER);
    return 0;
}

static int accept_fn(void *arg)
{
    struct waiter *w = arg;
    struct mirage_tcp_flow *f;

    w->rc = mirage_tcp_accept(w->listener, &f, MIRAGE_FOREVER);
    if (w->rc == 0)
        mirage_tcp_close(f);
    return 0;
}

static int recv_fn(void *arg)
{
    struct waiter *w = arg;
    char c;

    w->rc = mirage_udp_recvfrom(w->sock, &c, 1, NULL, MIRAGE_FOREVER);
    return 0;
}

/* Spawns (fn)(w), lets it wait, and stores its fiber in (*f). */
static int spawn_waiting(mirage_fiber_fn fn, struct waiter *w,
                         struct mirage_fiber **f)
{
    int rc = mirage_fiber_spawn(f, fn, w, NULL);

    w->rc = 1;
    if (rc == 0)
        rc = mirage_yield();
    return rc;
}

/* Both directions, the endpoints, timeouts, a cancelled read. */
static void check_flow(struct mirage_tcp_flow *cl, struct mirage_tcp_flow *sv)
{
    struct mirage_stack_endpoint cl_local, cl_remote, sv_local, sv_remote;
    struct waiter w = {.flow = sv};
    struct mirage_fiber *f;
    char buf[8];

    CONF_RC(mirage_tcp_write(cl, "ping", 4, HANG), 0, "client writes ping");
    CONF_RC(read_all(sv, buf, 4), 0, "server reads 4 bytes");
    TAP_OK(memcmp(buf, "ping", 4) == 0, "they are ping");
    CONF_RC(mirage_tcp_write(sv, "pong!", 5, HANG), 0, "server writes pong!");
    CONF_RC(read_all(cl, buf, 5), 0, "client reads 5 bytes");
    TAP_OK(memcmp(buf, "pong!", 5) == 0, "they are pong!");
    CONF_RC(mirage_tcp_read(cl, buf, 0, HANG), 0, "a read of 0 bytes: 0");
    CONF_RC(mirage_tcp_endpoints(cl, &cl_local, &cl_remote), 0,
            "client endpoints: 0");
    CONF_RC(mirage_tcp_endpoints(sv, &sv_local, &sv_remote), 0,
            "server endpoints: 0");
    TAP_OK(cl_remote.port == port && sv_local.port == port,
           "the client's remote and the server's local port are the "
           "listener's");
    TAP_OK(sv_remote.port == cl_local.port && cl_local.port != 0,
           "the server's remote port is the client's local port");
    TAP_OK(cl_remote.version == MIRAGE_STACK_IPV4 &&
               memcmp(cl_remote.ipv4.bytes, self.bytes, 4) == 0,
           "the client's remote address is %s", self_text);
    CONF_RC(mirage_tcp_endpoints(cl, NULL, NULL), 0,
            "endpoints into NULL pointers: 0");
    CONF_RC(mirage_tcp_read(sv, buf, sizeof buf, 0), -ETIMEDOUT,
            "a read with timeout 0 and no data: -ETIMEDOUT");
    CONF_RC(mirage_tcp_read(sv, buf, sizeof buf, 10 * MS), -ETIMEDOUT,
            "a read with timeout 10 ms and no data: -ETIMEDOUT");
    CONF_RC(spawn_waiting(read_fn, &w, &f), 0, "a fiber reads with no timeout");
    mirage_fiber_cancel(f);
    CONF_RC(mirage_fiber_join(f, NULL, HANG), 0, "cancel it, then join it");
    CONF_RC(w.rc, -ECANCELED, "its read returned -ECANCELED");
}

/* A fiber that writes BIG bytes in one call. */
struct big {
    struct mirage_tcp_flow *flow;
    unsigned char *data;
    int rc;
};

static int big_write_fn(void *arg)
{
    struct big *b = arg;

    b->rc = mirage_tcp_write(b->flow, b->data, BIG, HANG);
    return 0;
}

/* 1 MiB each way, the writer waiting for room while the reader reads. */
static void check_big(struct mirage_tcp_flow *from, struct mirage_tcp_flow *to,
                      const char *what)
{
    unsigned char *out = malloc(BIG), *in = malloc(BIG);
    struct big b = {from, out, 1};
    struct mirage_fiber *f;

    if (!out || !in) {
        TAP_OK(0, "room for 2 MiB of buffers");
        free(out);
        free(in);
        return;
    }
    for (size_t i = 0; i < BIG; i++)
        out[i] = (unsigned char)(i * 31 + (i >> 12));
    CONF_RC(mirage_fiber_spawn(&f, big_write_fn, &b, NULL), 0,
            "%s: a fiber writes 1 MiB in one call", what);
    CONF_RC(read_all(to, in, BIG), 0, "%s: the other end reads 1 MiB", what);
    CONF_RC(mirage_fiber_join(f, NULL, HANG), 0, "%s: join the writer", what);
    CONF_RC(b.rc, 0, "%s: its write returned 0", what);
    TAP_OK(memcmp(in, out, BIG) == 0, "%s: the bytes came in order", what);
    free(out);
    free(in);
}

/* Half-close: one side's end of stream, the other side goes on. */
static void check_half_close(struct mirage_tcp_flow *cl,
                             struct mirage_tcp_flow *sv)
{
    char buf[8];

    CONF_RC(mirage_tcp_shutdown(cl, 0), -EINVAL,
            "shutdown with no bits: -EINVAL");
    CONF_RC(mirage_tcp_shutdown(cl, 4), -EINVAL,
            "shutdown with an unknown bit: -EINVAL");
    CONF_RC(mirage_tcp_shutdown(cl, MIRAGE_TCP_SHUT_WRITE), 0,
            "the client shuts down its writing side");
    CONF_RC(mirage_tcp_read(sv, buf, sizeof buf, HANG), 0,
            "the server reads the end of the stream: 0");
    CONF_RC(mirage_tcp_read(sv, buf, sizeof buf, HANG), 0, "and again: 0");
    CONF_RC(mirage_tcp_write(cl, "x", 1, HANG), -EPIPE,
            "the client's write after its shutdown: -EPIPE");
    CONF_RC(mirage_tcp_write(sv, "after", 5, HANG), 0,
            "the server still writes");
    CONF_RC(read_all(cl, buf, 5), 0, "the client still reads");
    TAP_OK(memcmp(buf, "after", 5) == 0, "what the server wrote");
    CONF_RC(mirage_tcp_close(sv), 0, "the server closes");
    CONF_RC(mirage_tcp_read(cl, buf, sizeof buf, HANG), 0,
            "the client reads the end of the stream: 0");
    CONF_RC(mirage_tcp_close(cl), 0, "the client closes");
}

/* Reset: a peer that closes with unread data resets the connection. */
static void check_reset(struct mirage_tcp_flow *cl, struct mirage_tcp_flow *sv)
{
    char buf[8];

    CONF_RC(mirage_tcp_write(sv, "unread", 6, HANG), 0,
            "the server writes 6 bytes");
    CONF_RC(mirage_tcp_write(cl, "x", 1, HANG), 0, "the client writes 1");
    CONF_RC(read_all(sv, buf, 1), 0, "the server reads it (its data is in)");
    CONF_RC(mirage_tcp_close(cl), 0,
            "the client closes without reading the 6 bytes");
    CONF_RC(mirage_tcp_read(sv, buf, sizeof buf, HANG), -ECONNRESET,
            "the server's read: -ECONNRESET");
    CONF_RC(mirage_tcp_close(sv), 0, "the server closes");
}

/* A write that finds no room (nobody reads) times out. */
static void check_write_timeout(struct mirage_tcp_flow *cl,
                                struct mirage_tcp_flow *sv)
{
    unsigned char *chunk = calloc(1, BIG);
    int rc = 0, calls = 0;

    if (!chunk) {
        TAP_OK(0, "room for 1 MiB");
        return;
    }
    /* the host buffers some MiB; 64 calls of 1 MiB are more than enough */
    while (rc == 0 && calls < 64) {
        rc = mirage_tcp_write(cl, chunk, BIG, 20 * MS);
        calls++;
    }
    CONF_RC(rc, -ETIMEDOUT,
            "writes of 1 MiB with timeout 20 ms that nobody reads: "
            "-ETIMEDOUT at last (call %d)",
            calls);
    CONF_RC(mirage_tcp_close(cl), 0, "the client closes");
    CONF_RC(mirage_tcp_close(sv), 0, "the server closes");
    free(chunk);
}

/* A client of the many-connections check: connects, writes its number. */
static int many_fn(void *arg)
{
    struct client *c = arg;
    char buf[16];

    if (connect_fn(c) < 0)
        return 0;
    c->rc = mirage_tcp_write(c->flow, c->out, strlen(c->out), HANG);
    if (c->rc == 0)
        c->rc = read_all(c->flow, buf, strlen(c->out));
    if (c->rc == 0 && memcmp(buf, c->out, strlen(c->out)) != 0)
        c->rc = -EBADMSG;
    mirage_tcp_close(c->flow);
    return 0;
}

/* MANY clients at once; the server echoes each one's number. */
static void check_many(struct mirage_tcp_listener *l)
{
    static struct client cs[MANY];
    struct mirage_fiber *fs[MANY];
    int accepted = 0, echoed = 0, done = 0;

    for (int i = 0; i < MANY; i++) {
        snprintf(cs[i].out, sizeof cs[i].out, "client %d", i);
        cs[i].rc = 1;
        if (mirage_fiber_spawn(&fs[i], many_fn, &cs[i], NULL) < 0)
            fs[i] = NULL;
    }
    for (int i = 0; i < MANY; i++) {
        struct mirage_tcp_flow *f;
        char buf[16];
        int n;

        if (mirage_tcp_accept(l, &f, HANG) < 0)
            break;
        accepted++;
        n = mirage_tcp_read(f, buf, sizeof buf, HANG);
        if (n > 0 && mirage_tcp_write(f, buf, (size_t)n, HANG) == 0)
            echoed++;
        mirage_tcp_read(f, buf, sizeof buf, HANG); /* the client's close */
        mirage_tcp_close(f);
    }
    for (int i = 0; i < MANY; i++)
        if (fs[i] && mirage_fiber_join(fs[i], NULL, HANG) == 0 && cs[i].rc == 0)
            done++;
    TAP_OK(accepted == MANY, "%d connections at once: all accepted (%d)", MANY,
           accepted);
    TAP_OK(echoed == MANY, "each one's message echoed (%d)", echoed);
    TAP_OK(done == MANY, "each client read its own message back (%d)", done);
}

/* Listeners: ports, refusals, timeouts, close waking an accept. */
static void check_listeners(void)
{
    struct mirage_stack_endpoint at = loopback(0);
    struct mirage_tcp_listener *l, *l2;
    struct mirage_tcp_flow *f;
    struct waiter w = {.rc = 1};
    struct mirage_fiber *fib;
    int p;

    CONF_RC(mirage_tcp_listen(stack, &at, 8, &l), 0, "listen on %s, port 0",
            self_text);
    p = mirage_tcp_listener_port(l);
    TAP_OK(p > 0 && p < 65536, "it has a port (%d)", p);
    at = loopback((uint16_t)p);
    CONF_RC(mirage_tcp_listen(stack, &at, 8, &l2), -EADDRINUSE,
            "listen on the same port again: -EADDRINUSE");
    CONF_RC(mirage_tcp_listen(stack, NULL, 8, &l2), -EINVAL,
            "listen on NULL: -EINVAL");
    at.version = 5;
    CONF_RC(mirage_tcp_listen(stack, &at, 8, &l2), -EINVAL,
            "listen with IP version 5: -EINVAL");
    CONF_RC(mirage_tcp_accept(l, &f, 10 * MS), -ETIMEDOUT,
            "accept with timeout 10 ms and no client: -ETIMEDOUT");
    w.listener = l;
    CONF_RC(spawn_waiting(accept_fn, &w, &fib), 0,
            "a fiber accepts with no timeout");
    CONF_RC(mirage_tcp_listener_close(l), 0, "close the listener");
    CONF_RC(mirage_fiber_join(fib, NULL, HANG), 0, "join the fiber");
    CONF_RC(w.rc, -EBADF, "its accept returned -EBADF");
    at = loopback((uint16_t)p);
    CONF_RC(mirage_tcp_connect(stack, &at, &f, HANG), -ECONNREFUSED,
            "connect to the closed port: -ECONNREFUSED");
    at.version = 0;
    CONF_RC(mirage_tcp_connect(stack, &at, &f, HANG), -EINVAL,
            "connect to version 0 (not an address): -EINVAL");
}

/* UDP: datagrams both ways, senders, sizes, timeouts, close. */
static void check_udp(void)
{
    struct mirage_stack_endpoint at = loopback(0), from;
    struct mirage_udp_socket *a, *b;
    struct waiter w = {.rc = 1};
    struct mirage_fiber *fib;
    static char big[MIRAGE_UDP_MAX_IPV4 + 1];
    char buf[64];
    int pa, pb;

    CONF_RC(mirage_udp_bind(stack, &at, &a), 0, "udp: bind a on port 0");
    CONF_RC(mirage_udp_bind(stack, &at, &b), 0, "udp: bind b on port 0");
    pa = mirage_udp_port(a);
    pb = mirage_udp_port(b);
    TAP_OK(pa > 0 && pb > 0 && pa != pb, "udp: two ports (%d, %d)", pa, pb);
    at = loopback((uint16_t)pb);
    CONF_RC(mirage_udp_sendto(a, &at, "hello", 5, HANG), 0,
            "udp: a sends hello to b");
    memset(&from, 0, sizeof from);
    CONF_RC(mirage_udp_recvfrom(b, buf, sizeof buf, &from, HANG), 5,
            "udp: b receives 5 bytes");
    TAP_OK(memcmp(buf, "hello", 5) == 0, "udp: hello");
    TAP_OK(from.version == MIRAGE_STACK_IPV4 && from.port == pa,
           "udp: from a's port");
    CONF_RC(mirage_udp_sendto(b, &from, "world!", 6, HANG), 0,
            "udp: b answers its sender");
    CONF_RC(mirage_udp_recvfrom(a, buf, sizeof buf, NULL, HANG), 6,
            "udp: a receives 6 bytes (no sender asked)");
    TAP_OK(memcmp(buf, "world!", 6) == 0, "udp: world!");
    CONF_RC(mirage_udp_sendto(a, &at, "", 0, HANG), 0,
            "udp: an empty datagram");
    CONF_RC(mirage_udp_recvfrom(b, buf, sizeof buf, NULL, HANG), 0,
            "udp: is received as 0 bytes");
    CONF_RC(mirage_udp_sendto(a, &at, "0123456789", 10, HANG), 0,
            "udp: a sends 10 bytes");
    CONF_RC(mirage_udp_recvfrom(b, buf, 4, NULL, HANG), -EMSGSIZE,
            "udp: received into 4 bytes: -EMSGSIZE");
    CONF_RC(mirage_udp_recvfrom(b, buf, sizeof buf, NULL, 10 * MS), -ETIMEDOUT,
            "udp: the datagram was dropped: the next receive times out");
    CONF_RC(mirage_udp_sendto(a, &at, big, sizeof big, HANG), -EMSGSIZE,
            "udp: sending %u bytes over IPv4: -EMSGSIZE", (unsigned)sizeof big);
    CONF_RC(mirage_udp_sendto(a, &at, big, MIRAGE_UDP_MAX_IPV4, HANG), 0,
            "udp: sending %u bytes: 0", MIRAGE_UDP_MAX_IPV4);
    CONF_RC(mirage_udp_recvfrom(b, big, sizeof big, NULL, HANG),
            (int)MIRAGE_UDP_MAX_IPV4, "udp: received whole");
    w.sock = b;
    CONF_RC(spawn_waiting(recv_fn, &w, &fib), 0,
            "udp: a fiber receives with no timeout");
    mirage_fiber_cancel(fib);
    CONF_RC(mirage_fiber_join(fib, NULL, HANG), 0, "udp: cancel it, join it");
    CONF_RC(w.rc, -ECANCELED, "udp: its receive returned -ECANCELED");
    CONF_RC(spawn_waiting(recv_fn, &w, &fib), 0,
            "udp: another receives with no timeout");
    CONF_RC(mirage_udp_close(b), 0, "udp: close b");
    CONF_RC(mirage_fiber_join(fib, NULL, HANG), 0, "udp: join the fiber");
    CONF_RC(w.rc, -EBADF, "udp: its receive returned -EBADF");
    CONF_RC(mirage_udp_close(a), 0, "udp: close a");
}

int suite_start(struct mirage_stack *s)
{
    struct mirage_stack_endpoint at;
    struct mirage_tcp_listener *l;
    struct mirage_tcp_flow *cl = NULL, *sv = NULL;
    int rc;

    conf_begin();
    stack = s;
    find_self();
    at = loopback(0);
    check_listeners();
    rc = mirage_tcp_listen(stack, &at, MANY, &l);
    CONF_RC(rc, 0, "listen on %s, port 0, backlog %d", self_text, MANY);
    if (rc == 0) {
        port = (uint16_t)mirage_tcp_listener_port(l);
        rc = pair(l, &cl, &sv);
        CONF_RC(rc, 0, "connect to it, and accept the connection");
        if (rc == 0) {
            check_flow(cl, sv);
            check_big(cl, sv, "client to server");
            check_big(sv, cl, "server to client");
            check_half_close(cl, sv);
        }
        rc = pair(l, &cl, &sv);
        CONF_RC(rc, 0, "another connection");
        if (rc == 0)
            check_reset(cl, sv);
        rc = pair(l, &cl, &sv);
        CONF_RC(rc, 0, "a third connection");
        if (rc == 0)
            check_write_timeout(cl, sv);
        check_many(l);
        CONF_RC(mirage_tcp_listener_close(l), 0, "close the listener");
    }
    check_udp();
    return conf_end();
}
