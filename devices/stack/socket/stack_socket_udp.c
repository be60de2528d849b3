/* SPDX-License-Identifier: ISC */
/* stack_socket_udp.c: UDP sockets: binding, sending, receiving. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "platform.h"
#include "stack_socket.h"

/* The handle of a UDP socket. */
static struct stack_socket_handle *of_udp(struct mirage_udp_socket *sock)
{
    return (struct stack_socket_handle *)sock;
}

int stack_socket_udp_bind(struct mirage_stack *dev,
                          const struct mirage_stack_endpoint *local,
                          struct mirage_udp_socket **sock)
{
    struct stack_socket_handle *h;
    int rc;

    if (!dev || !local || !sock)
        return -EINVAL;
    h = stack_socket_handle_new(dev);
    if (!h)
        return -ENOMEM;
    rc = stack_socket_open_bound(h, local, SOCK_DGRAM, 0);
    if (rc < 0) {
        free(h);
        return rc;
    }
    *sock = &h->pub.udp;
    return 0;
}

int stack_socket_udp_port(struct mirage_udp_socket *sock)
{
    return stack_socket_local_port(of_udp(sock));
}

int stack_socket_udp_sendto(struct mirage_udp_socket *sock,
                            const struct mirage_stack_endpoint *remote,
                            const void *buf, size_t len, uint64_t timeout_ns)
{
    struct stack_socket_handle *h = of_udp(sock);
    uint64_t deadline = stack_socket_deadline(timeout_ns);
    struct sockaddr_storage ss;
    socklen_t sslen;
    int fd = -1;

    if (!sock || !remote || (!buf && len > 0))
        return -EINVAL;
    if (remote->version != MIRAGE_STACK_IPV4 &&
        remote->version != MIRAGE_STACK_IPV6)
        return -EINVAL;
    if (len > (remote->version == MIRAGE_STACK_IPV4 ? MIRAGE_UDP_MAX_IPV4
                                                    : MIRAGE_UDP_MAX_IPV6))
        return -EMSGSIZE;
    for (int i = 0; i < h->nfds; i++)
        if (h->versions[i] == remote->version)
            fd = h->fds[i];
    if (fd < 0)
        return -EAFNOSUPPORT;
    sslen = stack_socket_sockaddr(remote, &ss);
    for (;;) {
        int rc;

        if (sendto(fd, buf, len, MSG_NOSIGNAL, (struct sockaddr *)&ss, sslen) >=
            0)
            return 0;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -errno;
        rc = stack_socket_wait(h, PLAT_IO_WRITE, deadline);
        if (rc < 0)
            return rc;
    }
}

int stack_socket_udp_recvfrom(struct mirage_udp_socket *sock, void *buf,
                              size_t size, struct mirage_stack_endpoint *remote,
                              uint64_t timeout_ns)
{
    struct stack_socket_handle *h = of_udp(sock);
    uint64_t deadline = stack_socket_deadline(timeout_ns);

    if (!sock || (!buf && size > 0))
        return -EINVAL;
    if (size > INT_MAX)
        size = INT_MAX;
    for (;;) {
        int rc;

        for (int i = 0; i < h->nfds; i++) {
            struct sockaddr_storage ss;
            socklen_t sslen = sizeof(ss);
            /* MSG_TRUNC: the datagram's real length, to tell it was cut */
            ssize_t n = recvfrom(h->fds[i], buf, size, MSG_TRUNC,
                                 (struct sockaddr *)&ss, &sslen);

            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                    continue;
                return -errno;
            }
            if ((size_t)n > size) {
                mirage_log_debug(&stack_socket_log,
                                 "%s: dropped a UDP datagram of %zd bytes "
                                 "(room for %zu)",
                                 sock->stack->name, n, size);
                return -EMSGSIZE;
            }
            if (remote)
                stack_socket_endpoint(&ss, remote);
            return (int)n;
        }
        rc = stack_socket_wait(h, PLAT_IO_READ, deadline);
        if (rc < 0)
            return rc;
    }
}

int stack_socket_udp_close(struct mirage_udp_socket *sock)
{
    if (!sock)
        return -EINVAL;
    stack_socket_handle_close(of_udp(sock));
    return 0;
}
