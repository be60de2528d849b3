/* SPDX-License-Identifier: ISC */
/* unikernel.c: static_website serves htdocs/ over HTTP/1.1 (--uploads:
   POST and PUT bodies are read and summed up too). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include <mirage/crypto.h>
#include <mirage/http_server.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(web_log, "static_website", "the static_website unikernel");

/* The files, and whether bodies are taken (--uploads). */
static struct mirage_http_static *files;
static bool uploads;

/* Reads the body of (req) to its end; answers its length and SHA-256. An
   error of the read (413 over --max-body, 400, 408) is the server's to
   answer. */
static int upload(struct mirage_http_request *req,
                  struct mirage_http_response *resp)
{
    static const char hexdigits[] = "0123456789abcdef";
    struct mirage_sha256_ctx ctx;
    uint8_t digest[32];
    char buf[1024], text[128];
    unsigned long long total = 0;
    int n;

    mirage_sha256_init(&ctx);
    while ((n = mirage_http_request_read(req, buf, sizeof(buf))) > 0) {
        mirage_sha256_update(&ctx, buf, (size_t)n);
        total += (unsigned long long)n;
    }
    if (n < 0)
        return n;
    mirage_sha256_final(&ctx, digest);
    n = snprintf(text, sizeof(text), "received %llu bytes, sha256 ", total);
    for (int i = 0; i < 32; i++) {
        text[n++] = hexdigits[digest[i] >> 4];
        text[n++] = hexdigits[digest[i] & 15];
    }
    text[n++] = '\n';
    return mirage_http_respond(resp, 200, "text/plain; charset=utf-8", text,
                               (size_t)n);
}

/* Every request: uploads, or a file. */
static int handle(void *arg, struct mirage_http_request *req,
                  struct mirage_http_response *resp)
{
    enum mirage_http_method m = req->msg->method_id;

    (void)arg;
    if (uploads && (m == MIRAGE_HTTP_POST || m == MIRAGE_HTTP_PUT))
        return upload(req, resp);
    return mirage_http_static_handler(files, req, resp);
}

int static_website_start(struct mirage_kv_ro *htdocs,
                         struct mirage_stack *stack,
                         struct mirage_mclock *mclock,
                         struct mirage_pclock *pclock, int port,
                         int max_connections, int max_accepts,
                         int header_timeout, int idle_timeout,
                         bool take_uploads, int64_t max_body)
{
    struct mirage_http_static_config sc = {
        .store = htdocs, .index = "index.html", .etag_cache = 64};
    struct mirage_http_server_config cfg;
    struct mirage_http_server *srv;
    struct mirage_http_server_stats st;
    int rc;

    if (port <= 0 || port > 65535 || max_connections <= 0 || max_accepts < 0 ||
        header_timeout <= 0 || idle_timeout <= 0 || max_body < 0) {
        mirage_log_err(&web_log, "bad --port, --max-connections, "
                                 "--max-accepts, --header-timeout, "
                                 "--idle-timeout or --max-body");
        return MIRAGE_EXIT_USAGE;
    }
    uploads = take_uploads;
    rc = mirage_http_static_new(&files, &sc);
    if (rc < 0) {
        mirage_log_err(&web_log, "cannot serve the files: error %d", rc);
        return MIRAGE_EXIT_INTERNAL;
    }
    mirage_http_server_config_default(&cfg);
    cfg.local.port = (uint16_t)port;
    cfg.max_connections = (unsigned)max_connections;
    cfg.max_accepts = (uint64_t)max_accepts;
    cfg.header_timeout_ns = (uint64_t)header_timeout * 1000000000ull;
    cfg.idle_timeout_ns = (uint64_t)idle_timeout * 1000000000ull;
    cfg.limits.max_body = (uint64_t)max_body;
    cfg.mclock = mclock;
    cfg.pclock = pclock;
    rc = mirage_http_server_listen(&srv, stack, &cfg, handle, NULL);
    if (rc < 0) {
        mirage_log_err(&web_log, "cannot listen on port %d: error %d", port,
                       rc);
        mirage_http_static_free(files);
        return MIRAGE_EXIT_INTERNAL;
    }
    mirage_log_info(&web_log, "listening on port %d", port);
    rc = mirage_http_server_run(srv);
    mirage_http_server_stats(srv, &st);
    mirage_log_info(&web_log,
                    "served %llu connections (at most %u at once), %llu "
                    "requests; %llu refused, %llu timed out",
                    (unsigned long long)st.accepted, st.peak,
                    (unsigned long long)st.requests,
                    (unsigned long long)st.refused,
                    (unsigned long long)st.timeouts);
    mirage_http_server_free(srv);
    mirage_http_static_free(files);
    if (rc < 0) {
        mirage_log_err(&web_log, "the server stopped: error %d", rc);
        return 1;
    }
    return 0;
}
