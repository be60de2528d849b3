/* SPDX-License-Identifier: ISC */
/* unikernel.c: tls_echo, a TLS echo service: what comes back is what came. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/log.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(echo_log, "tls_echo", "the TLS echo service");

/* A connection: its TLS flow and the device, for the log. */
struct conn {
    struct mirage_tls *tls;
    struct mirage_tcp_flow *flow;
    uint64_t timeout_ns;
    unsigned long number;
};

/* Echoes what comes until the client ends, or falls silent. */
static int serve(void *arg)
{
    struct conn *c = arg;
    struct mirage_tls_info info;
    char buf[4096];
    unsigned long long bytes = 0;
    int rc = mirage_tls_handshake(c->tls, c->flow, c->timeout_ns);

    if (rc == 0 && mirage_tls_info(c->tls, c->flow, &info) == 0)
        mirage_log_info(&echo_log, "connection %lu: %s, %s%s%s", c->number,
                        info.cipher,
                        info.resumed ? "resumed" : "full handshake",
                        info.server_name[0] ? ", SNI " : "", info.server_name);
    while (rc == 0) {
        int n = mirage_tcp_read(c->flow, buf, sizeof(buf), c->timeout_ns);
        if (n <= 0) {
            rc = n;
            break;
        }
        rc = mirage_tcp_write(c->flow, buf, (size_t)n, c->timeout_ns);
        bytes += (unsigned)n;
    }
    if (rc < 0)
        mirage_log_info(&echo_log, "connection %lu: ended: %s", c->number,
                        mirage_tls_error(c->tls, c->flow)
                            ? mirage_tls_error(c->tls, c->flow)
                            : strerror(-rc));
    else
        mirage_log_info(&echo_log, "connection %lu: %llu bytes echoed",
                        c->number, bytes);
    mirage_tcp_close(c->flow);
    return 0;
}

int tls_echo_start(struct mirage_stack *stack, struct mirage_tls *tls, int port,
                   int max_accepts, int timeout)
{
    struct mirage_stack_endpoint local = {.port = (uint16_t)port};
    struct mirage_tcp_listener *listener;
    struct conn conns[64];
    struct mirage_fiber *fibers[64] = {NULL};
    const struct mirage_fiber_attr attr = {"tls_echo conn", 32768};
    unsigned long accepted = 0;
    int rc;

    if (port < 1 || port > 65535 || max_accepts < 0 || timeout < 1) {
        fprintf(stderr, "tls_echo: --port 1 to 65535, --max-accepts 0 or "
                        "more, --timeout 1 or more\n");
        return 1;
    }
    rc = mirage_tcp_listen(stack, &local, 16, &listener);
    if (rc < 0) {
        fprintf(stderr, "tls_echo: cannot listen on port %d: %s\n", port,
                strerror(-rc));
        return 1;
    }
    printf("tls_echo: listening on port %d\n", port);
    fflush(stdout);
    while (max_accepts == 0 || accepted < (unsigned long)max_accepts) {
        struct mirage_tcp_flow *raw, *flow;
        size_t slot = accepted % 64;

        if (fibers[slot]) { /* 64 at once: wait for the oldest */
            mirage_fiber_join(fibers[slot], NULL, MIRAGE_FOREVER);
            fibers[slot] = NULL;
        }
        rc = mirage_tcp_accept(listener, &raw, MIRAGE_FOREVER);
        if (rc < 0)
            break;
        accepted++;
        rc = mirage_tls_server(tls, raw, &flow);
        if (rc < 0) {
            mirage_log_warn(&echo_log, "connection %lu: %s", accepted,
                            strerror(-rc));
            mirage_tcp_close(raw);
            continue;
        }
        conns[slot] =
            (struct conn){tls, flow, (uint64_t)timeout * 1000000000u, accepted};
        /* BearSSL's handshake wants a few KiB of stack */
        rc = mirage_fiber_spawn(&fibers[slot], serve, &conns[slot], &attr);
        if (rc < 0) {
            mirage_tcp_close(flow);
            fibers[slot] = NULL;
        }
    }
    for (size_t i = 0; i < 64; i++)
        if (fibers[i])
            mirage_fiber_join(fibers[i], NULL, MIRAGE_FOREVER);
    mirage_tcp_listener_close(listener);
    return rc < 0 ? 1 : 0;
}
