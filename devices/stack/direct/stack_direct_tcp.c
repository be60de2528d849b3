/* SPDX-License-Identifier: ISC */
/* stack_direct_tcp.c: the `direct` stack's TCP operations: the engine's
 * non-blocking calls made to wait in fibers. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "stack_direct.h"
#include "tcp.h"

static struct direct *dev_state(struct mirage_stack *dev)
{
    return dev->state;
}

/* A handle's call ends: a closed handle goes with its last call. */
static void flow_release(struct direct_flow *f)
{
    if (--f->busy == 0 && f->closed)
        free(f);
}

static void listener_release(struct direct_listener *l)
{
    if (--l->busy == 0 && l->closed)
        free(l);
}

static struct direct_flow *flow_new(struct direct *d, struct tcp_conn *c)
{
    struct direct_flow *f = calloc(1, sizeof(*f));

    if (f) {
        f->pub.stack = &d->dev;
        f->d = d;
        f->c = c;
    }
    return f;
}

int direct_tcp_listen(struct mirage_stack *dev,
                      const struct mirage_stack_endpoint *local, int backlog,
                      struct mirage_tcp_listener **listener)
{
    struct direct *d;
    struct direct_listener *l;
    uint32_t addr;
    int rc;

    if (!dev || !local || !listener)
        return -EINVAL;
    d = dev_state(dev);
    rc = direct_endpoint_ipv4(local, true, &addr);
    if (rc < 0)
        return rc;
    l = calloc(1, sizeof(*l));
    if (!l)
        return -ENOMEM;
    rc = tcp_listen(d->st, addr, local->port, backlog, &l->l);
    if (rc < 0) {
        if (rc == -EADDRINUSE)
            mirage_log_err(&stack_direct_log, "%s: TCP port %u is in use",
                           dev->name, (unsigned)local->port);
        free(l);
        return rc;
    }
    l->pub.stack = dev;
    l->d = d;
    *listener = &l->pub;
    return 0;
}

int direct_tcp_accept(struct mirage_tcp_listener *listener,
                      struct mirage_tcp_flow **flow, uint64_t timeout_ns)
{
    struct direct_listener *l = (struct direct_listener *)listener;
    uint64_t deadline = direct_deadline(timeout_ns);
    struct tcp_conn *c;
    struct direct_flow *f;
    int rc;

    if (!listener || !flow)
        return -EINVAL;
    if (l->closed)
        return -EBADF;
    l->busy++;
    for (;;) {
        if (l->closed) {
            rc = -EBADF;
            break;
        }
        rc = tcp_accept(l->l, &c);
        if (rc == 0) {
            f = flow_new(l->d, c);
            if (!f) {
                tcp_abort(c);
                rc = -ENOMEM;
                break;
            }
            *flow = &f->pub;
            break;
        }
        if (rc != -EAGAIN)
            break;
        rc = direct_wait(tcp_listener_cond(l->l), deadline);
        if (rc < 0)
            break;
    }
    listener_release(l);
    return rc;
}

int direct_tcp_listener_port(struct mirage_tcp_listener *listener)
{
    struct direct_listener *l = (struct direct_listener *)listener;

    if (!listener)
        return -EINVAL;
    if (l->closed)
        return -EBADF;
    return tcp_listener_port(l->l);
}

int direct_tcp_listener_close(struct mirage_tcp_listener *listener)
{
    struct direct_listener *l = (struct direct_listener *)listener;

    if (!listener)
        return -EINVAL;
    if (l->closed)
        return -EBADF;
    l->closed = true;
    /* the engine wakes the fibers in accept; they see (closed) */
    tcp_listener_close(l->l);
    l->l = NULL;
    l->busy++;
    listener_release(l);
    return 0;
}

int direct_tcp_connect(struct mirage_stack *dev,
                       const struct mirage_stack_endpoint *remote,
                       struct mirage_tcp_flow **flow, uint64_t timeout_ns)
{
    uint64_t deadline = direct_deadline(timeout_ns);
    struct direct *d;
    struct direct_flow *f;
    struct tcp_conn *c;
    uint32_t addr;
    int rc;

    if (!dev || !remote || !flow)
        return -EINVAL;
    d = dev_state(dev);
    rc = direct_endpoint_ipv4(remote, false, &addr);
    if (rc < 0)
        return rc;
    if (addr == 0 || remote->port == 0)
        return -EINVAL;
    if (!mirage_in_fiber())
        return -EPERM;
    rc = tcp_connect(d->st, addr, remote->port, &c);
    if (rc < 0)
        return rc;
    for (;;) {
        rc = tcp_conn_status(c);
        if (rc != -EINPROGRESS)
            break;
        rc = direct_wait(tcp_conn_cond(c), deadline);
        if (rc < 0)
            break;
    }
    if (rc < 0) {
        tcp_abort(c);
        return rc;
    }
    f = flow_new(d, c);
    if (!f) {
        tcp_abort(c);
        return -ENOMEM;
    }
    *flow = &f->pub;
    return 0;
}

