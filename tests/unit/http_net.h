/* SPDX-License-Identifier: ISC */
/* http_net.h: what the tests of the HTTP server and client share. */
#ifndef MIRAGE_TESTS_HTTP_NET_H
#define MIRAGE_TESTS_HTTP_NET_H

/*
 * The tests run the server and its clients as fibers of one process over
 * the `socket` stack on 127.0.0.1: a server in a fiber of its own, clients
 * that are our client (mirage/http_client.h) or raw TCP flows sending
 * what a test writes byte for byte (a hostile client). Responses read
 * raw are framed by the codec's parser of responses.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/http_client.h>
#include <mirage/http_server.h>

#include "core/sched.h"
#include "core/sched_impl.h"
#include "tap.h"

#define MS 1000000ULL
/* The limit of every wait that should succeed: scaled, so a hang ends. */
#define TIMEOUT (tap_scaled_ns(10000 * MS))

static struct mirage_stack *net;
static struct mirage_mclock *mclock;
static struct mirage_pclock *pclock;

/* Connects the devices; false (with a failed point) when one is missing. */
static inline bool net_setup(void)
{
    struct mirage_ipv4_prefix lo4 = {{{127, 0, 0, 1}}, 8};
    struct mirage_ipv6_prefix any6 = {{{0}}, 0};
    int rc = mirage_stack_socket_connect(&net, "net", lo4, any6, true, false);

    if (rc == 0)
        rc = mirage_mclock_default_connect(&mclock, "mclock");
    if (rc == 0)
        rc = mirage_pclock_default_connect(&pclock, "pclock");
    TAP_OK(rc == 0, "a socket stack on 127.0.0.1 and the clocks (%d)", rc);
    return rc == 0;
}

/* A server running in a fiber of its own. */
struct test_server {
    struct mirage_http_server *srv;
    struct mirage_fiber *fiber;
    int port;
    int result;
};

static inline int server_fiber(void *arg)
{
    struct test_server *t = arg;

    return mirage_http_server_run(t->srv);
}

/* The test's defaults: a server on 127.0.0.1, any port, with the clocks. */
static inline void server_config(struct mirage_http_server_config *cfg)
{
    mirage_http_server_config_default(cfg);
    cfg->local = mirage_stack_endpoint_ipv4(127, 0, 0, 1, 0);
    cfg->mclock = mclock;
    cfg->pclock = pclock;
}

/* Listens with (cfg) and runs the server; 0 or an error (a failed point). */
static inline int server_start(struct test_server *t,
                               const struct mirage_http_server_config *cfg,
                               mirage_http_handler handler, void *arg)
{
    int rc;

    memset(t, 0, sizeof(*t));
    rc = mirage_http_server_listen(&t->srv, net, cfg, handler, arg);
    if (rc == 0)
        t->port = mirage_http_server_port(t->srv);
    if (rc == 0)
        rc = mirage_fiber_spawn(&t->fiber, server_fiber, t, NULL);
    if (rc < 0)
        TAP_OK(0, "the server starts (%d)", rc);
    return rc;
}

/* Stops the server, waits for its run to return; its result. */
static inline int server_end(struct test_server *t)
{
    int rc;

    mirage_http_server_stop(t->srv);
    rc = mirage_fiber_join(t->fiber, &t->result, TIMEOUT);
    if (rc < 0) {
        mirage_fiber_cancel(t->fiber);
        mirage_fiber_join(t->fiber, NULL, TIMEOUT);
        t->result = rc;
    }
    mirage_http_server_free(t->srv);
    return t->result;
}

/* A raw TCP connection to the server. NULL on failure. */
static inline struct mirage_tcp_flow *raw_open(int port)
{
    struct mirage_stack_endpoint to =
        mirage_stack_endpoint_ipv4(127, 0, 0, 1, (uint16_t)port);
    struct mirage_tcp_flow *flow;

    if (mirage_tcp_connect(net, &to, &flow, TIMEOUT) < 0)
        return NULL;
    return flow;
}

/* Sends the string (s). */
static inline int raw_send(struct mirage_tcp_flow *flow, const char *s)
{
    return mirage_tcp_write(flow, s, strlen(s), TIMEOUT);
}

/* What a raw read of responses keeps between calls. */
struct raw_reader {
    struct mirage_tcp_flow *flow;
    char buf[8192];
    size_t off, len;
    struct mirage_http_parser p;
    char mem[32768] __attribute__((aligned(16)));
    bool started;
};

/* One response read raw. */
struct raw_response {
    int status;
    char head[4096]; /* the head's fields, "Name: value\n" each */
    char body[65536];
    size_t body_len;
    bool keep_alive;
};

static inline void raw_reader_init(struct raw_reader *r,
                                   struct mirage_tcp_flow *flow)
{
    memset(r, 0, sizeof(*r));
    r->flow = flow;
    mirage_http_parser_init(&r->p, true, NULL, r->mem, sizeof(r->mem));
}

