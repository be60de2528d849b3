/* SPDX-License-Identifier: ISC */
/* stub.c: dns's `stub`: connecting one, its servers and its counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/error.h>
#include <mirage/mclock.h>
#include <mirage/random.h>

#include "stub.h"

MIRAGE_LOG_DEVICE_SOURCE(stub_log, "dns", "the DNS stub resolver", "dns");

#define STUB_DEVICES 8

static struct stub *devices[STUB_DEVICES];
static size_t ndevices;

uint64_t stub_now(struct stub *st)
{
    return mirage_mclock_elapsed_ns(st->mclock);
}

uint16_t stub_random16(struct stub *st)
{
    return (uint16_t)mirage_random_u64(st->random);
}

static int stub_servers_op(struct mirage_resolver *dev,
                           struct mirage_stack_endpoint *out, size_t max)
{
    struct stub *st = dev->state;
    struct mirage_stack_endpoint all[STUB_SERVERS];
    unsigned n = stub_servers_now(st, all, STUB_SERVERS);

    for (unsigned i = 0; i < n && i < max; i++)
        out[i] = all[(st->preferred + i) % n];
    return (int)n;
}

static int stub_counters_op(struct mirage_resolver *dev,
                            int (*fn)(void *arg, const char *name,
                                      uint64_t value),
                            void *arg)
{
    struct stub *st = dev->state;
    const struct {
        const char *name;
        uint64_t value;
    } all[] = {
        {"dns.queries", st->n.queries},
        {"dns.cache_hits", st->n.cache_hits},
        {"dns.cache_negative", st->n.cache_negative},
        {"dns.cache_entries", st->cache.entries},
        {"dns.cache_bytes", st->cache.bytes},
        {"dns.udp_sent", st->n.udp_sent},
        {"dns.tcp_queries", st->n.tcp_queries},
        {"dns.truncated", st->n.truncated},
        {"dns.timeouts", st->n.timeouts},
        {"dns.dropped", st->n.dropped},
        {"dns.servfail", st->n.servfail},
        {"dns.refused", st->n.refused},
        {"dns.nxdomain", st->n.nxdomain},
        {"dns.nodata", st->n.nodata},
        {"dns.failures", st->n.failures},
    };
    int rc;

    if (!fn)
        return -EINVAL;
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        rc = fn(arg, all[i].name, all[i].value);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static const struct mirage_resolver_ops stub_ops = {
    .query = stub_query,
    .servers = stub_servers_op,
    .counters = stub_counters_op,
};

/* Reads --dns into (st); -EINVAL, logged, for a bad entry. */
static int read_servers(struct stub *st, const char *name,
                        struct mirage_list_string servers)
{
    if (servers.len > STUB_SERVERS) {
        mirage_log_err(&stub_log, "%s: --dns names %zu servers; at most %d",
                       name, servers.len, STUB_SERVERS);
        return -EINVAL;
    }
    for (size_t i = 0; i < servers.len; i++)
        if (stub_server_parse(servers.items[i], &st->servers[i]) < 0) {
            mirage_log_err(&stub_log,
                           "%s: --dns: '%s' is no server: give ADDR, "
                           "ADDR:PORT, IPV6 or [IPV6]:PORT",
                           name, servers.items[i]);
            return -EINVAL;
        }
    st->nservers = (unsigned)servers.len;
    return 0;
}

/* Logs where the servers come from, or that there are none yet. */
static void log_servers(struct stub *st)
{
    struct mirage_stack_endpoint all[STUB_SERVERS];
    char text[STUB_SERVERS * MIRAGE_STACK_ENDPOINT_STRLEN], *at = text;
    unsigned n = stub_servers_now(st, all, STUB_SERVERS);

    text[0] = '\0';
    for (unsigned i = 0; i < n; i++) {
        if (i > 0)
            *at++ = ' ';
        int len = mirage_stack_endpoint_to_string(&all[i], at,
                                                  MIRAGE_STACK_ENDPOINT_STRLEN);
        if (len > 0)
            at += len;
    }
    if (n > 0)
        mirage_log_info(&stub_log, "%s: resolvers %s (%s)", st->dev.name, text,
                        st->nservers ? "--dns" : "DHCP");
    else
        mirage_log_warn(&stub_log,
                        "%s: no resolver yet: give --dns=ADDR, or let the "
                        "stack '%s' learn one by DHCP",
                        st->dev.name, st->stack->name);
}

int mirage_resolver_stub_connect(struct mirage_resolver **dev, const char *name,
                                 struct mirage_stack *stack,
                                 struct mirage_random *random,
                                 struct mirage_mclock *mclock,
                                 struct mirage_list_string servers,
                                 int cache_bytes, int timeout_s, bool mix_case)
{
    struct stub *st;
    int rc;

    if (!dev || !name || !stack || !random || !mclock)
        return -EINVAL;
    for (size_t i = 0; i < ndevices; i++)
        if (strcmp(devices[i]->dev.name, name) == 0) {
            *dev = &devices[i]->dev;
            return 0;
        }
    if (cache_bytes < 0) {
        mirage_log_err(&stub_log, "%s: --dns-cache=%d: give 0 or more bytes",
                       name, cache_bytes);
        return -EINVAL;
    }
    if (timeout_s < 1 || timeout_s > 3600) {
        mirage_log_err(&stub_log,
                       "%s: --dns-timeout=%d: give 1 to 3600 seconds", name,
                       timeout_s);
        return -EINVAL;
    }
    if (ndevices == STUB_DEVICES) {
        mirage_log_err(&stub_log, "%s: more than %d dns devices", name,
                       STUB_DEVICES);
        return -ENOMEM;
    }
    st = calloc(1, sizeof(*st));
    if (!st)
        return -ENOMEM;
    st->dev =
        (struct mirage_resolver){.ops = &stub_ops, .state = st, .name = name};
    st->stack = stack;
    st->random = random;
    st->mclock = mclock;
    st->mix_case = mix_case;
    st->timeout_ns = (uint64_t)timeout_s * STUB_NS;
    st->room = (struct mirage_cond)MIRAGE_COND_INIT;
    st->cache.limit = (size_t)cache_bytes;
    rc = read_servers(st, name, servers);
    if (rc < 0) {
        free(st);
        return rc;
    }
    devices[ndevices++] = st;
    log_servers(st);
    *dev = &st->dev;
    return 0;
}
