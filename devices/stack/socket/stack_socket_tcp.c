/* SPDX-License-Identifier: ISC */
/* stack_socket_tcp.c: TCP listeners, accepting and connecting. */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform.h"
#include "stack_socket.h"

/* The handle of a listener. */
static struct stack_socket_handle *of_listener(struct mirage_tcp_listener *l)
{
    return (struct stack_socket_handle *)l;
}

/* A flow of (dev) for connected socket (fd) of IP (version), or NULL. */
static struct stack_socket_handle *new_flow(struct mirage_stack *dev, int fd,
                                            int version)
{
    struct stack_socket_handle *h = stack_socket_handle_new(dev);
    int one = 1;

    if (!h)
        return NULL;
    /* writes are whole messages: send them at once */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    h->fds[0] = fd;
    h->versions[0] = version;
    h->nfds = 1;
    return h;
}

int stack_socket_tcp_listen(struct mirage_stack *dev,
                            const struct mirage_stack_endpoint *local,
                            int backlog, struct mirage_tcp_listener **out)
{
    char text[MIRAGE_STACK_ENDPOINT_STRLEN];
    struct stack_socket_handle *h;
    int rc;

    if (!dev || !local || !out)
        return -EINVAL;
    h = stack_socket_handle_new(dev);
    if (!h)
        return -ENOMEM;
    rc = stack_socket_open_bound(h, local, SOCK_STREAM, backlog);
    if (rc < 0) {
        free(h);
        return rc;
    }
    mirage_stack_endpoint_to_string(local, text, sizeof(text));
    mirage_log_debug(&stack_socket_log, "%s: listening on TCP %s (port %d)",
                     dev->name, text, stack_socket_local_port(h));
    *out = &h->pub.listener;
    return 0;
}

int stack_socket_tcp_accept(struct mirage_tcp_listener *listener,
                            struct mirage_tcp_flow **flow, uint64_t timeout_ns)
{
    struct stack_socket_handle *h = of_listener(listener);
    uint64_t deadline = stack_socket_deadline(timeout_ns);

    if (!listener || !flow)
        return -EINVAL;
    for (;;) {
        int rc;

        for (int i = 0; i < h->nfds; i++) {
            struct stack_socket_handle *f;
            int fd =
                accept4(h->fds[i], NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

            if (fd < 0) {
                /* gone before we took it, or nothing yet: try on */
                if (errno == EAGAIN || errno == EWOULDBLOCK ||
                    errno == ECONNABORTED || errno == EINTR || errno == EPROTO)
                    continue;
                return -errno;
            }
            f = new_flow(listener->stack, fd, h->versions[i]);
            if (!f) {
                close(fd);
                return -ENOMEM;
            }
            *flow = &f->pub.flow;
            return 0;
        }
        rc = stack_socket_wait(h, PLAT_IO_READ, deadline);
        if (rc < 0)
            return rc;
    }
}

int stack_socket_tcp_listener_port(struct mirage_tcp_listener *listener)
{
    return stack_socket_local_port(of_listener(listener));
}

int stack_socket_tcp_listener_close(struct mirage_tcp_listener *listener)
{
    if (!listener)
        return -EINVAL;
    stack_socket_handle_close(of_listener(listener));
    return 0;
}

int stack_socket_tcp_connect(struct mirage_stack *dev,
                             const struct mirage_stack_endpoint *remote,
                             struct mirage_tcp_flow **flow, uint64_t timeout_ns)
{
    uint64_t deadline = stack_socket_deadline(timeout_ns);
    struct stack_socket_state *st;
    struct stack_socket_handle *h;
    struct sockaddr_storage ss;
    socklen_t len;
    int fd, rc = 0;

    if (!dev || !remote || !flow)
        return -EINVAL;
    st = stack_socket_of(dev);
    if (remote->version != MIRAGE_STACK_IPV4 &&
        remote->version != MIRAGE_STACK_IPV6)
        return -EINVAL;
    if ((remote->version == MIRAGE_STACK_IPV4 && st->ipv6_only) ||
        (remote->version == MIRAGE_STACK_IPV6 && st->ipv4_only))
        return -EAFNOSUPPORT;
    len = stack_socket_sockaddr(remote, &ss);
    fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    h = new_flow(dev, fd, remote->version);
    if (!h) {
        close(fd);
        return -ENOMEM;
    }
    if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) {
            rc = -errno;
        } else {
            /* the connection is made (or refused) when it is writable */
            for (;;) {
                int err = 0;
                socklen_t elen = sizeof(err);
                struct sockaddr_storage peer;
                socklen_t plen = sizeof(peer);

                rc = stack_socket_wait(h, PLAT_IO_WRITE, deadline);
                if (rc < 0)
                    break;
                if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0)
                    err = errno;
                if (err != 0) {
                    rc = -err;
                    break;
                }
                if (getpeername(fd, (struct sockaddr *)&peer, &plen) == 0)
                    break;
                /* woken early: still connecting */
            }
        }
    }
    if (rc < 0) {
        stack_socket_handle_close(h);
        return rc;
    }
    *flow = &h->pub.flow;
    return 0;
}
