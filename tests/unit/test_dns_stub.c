/* SPDX-License-Identifier: ISC */
/* test_dns_stub.c: the dns device's stub resolver (devices/dns/stub) over
 * the socket stack, against fake servers on loopback (dns_fake.c): records
 * of each type, CNAME chains, TCP after TC, forgeries, silent and failing
 * servers, the cache and its TTLs (on a clock the test moves), 0x20,
 * concurrent questions, the helpers of mirage/resolver.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/fiber.h>
#include <mirage/mclock.h>
#include <mirage/random.h>
#include <mirage/resolver.h>

#include "core/sched.h"
#include "dns_fake.h"
#include "platform.h"
#include "runtime_capture.h"
#include "tap.h"

#define S 1000000000ull
/* A limit that only a hang reaches. */
#define LONG (tap_scaled_ns(20 * S))

/* --- a monotonic clock the test moves forward ------------------------ */

static uint64_t skew;

static uint64_t fake_elapsed(struct mirage_mclock *dev)
{
    (void)dev;
    return plat_clock_monotonic_ns() + skew;
}

static uint64_t fake_period(struct mirage_mclock *dev)
{
    (void)dev;
    return 0;
}

static const struct mirage_mclock_ops fake_clock_ops = {fake_elapsed,
                                                        fake_period};
static struct mirage_mclock fake_clock = {&fake_clock_ops, NULL, "clock"};

/* --- devices and servers ---------------------------------------------- */

static struct mirage_stack *stack;
static struct mirage_random *rnd;
static struct fake_server a, b;

/* A stub device (name) asking (servers), a comma-separated list. */
static struct mirage_resolver *stub(const char *name, const char *servers,
                                    int cache, int timeout_s, bool mix)
{
    static char copy[8][128];
    static const char *items[8][4];
    static int k;
    struct mirage_list_string list = {0, items[k]};
    struct mirage_resolver *dev = NULL;
    char *save = NULL;
    int rc;

    snprintf(copy[k], sizeof(copy[k]), "%s", servers);
    for (char *t = strtok_r(copy[k], ",", &save); t && list.len < 4;
         t = strtok_r(NULL, ",", &save))
        items[k][list.len++] = t;
    k++;
    rc = mirage_resolver_stub_connect(&dev, name, stack, rnd, &fake_clock, list,
                                      cache, timeout_s, mix);
    TAP_OK(rc == 0 && dev, "connect %s over %s (%d)", name,
           servers[0] ? servers : "no server", rc);
    return dev;
}

/* The value of counter (name) of (dev). */
struct found {
    const char *name;
    uint64_t value;
};

static int find_counter(void *arg, const char *name, uint64_t value)
{
    struct found *f = arg;

    if (strcmp(f->name, name) == 0) {
        f->value = value;
        return 1;
    }
    return 0;
}

static uint64_t counter(struct mirage_resolver *dev, const char *name)
{
    struct found f = {name, UINT64_MAX};

    mirage_resolver_counters(dev, find_counter, &f);
    return f.value;
}

/* The text of (n). */
static const char *text(const struct mirage_dns_name *n)
{
    static char buf[4][MIRAGE_DNS_NAME_STRLEN];
    static int k;

    k = (k + 1) % 4;
    mirage_dns_name_to_string(n, buf[k], sizeof(buf[k]));
    return buf[k];
}

/* The A records of (name) as "a b c" text; "" and the error in (*rc). */
static const char *addrs(struct mirage_resolver *dev, const char *name, int *rc)
{
    static char out[256];
    struct mirage_ipv4 list[8];
    size_t at = 0;
    int n = mirage_resolver_ipv4(dev, name, list, 8, LONG);

    out[0] = '\0';
    *rc = n < 0 ? n : 0;
    for (int i = 0; i < n; i++) {
        char one[MIRAGE_IPV4_STRLEN];
        mirage_ipv4_to_string(&list[i], one, sizeof(one));
        at += (size_t)snprintf(out + at, sizeof(out) - at, "%s%s", i ? " " : "",
                               one);
    }
    return out;
}

