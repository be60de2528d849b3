/* SPDX-License-Identifier: ISC */
/* stack_direct_udp.c: the `direct` stack's UDP operations over the engine's
 * sockets.
 */
#include <errno.h>
#include <stdlib.h>

#include "stack_direct.h"
#include "udp.h"

static void udp_release(struct direct_udp *u)
{
    if (--u->busy == 0 && u->closed)
        free(u);
}

int direct_udp_bind(struct mirage_stack *dev,
                    const struct mirage_stack_endpoint *local,
                    struct mirage_udp_socket **sock)
{
    struct direct *d;
    struct direct_udp *u;
    uint32_t addr;
    int rc;

    if (!dev || !local || !sock)
        return -EINVAL;
    d = dev->state;
    rc = direct_endpoint_ipv4(local, true, &addr);
    if (rc < 0)
        return rc;
    u = calloc(1, sizeof(*u));
    if (!u)
        return -ENOMEM;
    rc = udp_bind(d->st, addr, local->port, &u->s);
    if (rc < 0) {
        if (rc == -EADDRINUSE)
            mirage_log_err(&stack_direct_log, "%s: UDP port %u is in use",
                           dev->name, (unsigned)local->port);
        free(u);
        return rc;
    }
    u->pub.stack = dev;
    u->d = d;
    *sock = &u->pub;
    return 0;
}

int direct_udp_port(struct mirage_udp_socket *sock)
{
    struct direct_udp *u = (struct direct_udp *)sock;

    if (!sock)
        return -EINVAL;
    if (u->closed)
        return -EBADF;
    return udp_sock_port(u->s);
}

int direct_udp_sendto(struct mirage_udp_socket *sock,
                      const struct mirage_stack_endpoint *remote,
                      const void *buf, size_t len, uint64_t timeout_ns)
{
    struct direct_udp *u = (struct direct_udp *)sock;
    uint32_t addr;
    int rc;

    (void)timeout_ns; /* a datagram is sent or queued for ARP at once */
    if (!sock || !remote || (!buf && len))
        return -EINVAL;
    if (u->closed)
        return -EBADF;
    rc = direct_endpoint_ipv4(remote, false, &addr);
    if (rc < 0)
        return rc;
    if (len > MIRAGE_UDP_MAX_IPV4)
        return -EMSGSIZE;
    return udp_sendto(u->s, addr, remote->port, buf, len);
}

int direct_udp_recvfrom(struct mirage_udp_socket *sock, void *buf, size_t size,
                        struct mirage_stack_endpoint *remote,
                        uint64_t timeout_ns)
{
    struct direct_udp *u = (struct direct_udp *)sock;
    uint64_t deadline = direct_deadline(timeout_ns);
    uint32_t src;
    uint16_t sport;
    int rc;

    if (!sock || (!buf && size))
        return -EINVAL;
    if (u->closed)
        return -EBADF;
    u->busy++;
    for (;;) {
        if (u->closed) {
            rc = -EBADF;
            break;
        }
        rc = udp_recvfrom(u->s, buf, size, &src, &sport);
        if (rc >= 0 || rc == -EMSGSIZE) {
            if (rc >= 0 && remote)
                *remote = direct_endpoint(src, sport);
            break;
        }
        if (rc != -EAGAIN)
            break;
        rc = direct_wait(udp_sock_cond(u->s), deadline);
        if (rc < 0)
            break;
    }
    udp_release(u);
    return rc;
}

int direct_udp_close(struct mirage_udp_socket *sock)
{
    struct direct_udp *u = (struct direct_udp *)sock;

    if (!sock)
        return -EINVAL;
    if (u->closed)
        return -EBADF;
    u->closed = true;
    udp_close(u->s); /* wakes the fibers in recvfrom */
    u->s = NULL;
    u->busy++;
    udp_release(u);
    return 0;
}
