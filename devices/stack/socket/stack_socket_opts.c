/* SPDX-License-Identifier: ISC */
/* stack_socket_opts.c: the `socket` stack's flow options, counters and IPv4
 * configuration. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "stack_socket.h"

int stack_socket_tcp_setopt(struct mirage_tcp_flow *flow, int option, int value)
{
    struct stack_socket_handle *h = (struct stack_socket_handle *)flow;
    int on = value != 0;

    if (!flow || value < 0)
        return -EINVAL;
    if (h->closed || h->nfds < 1)
        return -EBADF;
    switch (option) {
    case MIRAGE_TCP_NODELAY:
        if (setsockopt(h->fds[0], IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) !=
            0)
            return -errno;
        return 0;
    case MIRAGE_TCP_KEEPALIVE:
        if (setsockopt(h->fds[0], SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) !=
            0)
            return -errno;
        if (on && setsockopt(h->fds[0], IPPROTO_TCP, TCP_KEEPIDLE, &value,
                             sizeof(value)) != 0)
            return -errno;
        return 0;
    case MIRAGE_TCP_KEEPINTVL:
    case MIRAGE_TCP_KEEPCNT: {
        /* 0: the defaults of direct (and of Linux) */
        int v = value ? value : option == MIRAGE_TCP_KEEPINTVL ? 75 : 9;

        if (option == MIRAGE_TCP_KEEPCNT && value > 255)
            return -EINVAL;
        if (setsockopt(h->fds[0], IPPROTO_TCP,
                       option == MIRAGE_TCP_KEEPINTVL ? TCP_KEEPINTVL
                                                      : TCP_KEEPCNT,
                       &v, sizeof(v)) != 0)
            return -errno;
        return 0;
    }
    case MIRAGE_TCP_USER_TIMEOUT: {
        unsigned ms = (unsigned)value;

        if (setsockopt(h->fds[0], IPPROTO_TCP, TCP_USER_TIMEOUT, &ms,
                       sizeof(ms)) != 0)
            return -errno;
        return 0;
    }
    case MIRAGE_TCP_CUBIC: {
        const char *cc = on ? "cubic" : "reno";

        if (setsockopt(h->fds[0], IPPROTO_TCP, TCP_CONGESTION, cc,
                       (socklen_t)strlen(cc)) != 0)
            return -errno;
        return 0;
    }
    default:
        return -EINVAL;
    }
}

int stack_socket_counters(struct mirage_stack *dev,
                          int (*fn)(void *arg, const char *name,
                                    uint64_t value),
                          void *arg)
{
    (void)arg;
    if (!dev || !fn)
        return -EINVAL;
    return -ENOTSUP; /* the host keeps them: netstat -s */
}

int stack_socket_ipv4_info(struct mirage_stack *dev,
                           struct mirage_stack_ipv4_info *info)
{
    struct stack_socket_state *st;

    if (!dev || !info)
        return -EINVAL;
    st = stack_socket_of(dev);
    if (st->ipv6_only)
        return -EAFNOSUPPORT;
    memset(info, 0, sizeof(*info));
    info->addr = st->ipv4;
    return 0;
}
