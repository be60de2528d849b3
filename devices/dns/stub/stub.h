/* SPDX-License-Identifier: ISC */
/* stub.h: the `stub` resolver's state and the parts its files share. */
#ifndef DEVICES_DNS_STUB_H
#define DEVICES_DNS_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h>
#include <mirage/log.h>
#include <mirage/resolver.h>

#define STUB_NS         1000000000ull
#define STUB_SERVERS    8       /* --dns entries; DHCP gives 3 at most */
#define STUB_ROUNDS     3       /* passes over the servers */
#define STUB_TRY_NS     STUB_NS /* a first try's wait; doubles each round */
#define STUB_EDNS       1232    /* the UDP payload size we advertise */
#define STUB_RXBUF      4096    /* a UDP reply's room */
#define STUB_TTL_MAX    86400u  /* a positive answer is cached a day at most */
#define STUB_NEG_MAX    300u    /* a negative one 5 minutes (our cap) */
#define STUB_INFLIGHT   64      /* queries on the wire at once */
#define STUB_LEASE_POLL (STUB_NS / 10) /* looks for a DHCP lease so often */

/* The counters of mirage_resolver_counters, in the order it reports. */
struct stub_counters {
    uint64_t queries;        /* questions asked of the device */
    uint64_t cache_hits;     /* answered from the cache, positively */
    uint64_t cache_negative; /* answered from the cache: NXDOMAIN, NODATA */
    uint64_t udp_sent;       /* UDP queries sent */
    uint64_t tcp_queries;    /* TCP queries (after a truncated answer) */
    uint64_t truncated;      /* UDP answers with TC */
    uint64_t timeouts;       /* tries that got no answer in time */
    uint64_t dropped;        /* datagrams that failed the checks */
    uint64_t servfail;       /* SERVFAIL answers */
    uint64_t refused;        /* REFUSED, NOTIMP, FORMERR and other RCODEs */
    uint64_t nxdomain;       /* NXDOMAIN answers (from servers) */
    uint64_t nodata;         /* answers with no record of the type */
    uint64_t failures;       /* questions that ended in an error */
};

/* One cached answer; its key, then its reply's bytes. */
struct stub_entry {
    struct stub_entry *prev, *next; /* most recently used first */
    uint64_t expires_ns;            /* on the device's mclock */
    uint16_t type, qclass;
    int negative; /* 0, -ENOENT (NXDOMAIN) or -ENODATA */
    size_t len;   /* of data */
    size_t cost;  /* what it counts against the limit */
    struct mirage_dns_name name;
    uint8_t data[];
};

struct stub_cache {
    struct stub_entry *head, *tail;
    size_t bytes, limit; /* limit 0: no cache */
    unsigned entries;
};

struct stub {
    struct mirage_resolver dev;
    struct mirage_stack *stack;
    struct mirage_random *random;
    struct mirage_mclock *mclock;
    struct mirage_stack_endpoint servers[STUB_SERVERS]; /* --dns */
    unsigned nservers;  /* 0: those of the stack's DHCP lease */
    unsigned preferred; /* the server that answered last */
    bool warned;        /* said already that there is no server */
    bool mix_case;
    uint64_t timeout_ns;
    unsigned inflight;
    struct mirage_cond room; /* signalled when inflight goes down */
    struct stub_cache cache;
    struct stub_counters n;
};

extern struct mirage_log_src stub_log;

/* The device's monotonic time. */
uint64_t stub_now(struct stub *st);

/* --- stub_servers.c ----------------------------------------------------- */

/* Reads a --dns entry: ADDR, ADDR:PORT, IPV6 or [IPV6]:PORT (port 53 by
 * default, 1 to 65535). Returns 0 or -EINVAL. */
int stub_server_parse(const char *text, struct mirage_stack_endpoint *ep);

/* The servers to ask now, at most (max): --dns, else the stack's DHCP
 * lease's. Returns how many (0: none). */
unsigned stub_servers_now(struct stub *st, struct mirage_stack_endpoint *out,
                          unsigned max);

