/* SPDX-License-Identifier: ISC */
/* unikernel.c: http-fetch GETs --url and logs the status and the body's
   length and SHA-256. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/crypto.h>
#include <mirage/http_client.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(fetch_log, "http-fetch", "the http-fetch unikernel");

/* Reads the body of the response of (c) to its end; its length in
   (*total), its SHA-256 in hex in (hex). 0 or the read's error. */
static int read_body(struct mirage_http_client *c, unsigned long long *total,
                     char hex[65])
{
    static const char hexdigits[] = "0123456789abcdef";
    struct mirage_sha256_ctx ctx;
    uint8_t digest[32];
    char buf[2048];
    int n;

    *total = 0;
    mirage_sha256_init(&ctx);
    while ((n = mirage_http_client_read(c, buf, sizeof(buf))) > 0) {
        mirage_sha256_update(&ctx, buf, (size_t)n);
        *total += (unsigned long long)n;
    }
    mirage_sha256_final(&ctx, digest);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = hexdigits[digest[i] >> 4];
        hex[2 * i + 1] = hexdigits[digest[i] & 15];
    }
    hex[64] = 0;
    return n;
}

/* The URL's authority ("host[:port]", as the Host field) and its target,
   both NUL-terminated, in one allocation (*mem). */
static int url_strings(const struct mirage_http_url *u, char **host,
                       char **target, char **mem)
{
    const char *a = u->host.ptr - (u->host_is_ipv6 ? 1 : 0), *e = a;
    size_t al;

    while (*e && *e != '/' && *e != '?' && *e != '#')
        e++;
    al = (size_t)(e - a);
    *mem = malloc(al + u->target.len + 2);
    if (!*mem)
        return -ENOMEM;
    *host = *mem;
    memcpy(*host, a, al);
    (*host)[al] = 0;
    *target = *host + al + 1;
    memcpy(*target, u->target.ptr, u->target.len);
    (*target)[u->target.len] = 0;
    return 0;
}

int http_fetch_start(struct mirage_stack *stack, const char *url, int repeat,
                     int timeout)
{
    struct mirage_http_url u;
    struct mirage_http_client_config cfg;
    struct mirage_http_client *c;
    struct mirage_http_client_stats st;
    struct mirage_stack_endpoint ep;
    char *host, *target, *mem;
    bool all_ok = true;
    int rc;

    if (repeat < 1 || timeout < 1) {
        mirage_log_err(&fetch_log, "bad --repeat or --timeout");
        return MIRAGE_EXIT_USAGE;
    }
    if (!url[0]) {
        mirage_log_err(&fetch_log, "no --url: give one, "
                                   "http://A.B.C.D[:PORT]/PATH");
        return MIRAGE_EXIT_USAGE;
    }
    rc = mirage_http_url_parse(url, &u);
    if (rc == -EPROTONOSUPPORT) {
        mirage_log_err(&fetch_log,
                       "%s: only http:// URLs are fetched (no TLS yet)", url);
        return MIRAGE_EXIT_USAGE;
    }
    if (rc < 0) {
        mirage_log_err(&fetch_log,
                       "%s: not a URL http://HOST[:PORT][/PATH] (error %d)",
                       url, rc);
        return MIRAGE_EXIT_USAGE;
    }
    if (!u.host_is_ipv4) {
        mirage_log_err(&fetch_log,
                       "%s: the host '%.*s' is not an IPv4 address: resolving "
                       "a name needs a `dns' device, which this toolkit does "
                       "not have yet; give the server's address",
                       url, (int)u.host.len, u.host.ptr);
        return MIRAGE_EXIT_USAGE;
    }
    if (url_strings(&u, &host, &target, &mem) < 0)
        return MIRAGE_EXIT_INTERNAL;
    ep = mirage_stack_endpoint_ipv4(u.ipv4.bytes[0], u.ipv4.bytes[1],
                                    u.ipv4.bytes[2], u.ipv4.bytes[3], u.port);
    mirage_http_client_config_default(&cfg);
    cfg.connect_timeout_ns = (uint64_t)timeout * 1000000000ull;
    cfg.timeout_ns = cfg.connect_timeout_ns;
    cfg.user_agent = "mirage-http-fetch";
    rc = mirage_http_client_new(&c, stack, &ep, host, &cfg);
    if (rc < 0) {
        mirage_log_err(&fetch_log, "%s: error %d", url, rc);
        free(mem);
        return MIRAGE_EXIT_INTERNAL;
    }
    for (int i = 0; i < repeat; i++) {
        struct mirage_http_client_request rq = {.target = target};
        struct mirage_http_client_response resp;
        struct mirage_http_slice type = {"-", 1};
        unsigned long long total;
        char hex[65];

        rc = mirage_http_client_request(c, &rq, &resp);
        if (rc < 0) {
            mirage_log_err(&fetch_log, "GET %s: %s (error %d)", url,
                           mirage_strerror(-rc), rc);
            all_ok = false;
            break;
        }
        if (mirage_http_field_get(resp.msg, "Content-Type", &type) != 1)
            type = (struct mirage_http_slice){"-", 1};
        rc = read_body(c, &total, hex);
        if (rc < 0) {
            mirage_log_err(&fetch_log,
                           "GET %s: status %d, the body failed after %llu "
                           "bytes (error %d)",
                           url, resp.status, total, rc);
            all_ok = false;
            break;
        }
        mirage_log_info(&fetch_log,
                        "GET %s: status %d, %llu bytes, type %.*s, sha256 %s",
                        url, resp.status, total, (int)type.len, type.ptr, hex);
        if (resp.status < 200 || resp.status > 299)
            all_ok = false;
    }
    mirage_http_client_stats(c, &st);
    mirage_log_info(&fetch_log, "%llu requests over %llu connections",
                    (unsigned long long)st.requests,
                    (unsigned long long)st.connections);
    mirage_http_client_free(c);
    free(mem);
    return all_ok ? 0 : 1;
}
