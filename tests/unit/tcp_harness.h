/* SPDX-License-Identifier: ISC */
/* tcp_harness.h: drives the TCP layer segment by segment on the host: a
 * fake clock, hand-built segments in, captured segments out. */
#ifndef MIRAGE_TESTS_TCP_HARNESS_H
#define MIRAGE_TESTS_TCP_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcp.h"
#include "tcpip.h"

/* Flags, as on the wire (the harness does not use the engine's names). */
#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

/* One segment the engine sent, parsed by the harness's own reader. */
struct th_seg {
    uint32_t src, dst;
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t win;
    bool csum_ok;
    int mss, ws; /* -1: absent */
    bool sackok, ts;
    uint32_t tsval, tsecr;
    unsigned nsack;
    uint32_t sack[4][2];
    size_t optlen, len; /* payload length */
    uint8_t raw[9100];  /* the TCP header and payload as sent */
    size_t rawlen;
    const uint8_t *data; /* into raw */
    tcpip_ns when;       /* clock at sending */
};

/* A segment to inject. Options are absent unless set. */
struct th_spec {
    uint32_t src, dst;
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t win;
    int mss, ws; /* -1: absent (th_spec_init sets both) */
    bool sackok, ts;
    uint32_t tsval, tsecr;
    unsigned nsack;
    uint32_t sack[4][2];
    const void *data;
    size_t len;
    bool bad_csum;
    size_t raw_doff; /* nonzero: force this data offset (bytes) */
};

#define TH_MAXQ 4096

/* One engine under test with its fake world. */
struct th {
    struct tcpip st;
    tcpip_ns now_own, *clock;
    uint64_t rng;
    struct th_seg *q; /* captured, oldest first */
    size_t qhead, qlen;
    unsigned wakes, bad_csums, too_big;
    uint32_t path_mtu; /* what ipv4_path_mtu answers; 0: cfg.mtu */
    bool drop_output;  /* ipv4_send reports success but keeps nothing */
    int send_error;    /* nonzero: ipv4_send returns it */
};

/* Makes an engine with address (addr) and the TCP layer only; (lim)
   NULL: the defaults. */
void th_init(struct th *h, uint32_t addr, const struct tcpip_limits *lim,
             uint64_t seed);
void th_fini(struct th *h);
tcpip_ns th_now(struct th *h);
/* Runs the timers up to (t), each at its own deadline, then sets now. */
void th_advance_to(struct th *h, tcpip_ns t);
void th_advance(struct th *h, tcpip_ns d);
/* The engine's next deadline (TCPIP_NEVER: none). */
tcpip_ns th_next_deadline(struct th *h);

void th_spec_init(struct th_spec *s);
/* Builds (s) as a segment with its own writer and checksum and feeds it to
   tcp_input. */
void th_inject(struct th *h, const struct th_spec *s);
/* Raw bytes to tcp_input (the fuzz-like cases). */
void th_inject_raw(struct th *h, uint32_t src, uint32_t dst, const void *p,
                   size_t len);

/* Takes the oldest captured segment: false if none. */
bool th_pop(struct th *h, struct th_seg *out);
size_t th_pending(const struct th *h);
void th_drain(struct th *h);
/* Parses raw TCP bytes as the harness reads them. */
void th_parse(struct th_seg *g, uint32_t src, uint32_t dst, const void *p,
              size_t len);

/* The harness's own Internet checksum of the pseudo-header and data. */
uint16_t th_tcp_csum(uint32_t src, uint32_t dst, const void *p, size_t len);

/* Sum of every tcp.state[] counter. */
uint64_t th_state_sum(struct th *h);
/* Prints a segment as a TAP comment. */
void th_dump(const char *tag, const struct th_seg *g);

/* The far end of a connection, as a test plays it. */
struct th_peer {
    uint32_t addr, local; /* the peer's address; the engine's */
    uint16_t port, lport; /* the peer's port; the engine's */
    uint32_t seq;         /* the next sequence number the peer sends */
    uint32_t ack;         /* what the peer acknowledges */
    uint16_t win;
    bool ts;
    uint32_t tsval, tsecr;
};

/* Sends (flags, data) from the peer with its seq/ack/window (and
   timestamps when on), then advances its seq. */
void th_peer_send(struct th *h, struct th_peer *p, uint8_t flags,
                  const void *data, size_t len);
/* A peer at 10.0.0.2:(port) for an engine at 10.0.0.1:(lport). */
void th_peer_init(struct th_peer *p, uint16_t port, uint16_t lport,
                  uint32_t iss);
/* The peer opens a connection to listener (l) (options: MSS 1460, WS 7,
   SACK-permitted and timestamps when (opts)); returns the accepted
   connection, NULL on failure (diagnosed). The queue is left empty. */
struct tcp_conn *th_open_passive(struct th *h, struct tcp_listener *l,
                                 struct th_peer *p, bool opts);
/* The engine connects to the peer, which answers (options as above). */
struct tcp_conn *th_open_active(struct th *h, struct th_peer *p, bool opts);

#define TH_ADDR 0x0a000001u /* 10.0.0.1, the engine */
#define TH_PEER 0x0a000002u /* 10.0.0.2 */
#endif