/* --- the cases ------------------------------------------------------- */

static void records(struct mirage_resolver *d)
{
    struct mirage_resolver_reply r;
    struct mirage_dns_rr rr;
    struct mirage_dns_name n;
    struct mirage_ipv6 v6[2];
    const uint8_t *s;
    size_t off = 0, len;
    int rc;

    TAP_STREQ(addrs(d, "a.test", &rc), "10.0.0.1 10.0.0.2",
              "A: both addresses, in the server's order");
    TAP_OK(rc == 0 && a.udp_queries == 1 && a.tcp_queries == 0,
           "A: one UDP query (%u, %u)", a.udp_queries, a.tcp_queries);
    TAP_OK(a.edns_queries == 1, "A: the query carries EDNS");

    rc = mirage_resolver_lookup(d, "alias.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == 0 && r.answer.count == 1 && r.answer.cnames == 2,
           "CNAME chain: followed, two links, one A (%d)", rc);
    TAP_STREQ(text(&r.answer.name), "a.test", "CNAME chain: ends at a.test");
    TAP_OK(r.answer.ttl == 20, "CNAME chain: the least TTL of it (%u)",
           (unsigned)r.answer.ttl);
    TAP_OK(mirage_resolver_reply_cname(&r, 0, &n) == 0 &&
               strcmp(text(&n), "mid.test") == 0 &&
               mirage_resolver_reply_cname(&r, 1, &n) == 0 &&
               strcmp(text(&n), "a.test") == 0 &&
               mirage_resolver_reply_cname(&r, 2, &n) == -ENOENT,
           "CNAME chain: its links in order, -ENOENT past them");
    TAP_OK(mirage_resolver_reply_next(&r, &rr) == 1 &&
               rr.type == MIRAGE_DNS_TYPE_A && rr.rd.a.bytes[3] == 1 &&
               mirage_resolver_reply_next(&r, &rr) == 0,
           "CNAME chain: the one A record, then the end");
    mirage_resolver_reply_rewind(&r);
    TAP_OK(mirage_resolver_reply_next(&r, &rr) == 1, "rewind starts over");
    mirage_resolver_reply_free(&r);
    mirage_resolver_reply_free(&r);
    TAP_OK(r.data == NULL, "a reply freed twice holds nothing");

    rc = mirage_resolver_lookup(d, "alias.test", MIRAGE_DNS_TYPE_CNAME, &r,
                                LONG);
    TAP_OK(rc == 0 && r.answer.cnames == 0 && r.answer.count == 1 &&
               mirage_resolver_reply_next(&r, &rr) == 1 &&
               strcmp(text(&rr.rd.target), "mid.test") == 0,
           "CNAME question: the CNAME itself, not followed (%d)", rc);
    mirage_resolver_reply_free(&r);

    rc = mirage_resolver_lookup(d, "loop.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ELOOP && r.data == NULL, "a CNAME loop is -ELOOP (%d)", rc);

    rc = mirage_resolver_lookup(d, "mx.test", MIRAGE_DNS_TYPE_MX, &r, LONG);
    TAP_OK(rc == 0 && mirage_resolver_reply_next(&r, &rr) == 1 &&
               rr.rd.mx.preference == 10 &&
               strcmp(text(&rr.rd.mx.exchange), "mail.test") == 0,
           "MX: 10 mail.test (%d)", rc);
    mirage_resolver_reply_free(&r);

    rc = mirage_resolver_lookup(d, "srv.test", MIRAGE_DNS_TYPE_SRV, &r, LONG);
    TAP_OK(rc == 0 && mirage_resolver_reply_next(&r, &rr) == 1 &&
               rr.rd.srv.priority == 1 && rr.rd.srv.weight == 2 &&
               rr.rd.srv.port == 80 &&
               strcmp(text(&rr.rd.srv.target), "host.test") == 0,
           "SRV: 1 2 80 host.test (%d)", rc);
    mirage_resolver_reply_free(&r);

    rc = mirage_resolver_lookup(d, "txt.test.", MIRAGE_DNS_TYPE_TXT, &r, LONG);
    TAP_OK(rc == 0 && mirage_resolver_reply_next(&r, &rr) == 1 &&
               mirage_dns_txt_next(rr.rd.raw.data, rr.rd.raw.len, &off, &s,
                                   &len) == 1 &&
               len == 5 && memcmp(s, "hello", 5) == 0 &&
               mirage_dns_txt_next(rr.rd.raw.data, rr.rd.raw.len, &off, &s,
                                   &len) == 1 &&
               len == 5 && memcmp(s, "world", 5) == 0,
           "TXT: \"hello\" \"world\" (a last dot is fine) (%d)", rc);
    mirage_resolver_reply_free(&r);

    rc = mirage_resolver_reverse_ipv4(d, &(struct mirage_ipv4){{10, 0, 0, 1}},
                                      &n, LONG);
    TAP_OK(rc == 0 && strcmp(text(&n), "host.test") == 0,
           "PTR: 10.0.0.1 is host.test (%d)", rc);
    TAP_STREQ(a.last_name, "1.0.0.10.in-addr.arpa",
              "PTR: asked of its reverse name");

    rc = mirage_resolver_ipv6(d, "v6.test", v6, 2, LONG);
    TAP_OK(rc == 1 && v6[0].bytes[0] == 0x20 && v6[0].bytes[3] == 0xb8 &&
               v6[0].bytes[15] == 1,
           "AAAA: 2001:db8::1 (%d)", rc);
    rc = mirage_resolver_ipv6(d, "2001:db8::7", v6, 2, LONG);
    TAP_OK(rc == 1 && v6[0].bytes[15] == 7, "AAAA: a literal is its own");

    unsigned before = a.udp_queries;
    TAP_STREQ(addrs(d, "192.0.2.33", &rc), "192.0.2.33",
              "A: a literal address is its own answer");
    TAP_OK(a.udp_queries == before, "A: and asks nobody");

    rc = mirage_resolver_lookup(d, "nope..test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -EINVAL, "an empty label is -EINVAL (%d)", rc);
    rc = mirage_resolver_lookup(d, "a.test", MIRAGE_DNS_TYPE_ANY, &r, LONG);
    TAP_OK(rc == -EINVAL, "ANY is not asked: -EINVAL (%d)", rc);
    rc = mirage_resolver_lookup(
        d, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.t",
        MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENAMETOOLONG, "a 64-byte label is -ENAMETOOLONG (%d)", rc);
}

static void negative(struct mirage_resolver *d)
{
    struct mirage_resolver_reply r;
    unsigned before;
    int rc;

    rc = mirage_resolver_lookup(d, "nx.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENOENT && r.data == NULL, "NXDOMAIN is -ENOENT (%d)", rc);
    TAP_STREQ(mirage_resolver_strerror(rc), "no such name (NXDOMAIN)",
              "and says so in words");
    rc = mirage_resolver_lookup(d, "nodata.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENODATA, "no record of the type is -ENODATA (%d)", rc);
    rc = mirage_resolver_lookup(d, "txt.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENODATA, "a name with other types only: -ENODATA (%d)", rc);

    before = a.udp_queries;
    rc = mirage_resolver_lookup(d, "nx.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENOENT && a.udp_queries == before,
           "NXDOMAIN again: from the cache, no query (%d)", rc);
    rc = mirage_resolver_lookup(d, "NODATA.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENODATA && a.udp_queries == before,
           "NODATA again, in another case: from the cache (%d)", rc);
    TAP_OK(counter(d, "dns.cache_negative") == 2, "two negative hits counted");
    skew += 39 * S;
    rc = mirage_resolver_lookup(d, "nx.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENOENT && a.udp_queries == before,
           "39 s later: still cached (the SOA's MINIMUM is 40 s)");
    skew += 2 * S;
    rc = mirage_resolver_lookup(d, "nx.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENOENT && a.udp_queries == before + 1,
           "41 s later: asked again (%u queries)", a.udp_queries - before);
}

static void cache(struct mirage_resolver *d)
{
    struct mirage_resolver_reply r;
    unsigned before = a.udp_queries;
    int rc;

    rc = mirage_resolver_lookup(d, "mx.test", MIRAGE_DNS_TYPE_MX, &r, LONG);
    TAP_OK(rc == 0 && r.cached && r.answer.ttl <= 30 && a.udp_queries == before,
           "MX again: from the cache, TTL %u <= 30, no query",
           (unsigned)r.answer.ttl);
    mirage_resolver_reply_free(&r);
    rc = mirage_resolver_lookup(d, "MX.Test", MIRAGE_DNS_TYPE_MX, &r, LONG);
    TAP_OK(rc == 0 && r.cached, "names match in any case");
    mirage_resolver_reply_free(&r);
    rc = mirage_resolver_lookup(d, "mx.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == -ENOENT && a.udp_queries == before + 1,
           "another type of the name is another question (%d)", rc);
    skew += 31 * S;
    rc = mirage_resolver_lookup(d, "mx.test", MIRAGE_DNS_TYPE_MX, &r, LONG);
    TAP_OK(rc == 0 && !r.cached && a.udp_queries == before + 2,
           "31 s later the TTL of 30 s is over: asked again");
    mirage_resolver_reply_free(&r);
    rc = mirage_resolver_lookup(d, "zero.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    mirage_resolver_reply_free(&r);
    rc = mirage_resolver_lookup(d, "zero.test", MIRAGE_DNS_TYPE_A, &r, LONG);
    TAP_OK(rc == 0 && !r.cached && a.udp_queries == before + 4,
           "TTL 0: never cached");
    mirage_resolver_reply_free(&r);
    TAP_OK(counter(d, "dns.cache_hits") >= 2 &&
               counter(d, "dns.cache_bytes") <= 65536,
           "hits counted, bytes within the bound");
}

static void bounded_cache(void)
{
    struct mirage_resolver *d = stub("small", fake_addr(&a), 2048, 10, false);
    char name[32];
    unsigned before;
    int rc;

    if (!d)
        return;
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof(name), "c%d.test", i);
        addrs(d, name, &rc);
        if (counter(d, "dns.cache_bytes") > 2048)
            break;
    }
    TAP_OK(counter(d, "dns.cache_bytes") <= 2048 &&
               counter(d, "dns.cache_entries") >= 2 &&
               counter(d, "dns.cache_entries") < 20,
           "a 2,048-byte cache holds %llu of 20 answers in %llu bytes",
           (unsigned long long)counter(d, "dns.cache_entries"),
           (unsigned long long)counter(d, "dns.cache_bytes"));
    before = a.udp_queries;
    addrs(d, "c19.test", &rc);
    TAP_OK(a.udp_queries == before, "the last one is kept");
    TAP_STREQ(addrs(d, "c0.test", &rc), "10.0.9.0",
              "the first one was dropped, and is asked again");
    TAP_OK(a.udp_queries == before + 1, "(one query)");
}

static void truncated(struct mirage_resolver *d)
{
    struct mirage_resolver_reply r;
    struct mirage_dns_rr rr;
    unsigned udp = a.udp_queries, tcp = a.tcp_queries;
    int rc;

    rc = mirage_resolver_lookup(d, "big.test", MIRAGE_DNS_TYPE_TXT, &r, LONG);
    TAP_OK(rc == 0 && mirage_resolver_reply_next(&r, &rr) == 1 &&
               rr.rd.raw.len == 8 * 201,
           "TC: the 1,608-byte TXT comes whole (%d)", rc);
    TAP_OK(a.udp_queries == udp + 1 && a.tcp_queries == tcp + 1,
           "TC: one UDP query, then one over TCP");
    TAP_OK(counter(d, "dns.truncated") == 1 &&
               counter(d, "dns.tcp_queries") == 1,
           "TC: counted");
    mirage_resolver_reply_free(&r);
}

static void forgeries(struct mirage_resolver *d)
{
    uint64_t dropped = counter(d, "dns.dropped");
    int rc;

    a.mode = FAKE_SPOOF;
    TAP_STREQ(addrs(d, "a.test", &rc), "10.0.0.1 10.0.0.2",
              "forgeries from another port, with another ID and for another "
              "name are not believed");
    TAP_OK(counter(d, "dns.dropped") == dropped + 3,
           "the three are counted as dropped (%llu)",
           (unsigned long long)(counter(d, "dns.dropped") - dropped));
    a.mode = FAKE_NORMAL;
}

/* Each question its own ID and source port. */
static void randomness(struct mirage_resolver *d)
{
    struct mirage_resolver_reply r;
    unsigned first = a.udp_queries + a.tcp_queries;
    bool ports = false, ids = false;
    char name[32];

    for (int i = 0; i < 6; i++) {
        snprintf(name, sizeof(name), "nx%d.test", i);
        mirage_resolver_lookup(d, name, MIRAGE_DNS_TYPE_A, &r, LONG);
    }
    for (unsigned k = first + 1; k < first + 6; k++) {
        if (a.ports[k % FAKE_LOG] != a.ports[first % FAKE_LOG])
            ports = true;
        if (a.ids[k % FAKE_LOG] != a.ids[first % FAKE_LOG])
            ids = true;
    }
    TAP_OK(ports, "six questions come from more than one source port");
    TAP_OK(ids, "and with more than one ID");
}

static void servers(void)
{
    struct mirage_resolver *d;
    struct mirage_stack_endpoint eps[4];
    char both[64];
    int rc;

    /* b silent, a answers */
    snprintf(both, sizeof(both), "%s,%s", fake_addr(&b), fake_addr(&a));
    d = stub("two", both, 65536, 10, false);
    if (!d)
        return;
    b.mode = FAKE_SILENT;
    TAP_OK(mirage_resolver_servers(d, eps, 4) == 2 && eps[0].port == b.port &&
               eps[1].port == a.port,
           "servers: both, in order");
    TAP_STREQ(addrs(d, "a.test", &rc), "10.0.0.1 10.0.0.2",
              "a silent first server: the second answers");
    TAP_OK(b.udp_queries == 1 && counter(d, "dns.timeouts") == 1,
           "after the first one's try timed out");
    TAP_OK(mirage_resolver_servers(d, eps, 4) == 2 && eps[0].port == a.port,
           "servers: the one that answered comes first now");
    TAP_STREQ(addrs(d, "alias.test", &rc), "10.0.0.1",
              "the next question goes to it");
    TAP_OK(b.udp_queries == 1 && counter(d, "dns.timeouts") == 1,
           "without waiting for the silent one");

    /* a fails, b answers: no wait */
    b.mode = FAKE_NORMAL;
    a.mode = FAKE_SERVFAIL;
    TAP_STREQ(addrs(d, "c50.test", &rc), "10.0.9.50",
              "SERVFAIL: the next server is asked");
    TAP_OK(counter(d, "dns.timeouts") == 1 && counter(d, "dns.servfail") == 1,
           "SERVFAIL: at once, no timeout");
    a.mode = FAKE_REFUSED;
    b.mode = FAKE_REFUSED;
    addrs(d, "c51.test", &rc);
    TAP_OK(rc == -ECONNREFUSED, "REFUSED by both: -ECONNREFUSED (%d)", rc);
    a.mode = FAKE_SERVFAIL;
    b.mode = FAKE_SERVFAIL;
    addrs(d, "c52.test", &rc);
    TAP_OK(rc == -EAGAIN, "SERVFAIL from both: -EAGAIN (%d)", rc);
    a.mode = FAKE_MALFORMED;
    b.mode = FAKE_MALFORMED;
    addrs(d, "c53.test", &rc);
    TAP_OK(rc == -EBADMSG, "malformed answers from both: -EBADMSG (%d)", rc);
    a.mode = FAKE_NORMAL;
    b.mode = FAKE_NORMAL;
    addrs(d, "servfail.test", &rc);
    TAP_OK(rc == -EAGAIN, "a name both fail: -EAGAIN (%d)", rc);
    TAP_OK(counter(d, "dns.failures") == 4, "failures counted (%llu)",
           (unsigned long long)counter(d, "dns.failures"));
}

static void timeouts(void)
{
    struct mirage_resolver *d = stub("silent", fake_addr(&b), 0, 1, false);
    uint64_t t0;
    int rc;

    if (!d)
        return;
    b.mode = FAKE_SILENT;
    t0 = plat_clock_monotonic_ns();
    addrs(d, "a.test", &rc);
    TAP_OK(rc == -ETIMEDOUT, "a silent server: -ETIMEDOUT (%d)", rc);
    TAP_OK(plat_clock_monotonic_ns() - t0 >= S,
           "after --dns-timeout=1 (a lower bound)");
    TAP_OK(counter(d, "dns.cache_entries") == 0, "--dns-cache=0: no cache");
    b.mode = FAKE_NORMAL;
}

static void no_edns(struct mirage_resolver *d)
{
    unsigned udp = a.udp_queries;
    int rc;

    a.mode = FAKE_NO_EDNS;
    TAP_STREQ(addrs(d, "c60.test", &rc), "10.0.9.60",
              "FORMERR to EDNS: asked again without it");
    TAP_OK(a.udp_queries == udp + 2, "two queries (%u)", a.udp_queries - udp);
    a.mode = FAKE_NORMAL;
}

static void mixed_case(void)
{
    struct mirage_resolver *d = stub("mixed", fake_addr(&a), 0, 2, true);
    bool upper = false;
    int rc;

    if (!d)
        return;
    addrs(d, "abcdefghijklmnopqrstuvwxyz.a.test", &rc);
    TAP_OK(rc == -ENOENT, "0x20: the answer echoing the case is taken (%d)",
           rc);
    for (const char *p = a.last_name; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            upper = true;
    TAP_OK(upper, "0x20: the name went out in mixed case (%s)", a.last_name);
    a.mode = FAKE_LOWER;
    addrs(d, "abcdefghijklmnopqrstuvwxyz.a.test", &rc);
    TAP_OK(rc == -ETIMEDOUT, "0x20: answers in another case are dropped (%d)",
           rc);
    a.mode = FAKE_NORMAL;
}

struct asker {
    struct mirage_resolver *d;
    int i, rc;
    char got[32];
};

static int ask_one(void *arg)
{
    struct asker *k = arg;
    char name[32];
    int rc;

    snprintf(name, sizeof(name), "c%d.test", 70 + k->i);
    snprintf(k->got, sizeof(k->got), "%s", addrs(k->d, name, &rc));
    k->rc = rc;
    return 0;
}

static void concurrent(struct mirage_resolver *d)
{
    struct asker k[FAKE_HOLD_N];
    struct mirage_fiber *f[FAKE_HOLD_N];
    bool all = true;

    a.mode = FAKE_HOLD;
    for (int i = 0; i < FAKE_HOLD_N; i++) {
        k[i] = (struct asker){.d = d, .i = i, .rc = 1};
        mirage_fiber_spawn(&f[i], ask_one, &k[i], NULL);
    }
    mirage_fiber_join_all(f, FAKE_HOLD_N, NULL, LONG);
    for (int i = 0; i < FAKE_HOLD_N; i++) {
        char want[32];
        snprintf(want, sizeof(want), "10.0.9.%d", 70 + i);
        if (k[i].rc != 0 || strcmp(k[i].got, want) != 0)
            all = false;
    }
    TAP_OK(all, "8 fibers at once, answered in reverse order: each gets its "
                "own answer");
    a.mode = FAKE_NORMAL;
}

static void connect_helper(struct mirage_resolver *d)
{
    struct mirage_tcp_flow *flow = NULL;
    struct mirage_stack_endpoint peer;
    int rc;

    rc =
        mirage_resolver_tcp_connect(d, stack, "conn.test", a.port, &flow, LONG);
    TAP_OK(rc == 0, "connect: host:port, the second address (%d)", rc);
    if (rc == 0) {
        mirage_tcp_endpoints(flow, NULL, &peer);
        TAP_OK(peer.ipv4.bytes[3] == 1 && peer.port == a.port,
               "connect: to 127.0.0.1 after 127.0.0.2 refused");
        mirage_tcp_close(flow);
    }
    rc = mirage_resolver_tcp_connect(d, stack, "nx.test", a.port, &flow, LONG);
    TAP_OK(rc == -ENOENT, "connect: an unknown host is -ENOENT (%d)", rc);
}

static void no_server(void)
{
    struct mirage_resolver *d = stub("none", "", 0, 1, false);
    int rc;

    if (!d)
        return;
    TAP_OK(mirage_resolver_servers(d, NULL, 0) == 0,
           "no --dns and a socket stack: no server");
    capture_reset();
    addrs(d, "a.test", &rc);
    TAP_OK(rc == -EDESTADDRREQ, "a question is -EDESTADDRREQ (%d)", rc);
    TAP_OK(strstr(capture_out, "none: no resolver to ask: give --dns=ADDR") !=
               NULL,
           "and the log says what to do");
}

/* A stack whose DHCP client has no lease, then one naming two servers:
 * the socket stack with another ipv4_info. */
static struct mirage_stack_ops dhcp_ops;
static int lease_calls;
static bool lease_bound;

static int dhcp_info(struct mirage_stack *dev,
                     struct mirage_stack_ipv4_info *info)
{
    (void)dev;
    memset(info, 0, sizeof(*info));
    info->dhcp = true;
    lease_calls++;
    if (lease_bound) {
        info->bound = true;
        info->ndns = 2;
        info->dns[0] = (struct mirage_ipv4){{192, 0, 2, 1}};
        info->dns[1] = (struct mirage_ipv4){{192, 0, 2, 2}};
    }
    return 0;
}

static void dhcp_lease(void)
{
    static struct mirage_stack dhcp_stack;
    struct mirage_list_string none = {0, NULL};
    struct mirage_stack_endpoint eps[4];
    struct mirage_resolver *d = NULL;
    uint64_t t0;
    int rc, calls;

    dhcp_ops = *stack->ops;
    dhcp_ops.ipv4_info = dhcp_info;
    dhcp_stack = (struct mirage_stack){&dhcp_ops, stack->state, "leased"};
    rc = mirage_resolver_stub_connect(&d, "lease", &dhcp_stack, rnd,
                                      &fake_clock, none, 0, 1, false);
    TAP_OK(rc == 0, "connect over a stack whose DHCP has no lease (%d)", rc);
    if (rc < 0)
        return;
    TAP_OK(mirage_resolver_servers(d, eps, 4) == 0, "no lease: no server");
    calls = lease_calls;
    t0 = plat_clock_monotonic_ns();
    addrs(d, "a.test", &rc);
    TAP_OK(rc == -EDESTADDRREQ && plat_clock_monotonic_ns() - t0 >= S,
           "a question waits for a lease until its deadline, then "
           "-EDESTADDRREQ (%d)",
           rc);
    TAP_OK(lease_calls - calls > 2 && counter(d, "dns.udp_sent") == 0,
           "looking for it again meanwhile (%d times), sending nothing",
           lease_calls - calls);
    lease_bound = true;
    TAP_OK(mirage_resolver_servers(d, eps, 4) == 2 &&
               eps[0].ipv4.bytes[3] == 1 && eps[0].port == 53 &&
               eps[1].ipv4.bytes[3] == 2 && eps[1].port == 53,
           "a lease: its two servers, port 53, in its order");
}

static void bad_arguments(void)
{
    struct mirage_resolver *d = NULL;
    const char *bad[] = {
        "1.2.3",  "1.2.3.4:0", "1.2.3.4:65536", "[::1",
        "[::1]x", "1.2.3.4:",  "host.test",     "[1.2.3.4]:53"};
    struct mirage_list_string list = {1, NULL};
    int rc;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        list.items = &bad[i];
        capture_reset();
        rc = mirage_resolver_stub_connect(&d, "bad", stack, rnd, &fake_clock,
                                          list, 0, 10, false);
        TAP_OK(rc == -EINVAL && strstr(capture_out, bad[i]),
               "--dns=%s is refused, named (%d)", bad[i], rc);
    }
    const char *good[] = {"192.0.2.1", "192.0.2.1:5353", "2001:db8::1",
                          "[2001:db8::1]:53"};
    list = (struct mirage_list_string){4, good};
    rc = mirage_resolver_stub_connect(&d, "good", stack, rnd, &fake_clock, list,
                                      0, 10, false);
    struct mirage_stack_endpoint eps[4];
    TAP_OK(rc == 0 && mirage_resolver_servers(d, eps, 4) == 4 &&
               eps[0].port == 53 && eps[1].port == 5353 &&
               eps[2].version == MIRAGE_STACK_IPV6 && eps[2].port == 53 &&
               eps[3].version == MIRAGE_STACK_IPV6,
           "ADDR, ADDR:PORT, IPV6 and [IPV6]:PORT are taken (%d)", rc);
    list.len = 0;
    rc = mirage_resolver_stub_connect(&d, "t0", stack, rnd, &fake_clock, list,
                                      0, 0, false);
    TAP_OK(rc == -EINVAL, "--dns-timeout=0 is refused (%d)", rc);
    rc = mirage_resolver_stub_connect(&d, "c0", stack, rnd, &fake_clock, list,
                                      -1, 10, false);
    TAP_OK(rc == -EINVAL, "--dns-cache=-1 is refused (%d)", rc);
}

static int run(void *arg)
{
    struct mirage_resolver *d;

    (void)arg;
    if (fake_start(&a, stack) < 0 || fake_start(&b, stack) < 0) {
        TAP_OK(0, "the fake servers start");
        return 0;
    }
    d = stub("dns", fake_addr(&a), 65536, 10, false);
    if (d) {
        records(d);
        cache(d);
        negative(d);
        truncated(d);
        forgeries(d);
        randomness(d);
        no_edns(d);
        concurrent(d);
        connect_helper(d);
    }
    bounded_cache();
    servers();
    timeouts();
    mixed_case();
    no_server();
    dhcp_lease();
    bad_arguments();
    fake_stop(&a);
    fake_stop(&b);
    return 0;
}

int main(void)
{
    struct mirage_ipv4_prefix any4 = {{{0, 0, 0, 0}}, 0};
    struct mirage_ipv6_prefix any6 = {{{0}}, 0};

    tap_alarm(120); /* a hang fails the test instead of stopping the suite */
    if (mirage_stack_socket_connect(&stack, "stack", any4, any6, true, false) <
            0 ||
        mirage_random_default_connect(&rnd, "random") < 0)
        return tap_skip_all("no socket stack or random device here");
    core_sched_run_main(run, NULL);
    return tap_done();
}
