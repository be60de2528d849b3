/* SPDX-License-Identifier: ISC */
/* stack_socket_addr.c: endpoints, host addresses, bound sockets. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stack_socket.h"

socklen_t stack_socket_sockaddr(const struct mirage_stack_endpoint *ep,
                                struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof(*ss));
    if (ep->version == MIRAGE_STACK_IPV4) {
        struct sockaddr_in *sin = (struct sockaddr_in *)ss;

        sin->sin_family = AF_INET;
        sin->sin_port = htons(ep->port);
        memcpy(&sin->sin_addr, ep->ipv4.bytes, 4);
        return sizeof(*sin);
    } else {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(ep->port);
        memcpy(&sin6->sin6_addr, ep->ipv6.bytes, 16);
        return sizeof(*sin6);
    }
}

void stack_socket_endpoint(const struct sockaddr_storage *ss,
                           struct mirage_stack_endpoint *ep)
{
    memset(ep, 0, sizeof(*ep));
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

        ep->version = MIRAGE_STACK_IPV4;
        memcpy(ep->ipv4.bytes, &sin->sin_addr, 4);
        ep->port = ntohs(sin->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

        ep->version = MIRAGE_STACK_IPV6;
        memcpy(ep->ipv6.bytes, &sin6->sin6_addr, 16);
        ep->port = ntohs(sin6->sin6_port);
    }
}

/* Whether (a) is the IPv6 unspecified address ::. */
static bool ipv6_unspecified(const struct mirage_ipv6 *a)
{
    static const struct mirage_ipv6 zero;

    return memcmp(a, &zero, sizeof(zero)) == 0;
}

/*
 * Opens one socket of (type) bound to (ep) (version 4 or 6), listening
 * with (backlog) for SOCK_STREAM. Returns it or a negative errno value.
 */
static int open_one(struct stack_socket_state *st,
                    const struct mirage_stack_endpoint *ep, int type,
                    int backlog)
{
    int family = ep->version == MIRAGE_STACK_IPV4 ? AF_INET : AF_INET6;
    char text[MIRAGE_STACK_ENDPOINT_STRLEN];
    struct sockaddr_storage ss;
    socklen_t len = stack_socket_sockaddr(ep, &ss);
    int fd, one = 1, err;

    fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    /* a restarted server may take its port back from TIME_WAIT */
    if (type == SOCK_STREAM)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    /* IPv4 has its own socket: never mapped addresses on the IPv6 one */
    if (family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&ss, len) == 0 &&
        (type != SOCK_STREAM ||
         listen(fd, backlog > 0 ? backlog : SOMAXCONN) == 0))
        return fd;
    err = errno;
    close(fd);
    mirage_stack_endpoint_to_string(ep, text, sizeof(text));
    if (err == EADDRINUSE)
        mirage_log_err(&stack_socket_log, "%s: %s %s: address in use",
                       st->dev.name, type == SOCK_STREAM ? "TCP" : "UDP", text);
    else
        mirage_log_debug(&stack_socket_log, "%s: %s %s: %s", st->dev.name,
                         type == SOCK_STREAM ? "TCP" : "UDP", text,
                         strerror(err));
    return -err;
}

int stack_socket_local_port(struct stack_socket_handle *h)
{
    struct sockaddr_storage ss;
    struct mirage_stack_endpoint ep;
    socklen_t len = sizeof(ss);

    if (h->nfds == 0)
        return -EBADF;
    if (getsockname(h->fds[0], (struct sockaddr *)&ss, &len) != 0)
        return -errno;
    stack_socket_endpoint(&ss, &ep);
    return ep.port;
}

int stack_socket_open_bound(struct stack_socket_handle *h,
                            const struct mirage_stack_endpoint *local, int type,
                            int backlog)
{
    struct stack_socket_state *st = stack_socket_of(h->pub.flow.stack);
    struct mirage_stack_endpoint ep = *local;
    bool want4, want6;
    int fd;

    if (local->version == MIRAGE_STACK_IPV4) {
        want4 = true;
        want6 = false;
    } else if (local->version == MIRAGE_STACK_IPV6) {
        want4 = false;
        want6 = true;
    } else if (local->version == 0) {
        want4 = !st->ipv6_only;
        want6 = !st->ipv4_only;
    } else {
        return -EINVAL;
    }
    if ((want4 && st->ipv6_only) || (want6 && st->ipv4_only))
        return -EAFNOSUPPORT;
    if (want4) {
        if (local->version == 0) {
            ep.version = MIRAGE_STACK_IPV4;
            ep.ipv4 = st->ipv4.addr;
        }
        fd = open_one(st, &ep, type, backlog);
        if (fd < 0)
            return fd;
        h->fds[h->nfds] = fd;
        h->versions[h->nfds++] = MIRAGE_STACK_IPV4;
    }
    if (want6) {
        if (local->version == 0) {
            ep.version = MIRAGE_STACK_IPV6;
            ep.ipv6 = st->ipv6.addr;
            /* port 0: both versions on the port the first one got */
            if (h->nfds > 0 && ep.port == 0) {
                int port = stack_socket_local_port(h);

                if (port > 0)
                    ep.port = (uint16_t)port;
            }
        }
        fd = open_one(st, &ep, type, backlog);
        /* a host without IPv6 leaves a dual stack with IPv4 alone */
        if (fd < 0 && h->nfds > 0 &&
            (fd == -EAFNOSUPPORT ||
             (fd == -EADDRNOTAVAIL && ipv6_unspecified(&ep.ipv6)))) {
            mirage_log_debug(&stack_socket_log, "%s: no IPv6 on this host",
                             st->dev.name);
            return 0;
        }
        if (fd < 0) {
            for (int i = 0; i < h->nfds; i++) {
                close(h->fds[i]);
                h->fds[i] = -1;
            }
            h->nfds = 0;
            return fd;
        }
        h->fds[h->nfds] = fd;
        h->versions[h->nfds++] = MIRAGE_STACK_IPV6;
    }
    return 0;
}
