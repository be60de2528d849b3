/* SPDX-License-Identifier: ISC */
/* unikernel.c: static_website_tls serves htdocs/ over HTTPS and redirects
   plain HTTP there. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/http_server.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(web_log, "static_website_tls",
                  "the static_website_tls unikernel");

/*
 * The HTTPS connection fibers' stack is the server's to size (cfg.fiber_stack
 * is left at its default): BearSSL's handshake runs in the connection's
 * fiber, then the HTTP server's work. Measured on unix (the fiber's stack
 * is zeroed memory: its deepest byte that is not zero, after full
 * handshakes, resumptions, AES-GCM and ChaCha20-Poly1305, SNI and
 * requests): 4,264 bytes with the P-256 test key, 5,096 with an RSA-2048
 * one, well within the plain default of 12 KiB.
 */

/* The files, served over HTTPS. */
static struct mirage_http_static *files;

/* Every HTTPS request: a file. */
static int serve_file(void *arg, struct mirage_http_request *req,
                      struct mirage_http_response *resp)
{
    (void)arg;
    return mirage_http_static_handler(files, req, resp);
}

/* Whether (c) may stand in a host name, an IPv4 address or, inside
   brackets, an IPv6 one. */
static bool host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
}

/* Stores in (*len) the length of the host of the Host field (h), without
   its port. Returns 0, or -EINVAL when it is empty or holds a character
   that has no place in a Location (a redirect never echoes those). */
static int host_of(const struct mirage_http_slice *h, size_t *len)
{
    size_t n = h->len, i = 0;

    if (n > 0 && h->ptr[0] == '[') { /* [v6]:port */
        while (i < n && h->ptr[i] != ']')
            i++;
        if (i == n)
            return -EINVAL;
        n = ++i;
        for (size_t j = 1; j + 1 < n; j++)
            if (!host_char(h->ptr[j]))
                return -EINVAL;
    } else {
        while (i < n && h->ptr[i] != ':')
            i++;
        n = i;
        for (size_t j = 0; j < n; j++)
            if (!host_char(h->ptr[j]))
                return -EINVAL;
    }
    if (n == 0)
        return -EINVAL;
    *len = n;
    return 0;
}

/* Every plain HTTP request: 301 to https://HOST[:PORT]/same-path, HOST
   from the request's Host field, PORT the HTTPS one (left out for 443).
   (arg) points to that port. Without a usable Host: 400. */
static int redirect(void *arg, struct mirage_http_request *req,
                    struct mirage_http_response *resp)
{
    static const char no_host[] = "a redirect needs a Host field\n";
    int https_port = *(const int *)arg;
    struct mirage_http_slice host;
    char location[2048], port[8] = "";
    size_t hlen = 0;
    int rc, n;

    rc = mirage_http_request_field(req, "Host", &host);
    if (rc != 1 || host_of(&host, &hlen) < 0)
        return mirage_http_respond(resp, 400, "text/plain; charset=utf-8",
                                   no_host, sizeof(no_host) - 1);
    if (https_port != 443)
        snprintf(port, sizeof(port), ":%d", https_port);
    n = snprintf(location, sizeof(location), "https://%.*s%s%.*s%s%.*s",
                 (int)hlen, host.ptr, port, (int)req->target.path.len,
                 req->target.path.ptr, req->target.has_query ? "?" : "",
                 (int)req->target.query.len, req->target.query.ptr);
    if (n < 0 || (size_t)n >= sizeof(location) || req->target.path.len == 0 ||
        req->target.path.ptr[0] != '/')
        return mirage_http_respond(resp, 400, "text/plain; charset=utf-8",
                                   "bad request target\n", 19);
    rc = mirage_http_response_begin(resp, 301);
    if (rc == 0)
        rc = mirage_http_response_field(resp, "Location", location);
    if (rc == 0)
        rc = mirage_http_response_field(resp, "Content-Type",
                                        "text/plain; charset=utf-8");
    if (rc == 0)
        rc = mirage_http_response_send(resp, location, (size_t)n);
    return rc;
}

/* The plain HTTP server's fiber. */
static int run_redirects(void *arg)
{
    return mirage_http_server_run(arg);
}