/* The same, but while the stack's DHCP client has no lease (it lost one,
 * say), waits for one until (deadline) (mclock time). Returns how many,
 * or -ECANCELED. */
int stub_servers_wait(struct stub *st, struct mirage_stack_endpoint *out,
                      unsigned max, uint64_t deadline);

/* --- stub_cache.c ------------------------------------------------------- */

/*
 * Looks (q) up. Returns 0 on a miss; 1 on a positive hit, with a copy of
 * the reply (malloc) in (*data), (*len) and the seconds left in (*ttl);
 * -ENOENT or -ENODATA on a negative hit; -ENOMEM.
 */
int stub_cache_get(struct stub *st, const struct mirage_dns_question *q,
                   void **data, size_t *len, uint32_t *ttl);

/*
 * Keeps the reply (data, len) to (q) for (ttl) seconds, (negative) being
 * 0, -ENOENT or -ENODATA, making room by dropping the least recently used
 * answers. Does nothing when it cannot (no cache, TTL 0, too big).
 */
void stub_cache_put(struct stub *st, const struct mirage_dns_question *q,
                    const void *data, size_t len, uint32_t ttl, int negative);

/* --- stub_udp.c, stub_tcp.c: one question's exchange ----------------- */

/* What one reply (on UDP or TCP) tells about its server. */
enum stub_verdict {
    STUB_BOGUS,     /* not the answer (or a forgery): keep waiting */
    STUB_ANSWER,    /* NOERROR or NXDOMAIN: the answer */
    STUB_TRUNCATED, /* TC: ask again over TCP */
    STUB_NO_EDNS,   /* FORMERR or BADVERS to EDNS: ask again without */
    STUB_FAILED,    /* the server failed: ask the next one */
};

/* A question being asked of the servers. */
struct stub_exchange {
    struct stub *st;
    struct mirage_dns_question q; /* as sent (0x20: mixed case) */
    struct mirage_stack_endpoint servers[STUB_SERVERS];
    unsigned nservers, first;
    bool no_edns[STUB_SERVERS];
    int error[STUB_SERVERS]; /* 0 while a server may still answer */
    uint64_t deadline;       /* on the device's mclock */
    void *reply;             /* the answer (malloc), once there */
    size_t len;
    unsigned from; /* the server that gave it */
};

/*
 * Asks (x)'s question over UDP, the servers in turn from (x->first), for
 * STUB_ROUNDS rounds with waits of 1, 2 and 4 s, until (x->deadline);
 * over TCP from a server that truncates. Returns 0 with the answer in
 * (x->reply) or an error of mirage/resolver.h.
 */
int stub_exchange(struct stub_exchange *x);

/*
 * Judges the reply (buf, len) to the query of (id) (sent with EDNS when
 * (edns)) from server (i) of (x), on UDP when (udp); sets x->error[i] when
 * the server failed.
 */
enum stub_verdict stub_judge(struct stub_exchange *x, unsigned i, uint16_t id,
                             bool edns, const void *buf, size_t len, bool udp);

/* Writes the query of (x) with (id) into (buf), (size) bytes, with EDNS
 * unless server (i) refused it. Returns its length or a negative errno. */
int stub_build_query(struct stub_exchange *x, unsigned i, uint16_t id,
                     void *buf, size_t size);

/* A random 16-bit number from the device's generator. */
uint16_t stub_random16(struct stub *st);

/*
 * Asks (x)'s question of server (i) over TCP before (x->deadline).
 * Returns 0 with the answer in (x->reply), or the error, also set in
 * x->error[i].
 */
int stub_tcp_ask(struct stub_exchange *x, unsigned i);

/* --- stub_query.c ------------------------------------------------------ */

int stub_query(struct mirage_resolver *dev, const struct mirage_dns_question *q,
               struct mirage_resolver_reply *reply, uint64_t timeout_ns);

/* Fills (reply) from the bytes (data, len) (which it takes) for (q).
 * Returns 0 or the error of parsing them. */
int stub_reply_fill(struct mirage_resolver_reply *reply,
                    const struct mirage_dns_question *q, void *data,
                    size_t len);

#endif
