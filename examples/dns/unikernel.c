/* SPDX-License-Identifier: ISC */
/* unikernel.c: dns resolves the names given at boot and logs the answers
   (--type), their CNAME chains, and optionally connects to each name. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mirage_main.h"

MIRAGE_LOG_SOURCE(dns_log, "dns-example", "the dns unikernel");

/* What --type names: its number. */
static const struct {
    const char *name;
    uint16_t type;
} types[] = {
    {"A", MIRAGE_DNS_TYPE_A},         {"AAAA", MIRAGE_DNS_TYPE_AAAA},
    {"CNAME", MIRAGE_DNS_TYPE_CNAME}, {"MX", MIRAGE_DNS_TYPE_MX},
    {"TXT", MIRAGE_DNS_TYPE_TXT},     {"SRV", MIRAGE_DNS_TYPE_SRV},
    {"PTR", MIRAGE_DNS_TYPE_PTR},     {"NS", MIRAGE_DNS_TYPE_NS},
};

/* Writes the TXT strings of (rr) into (out): each quoted, the bytes that
   are not printable as \DDD, cut after about 160 characters. */
static void txt_text(const struct mirage_dns_rr *rr, char *out, size_t size)
{
    const uint8_t *s;
    size_t off = 0, len, at = 0, total = 0, count = 0;

    out[0] = '\0';
    while (mirage_dns_txt_next(rr->rd.raw.data, rr->rd.raw.len, &off, &s,
                               &len) == 1) {
        count++;
        total += len;
        if (at > 160)
            continue;
        at +=
            (size_t)snprintf(out + at, size - at, "%s\"", count > 1 ? " " : "");
        for (size_t i = 0; i < len && at < 160; i++) {
            if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
                at += (size_t)snprintf(out + at, size - at, "%c", s[i]);
            else
                at += (size_t)snprintf(out + at, size - at, "\\%03u", s[i]);
        }
        at += (size_t)snprintf(out + at, size - at, at < 160 ? "\"" : "...");
    }
    snprintf(out + at, size - at, " (%zu strings, %zu bytes)", count, total);
}

/* Logs one record of an answer to (name). */
static void log_record(const char *name, const char *type,
                       const struct mirage_dns_rr *rr)
{
    char text[MIRAGE_DNS_NAME_STRLEN + 64];
    char target[MIRAGE_DNS_NAME_STRLEN];

    switch (rr->type) {
    case MIRAGE_DNS_TYPE_A:
        mirage_ipv4_to_string(&rr->rd.a, text, sizeof(text));
        break;
    case MIRAGE_DNS_TYPE_AAAA:
        mirage_ipv6_to_string(&rr->rd.aaaa, text, sizeof(text));
        break;
    case MIRAGE_DNS_TYPE_CNAME:
    case MIRAGE_DNS_TYPE_PTR:
    case MIRAGE_DNS_TYPE_NS:
        mirage_dns_name_to_string(&rr->rd.target, text, sizeof(text));
        break;
    case MIRAGE_DNS_TYPE_MX:
        mirage_dns_name_to_string(&rr->rd.mx.exchange, target, sizeof(target));
        snprintf(text, sizeof(text), "%u %s", (unsigned)rr->rd.mx.preference,
                 target);
        break;
    case MIRAGE_DNS_TYPE_SRV:
        mirage_dns_name_to_string(&rr->rd.srv.target, target, sizeof(target));
        snprintf(text, sizeof(text), "%u %u %u %s",
                 (unsigned)rr->rd.srv.priority, (unsigned)rr->rd.srv.weight,
                 (unsigned)rr->rd.srv.port, target);
        break;
    case MIRAGE_DNS_TYPE_TXT:
        txt_text(rr, text, sizeof(text));
        break;
    default:
        snprintf(text, sizeof(text), "%u bytes", (unsigned)rr->rd.raw.len);
        break;
    }
    mirage_log_info(&dns_log, "%s %s: %s", name, type, text);
}

/* Asks (type) of (name) (an address for PTR) and logs the answer.
   Returns 0 or the resolver's error. */
