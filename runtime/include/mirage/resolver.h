/* SPDX-License-Identifier: ISC */
/* resolver.h: the `dns` device type: a DNS resolver (names to records). */
#ifndef MIRAGE_RESOLVER_H
#define MIRAGE_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/args.h>
#include <mirage/dns.h>
#include <mirage/ipaddr.h>
#include <mirage/stack.h>

/*
 * A `dns` device answers questions about names: the addresses of a host,
 * its mail exchangers, its TXT records, the name of an address. The type
 * is `dns` in configure.ac; its C names are mirage_resolver_*, apart from
 * the wire-format codec's mirage_dns_* (mirage/dns.h), which it uses and
 * whose names, records and messages it hands out.
 *
 * The `stub` implementation asks recursive resolvers (--dns, or those
 * the stack's DHCP lease names) over UDP, and over TCP when an answer is
 * truncated; it caches answers for their TTL. doc/dns.md has the details.
 *
 * Every call that waits blocks only its fiber and takes a timeout in
 * nanoseconds (MIRAGE_FOREVER: the device's own bound, --dns-timeout);
 * several fibers may resolve at once. Errors are negative errno values:
 *   -ENOENT        the name does not exist (NXDOMAIN)
 *   -ENODATA       the name exists but has no record of the type asked
 *   -ETIMEDOUT     no server answered in time
 *   -EAGAIN        the servers answered SERVFAIL (they could not resolve
 *                  it now: a temporary failure)
 *   -ECONNREFUSED  the servers refused the query (REFUSED, NOTIMP,
 *                  FORMERR)
 *   -ELOOP         a CNAME chain loops or is longer than the bound
 *   -EBADMSG       a server's answer was malformed (and none other came)
 *   -EDESTADDRREQ  the device knows no server to ask (no --dns, no DHCP
 *                  lease by the deadline)
 *   -ENETUNREACH...  the stack's error when no query could be sent
 *   -EINVAL        a bad argument (a name that is not one, say)
 *   -ENAMETOOLONG  a name over 255 bytes or a label over 63
 *   -ECANCELED, -EPERM  as every wait (mirage/fiber.h)
 *   -ENOMEM        out of memory
 */

struct mirage_resolver;
struct mirage_random;
struct mirage_mclock;

/*
 * An answer. (msg) is the reply as the server sent it, parsed (it points
 * into memory the reply owns); (answer) says where its CNAME chain from
 * the question's name ends, how many records of the type asked are there
 * and the TTL left for the lot (the TTL fields of the records themselves
 * are as they were received, even when the reply comes from the cache).
 * Free it with mirage_resolver_reply_free.
 */
struct mirage_resolver_reply {
    struct mirage_dns_question question; /* what was asked */
    struct mirage_dns_msg msg;           /* the reply */
    struct mirage_dns_answer answer;     /* the chain's end, count, TTL */
    bool cached;                         /* answered from the cache */
    void *data;                   /* private: the reply's bytes (malloc) */
    struct mirage_dns_iter iter;  /* private: mirage_resolver_reply_next */
    struct mirage_dns_iter chain; /* private: mirage_resolver_reply_cname */
};

/* Operations of a `dns` implementation; see the functions below. */
struct mirage_resolver_ops {
    int (*query)(struct mirage_resolver *dev,
                 const struct mirage_dns_question *q,
                 struct mirage_resolver_reply *reply, uint64_t timeout_ns);
    int (*servers)(struct mirage_resolver *dev,
                   struct mirage_stack_endpoint *out, size_t max);
    int (*counters)(struct mirage_resolver *dev,
                    int (*fn)(void *arg, const char *name, uint64_t value),
                    void *arg);
};

/* A `dns` device: operations plus the implementation's own state. */
struct mirage_resolver {
    const struct mirage_resolver_ops *ops;
    void *state;
    const char *name; /* instance name from configure.ac */
};

/* --- Questions ---------------------------------------------------------- */

/*
 * Asks question (q) (class IN or another; type A, AAAA, CNAME, MX, TXT,
 * SRV, PTR or any other but ANY and OPT) and stores the answer in
 * (*reply), which then holds at least one record of (q)'s type at the end
 * of the CNAME chain (a CNAME question: the CNAME itself, not followed).
 * Returns 0 or an error above; on an error (*reply) holds nothing to
 * free (but may be freed).
 */
static inline int mirage_resolver_query(struct mirage_resolver *dev,
                                        const struct mirage_dns_question *q,
                                        struct mirage_resolver_reply *reply,
                                        uint64_t timeout_ns)
{
    return dev->ops->query(dev, q, reply, timeout_ns);
}

/*
 * mirage_resolver_query for the name (name) in text form ("example.com",
 * a last dot optional: names are always absolute), type (type), class IN.
 */
int mirage_resolver_lookup(struct mirage_resolver *dev, const char *name,
                           uint16_t type, struct mirage_resolver_reply *reply,
                           uint64_t timeout_ns);

/*
 * Reads into (rr) the next record of (reply)'s answer: those of the type
 * asked, owned by the end of the CNAME chain, in the order of the reply.
 * Returns 1, or 0 after the last (mirage_resolver_reply_rewind starts
 * over). TXT and other raw RDATA point into the reply.
 */
