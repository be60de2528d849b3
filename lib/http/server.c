/* SPDX-License-Identifier: ISC */
/* server.c: the HTTP server: settings, listening, accepting, stopping. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "server_internal.h"

/* a source of images with a stack: the only ones that can serve HTTP */
MIRAGE_LOG_DEVICE_SOURCE(http_server_log, "http", "the HTTP server (lib/http)",
                         "stack");

#define SECOND 1000000000ull

void mirage_http_server_config_default(struct mirage_http_server_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->backlog = 16;
    cfg->max_connections = 64;
    cfg->max_requests = 1000;
    mirage_http_limits_default(&cfg->limits);
    /* A request line of 4 KiB and a head of 8 KiB hold what browsers send
     * (nginx reads heads into 1 KiB, then up to 4 buffers of 8 KiB); with
     * 64 fields a parser needs about 14 KiB instead of the codec's 27. */
    cfg->limits.max_line = 4096;
    cfg->limits.max_head = 8192;
    cfg->limits.max_fields = 64;
    cfg->read_buffer = 4096;
    cfg->write_buffer = 4096;
    /* a connection used 3.9 KiB (4.1 serving files) on the socket stack,
     * and every test passed with 8 KiB on the direct stack (spt, unix) */
    cfg->fiber_stack = 12 * 1024;
    cfg->header_timeout_ns = 10 * SECOND;
    cfg->idle_timeout_ns = 30 * SECOND;
    cfg->body_timeout_ns = 60 * SECOND;
    cfg->write_timeout_ns = 30 * SECOND;
    cfg->linger_timeout_ns = 2 * SECOND;
    cfg->server_name = "mirage";
}

uint64_t http_srv_now(const struct mirage_http_server *srv)
{
    return mirage_mclock_elapsed_ns(srv->cfg.mclock);
}

const char *http_srv_date(struct mirage_http_server *srv)
{
    int64_t s;

    if (!srv->cfg.pclock || mirage_pclock_now(srv->cfg.pclock, &s, NULL) < 0)
        return NULL;
    if (s != srv->date_s || !srv->date[0]) {
        if (mirage_http_date_format(s, srv->date) < 0)
            return NULL;
        srv->date_s = s;
    }
    return srv->date;
}

/* The bytes of (n) rounded up to a pointer's alignment. */
static size_t aligned(size_t n)
{
    return (n + sizeof(void *) * 2 - 1) & ~(sizeof(void *) * 2 - 1);
}

