/* SPDX-License-Identifier: ISC */
/* stub_servers.c: the servers a stub resolver asks: --dns, or DHCP's. */
#include <errno.h>
#include <string.h>

#include "stub.h"

/* Reads the port of (text) (decimal, 1 to 65535, no leading zero). */
static int parse_port(const char *text, uint16_t *port)
{
    unsigned long v = 0;

    if (text[0] < '1' || text[0] > '9')
        return -EINVAL;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -EINVAL;
        v = v * 10 + (unsigned long)(*p - '0');
        if (v > 65535)
            return -EINVAL;
    }
    *port = (uint16_t)v;
    return 0;
}

int stub_server_parse(const char *text, struct mirage_stack_endpoint *ep)
{
    char addr[MIRAGE_IPV6_STRLEN];
    const char *colon, *end;
    size_t n;

    if (!text || !ep)
        return -EINVAL;
    memset(ep, 0, sizeof(*ep));
    ep->port = 53;
    if (text[0] == '[') {
        /* [IPV6] or [IPV6]:PORT */
        end = strchr(text, ']');
        if (!end)
            return -EINVAL;
        n = (size_t)(end - text - 1);
        if (end[1] != '\0' && (end[1] != ':' || parse_port(end + 2, &ep->port)))
            return -EINVAL;
        if (n >= sizeof(addr))
            return -EINVAL;
        memcpy(addr, text + 1, n);
        addr[n] = '\0';
        ep->version = MIRAGE_STACK_IPV6;
        return mirage_ipv6_from_string(&ep->ipv6, addr);
    }
    colon = strchr(text, ':');
    if (colon && strchr(colon + 1, ':')) {
        /* two colons or more: a bare IPv6 address */
        ep->version = MIRAGE_STACK_IPV6;
        return mirage_ipv6_from_string(&ep->ipv6, text);
    }
    n = colon ? (size_t)(colon - text) : strlen(text);
    if (n >= sizeof(addr))
        return -EINVAL;
    memcpy(addr, text, n);
    addr[n] = '\0';
    if (colon && parse_port(colon + 1, &ep->port))
        return -EINVAL;
    ep->version = MIRAGE_STACK_IPV4;
    return mirage_ipv4_from_string(&ep->ipv4, addr);
}

/* The servers now, and in (*pending) whether DHCP has no lease now. */
static unsigned servers(struct stub *st, struct mirage_stack_endpoint *out,
                        unsigned max, bool *pending)
{
    struct mirage_stack_ipv4_info info;
    unsigned n = 0;

    *pending = false;
    if (st->nservers > 0) {
        for (; n < st->nservers && n < max; n++)
            out[n] = st->servers[n];
        return n;
    }
    /* the lease's, read each time: a renewal may change them */
    if (mirage_stack_ipv4_info(st->stack, &info) < 0)
        return 0;
    *pending = info.dhcp && !info.bound;
    for (unsigned i = 0; i < info.ndns && i < 3 && n < max; i++) {
        static const struct mirage_ipv4 zero;
        if (memcmp(&info.dns[i], &zero, sizeof(zero)) == 0)
            continue;
        out[n] = (struct mirage_stack_endpoint){
            .version = MIRAGE_STACK_IPV4, .ipv4 = info.dns[i], .port = 53};
        n++;
    }
    return n;
}

unsigned stub_servers_now(struct stub *st, struct mirage_stack_endpoint *out,
                          unsigned max)
{
    bool pending;

    return servers(st, out, max, &pending);
}

int stub_servers_wait(struct stub *st, struct mirage_stack_endpoint *out,
                      unsigned max, uint64_t deadline)
{
    bool pending;
    unsigned n;

    while ((n = servers(st, out, max, &pending)) == 0 && pending) {
        uint64_t now = stub_now(st), wait = STUB_LEASE_POLL;

        if (now >= deadline)
            break;
        if (deadline - now < wait)
            wait = deadline - now;
        /* the stack says nothing when a lease comes: look again soon */
        if (mirage_sleep_ns(wait) < 0)
            return -ECANCELED;
    }
    return (int)n;
}
