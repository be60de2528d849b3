/* SPDX-License-Identifier: ISC */
/* flow.c: a TLS flow's mirage_tcp_flow operations (its pseudo stack). */
#include <errno.h>
#include <string.h>

#include "tls_bearssl.h"

/* How long close and shutdown wait for the close_notify alert to go. */
#define TLS_CLOSE_NOTIFY_NS 1000000000ull

static struct tls_flow *enter(struct mirage_tcp_flow *flow)
{
    struct tls_flow *f = (struct tls_flow *)flow;

    f->users++;
    return f;
}

/* Leaves a call with (rc); the last fiber out of a closed flow frees it. */
static int leave(struct tls_flow *f, int rc)
{
    if (--f->users == 0 && f->closed)
        tls_flow_free(f);
    return rc;
}

static int flow_read(struct mirage_tcp_flow *flow, void *buf, size_t size,
                     uint64_t timeout_ns)
{
    struct tls_flow *f = enter(flow);
    unsigned char *app;
    size_t len;
    int rc;

    if (size == 0 || f->eof)
        return leave(f, f->closed ? -EBADF : 0);
    rc = tls_pump(f, BR_SSL_RECVAPP, tls_deadline(f->d, timeout_ns));
    if (rc < 0)
        return leave(f, rc);
    app = br_ssl_engine_recvapp_buf(f->eng, &len);
    if (!app || !len)
        return leave(f, 0); /* the end of the stream */
    if (len > size)
        len = size;
    if (len > INT32_MAX)
        len = INT32_MAX;
    memcpy(buf, app, len);
    br_ssl_engine_recvapp_ack(f->eng, len);
    return leave(f, (int)len);
}

static int flow_write(struct mirage_tcp_flow *flow, const void *buf, size_t len,
                      uint64_t timeout_ns)
{
    struct tls_flow *f = enter(flow);
    uint64_t deadline = tls_deadline(f->d, timeout_ns);
    const unsigned char *p = buf;
    int rc;

    if (f->shut_write)
        return leave(f, f->closed ? -EBADF : -EPIPE);
    while (len) {
        unsigned char *room;
        size_t n;

        rc = tls_pump(f, BR_SSL_SENDAPP, deadline);
        if (rc < 0)
            return leave(f, rc);
        room = br_ssl_engine_sendapp_buf(f->eng, &n);
        if (!room || !n)
            continue;
        if (n > len)
            n = len;
        memcpy(room, p, n);
        br_ssl_engine_sendapp_ack(f->eng, n);
        p += n;
        len -= n;
    }
    br_ssl_engine_flush(f->eng, 0);
    return leave(f, tls_pump(f, TLS_WANT_FLUSHED, deadline));
}

/* Queues close_notify and gives it (TLS_CLOSE_NOTIFY_NS) to go. */
static void send_close_notify(struct tls_flow *f)
{
    if (f->shut_write || f->err || !f->handshaken)
        return;
    f->shut_write = true;
    br_ssl_engine_close(f->eng);
    if (mirage_in_fiber())
        (void)tls_pump(f, TLS_WANT_FLUSHED,
                       tls_deadline(f->d, TLS_CLOSE_NOTIFY_NS));
}

static int flow_shutdown(struct mirage_tcp_flow *flow, unsigned how)
{
    struct tls_flow *f = enter(flow);

    if (!how || (how & ~(MIRAGE_TCP_SHUT_READ | MIRAGE_TCP_SHUT_WRITE)))
        return leave(f, -EINVAL);
    if (how & MIRAGE_TCP_SHUT_WRITE) {
        send_close_notify(f);
        f->shut_write = true;
    }
    if (how & MIRAGE_TCP_SHUT_READ)
        f->eof = true;
    if (!f->raw)
        return leave(f, -ENOTCONN);
    return leave(f, mirage_tcp_shutdown(f->raw, how));
}

static int flow_endpoints(struct mirage_tcp_flow *flow,
                          struct mirage_stack_endpoint *local,
                          struct mirage_stack_endpoint *remote)
{
    struct tls_flow *f = (struct tls_flow *)flow;

    /* closed by another fiber that still has it in a call */
    return f->raw ? mirage_tcp_endpoints(f->raw, local, remote) : -ENOTCONN;
}

static int flow_setopt(struct mirage_tcp_flow *flow, int option, int value)
{
    struct tls_flow *f = (struct tls_flow *)flow;

    return f->raw ? mirage_tcp_setopt(f->raw, option, value) : -EBADF;
}

static int flow_close(struct mirage_tcp_flow *flow)
{
    struct tls_flow *f = enter(flow);

    if (f->closed)
        return leave(f, 0);
    if (f->users == 1 && !f->rx_busy && !f->tx_busy)
        send_close_notify(f);
    f->closed = true;
    mirage_tcp_close(f->raw);
    f->raw = NULL;
    mirage_cond_broadcast(&f->turn);
    return leave(f, 0);
}

/* What a TLS flow's pseudo stack cannot do: it has only flows. */
static int no_listen(struct mirage_stack *dev,
                     const struct mirage_stack_endpoint *local, int backlog,
                     struct mirage_tcp_listener **listener)
{
    (void)dev, (void)local, (void)backlog, (void)listener;
    return -EOPNOTSUPP;
}

static int no_connect(struct mirage_stack *dev,
                      const struct mirage_stack_endpoint *remote,
                      struct mirage_tcp_flow **flow, uint64_t timeout_ns)
{
    (void)dev, (void)remote, (void)flow, (void)timeout_ns;
    return -EOPNOTSUPP;
}

static int no_bind(struct mirage_stack *dev,
                   const struct mirage_stack_endpoint *local,
                   struct mirage_udp_socket **sock)
{
    (void)dev, (void)local, (void)sock;
    return -EOPNOTSUPP;
}

static int no_counters(struct mirage_stack *dev,
                       int (*fn)(void *arg, const char *name, uint64_t value),
                       void *arg)
{
    (void)dev, (void)fn, (void)arg;
    return -EOPNOTSUPP;
}

static int no_ipv4_info(struct mirage_stack *dev,
                        struct mirage_stack_ipv4_info *info)
{
    (void)dev, (void)info;
    return -EOPNOTSUPP;
}

const struct mirage_stack_ops tls_flow_ops = {
    .tcp_listen = no_listen,
    .tcp_connect = no_connect,
    .tcp_read = flow_read,
    .tcp_write = flow_write,
    .tcp_shutdown = flow_shutdown,
    .tcp_endpoints = flow_endpoints,
    .tcp_close = flow_close,
    .tcp_setopt = flow_setopt,
    .udp_bind = no_bind,
    .counters = no_counters,
    .ipv4_info = no_ipv4_info,
};