int direct_tcp_read(struct mirage_tcp_flow *flow, void *buf, size_t size,
                    uint64_t timeout_ns)
{
    struct direct_flow *f = (struct direct_flow *)flow;
    uint64_t deadline = direct_deadline(timeout_ns);
    int rc;

    if (!flow || (!buf && size))
        return -EINVAL;
    if (f->closed)
        return -EBADF;
    if (size == 0)
        return 0;
    if (size > INT_MAX)
        size = INT_MAX;
    f->busy++;
    for (;;) {
        if (f->closed) {
            rc = -EBADF;
            break;
        }
        direct_clock_hold(f->d);
        rc = tcp_recv(f->c, buf, size);
        direct_clock_release(f->d);
        if (rc != -EAGAIN)
            break;
        rc = direct_wait(tcp_conn_cond(f->c), deadline);
        if (rc < 0)
            break;
    }
    flow_release(f);
    return rc;
}

int direct_tcp_write(struct mirage_tcp_flow *flow, const void *buf, size_t len,
                     uint64_t timeout_ns)
{
    struct direct_flow *f = (struct direct_flow *)flow;
    uint64_t deadline = direct_deadline(timeout_ns);
    const uint8_t *p = buf;
    int rc = 0;

    if (!flow || (!buf && len))
        return -EINVAL;
    if (f->closed)
        return -EBADF;
    f->busy++;
    while (len > 0) {
        if (f->closed) {
            rc = -EBADF;
            break;
        }
        direct_clock_hold(f->d);
        rc = tcp_send(f->c, p, len);
        direct_clock_release(f->d);
        if (rc > 0) {
            p += rc;
            len -= (size_t)rc;
            rc = 0;
            continue;
        }
        if (rc != -EAGAIN)
            break;
        rc = direct_wait(tcp_conn_cond(f->c), deadline);
        if (rc < 0)
            break;
    }
    flow_release(f);
    return rc;
}

int direct_tcp_shutdown(struct mirage_tcp_flow *flow, unsigned how)
{
    struct direct_flow *f = (struct direct_flow *)flow;

    if (!flow)
        return -EINVAL;
    if (f->closed)
        return -EBADF;
    if (how == 0 || (how & ~(MIRAGE_TCP_SHUT_READ | MIRAGE_TCP_SHUT_WRITE)))
        return -EINVAL;
    return tcp_shutdown(f->c, how);
}

int direct_tcp_endpoints(struct mirage_tcp_flow *flow,
                         struct mirage_stack_endpoint *local,
                         struct mirage_stack_endpoint *remote)
{
    struct direct_flow *f = (struct direct_flow *)flow;
    uint32_t la, ra;
    uint16_t lp, rp;

    if (!flow)
        return -EINVAL;
    if (f->closed)
        return -EBADF;
    tcp_endpoints(f->c, &la, &lp, &ra, &rp);
    if (local)
        *local = direct_endpoint(la, lp);
    if (remote)
        *remote = direct_endpoint(ra, rp);
    return 0;
}

int direct_tcp_close(struct mirage_tcp_flow *flow)
{
    struct direct_flow *f = (struct direct_flow *)flow;
    struct tcp_conn *c;

    if (!flow)
        return -EINVAL;
    if (f->closed)
        return -EBADF;
    f->closed = true;
    c = f->c;
    f->c = NULL;
    /* wake the fibers in read and write before the engine may free the
       connection (and its wait queue) */
    mirage_cond_broadcast(tcp_conn_cond(c));
    tcp_close(c);
    f->busy++;
    flow_release(f);
    return 0;
}

int direct_tcp_setopt(struct mirage_tcp_flow *flow, int option, int value)
{
    struct direct_flow *f = (struct direct_flow *)flow;

    if (!flow)
        return -EINVAL;
    if (f->closed)
        return -EBADF;
    if (value < 0)
        return -EINVAL;
    switch (option) {
    case MIRAGE_TCP_NODELAY:
        return tcp_set_nodelay(f->c, value != 0);
    case MIRAGE_TCP_KEEPALIVE:
    case MIRAGE_TCP_KEEPINTVL:
    case MIRAGE_TCP_KEEPCNT: {
        /* 0 for the interval or the count: its default, 75 s or 9 (as
           Linux) */
        int *v = option == MIRAGE_TCP_KEEPALIVE   ? &f->keep_idle
                 : option == MIRAGE_TCP_KEEPINTVL ? &f->keep_intvl
                                                  : &f->keep_cnt;
        int old = *v, rc;

        if (option == MIRAGE_TCP_KEEPCNT && value > 255)
            return -EINVAL;
        *v = value;
        rc = tcp_set_keepalive(f->c, f->keep_idle != 0, TCPIP_S(f->keep_idle),
                               TCPIP_S(f->keep_intvl), (unsigned)f->keep_cnt);
        if (rc < 0)
            *v = old;
        return rc;
    }
    case MIRAGE_TCP_USER_TIMEOUT:
        return tcp_set_user_timeout(f->c, TCPIP_MS(value));
    case MIRAGE_TCP_CUBIC:
        return tcp_set_cubic(f->c, value != 0);
    default:
        return -EINVAL;
    }
}
