/* SPDX-License-Identifier: ISC */
/* tcp_wire.h: a fake wire between two engines of the TCP harness: delay,
 * jitter (reordering), loss and duplication from a seeded PRNG. */
#ifndef MIRAGE_TESTS_TCP_WIRE_H
#define MIRAGE_TESTS_TCP_WIRE_H

#include "tcp_harness.h"

/* A segment on its way. */
struct tw_pkt {
    tcpip_ns at;
    uint64_t order; /* ties go in sending order */
    int to;         /* index in end[] */
    uint32_t src, dst;
    size_t len;
    uint8_t *bytes;
};

struct tw_wire {
    struct th *end[2];        /* end[1] shares end[0]'s clock */
    unsigned loss_pm, dup_pm; /* per mille */
    tcpip_ns delay, jitter;
    uint8_t strip[4]; /* SYN option kinds removed on the way (0: none) */
    uint64_t rng;
    struct tw_pkt *p;
    size_t n, max;
    unsigned long sent, lost, duped;
    uint64_t order;
};

/* Sets up (w) between (a) and (b) (b's clock becomes a's). */
void tw_init(struct tw_wire *w, struct th *a, struct th *b, uint64_t seed);
void tw_fini(struct tw_wire *w);
/* Moves what the engines sent onto the wire, losing and duplicating. */
void tw_collect(struct tw_wire *w);
/* Delivers what is due now; true if anything was. */
bool tw_deliver(struct tw_wire *w);
/* The next moment anything happens: a delivery or a timer. */
tcpip_ns tw_next_event(struct tw_wire *w);
/* A number from the wire's PRNG. */
uint64_t tw_rand(struct tw_wire *w);

#endif
