/* SPDX-License-Identifier: ISC */
/* udp.c: network's UDP service (--udp): every datagram answered. */
#include <errno.h>
#include <stdlib.h>

#include "network.h"

/* A buffer for the largest datagram of either IP version. */
#define DATAGRAM_MAX 65536

/* The one UDP service of the unikernel. */
static struct udp_echo {
    struct mirage_udp_socket *sock;
    struct mirage_fiber *fiber;
    char *buf;
    bool echo;
    unsigned long answered;
} service;

/* Answers datagrams until the socket is closed. */
static int udp_serve(void *arg)
{
    struct udp_echo *u = arg;
    struct mirage_stack_endpoint peer;
    int n, rc;

    for (;;) {
        n = mirage_udp_recvfrom(u->sock, u->buf, DATAGRAM_MAX, &peer,
                                MIRAGE_FOREVER);
        if (n == -EMSGSIZE)
            continue;
        if (n < 0)
            return n == -EBADF ? 0 : n;
        if (!u->echo)
            for (int i = 0; i < n; i++)
                if (u->buf[i] >= 'a' && u->buf[i] <= 'z')
                    u->buf[i] = (char)(u->buf[i] - 'a' + 'A');
        rc =
            mirage_udp_sendto(u->sock, &peer, u->buf, (size_t)n, 1000000000ull);
        if (rc == -EBADF)
            return 0;
        if (rc < 0) {
            char text[MIRAGE_STACK_ENDPOINT_STRLEN] = "?";

            mirage_stack_endpoint_to_string(&peer, text, sizeof(text));
            mirage_log_warn(&net_log, "UDP answer of %d bytes to %s: %s", n,
                            text, mirage_strerror(rc));
            continue;
        }
        u->answered++;
    }
}

int udp_echo_start(struct mirage_stack *stack, int port, bool echo)
{
    struct mirage_stack_endpoint here = {.port = (uint16_t)port};
    struct mirage_fiber_attr attr = {"udp", 0};
    int rc;

    service.echo = echo;
    service.buf = malloc(DATAGRAM_MAX);
    if (!service.buf)
        return -ENOMEM;
    rc = mirage_udp_bind(stack, &here, &service.sock);
    if (rc < 0) {
        mirage_log_err(&net_log, "cannot bind UDP port %d: %s", port,
                       mirage_strerror(rc));
        free(service.buf);
        service.buf = NULL;
        return rc;
    }
    rc = mirage_fiber_spawn(&service.fiber, udp_serve, &service, &attr);
    if (rc < 0) {
        mirage_log_err(&net_log, "cannot start the UDP fiber: %s",
                       mirage_strerror(rc));
        mirage_udp_close(service.sock);
        free(service.buf);
        service.buf = NULL;
        return rc;
    }
    mirage_log_info(&net_log, "answering UDP on port %d", port);
    return 0;
}

void udp_echo_stop(void)
{
    int result = 0;

    if (!service.fiber)
        return;
    mirage_udp_close(service.sock);
    if (mirage_fiber_join(service.fiber, &result, MIRAGE_FOREVER) < 0)
        return;
    service.fiber = NULL;
    free(service.buf);
    service.buf = NULL;
    if (result < 0)
        mirage_log_warn(&net_log, "UDP service ended: %s",
                        mirage_strerror(result));
    mirage_log_info(&net_log, "answered %lu UDP datagrams", service.answered);
}
