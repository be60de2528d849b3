/* SPDX-License-Identifier: ISC */
/* tcpip_fake.h: a fake environment for the direct stack's engine in tests. */
#ifndef MIRAGE_TESTS_TCPIP_FAKE_H
#define MIRAGE_TESTS_TCPIP_FAKE_H

/*
 * Unit tests and fuzzers of devices/stack/direct/ run the engine against
 * this environment: a clock that moves only when told, a deterministic
 * "random" (xorshift from a seed), a list of every frame sent, and
 * counters of the calls to wake, timer_changed and log. It also builds
 * frames by hand (Ethernet, ARP, IPv4, UDP, ICMP) with a checksum of its
 * own, written apart from the engine's, and parses the frames the engine
 * sends, so that a test's expectations never come from the code under
 * test.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpip.h"

/* One frame the engine sent (a copy). */
struct tcpip_fake_frame {
    uint8_t *data;
    size_t len;
};

struct tcpip_fake {
    struct tcpip_env env; /* give this to tcpip_create */
    tcpip_ns now;         /* the clock */
    uint64_t rng;         /* the generator's state */
    struct tcpip_fake_frame *frames;
    size_t nframes, cap;
    int send_rc;               /* what send_frame returns (0) */
    unsigned wakes;            /* calls of wake */
    struct mirage_cond *woken; /* and the last condition */
    unsigned timer_changes;    /* calls of timer_changed */
    tcpip_ns deadline;         /* the last deadline it gave */
    unsigned logs;             /* lines logged */
    int log_level;             /* the last line's level */
    char log_line[256];        /* and its text */
    bool print_logs;           /* print each line as a TAP comment */
    unsigned stuck;            /* tcpip_fake_advance: deadlines not in
                                  the future */
};

/* A fake at time 1 s, its generator seeded with (seed). */
void tcpip_fake_init(struct tcpip_fake *f, uint64_t seed);
/* Frees the captured frames (and forgets them). */
void tcpip_fake_clear(struct tcpip_fake *f);
/* Frees what the fake holds. */
void tcpip_fake_free(struct tcpip_fake *f);

/*
 * The usual interface of a test: MAC 02:00:00:00:00:01, MTU 1500,
 * 10.0.0.2/24, gateway 10.0.0.1, no DHCP host name.
 */
void tcpip_fake_config(struct tcpip_config *cfg);
#define FAKE_MAC                                                               \
    {                                                                          \
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01                                     \
    }
#define FAKE_ADDR   0x0a000002u /* 10.0.0.2 */
#define FAKE_GW     0x0a000001u /* 10.0.0.1 */
#define FAKE_PEER   0x0a000005u /* 10.0.0.5, a host on the network */
#define FAKE_REMOTE 0xc0000207u /* 192.0.2.7, off the network */
#define FAKE_BCAST  0x0a0000ffu /* the network's broadcast */
extern const uint8_t fake_mac[6], fake_peer_mac[6], fake_gw_mac[6];

/*
 * Moves the clock (ns) forward, running tcpip_timers at each deadline it
 * passes (in order) and at the end, as the owner's timer fiber would.
 */
void tcpip_fake_advance(struct tcpip_fake *f, struct tcpip *st, tcpip_ns ns);

/* --- building frames (independently of the engine) ---------------------- */

/* The Internet checksum of (len) bytes, 16 bits at a time (RFC 1071's
   definition, from (init), a sum of earlier 16-bit words), complemented. */
uint16_t fake_csum(const void *data, size_t len, uint32_t init);
/* The sum of the IPv4 pseudo-header, for fake_csum's (init). */
uint32_t fake_pseudo(uint32_t src, uint32_t dst, uint8_t proto, size_t len);

/* Writes an Ethernet header at (f); returns 14. */
size_t fake_eth(uint8_t *f, const uint8_t *dst, const uint8_t *src,
                uint16_t type);
/* Writes an ARP packet (op, sender, target) at (p); returns 28. */
size_t fake_arp(uint8_t *p, uint16_t op, const uint8_t *sha, uint32_t spa,
                const uint8_t *tha, uint32_t tpa);
/* Writes a 20-byte IPv4 header (TTL 64, checksum) and copies the
   payload after it at (p); (frag) is word 3 (flags and offset). Returns
   the packet's length. */
size_t fake_ipv4(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto,
                 uint16_t id, uint16_t frag, const void *payload, size_t len);
/* Writes a UDP header and payload at (p), its checksum computed when
   (csum), else 0. Returns 8 + len. */
size_t fake_udp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport,
                uint16_t dport, const void *payload, size_t len, bool csum);
/* Writes an ICMP message (type, code, the 4 bytes after the checksum as
   (rest), then the data) with its checksum at (p). Returns 8 + len. */
size_t fake_icmp(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
                 const void *data, size_t len);

/* A whole frame from (src_mac) to (dst_mac) holding an IPv4 packet
   (src to dst) with (payload): at (f); returns its length. */
size_t fake_frame_ipv4(uint8_t *f, const uint8_t *dst_mac,
                       const uint8_t *src_mac, uint32_t src, uint32_t dst,
                       uint8_t proto, uint16_t id, uint16_t frag,
                       const void *payload, size_t len);

/* --- reading frames the engine sent ------------------------------------- */

struct fake_pkt {
    const uint8_t *eth_dst, *eth_src;
    uint16_t type;
    /* ARP (type 0x0806) */
    uint16_t arp_op;
    const uint8_t *sha, *tha;
    uint32_t spa, tpa;
    /* IPv4 (type 0x0800) */
    uint8_t ihl, tos, ttl, proto;
    uint16_t total, id, frag;
    uint32_t src, dst;
    const uint8_t *ip, *payload; /* the header, what follows it */
    size_t plen;
};

/*
 * Parses a frame the engine sent. Returns 0, or -1 with the reason in
 * (why) when it is malformed: shorter than its headers, an ARP packet not
 * Ethernet/IPv4, an IPv4 header with a bad version, length or checksum,
 * a UDP datagram or ICMP message with a bad length or checksum.
 */
int fake_parse(const uint8_t *f, size_t len, struct fake_pkt *p,
               const char **why);

/* Frame (i) of those sent, parsed into (p): true; false when there is no
   such frame or it does not parse (the reason printed as a comment). */
bool fake_sent(struct tcpip_fake *f, size_t i, struct fake_pkt *p);

#endif