/* Fills (cfg) for a server on (port) with the clocks and timeouts. */
static void config(struct mirage_http_server_config *cfg, int port,
                   struct mirage_mclock *mclock, struct mirage_pclock *pclock,
                   int header_timeout, int idle_timeout)
{
    mirage_http_server_config_default(cfg);
    cfg->local.port = (uint16_t)port;
    cfg->header_timeout_ns = (uint64_t)header_timeout * 1000000000ull;
    cfg->idle_timeout_ns = (uint64_t)idle_timeout * 1000000000ull;
    cfg->mclock = mclock;
    cfg->pclock = pclock;
}

int static_website_tls_start(struct mirage_kv_ro *htdocs,
                             struct mirage_stack *stack,
                             struct mirage_mclock *mclock,
                             struct mirage_pclock *pclock,
                             struct mirage_tls *tls, int https_port,
                             int http_port, int max_connections,
                             int header_timeout, int idle_timeout)
{
    static int redirect_port;
    struct mirage_http_static_config sc = {
        .store = htdocs, .index = "index.html", .etag_cache = 64};
    struct mirage_http_server_config cfg;
    struct mirage_http_server *srv = NULL, *plain = NULL;
    struct mirage_fiber *plain_fiber = NULL;
    const struct mirage_fiber_attr attr = {"http redirects", 0};
    struct mirage_http_server_stats st;
    int rc;

    if (https_port <= 0 || https_port > 65535 || http_port < 0 ||
        http_port > 65535 || http_port == https_port || max_connections <= 0 ||
        header_timeout <= 0 || idle_timeout <= 0) {
        mirage_log_err(&web_log, "bad --https-port, --http-port (0 to 65535, "
                                 "another), --max-connections, "
                                 "--header-timeout or --idle-timeout");
        return MIRAGE_EXIT_USAGE;
    }
    rc = mirage_http_static_new(&files, &sc);
    if (rc < 0) {
        mirage_log_err(&web_log, "cannot serve the files: error %d", rc);
        return MIRAGE_EXIT_INTERNAL;
    }
    config(&cfg, https_port, mclock, pclock, header_timeout, idle_timeout);
    cfg.max_connections = (unsigned)max_connections;
    cfg.tls = tls;
    rc = mirage_http_server_listen(&srv, stack, &cfg, serve_file, NULL);
    if (rc < 0) {
        mirage_log_err(&web_log, "cannot listen on port %d: error %d",
                       https_port, rc);
        goto out;
    }
    if (http_port) {
        redirect_port = https_port;
        config(&cfg, http_port, mclock, pclock, header_timeout, idle_timeout);
        rc = mirage_http_server_listen(&plain, stack, &cfg, redirect,
                                       &redirect_port);
        if (rc == 0)
            rc = mirage_fiber_spawn(&plain_fiber, run_redirects, plain, &attr);
        if (rc < 0) {
            mirage_log_err(&web_log, "cannot listen on port %d: error %d",
                           http_port, rc);
            goto out;
        }
        mirage_log_info(&web_log, "redirecting HTTP on port %d to HTTPS",
                        http_port);
    }
    mirage_log_info(&web_log, "listening on port %d (HTTPS)", https_port);
    rc = mirage_http_server_run(srv);
    mirage_http_server_stats(srv, &st);
    mirage_log_info(&web_log,
                    "served %llu HTTPS connections (at most %u at once), "
                    "%llu requests; %llu refused, %llu timed out",
                    (unsigned long long)st.accepted, st.peak,
                    (unsigned long long)st.requests,
                    (unsigned long long)st.refused,
                    (unsigned long long)st.timeouts);
out:
    if (plain_fiber) {
        mirage_http_server_stop(plain);
        mirage_fiber_join(plain_fiber, NULL, MIRAGE_FOREVER);
    }
    if (plain)
        mirage_http_server_free(plain);
    if (srv)
        mirage_http_server_free(srv);
    mirage_http_static_free(files);
    if (rc < 0) {
        mirage_log_err(&web_log, "the server stopped: error %d", rc);
        return 1;
    }
    return 0;
}
