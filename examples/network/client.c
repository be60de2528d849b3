/* SPDX-License-Identifier: ISC */
/* client.c: network's client mode (--connect): a line out, the reply in. */
#include <errno.h>
#include <string.h>

#include "network.h"

#define SECOND       1000000000ull
#define CONNECT_NS   (30 * SECOND)
#define IDLE_NS      (60 * SECOND)
#define UDP_TRIES    5
#define FIRST_LINE   200 /* bytes of the reply's first line that are logged */
#define CLIENT_HELLO "hello from the unikernel\n"

/* Sends CLIENT_HELLO in one datagram to (server) and logs the answer,
   trying UDP_TRIES times a second apart. Returns 0 or 1. */
static int udp_hello(struct mirage_stack *stack,
                     const struct mirage_stack_endpoint *server,
                     const char *text)
{
    struct mirage_stack_endpoint any = {0}, from;
    struct mirage_udp_socket *sock;
    char buf[FIRST_LINE + 1];
    int rc, n = -ETIMEDOUT;

    rc = mirage_udp_bind(stack, &any, &sock);
    if (rc < 0) {
        mirage_log_err(&net_log, "UDP: binding a port: %s (error %d)",
                       mirage_strerror(rc), rc);
        return 1;
    }
    for (int i = 0; i < UDP_TRIES && n == -ETIMEDOUT; i++) {
        rc = mirage_udp_sendto(sock, server, CLIENT_HELLO, strlen(CLIENT_HELLO),
                               SECOND);
        if (rc < 0) {
            n = rc;
            break;
        }
        n = mirage_udp_recvfrom(sock, buf, sizeof(buf) - 1, &from, SECOND);
    }
    mirage_udp_close(sock);
    if (n < 0) {
        mirage_log_err(&net_log, "UDP to %s: %s (error %d)", text,
                       mirage_strerror(n), n);
        return 1;
    }
    buf[n] = '\0';
    if (n > 0 && buf[n - 1] == '\n')
        buf[n - 1] = '\0';
    mirage_log_info(&net_log, "UDP answer of %d bytes from %s: %s", n, text,
                    buf);
    return 0;
}

/* Reads (flow) to its end, logging the reply's size and first line.
   Returns 0, or 1 after logging the error. */
static int read_reply(struct mirage_tcp_flow *flow, const char *text)
{
    char buf[4096], line[FIRST_LINE + 1];
    size_t total = 0, kept = 0;
    bool eol = false;
    int n;

    while ((n = mirage_tcp_read(flow, buf, sizeof(buf), IDLE_NS)) > 0) {
        for (int i = 0; i < n && !eol; i++) {
            if (buf[i] == '\n')
                eol = true;
            else if (kept < FIRST_LINE)
                line[kept++] = buf[i];
        }
        total += (size_t)n;
    }
    line[kept] = '\0';
    if (n < 0) {
        mirage_log_err(&net_log,
                       "reading from %s after %zu bytes: %s (error %d)", text,
                       total, mirage_strerror(n), n);
        return 1;
    }
    mirage_log_info(&net_log, "reply of %zu bytes from %s: %s", total, text,
                    line);
    return 0;
}

int network_client(struct mirage_stack *stack, struct mirage_ipv4 server,
                   int port, bool udp)
{
    struct mirage_stack_endpoint peer = {
        .version = MIRAGE_STACK_IPV4, .ipv4 = server, .port = (uint16_t)port};
    char text[MIRAGE_STACK_ENDPOINT_STRLEN] = "?";
    struct mirage_tcp_flow *flow;
    int rc;

    mirage_stack_endpoint_to_string(&peer, text, sizeof(text));
    if (udp && udp_hello(stack, &peer, text) != 0)
        return 1;
    rc = mirage_tcp_connect(stack, &peer, &flow, CONNECT_NS);
    if (rc < 0) {
        mirage_log_err(&net_log, "connecting to %s: %s (error %d)", text,
                       mirage_strerror(rc), rc);
        return 1;
    }
    mirage_log_info(&net_log, "connected to %s", text);
    rc = mirage_tcp_write(flow, CLIENT_HELLO, strlen(CLIENT_HELLO), IDLE_NS);
    if (rc == 0)
        rc = mirage_tcp_shutdown(flow, MIRAGE_TCP_SHUT_WRITE);
    if (rc < 0) {
        mirage_log_err(&net_log, "writing to %s: %s (error %d)", text,
                       mirage_strerror(rc), rc);
        mirage_tcp_close(flow);
        return 1;
    }
    rc = read_reply(flow, text);
    mirage_tcp_close(flow);
    return rc;
}