static int resolve(struct mirage_resolver *dns, const char *name,
                   const char *tname, uint16_t type)
{
    struct mirage_resolver_reply reply;
    struct mirage_dns_question q = {.type = type,
                                    .qclass = MIRAGE_DNS_CLASS_IN};
    struct mirage_dns_rr rr;
    struct mirage_ipv4 a4;
    struct mirage_ipv6 a6;
    char chain[512] = "", link[MIRAGE_DNS_NAME_STRLEN];
    int rc;

    if (type == MIRAGE_DNS_TYPE_PTR && mirage_ipv4_from_string(&a4, name) == 0)
        mirage_dns_name_reverse_ipv4(&q.name, &a4);
    else if (type == MIRAGE_DNS_TYPE_PTR &&
             mirage_ipv6_from_string(&a6, name) == 0)
        mirage_dns_name_reverse_ipv6(&q.name, &a6);
    else if ((rc = mirage_dns_name_from_string(&q.name, name)) < 0)
        return rc;
    rc = mirage_resolver_query(dns, &q, &reply, MIRAGE_FOREVER);
    if (rc < 0)
        return rc;
    /* the CNAME chain, if any: name -> alias -> ... */
    for (unsigned i = 0; mirage_resolver_reply_cname(&reply, i, &q.name) == 0;
         i++) {
        size_t at = strlen(chain);
        mirage_dns_name_to_string(&q.name, link, sizeof(link));
        snprintf(chain + at, sizeof(chain) - at, " -> %s", link);
    }
    mirage_log_info(&dns_log, "%s %s: %u record%s, TTL %u%s", name, tname,
                    reply.answer.count, reply.answer.count == 1 ? "" : "s",
                    (unsigned)reply.answer.ttl,
                    reply.cached ? ", from the cache" : "");
    if (chain[0])
        mirage_log_info(&dns_log, "%s CNAME chain: %s%s", name, name, chain);
    while (mirage_resolver_reply_next(&reply, &rr) == 1)
        log_record(name, tname, &rr);
    mirage_resolver_reply_free(&reply);
    return 0;
}

/* Connects to (port) of (name), reads what the server sends until it
   closes (10 s at most), and closes the connection. */
static int try_connect(struct mirage_stack *stack, struct mirage_resolver *dns,
                       const char *name, int port)
{
    struct mirage_tcp_flow *flow;
    struct mirage_stack_endpoint peer;
    char text[MIRAGE_STACK_ENDPOINT_STRLEN], buf[512];
    size_t total = 0;
    int rc, n;

    rc = mirage_resolver_tcp_connect(dns, stack, name, (uint16_t)port, &flow,
                                     MIRAGE_FOREVER);
    if (rc < 0)
        return rc;
    mirage_tcp_endpoints(flow, NULL, &peer);
    mirage_stack_endpoint_to_string(&peer, text, sizeof(text));
    mirage_log_info(&dns_log, "%s: connected to %s", name, text);
    while ((n = mirage_tcp_read(flow, buf, sizeof(buf), 10000000000ull)) > 0)
        total += (size_t)n;
    mirage_tcp_close(flow);
    if (n < 0)
        return n;
    mirage_log_info(&dns_log, "%s: read %zu bytes, then the end", name, total);
    return 0;
}

static int log_counter(void *arg, const char *name, uint64_t value)
{
    (void)arg;
    mirage_log_info(&dns_log, "%s %llu", name, (unsigned long long)value);
    return 0;
}

int dns_start(struct mirage_stack *stack, struct mirage_resolver *dns,
              struct mirage_list_string names, const char *type, int repeat,
              const int *connect, bool stats)
{
    uint16_t qtype = 0;
    size_t failed = 0, unconnected = 0;

    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(types[i].name, type) == 0)
            qtype = types[i].type;
    if (names.len == 0 || repeat < 1 ||
        (connect && (*connect < 1 || *connect > 65535))) {
        mirage_log_err(&dns_log, "give --names=NAME[,NAME...], --repeat=1 or "
                                 "more and --connect=1 to 65535");
        return 64;
    }
    for (size_t i = 0; i < names.len; i++) {
        const char *name = names.items[i];
        int rc = 0;

        for (int k = 0; k < repeat && rc == 0; k++)
            rc = resolve(dns, name, type, qtype);
        if (rc < 0) {
            mirage_log_err(&dns_log, "%s %s: %s (error %d)", name, type,
                           mirage_resolver_strerror(rc), rc);
            failed++;
            continue;
        }
        if (connect && (rc = try_connect(stack, dns, name, *connect)) < 0) {
            mirage_log_err(&dns_log, "%s: connecting to port %d: %s (error %d)",
                           name, *connect, mirage_strerror(rc), rc);
            unconnected++;
        }
    }
    if (stats)
        mirage_resolver_counters(dns, log_counter, NULL);
    mirage_log_info(&dns_log, "%zu of %zu names resolved", names.len - failed,
                    names.len);
    if (connect)
        mirage_log_info(&dns_log, "%zu of %zu names connected",
                        names.len - failed - unconnected, names.len);
    return failed || unconnected ? 1 : 0;
}