/*
 * Reads the next response (of a request of method (m)), waiting up to
 * (timeout) for each read. Returns 1, 0 when the stream ended before one
 * began, or a negative errno value (-EBADMSG: malformed or cut short).
 */
static inline int raw_response(struct raw_reader *r, enum mirage_http_method m,
                               struct raw_response *out, uint64_t timeout)
{
    bool begun = false;

    memset(out, 0, sizeof(*out));
    if (r->started && mirage_http_parser_next(&r->p) < 0)
        return -EBADMSG;
    r->started = true;
    mirage_http_parser_response_to(&r->p, m);
    for (;;) {
        enum mirage_http_event ev;
        size_t used;

        ev = mirage_http_parse(&r->p, r->buf + r->off, r->len, &used);
        r->off += used;
        r->len -= used;
        if (used)
            begun = true;
        if (ev == MIRAGE_HTTP_EV_HEAD) {
            size_t n = 0;

            out->status = r->p.msg.status;
            out->keep_alive = r->p.msg.keep_alive;
            for (size_t i = 0; i < r->p.msg.nfields; i++) {
                const struct mirage_http_field *f = &r->p.msg.fields[i];
                int k = snprintf(out->head + n, sizeof(out->head) - n,
                                 "%.*s: %.*s\n", (int)f->name.len, f->name.ptr,
                                 (int)f->value.len, f->value.ptr);

                if (k > 0 && (size_t)k < sizeof(out->head) - n)
                    n += (size_t)k;
            }
            continue;
        }
        if (ev == MIRAGE_HTTP_EV_BODY) {
            size_t k = r->p.body.len;

            if (k > sizeof(out->body) - out->body_len)
                k = sizeof(out->body) - out->body_len;
            memcpy(out->body + out->body_len, r->p.body.ptr, k);
            out->body_len += k;
            continue;
        }
        if (ev == MIRAGE_HTTP_EV_DONE)
            return 1;
        if (ev == MIRAGE_HTTP_EV_ERROR)
            return -EBADMSG;
        /* EV_MORE */
        if (r->len == 0) {
            int n = mirage_tcp_read(r->flow, r->buf, sizeof(r->buf), timeout);

            if (n == 0) {
                ev = mirage_http_parser_eof(&r->p);
                if (ev == MIRAGE_HTTP_EV_DONE)
                    return 1;
                return begun ? -EBADMSG : 0;
            }
            if (n < 0)
                return n;
            r->off = 0;
            r->len = (size_t)n;
        }
    }
}

/* Reads until the end of the stream (or (timeout) per read); the bytes
 * read, or a negative errno value. */
static inline int raw_drain(struct mirage_tcp_flow *flow, uint64_t timeout)
{
    static char sink[16384];
    int total = 0;

    for (;;) {
        int n = mirage_tcp_read(flow, sink, sizeof(sink), timeout);

        if (n == 0)
            return total;
        if (n < 0)
            return n == -ECONNRESET ? total : n;
        total += n;
    }
}

/* Whether the fields text (head) of a raw response has the line (line). */
static inline bool has_line(const char *head, const char *line)
{
    size_t n = strlen(line);

    for (const char *p = head; (p = strstr(p, line)) != NULL; p++)
        if ((p == head || p[-1] == '\n') && p[n] == '\n')
            return true;
    return false;
}

/* Asks (method) (target) with the client (c) and reads the whole body into
 * (body), (cap) bytes at most with its NUL (an empty string on an error).
 * Returns the body's length, or the request's or the read's error. */
static inline int client_fetch(struct mirage_http_client *c, const char *method,
                               const char *target,
                               struct mirage_http_client_response *resp,
                               char *body, size_t cap)
{
    struct mirage_http_client_request rq = {.method = method, .target = target};
    size_t len = 0;
    int rc = mirage_http_client_request(c, &rq, resp), n;

    body[0] = 0;
    if (rc < 0)
        return rc;
    while ((n = mirage_http_client_read(c, body + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    body[len] = 0;
    return n < 0 ? n : (int)len;
}

/* The deepest the running fiber's stack has been, in bytes, at most: its
 * memory comes zeroed from mmap, so the lowest byte that is not zero
 * (above the canary) marks the deepest point reached. Raises (*depth) to
 * it. (Under AddressSanitizer, whose poisoned frames it may not read:
 * nothing.) */
static inline void measure_stack(size_t *depth)
{
#ifndef CORE_SAN_ADDRESS
    struct mirage_fiber *f = core_sched_self();
    const unsigned char *lo = (const unsigned char *)core_fiber_stack_lo(f);
    const unsigned char *p = lo + sizeof(uint64_t);

    while (p < (const unsigned char *)f && *p == 0)
        p++;
    if ((size_t)((const unsigned char *)f - p) > *depth)
        *depth = (size_t)((const unsigned char *)f - p);
#else
    (void)depth;
#endif
}

#endif
