/* SPDX-License-Identifier: ISC */
/* unikernel.c: http-fetch resolves --url's host, GETs the URL and logs the
   status and the body's length and SHA-256. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/crypto.h>
#include <mirage/http_client.h>
#include <mirage/resolver.h>

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

/* The addresses tried, at most: those of a name past them are not. */
#define FETCH_MAX_ADDRS 8

/* Finds the endpoints of (u)'s host, port (u->port), in (eps): a literal
   address is its own, a name's IPv4 addresses come from (dns). (host) is
   the host alone, NUL-terminated. Returns how many, or a negative errno
   (logged). */
static int fetch_endpoints(struct mirage_resolver *dns,
                           const struct mirage_http_url *u, const char *host,
                           struct mirage_stack_endpoint *eps,
                           uint64_t timeout_ns)
{
    struct mirage_ipv4 v4[FETCH_MAX_ADDRS];
    struct mirage_ipv6 v6;
    char text[64];
    int n;

    if (u->host_is_ipv4) {
        eps[0] = mirage_stack_endpoint_ipv4(u->ipv4.bytes[0], u->ipv4.bytes[1],
                                            u->ipv4.bytes[2], u->ipv4.bytes[3],
                                            u->port);
        return 1;
    }
    if (u->host_is_ipv6) {
        if (mirage_ipv6_from_string(&v6, host) < 0) {
            mirage_log_err(&fetch_log, "[%s]: not an IPv6 address", host);
            return -EINVAL;
        }
        eps[0] = mirage_stack_endpoint_ipv6(&v6, u->port);
        return 1;
    }
    n = mirage_resolver_ipv4(dns, host, v4, FETCH_MAX_ADDRS, timeout_ns);
    if (n < 0) {
        mirage_log_err(&fetch_log, "resolving %s: %s (error %d)", host,
                       mirage_resolver_strerror(n), n);
        return n;
    }
    for (int i = 0; i < n; i++)
        eps[i] =
            mirage_stack_endpoint_ipv4(v4[i].bytes[0], v4[i].bytes[1],
                                       v4[i].bytes[2], v4[i].bytes[3], u->port);
    mirage_ipv4_to_string(&v4[0], text, sizeof(text));
    mirage_log_info(&fetch_log, "%s is %s%s", host, text,
                    n > 1 ? " (and more: tried in turn)" : "");
    return n;
}

/* Whether the error (rc) of a first request means the endpoint could not
   be reached (another address may be tried). */
static bool unreachable(int rc)
{
    return rc == -ECONNREFUSED || rc == -ETIMEDOUT || rc == -EHOSTUNREACH ||
           rc == -ENETUNREACH;
}

int http_fetch_start(struct mirage_stack *stack, struct mirage_resolver *dns,
                     struct mirage_syslog *syslog, struct mirage_tls *tls,
                     const char *url, int repeat, int timeout)
{
    struct mirage_http_url u;
    struct mirage_http_client_config cfg;
    struct mirage_http_client *c = NULL;
    struct mirage_http_client_stats st;
    struct mirage_stack_endpoint eps[FETCH_MAX_ADDRS];
    char *host, *target, *mem, *name;
    uint64_t timeout_ns;
    bool all_ok = true;
    int rc, neps, at = 0;

    (void)syslog; /* it sends the log by itself */
    if (repeat < 1 || timeout < 1) {
        mirage_log_err(&fetch_log, "bad --repeat or --timeout");
        return MIRAGE_EXIT_USAGE;
    }
    if (!url[0]) {
        mirage_log_err(&fetch_log, "no --url: give one, "
                                   "http[s]://HOST[:PORT]/PATH");
        return MIRAGE_EXIT_USAGE;
    }
    rc = mirage_http_url_parse(url, &u);
    if (rc == -EPROTONOSUPPORT) {
        mirage_log_err(&fetch_log,
                       "%s: only http:// and https:// URLs are fetched", url);
        return MIRAGE_EXIT_USAGE;
    }
    if (rc < 0) {
        mirage_log_err(&fetch_log,
                       "%s: not a URL http[s]://HOST[:PORT][/PATH] (error %d)",
                       url, rc);
        return MIRAGE_EXIT_USAGE;
    }
    if (url_strings(&u, &host, &target, &mem) < 0)
        return MIRAGE_EXIT_INTERNAL;
    name = strndup(u.host.ptr, u.host.len);
    if (!name) {
        free(mem);
        return MIRAGE_EXIT_INTERNAL;
    }
    timeout_ns = (uint64_t)timeout * 1000000000ull;
    neps = fetch_endpoints(dns, &u, name, eps, timeout_ns);
    free(name);
    if (neps < 0) {
        free(mem);
        return neps == -EINVAL || neps == -ENAMETOOLONG ? MIRAGE_EXIT_USAGE : 1;
    }
    mirage_http_client_config_default(&cfg);
    cfg.connect_timeout_ns = timeout_ns / (uint64_t)neps;
    cfg.timeout_ns = timeout_ns;
    cfg.user_agent = "mirage-http-fetch";
    if (u.https)
        cfg.tls = tls; /* the name checked: the URL's host */
    for (int i = 0; i < repeat; i++) {
        struct mirage_http_client_request rq = {.target = target};
        struct mirage_http_client_response resp;
        struct mirage_http_slice type = {"-", 1};
        unsigned long long total;
        char hex[65];

        if (!c) {
            rc = mirage_http_client_new(&c, stack, &eps[at], host, &cfg);
            if (rc < 0) {
                mirage_log_err(&fetch_log, "%s: error %d", url, rc);
                free(mem);
                return MIRAGE_EXIT_INTERNAL;
            }
        }
        rc = mirage_http_client_request(c, &rq, &resp);
        if (rc < 0 && i == 0 && at + 1 < neps && unreachable(rc)) {
            char text[80];

            mirage_stack_endpoint_to_string(&eps[at], text, sizeof(text));
            mirage_log_warn(&fetch_log,
                            "%s: %s (error %d): trying the "
                            "next address",
                            text, mirage_strerror(-rc), rc);
            mirage_http_client_free(c);
            c = NULL;
            at++;
            i--;
            continue;
        }
        if (rc < 0 && u.https && rc == -ENOKEY) {
            mirage_log_err(&fetch_log,
                           "GET %s: no trust anchors to check the server "
                           "against: build with --with-tls-anchors=FILE",
                           url);
            all_ok = false;
            break;
        }
        if (rc < 0) {
            /* a TLS failure's reason is logged by the tls device */
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
