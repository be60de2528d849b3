/* SPDX-License-Identifier: ISC */
/* resolver.c: what every `dns` device offers over its query operation:
 * lookups by text, a reply's records and chain, addresses, connections
 * to a host and reverse names (mirage/resolver.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/fiber.h>
#include <mirage/resolver.h>

#include "platform.h"

int mirage_resolver_lookup(struct mirage_resolver *dev, const char *name,
                           uint16_t type, struct mirage_resolver_reply *reply,
                           uint64_t timeout_ns)
{
    struct mirage_dns_question q = {.type = type,
                                    .qclass = MIRAGE_DNS_CLASS_IN};
    int rc;

    if (reply)
        memset(reply, 0, sizeof(*reply));
    if (!dev || !name || !reply)
        return -EINVAL;
    rc = mirage_dns_name_from_string(&q.name, name);
    if (rc < 0)
        return rc;
    return mirage_resolver_query(dev, &q, reply, timeout_ns);
}

int mirage_resolver_reply_next(struct mirage_resolver_reply *reply,
                               struct mirage_dns_rr *rr)
{
    if (!reply || !reply->data || !rr)
        return 0;
    return mirage_dns_answer_next(&reply->answer, &reply->iter, rr);
}

void mirage_resolver_reply_rewind(struct mirage_resolver_reply *reply)
{
    if (reply && reply->data)
        mirage_dns_iter_init(&reply->iter, &reply->msg, MIRAGE_DNS_ANSWER);
}

int mirage_resolver_reply_cname(const struct mirage_resolver_reply *reply,
                                unsigned i, struct mirage_dns_name *name)
{
    struct mirage_dns_name at;
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;

    if (!reply || !reply->data || !name || i >= reply->answer.cnames)
        return -ENOENT;
    at = reply->question.name;
    /* the codec followed this chain already: every link is there */
    for (unsigned k = 0; k <= i; k++) {
        bool found = false;
        mirage_dns_iter_init(&it, &reply->msg, MIRAGE_DNS_ANSWER);
        while (!found && mirage_dns_iter_next(&it, &rr) == 1)
            if (rr.type == MIRAGE_DNS_TYPE_CNAME &&
                mirage_dns_name_equal(&rr.name, &at))
                found = true;
        if (!found)
            return -ENOENT;
        at = rr.rd.target;
    }
    *name = at;
    return 0;
}

const char *mirage_resolver_strerror(int err)
{
    switch (err) {
    case -ENOENT:
        return "no such name (NXDOMAIN)";
    case -ENODATA:
        return "no record of that type (NODATA)";
    case -ETIMEDOUT:
        return "no DNS server answered in time";
    case -EAGAIN:
        return "the DNS servers could not resolve it now (SERVFAIL)";
    case -ECONNREFUSED:
        return "the DNS servers refused the query";
    case -ELOOP:
        return "a CNAME chain that loops or is too long";
    case -EBADMSG:
        return "a malformed DNS answer";
    case -EDESTADDRREQ:
        return "no DNS server to ask (give --dns=ADDR, or use DHCP)";
    default:
        return mirage_strerror(err);
    }
}

void mirage_resolver_reply_free(struct mirage_resolver_reply *reply)
{
    if (!reply)
        return;
    free(reply->data);
    memset(reply, 0, sizeof(*reply));
}

int mirage_resolver_ipv4(struct mirage_resolver *dev, const char *host,
                         struct mirage_ipv4 *addrs, size_t max,
                         uint64_t timeout_ns)
{
    struct mirage_resolver_reply reply;
    struct mirage_dns_rr rr;
    int n = 0, rc;

    if (!dev || !host || !addrs || max == 0)
        return -EINVAL;
    if (mirage_ipv4_from_string(&addrs[0], host) == 0)
        return 1;
    rc = mirage_resolver_lookup(dev, host, MIRAGE_DNS_TYPE_A, &reply,
                                timeout_ns);
    if (rc < 0)
        return rc;
    while ((size_t)n < max && n < INT32_MAX &&
           mirage_resolver_reply_next(&reply, &rr) == 1)
        addrs[n++] = rr.rd.a;
    mirage_resolver_reply_free(&reply);
    return n > 0 ? n : -ENODATA;
}

