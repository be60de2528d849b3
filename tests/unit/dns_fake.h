/* SPDX-License-Identifier: ISC */
/* dns_fake.h: fake DNS servers on loopback for test_dns_stub.c: a small
 * zone, and ways to misbehave (silence, errors, forgeries, no EDNS). */
#ifndef MIRAGE_TESTS_DNS_FAKE_H
#define MIRAGE_TESTS_DNS_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include <mirage/dns.h>
#include <mirage/fiber.h>
#include <mirage/stack.h>

/* How a fake server treats the UDP queries it gets (TCP: always NORMAL). */
enum fake_mode {
    FAKE_NORMAL,    /* answers from the zone (dns_fake.c) */
    FAKE_SILENT,    /* reads and never answers */
    FAKE_SERVFAIL,  /* SERVFAIL to everything */
    FAKE_REFUSED,   /* REFUSED to everything */
    FAKE_SPOOF,     /* three forgeries, then the answer */
    FAKE_NO_EDNS,   /* FORMERR without OPT to a query with EDNS */
    FAKE_LOWER,     /* echoes the question in lower case */
    FAKE_MALFORMED, /* a broken message with the query's ID */
    FAKE_HOLD,      /* keeps FAKE_HOLD_N queries, answers them in reverse */
};

#define FAKE_HOLD_N 8
#define FAKE_LOG    32

struct fake_server {
    enum fake_mode mode;
    struct mirage_stack *stack;
    struct mirage_udp_socket *udp, *spoof;
    struct mirage_tcp_listener *tcp;
    uint16_t port;
    struct mirage_fiber *ufiber, *tfiber;
    unsigned udp_queries, tcp_queries, edns_queries;
    /* the source port, ID and name (as received) of the last queries */
    uint16_t ports[FAKE_LOG], ids[FAKE_LOG];
    char last_name[MIRAGE_DNS_NAME_STRLEN];
    /* FAKE_HOLD's queries */
    uint8_t held[FAKE_HOLD_N][512];
    int held_len[FAKE_HOLD_N];
    struct mirage_stack_endpoint held_from[FAKE_HOLD_N];
    unsigned nheld;
};

/* Starts (s) on a free port of 127.0.0.1 (UDP and TCP). Returns 0 or a
 * negative errno value. */
int fake_start(struct fake_server *s, struct mirage_stack *stack);

/* Stops (s)'s fibers and closes its sockets. */
void fake_stop(struct fake_server *s);

/* "127.0.0.1:PORT" of (s), in a static buffer of its own. */
const char *fake_addr(struct fake_server *s);

#endif
