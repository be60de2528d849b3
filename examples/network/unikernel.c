/* SPDX-License-Identifier: ISC */
/* unikernel.c: network answers every line on TCP --port, upper-cased. */
#include <errno.h>
#include <stddef.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(net_log, "network", "the network unikernel");

/* How long a connection may stay silent before it is closed. */
#define IDLE_NS (60 * 1000000000ull)

/* The connections being served, and a signal when one ends. */
static int active;
static struct mirage_cond ended = MIRAGE_COND_INIT;
static bool echo_only;

/* Serves one connection (arg) until the client closes it. */
static int serve(void *arg)
{
    struct mirage_tcp_flow *flow = arg;
    char buf[32768]; /* on the fiber's 96 KiB stack */
    int n, rc = 0;

    while ((n = mirage_tcp_read(flow, buf, sizeof(buf), IDLE_NS)) > 0) {
        if (!echo_only)
            for (int i = 0; i < n; i++)
                if (buf[i] >= 'a' && buf[i] <= 'z')
                    buf[i] = (char)(buf[i] - 'a' + 'A');
        rc = mirage_tcp_write(flow, buf, (size_t)n, IDLE_NS);
        if (rc < 0)
            break;
    }
    if (n < 0 || rc < 0)
        mirage_log_warn(&net_log, "connection ended: error %d", n < 0 ? n : rc);
    mirage_tcp_close(flow);
    active--;
    mirage_cond_broadcast(&ended);
    return 0;
}

int network_start(struct mirage_stack *stack, int port, int max_connections,
                  bool echo)
{
    struct mirage_stack_endpoint here = {.port = (uint16_t)port};
    struct mirage_tcp_listener *listener;
    struct mirage_fiber_attr conn_attr = {"connection", 96 * 1024};
    int served = 0, rc;

    echo_only = echo;
    if (port <= 0 || port > 65535 || max_connections < 0) {
        mirage_log_err(&net_log, "bad --port or --max-connections");
        return 64;
    }
    rc = mirage_tcp_listen(stack, &here, 16, &listener);
    if (rc < 0) {
        mirage_log_err(&net_log, "cannot listen on port %d: error %d", port,
                       rc);
        return MIRAGE_EXIT_INTERNAL;
    }
    mirage_log_info(&net_log, "listening on port %d", port);
    while (max_connections == 0 || served < max_connections) {
        struct mirage_tcp_flow *flow;
        struct mirage_stack_endpoint peer;
        char text[MIRAGE_STACK_ENDPOINT_STRLEN] = "?";

        rc = mirage_tcp_accept(listener, &flow, MIRAGE_FOREVER);
        if (rc < 0) {
            mirage_log_err(&net_log, "accept: error %d", rc);
            break;
        }
        served++;
        if (mirage_tcp_endpoints(flow, NULL, &peer) == 0)
            mirage_stack_endpoint_to_string(&peer, text, sizeof(text));
        mirage_log_info(&net_log, "connection %d from %s", served, text);
        active++;
        rc = mirage_fiber_spawn(NULL, serve, flow, &conn_attr);
        if (rc < 0) {
            active--;
            mirage_tcp_close(flow);
        }
    }
    mirage_tcp_listener_close(listener);
    /* the last connections finish before the unikernel exits */
    while (active > 0)
        mirage_cond_wait(&ended, MIRAGE_FOREVER);
    mirage_log_info(&net_log, "served %d connections", served);
    return rc < 0 ? 1 : 0;
}