int mirage_resolver_ipv6(struct mirage_resolver *dev, const char *host,
                         struct mirage_ipv6 *addrs, size_t max,
                         uint64_t timeout_ns)
{
    struct mirage_resolver_reply reply;
    struct mirage_dns_rr rr;
    int n = 0, rc;

    if (!dev || !host || !addrs || max == 0)
        return -EINVAL;
    if (mirage_ipv6_from_string(&addrs[0], host) == 0)
        return 1;
    rc = mirage_resolver_lookup(dev, host, MIRAGE_DNS_TYPE_AAAA, &reply,
                                timeout_ns);
    if (rc < 0)
        return rc;
    while ((size_t)n < max && n < INT32_MAX &&
           mirage_resolver_reply_next(&reply, &rr) == 1)
        addrs[n++] = rr.rd.aaaa;
    mirage_resolver_reply_free(&reply);
    return n > 0 ? n : -ENODATA;
}

/* The time from now until (deadline) (MIRAGE_FOREVER stays so). */
static uint64_t until(uint64_t deadline)
{
    uint64_t now = plat_clock_monotonic_ns();

    if (deadline == MIRAGE_FOREVER)
        return MIRAGE_FOREVER;
    return now >= deadline ? 0 : deadline - now;
}

int mirage_resolver_tcp_connect(struct mirage_resolver *dev,
                                struct mirage_stack *stack, const char *host,
                                uint16_t port, struct mirage_tcp_flow **flow,
                                uint64_t timeout_ns)
{
    struct mirage_ipv4 addrs[8];
    uint64_t now = plat_clock_monotonic_ns(), deadline = MIRAGE_FOREVER;
    int n, rc = -EINVAL;

    if (!dev || !stack || !host || !flow)
        return -EINVAL;
    if (timeout_ns != MIRAGE_FOREVER && timeout_ns < MIRAGE_FOREVER - now)
        deadline = now + timeout_ns;
    n = mirage_resolver_ipv4(dev, host, addrs, 8, timeout_ns);
    if (n < 0)
        return n;
    for (int i = 0; i < n; i++) {
        struct mirage_stack_endpoint ep = {
            .version = MIRAGE_STACK_IPV4, .ipv4 = addrs[i], .port = port};
        uint64_t share = until(deadline);

        /* each address left gets an equal share of the time left */
        if (share != MIRAGE_FOREVER)
            share /= (uint64_t)(n - i);
        if (share == 0 && i > 0)
            return -ETIMEDOUT;
        rc = mirage_tcp_connect(stack, &ep, flow, share);
        if (rc == 0 || rc == -ECANCELED)
            return rc;
    }
    return rc;
}

/* The first PTR of question (q): its target in (name). */
static int first_ptr(struct mirage_resolver *dev, struct mirage_dns_question *q,
                     struct mirage_dns_name *name, uint64_t timeout_ns)
{
    struct mirage_resolver_reply reply;
    struct mirage_dns_rr rr;
    int rc;

    q->type = MIRAGE_DNS_TYPE_PTR;
    q->qclass = MIRAGE_DNS_CLASS_IN;
    rc = mirage_resolver_query(dev, q, &reply, timeout_ns);
    if (rc < 0)
        return rc;
    rc = -ENODATA;
    if (mirage_resolver_reply_next(&reply, &rr) == 1) {
        *name = rr.rd.target;
        rc = 0;
    }
    mirage_resolver_reply_free(&reply);
    return rc;
}

int mirage_resolver_reverse_ipv4(struct mirage_resolver *dev,
                                 const struct mirage_ipv4 *addr,
                                 struct mirage_dns_name *name,
                                 uint64_t timeout_ns)
{
    struct mirage_dns_question q;

    if (!dev || !addr || !name)
        return -EINVAL;
    mirage_dns_name_reverse_ipv4(&q.name, addr);
    return first_ptr(dev, &q, name, timeout_ns);
}

int mirage_resolver_reverse_ipv6(struct mirage_resolver *dev,
                                 const struct mirage_ipv6 *addr,
                                 struct mirage_dns_name *name,
                                 uint64_t timeout_ns)
{
    struct mirage_dns_question q;

    if (!dev || !addr || !name)
        return -EINVAL;
    mirage_dns_name_reverse_ipv6(&q.name, addr);
    return first_ptr(dev, &q, name, timeout_ns);
}
