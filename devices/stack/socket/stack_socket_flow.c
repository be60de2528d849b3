/* SPDX-License-Identifier: ISC */
/* stack_socket_flow.c: TCP flows: reading, writing, shutting down. */
#include <errno.h>
#include <limits.h>
#include <sys/socket.h>

#include "platform.h"
#include "stack_socket.h"

/* The handle of a flow. */
static struct stack_socket_handle *of_flow(struct mirage_tcp_flow *flow)
{
    return (struct stack_socket_handle *)flow;
}

int stack_socket_tcp_read(struct mirage_tcp_flow *flow, void *buf, size_t size,
                          uint64_t timeout_ns)
{
    struct stack_socket_handle *h = of_flow(flow);
    uint64_t deadline = stack_socket_deadline(timeout_ns);

    if (!flow || (!buf && size > 0))
        return -EINVAL;
    if (size == 0)
        return 0;
    if (size > INT_MAX)
        size = INT_MAX;
    for (;;) {
        ssize_t n = recv(h->fds[0], buf, size, 0);
        int rc;

        if (n >= 0)
            return (int)n;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -errno;
        rc = stack_socket_wait(h, PLAT_IO_READ, deadline);
        if (rc < 0)
            return rc;
    }
}

int stack_socket_tcp_write(struct mirage_tcp_flow *flow, const void *buf,
                           size_t len, uint64_t timeout_ns)
{
    struct stack_socket_handle *h = of_flow(flow);
    uint64_t deadline = stack_socket_deadline(timeout_ns);
    const char *p = buf;

    if (!flow || (!buf && len > 0))
        return -EINVAL;
    while (len > 0) {
        /* MSG_NOSIGNAL: a closed connection is -EPIPE, never SIGPIPE */
        ssize_t n = send(h->fds[0], p, len, MSG_NOSIGNAL);
        int rc;

        if (n >= 0) {
            p += n;
            len -= (size_t)n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -errno;
        rc = stack_socket_wait(h, PLAT_IO_WRITE, deadline);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int stack_socket_tcp_shutdown(struct mirage_tcp_flow *flow, unsigned how)
{
    struct stack_socket_handle *h = of_flow(flow);
    int mode;

    if (!flow)
        return -EINVAL;
    switch (how) {
    case MIRAGE_TCP_SHUT_READ:
        mode = SHUT_RD;
        break;
    case MIRAGE_TCP_SHUT_WRITE:
        mode = SHUT_WR;
        break;
    case MIRAGE_TCP_SHUT_READ | MIRAGE_TCP_SHUT_WRITE:
        mode = SHUT_RDWR;
        break;
    default:
        return -EINVAL;
    }
    return shutdown(h->fds[0], mode) == 0 ? 0 : -errno;
}

int stack_socket_tcp_endpoints(struct mirage_tcp_flow *flow,
                               struct mirage_stack_endpoint *local,
                               struct mirage_stack_endpoint *remote)
{
    struct stack_socket_handle *h = of_flow(flow);
    struct sockaddr_storage ss;
    socklen_t len;

    if (!flow)
        return -EINVAL;
    if (local) {
        len = sizeof(ss);
        if (getsockname(h->fds[0], (struct sockaddr *)&ss, &len) != 0)
            return -errno;
        stack_socket_endpoint(&ss, local);
    }
    if (remote) {
        len = sizeof(ss);
        if (getpeername(h->fds[0], (struct sockaddr *)&ss, &len) != 0)
            return -errno;
        stack_socket_endpoint(&ss, remote);
    }
    return 0;
}

int stack_socket_tcp_close(struct mirage_tcp_flow *flow)
{
    if (!flow)
        return -EINVAL;
    stack_socket_handle_close(of_flow(flow));
    return 0;
}
