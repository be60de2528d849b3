/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip_wire.h: TCP segments and DHCP replies written and read by hand
 * for the whole-engine fuzzer (tests/fuzz/fuzz_tcpip.c). */
#ifndef MIRAGE_TESTS_FUZZ_TCPIP_WIRE_H
#define MIRAGE_TESTS_FUZZ_TCPIP_WIRE_H

/*
 * The fuzzer plays the engine's peer: it writes the segments the peer
 * sends and reads the ones the engine sends, apart from the engine's own
 * code (devices/stack/direct/tcp_options.c), so that a mistake there is
 * not repeated here. The reader is strict: a segment the engine sends
 * must be well formed, where a receiver would be lenient.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TW_FIN 0x01
#define TW_SYN 0x02
#define TW_RST 0x04
#define TW_PSH 0x08
#define TW_ACK 0x10
#define TW_URG 0x20

/* Options of a segment: absent unless set (mss, ws: -1 absent). */
struct tw_opts {
    int mss, ws;
    bool sackok, ts;
    uint32_t tsval, tsecr;
    unsigned nsack; /* 0..4 (3 with timestamps: 40 bytes in all) */
    uint32_t sack[4][2];
};

/* No option at all. */
void tw_opts_none(struct tw_opts *o);

/*
 * Writes a TCP header with (o)'s options (NOP-padded to a multiple of 4)
 * and (len) bytes of (data) at (p), with its checksum over the IPv4
 * pseudo-header of (src, dst) (wrong on purpose when (bad_csum)).
 * Returns the segment's length.
 */
size_t tw_tcp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport,
              uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
              uint16_t win, const struct tw_opts *o, const uint8_t *data,
              size_t len, bool bad_csum);

/* A TCP segment the engine sent, read. */
struct tw_seg {
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t win;
    struct tw_opts o;
    const uint8_t *data;
    size_t len; /* payload bytes */
};

/*
 * Reads the TCP segment (p, len) sent from (src) to (dst). Returns 0, or
 * -1 with the reason in (*why): shorter than its header, a data offset
 * below 5 or past the end, a bad checksum, reserved bits set, an option
 * list that overruns or holds an option of the wrong length, an option
 * twice, MSS, window scale or SACK-permitted on a segment without SYN, a
 * SYN with SACK blocks, a window scale above 14, SACK blocks of zero or
 * negative length, flags other than FIN, SYN, RST, PSH and ACK, SYN with
 * FIN or RST, data on an RST, an urgent pointer.
 */
int tw_parse(const uint8_t *p, size_t len, uint32_t src, uint32_t dst,
             struct tw_seg *g, const char **why);

/*
 * Writes a DHCP reply (BOOTREPLY, message type (type): 2 OFFER, 5 ACK,
 * 6 NAK) for exchange (xid) to (chaddr) at (p), offering (yiaddr) with a
 * /24 mask, (router) and a lease of (lease_s) seconds from (server).
 * Returns its length (the UDP payload).
 */
size_t tw_dhcp(uint8_t *p, uint8_t type, uint32_t xid, const uint8_t *chaddr,
               uint32_t yiaddr, uint32_t server, uint32_t router,
               uint32_t lease_s);

#endif