int mirage_http_server_listen(struct mirage_http_server **srv,
                              struct mirage_stack *stack,
                              const struct mirage_http_server_config *cfg,
                              mirage_http_handler handler, void *arg)
{
    struct mirage_http_server *s;
    size_t pm;
    int rc;

    if (!srv || !stack || !cfg || !handler || !cfg->mclock ||
        cfg->read_buffer < 256 || cfg->write_buffer < 256 ||
        cfg->max_connections == 0 || cfg->max_requests == 0)
        return -EINVAL;
    pm = mirage_http_parser_mem_size(&cfg->limits);
    if (pm == 0 || cfg->read_buffer > SIZE_MAX / 4 ||
        cfg->write_buffer > SIZE_MAX / 4 || pm > SIZE_MAX / 4)
        return -EINVAL;
    s = calloc(1, sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->stack = stack;
    s->cfg = *cfg;
    s->handler = handler;
    s->arg = arg;
    s->parser_mem = pm;
    s->conn_size = aligned(sizeof(struct http_conn)) + aligned(pm) +
                   aligned(cfg->read_buffer) + cfg->write_buffer;
    rc = mirage_tcp_listen(stack, &cfg->local, cfg->backlog, &s->listener);
    if (rc < 0) {
        free(s);
        return rc;
    }
    *srv = s;
    return 0;
}

int mirage_http_server_port(struct mirage_http_server *srv)
{
    if (!srv || !srv->listener)
        return -EBADF;
    return mirage_tcp_listener_port(srv->listener);
}

/* A connection (c) for (flow): its memory in one block, parser set. */
static struct http_conn *conn_new(struct mirage_http_server *srv,
                                  struct mirage_tcp_flow *flow)
{
    struct http_conn *c = calloc(1, srv->conn_size);
    char *mem;

    if (!c)
        return NULL;
    mem = (char *)c + aligned(sizeof(*c));
    if (mirage_http_parser_init(&c->parser, false, &srv->cfg.limits, mem,
                                srv->parser_mem) < 0) {
        free(c);
        return NULL;
    }
    mem += aligned(srv->parser_mem);
    c->in = mem;
    c->out = mem + aligned(srv->cfg.read_buffer);
    c->srv = srv;
    c->flow = flow;
    c->accepted = http_srv_now(srv);
    if (mirage_tcp_endpoints(flow, NULL, &c->req.peer) < 0)
        memset(&c->req.peer, 0, sizeof(c->req.peer));
    /* the output is gathered here: Nagle would hold an answer's last
     * segment until the client's delayed ACK (40 ms for a 5,000-byte
     * answer on the direct stack: 25 answers a second instead of 1,500) */
    mirage_tcp_setopt(flow, MIRAGE_TCP_NODELAY, 1);
    return c;
}

/* Starts serving (flow) in a fiber of its own. 0 or -ENOMEM (closed). */
static int conn_start(struct mirage_http_server *srv,
                      struct mirage_tcp_flow *flow)
{
    struct mirage_fiber_attr attr = {"http", srv->cfg.fiber_stack};

    /* a TLS handshake (BearSSL's RSA and EC code) needs more stack */
    if (srv->cfg.tls && attr.stack_size < HTTP_TLS_FIBER_STACK)
        attr.stack_size = HTTP_TLS_FIBER_STACK;
    struct http_conn *c = conn_new(srv, flow);
    int rc;

    if (!c) {
        mirage_tcp_close(flow);
        return -ENOMEM;
    }
    rc = mirage_fiber_spawn(NULL, http_conn_main, c, &attr);
    if (rc < 0) {
        mirage_tcp_close(flow);
        free(c);
        return rc;
    }
    c->next = srv->live;
    if (srv->live)
        srv->live->prev = c;
    srv->live = c;
    srv->st.active++;
    if (srv->st.active > srv->st.peak)
        srv->st.peak = srv->st.active;
    return 0;
}

/* Closes the flows of the connections waiting for a request (all of them
 * when (all)): their fibers wake with -EBADF and end. */
static void close_idle(struct mirage_http_server *srv, bool all)
{
    for (struct http_conn *c = srv->live; c; c = c->next)
        if ((c->idle || all) && c->flow) {
            mirage_tcp_close(c->flow);
            c->flow = NULL;
        }
}

/* Whether an error of accept passes once resources are back. */
static bool accept_transient(int rc)
{
    return rc == -ENOMEM || rc == -EMFILE || rc == -ENFILE || rc == -ENOBUFS ||
           rc == -ECONNABORTED || rc == -EAGAIN || rc == -EINTR;
}

int mirage_http_server_run(struct mirage_http_server *srv)
{
    int rc = 0;

    if (!srv || srv->running || !srv->listener)
        return -EINVAL;
    srv->running = true;
    while (!srv->stopping) {
        struct mirage_tcp_flow *flow;

        if (srv->cfg.max_accepts && srv->st.accepted >= srv->cfg.max_accepts)
            break;
        /* back-pressure: a connection more waits in the backlog */
        while (srv->st.active >= srv->cfg.max_connections && !srv->stopping &&
               rc == 0)
            rc = mirage_cond_wait(&srv->changed, MIRAGE_FOREVER);
        if (rc < 0 || srv->stopping)
            break;
        rc = mirage_tcp_accept(srv->listener, &flow, MIRAGE_FOREVER);
        if (rc < 0) {
            if (srv->stopping) {
                rc = 0;
                break;
            }
            if (!accept_transient(rc))
                break;
            mirage_log_warn(&http_server_log, "accept: error %d", rc);
            /* wait for a connection to end, or a moment */
            rc = mirage_cond_wait(&srv->changed, SECOND / 10);
            if (rc == -ECANCELED)
                break;
            rc = 0;
            continue;
        }
        srv->st.accepted++;
        if (srv->cfg.tls) {
            struct mirage_tcp_flow *raw = flow;
            if (mirage_tls_server(srv->cfg.tls, raw, &flow) < 0) {
                mirage_log_warn(&http_server_log,
                                "connection %llu: TLS cannot take it: closed",
                                (unsigned long long)srv->st.accepted);
                mirage_tcp_close(raw);
                continue;
            }
        }
        if (conn_start(srv, flow) < 0)
            mirage_log_warn(&http_server_log,
                            "connection %llu: no memory to serve it: closed",
                            (unsigned long long)srv->st.accepted);
    }
    srv->stopping = true;
    if (srv->listener) {
        mirage_tcp_listener_close(srv->listener);
        srv->listener = NULL;
    }
    close_idle(srv, false);
    while (srv->live && rc != -ECANCELED) {
        rc = mirage_cond_wait(&srv->changed, MIRAGE_FOREVER) == -ECANCELED
                 ? -ECANCELED
                 : rc;
        close_idle(srv, false);
    }
    if (rc == -ECANCELED) /* a cancelled fiber cannot wait: they end later */
        close_idle(srv, true);
    srv->running = false;
    return rc;
}

int mirage_http_server_stop(struct mirage_http_server *srv)
{
    if (!srv)
        return -EINVAL;
    if (srv->stopping)
        return 0;
    srv->stopping = true;
    if (srv->listener) {
        /* wakes the accept of run */
        mirage_tcp_listener_close(srv->listener);
        srv->listener = NULL;
    }
    close_idle(srv, false);
    mirage_cond_broadcast(&srv->changed);
    return 0;
}

void mirage_http_server_stats(struct mirage_http_server *srv,
                              struct mirage_http_server_stats *st)
{
    *st = srv->st;
}

void mirage_http_server_free(struct mirage_http_server *srv)
{
    if (!srv)
        return;
    if (srv->listener)
        mirage_tcp_listener_close(srv->listener);
    free(srv);
}