int mirage_resolver_reply_next(struct mirage_resolver_reply *reply,
                               struct mirage_dns_rr *rr);
void mirage_resolver_reply_rewind(struct mirage_resolver_reply *reply);

/*
 * Stores in (name) the name that link (i) of (reply)'s CNAME chain leads
 * to: i = 0 the first alias's target, up to answer.cnames - 1, which is
 * answer.name. Returns 0, or -ENOENT when (i) is past the chain.
 */
int mirage_resolver_reply_cname(const struct mirage_resolver_reply *reply,
                                unsigned i, struct mirage_dns_name *name);

/*
 * What error (err) of a `dns` device means, in words of DNS: "no such name
 * (NXDOMAIN)" for -ENOENT, and so on for the errors above; for any other,
 * mirage_strerror's text. Never NULL.
 */
const char *mirage_resolver_strerror(int err);

/* Frees what (reply) holds; harmless on a reply that holds nothing. */
void mirage_resolver_reply_free(struct mirage_resolver_reply *reply);

/* --- Addresses and connections ("getaddrinfo") ------------------------- */

/*
 * Resolves (host) to at most (max) IPv4 addresses, stored in (addrs) in
 * the server's order. A literal dotted quad is its own answer (no query).
 * Returns how many (1 or more) or an error above.
 */
int mirage_resolver_ipv4(struct mirage_resolver *dev, const char *host,
                         struct mirage_ipv4 *addrs, size_t max,
                         uint64_t timeout_ns);

/* The same for IPv6 (AAAA records; a literal IPv6 address, no brackets). */
int mirage_resolver_ipv6(struct mirage_resolver *dev, const char *host,
                         struct mirage_ipv6 *addrs, size_t max,
                         uint64_t timeout_ns);

/*
 * Connects to port (port) of (host) over (stack): resolves its IPv4
 * addresses (at most 8; a literal one too) and tries each in turn, each
 * with an equal share of the time left, until one accepts. Stores the
 * connection in (*flow). Returns 0, an error above for the name, or the
 * last address's error of mirage_tcp_connect (-ECONNREFUSED,
 * -ETIMEDOUT, -EHOSTUNREACH...).
 */
int mirage_resolver_tcp_connect(struct mirage_resolver *dev,
                                struct mirage_stack *stack, const char *host,
                                uint16_t port, struct mirage_tcp_flow **flow,
                                uint64_t timeout_ns);

/*
 * The name of an address: asks the PTR record of its reverse name
 * (4.3.2.1.in-addr.arpa for 1.2.3.4, ip6.arpa for IPv6) and stores the
 * first one's target in (name). Returns 0 or an error above.
 */
int mirage_resolver_reverse_ipv4(struct mirage_resolver *dev,
                                 const struct mirage_ipv4 *addr,
                                 struct mirage_dns_name *name,
                                 uint64_t timeout_ns);
int mirage_resolver_reverse_ipv6(struct mirage_resolver *dev,
                                 const struct mirage_ipv6 *addr,
                                 struct mirage_dns_name *name,
                                 uint64_t timeout_ns);

/* --- The device -------------------------------------------------------- */

/*
 * Stores in (out) up to (max) of the servers the device asks now, in the
 * order it asks them. Returns how many it has (possibly more than (max)),
 * 0 when it knows none.
 */
static inline int mirage_resolver_servers(struct mirage_resolver *dev,
                                          struct mirage_stack_endpoint *out,
                                          size_t max)
{
    return dev->ops->servers(dev, out, max);
}

/*
 * Calls (fn)(arg, name, value) for each counter the device keeps
 * ("dns.queries", "dns.cache_hits", ...: doc/dns.md lists them), stopping
 * when (fn) returns non-zero, which is then returned. Returns 0.
 */
static inline int
mirage_resolver_counters(struct mirage_resolver *dev,
                         int (*fn)(void *arg, const char *name, uint64_t value),
                         void *arg)
{
    return dev->ops->counters(dev, fn, arg);
}

/* --- the `stub` implementation (every target) -------------------------- */

/*
 * Connects the `stub` implementation of `dns` as device (name), over
 * (stack), drawing query IDs, source ports and 0x20 case bits from
 * (random) and timing its cache with (mclock), and stores it in (*dev).
 * (servers) are --dns: each ADDR, ADDR:PORT, IPV6 or [IPV6]:PORT (port
 * 53 by default); empty: the servers of the stack's DHCP lease, read at
 * each query. (cache_bytes) bounds the cache (0: no cache), (timeout_s)
 * the time a query may take in all, (mix_case) asks for 0x20 case
 * randomisation. Connecting a name again gives the same device. Returns
 * 0, -EINVAL for a bad argument (logged, naming it), or -ENOMEM.
 */
int mirage_resolver_stub_connect(struct mirage_resolver **dev, const char *name,
                                 struct mirage_stack *stack,
                                 struct mirage_random *random,
                                 struct mirage_mclock *mclock,
                                 struct mirage_list_string servers,
                                 int cache_bytes, int timeout_s, bool mix_case);

#endif
