/* SPDX-License-Identifier: ISC */
/* stack_socket.c: the `socket` implementation of `stack`: the device. */
#include <errno.h>
#include <string.h>

#include "stack_socket.h"

/* The most `socket` stacks in one unikernel. */
#define STACK_SOCKET_MAX_DEVICES 8

MIRAGE_LOG_DEVICE_SOURCE(stack_socket_log, "stack-socket",
                         "the socket stack: the host's TCP and UDP", "stack");

static const struct mirage_stack_ops stack_socket_ops = {
    .tcp_listen = stack_socket_tcp_listen,
    .tcp_accept = stack_socket_tcp_accept,
    .tcp_listener_port = stack_socket_tcp_listener_port,
    .tcp_listener_close = stack_socket_tcp_listener_close,
    .tcp_connect = stack_socket_tcp_connect,
    .tcp_read = stack_socket_tcp_read,
    .tcp_write = stack_socket_tcp_write,
    .tcp_shutdown = stack_socket_tcp_shutdown,
    .tcp_endpoints = stack_socket_tcp_endpoints,
    .tcp_close = stack_socket_tcp_close,
    .udp_bind = stack_socket_udp_bind,
    .udp_port = stack_socket_udp_port,
    .udp_sendto = stack_socket_udp_sendto,
    .udp_recvfrom = stack_socket_udp_recvfrom,
    .udp_close = stack_socket_udp_close,
    .tcp_setopt = stack_socket_tcp_setopt,
    .counters = stack_socket_counters,
    .ipv4_info = stack_socket_ipv4_info,
};

static struct stack_socket_state devices[STACK_SOCKET_MAX_DEVICES];
static size_t ndevices;

int mirage_stack_socket_connect(struct mirage_stack **dev, const char *name,
                                struct mirage_ipv4_prefix ipv4,
                                struct mirage_ipv6_prefix ipv6, bool ipv4_only,
                                bool ipv6_only)
{
    char a4[MIRAGE_IPV4_PREFIX_STRLEN], a6[MIRAGE_IPV6_PREFIX_STRLEN];
    struct stack_socket_state *st;

    if (!dev || !name)
        return -EINVAL;
    /* connecting a name again gives the same device */
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i].dev.name, name) == 0) {
            *dev = &devices[i].dev;
            return 0;
        }
    if (ipv4_only && ipv6_only) {
        mirage_log_err(&stack_socket_log,
                       "%s: --ipv4-only and --ipv6-only exclude each other",
                       name);
        return -EINVAL;
    }
    if (ipv4.length > 32 || ipv6.length > 128) {
        mirage_log_err(&stack_socket_log, "%s: bad prefix length", name);
        return -EINVAL;
    }
    if (ndevices == STACK_SOCKET_MAX_DEVICES) {
        mirage_log_err(&stack_socket_log, "%s: more than %d socket stacks",
                       name, STACK_SOCKET_MAX_DEVICES);
        return -ENOMEM;
    }
    st = &devices[ndevices++];
    memset(st, 0, sizeof(*st));
    st->dev.ops = &stack_socket_ops;
    st->dev.state = st;
    st->dev.name = name;
    st->ipv4 = ipv4;
    st->ipv6 = ipv6;
    st->ipv4_only = ipv4_only;
    st->ipv6_only = ipv6_only;
    mirage_ipv4_prefix_to_string(&ipv4, a4, sizeof(a4));
    mirage_ipv6_prefix_to_string(&ipv6, a6, sizeof(a6));
    mirage_log_info(&stack_socket_log, "%s: connected: IPv4 %s, IPv6 %s", name,
                    ipv6_only ? "off" : a4, ipv4_only ? "off" : a6);
    *dev = &st->dev;
    return 0;
}
