/* SPDX-License-Identifier: ISC */
/* tcpip.h: the direct stack's engine: its state, limits, counters and the calls
 * between its layers. */
#ifndef MIRAGE_TCPIP_H
#define MIRAGE_TCPIP_H

/*
 * The engine is "sans I/O": it never waits, never reads a clock or a device
 * itself. Its owner (direct.c on a target, a test program on the host)
 * feeds it frames (tcpip_input), runs its timers (tcpip_timers) and gives
 * it an environment: a way to send a frame, the time, randomness and a way
 * to wake the fibers that wait on a socket. So every layer runs unchanged
 * in hosted unit tests with a fake clock and a fake wire, and in fuzzers.
 *
 * Layers and their files (each a pair X.c / X.h beside this header):
 *   checksum   Internet checksum (RFC 1071), pseudo-header sums
 *   eth        Ethernet II framing, our MAC and broadcast only
 *   arp        RFC 826 cache, requests, pending queue, gratuitous ARP
 *   ipv4       RFC 791/1122 input, output, routing, fragmentation, PMTU
 *   ipv4_reasm reassembly with bounds and a 30 s timeout
 *   icmp       echo reply, port unreachable, errors to TCP, rate limit
 *   udp        sockets with bounded queues
 *   tcp_*      RFC 9293 and friends
 *   dhcp       RFC 2131 client
 *   tcpip.c    creation, input dispatch, timers, address changes
 *
 * Addresses are IPv4 in host byte order (uint32_t; 0 = none / any), ports
 * in host order. Every function returns 0 (or a count) or a negative errno.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/fiber.h> /* struct mirage_cond: a wait queue, only woken */

/* Monotonic nanoseconds, as the environment's clock counts them. */
typedef uint64_t tcpip_ns;
#define TCPIP_NEVER UINT64_MAX
#define TCPIP_MS(x) ((tcpip_ns)(x)*1000000u)
#define TCPIP_S(x)  ((tcpip_ns)(x)*1000000000u)

/* Bytes before an IPv4 payload in an output buffer: Ethernet + IPv4. */
#define TCPIP_ETH_HLEN   14u
#define TCPIP_IPV4_HLEN  20u
#define TCPIP_HEADROOM   (TCPIP_ETH_HLEN + TCPIP_IPV4_HLEN)
#define TCPIP_ETH_IPV4   0x0800u
#define TCPIP_ETH_ARP    0x0806u
#define TCPIP_PROTO_ICMP 1u
#define TCPIP_PROTO_TCP  6u
#define TCPIP_PROTO_UDP  17u

/* Big-endian loads and stores (wire order), on any alignment. */
static inline uint16_t tcpip_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t tcpip_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}
static inline void tcpip_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static inline void tcpip_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

struct tcpip;

/* What the engine needs of its owner. Every member is required. */
struct tcpip_env {
    void *ctx; /* passed back to each function */
    /* Sends one whole Ethernet frame (header included); 0 or -errno (the
       frame is then lost, as on a wire). Never waits. */
    int (*send_frame)(void *ctx, const void *frame, size_t len);
    /* The monotonic clock. */
    tcpip_ns (*now)(void *ctx);
    /* Fills (buf) with (len) unpredictable bytes (ISNs, ports, DHCP xid). */
    void (*random)(void *ctx, void *buf, size_t len);
    /* Wakes every fiber waiting on (cond) (a socket changed state). */
    void (*wake)(void *ctx, struct mirage_cond *cond);
    /* The earliest timer deadline became (deadline): the owner must call
       tcpip_timers by then (its timer fiber sleeps until the earliest). */
    void (*timer_changed)(void *ctx, tcpip_ns deadline);
    /* A line for the log at (level) (mirage/log.h's levels); may be a no-op. */
    void (*log)(void *ctx, int level, const char *msg);
    /* Optional (NULL: no bound): the bytes of memory the TCP send buffers
       may still grow by now (what the heap has free beyond a reserve for
       everything else), on top of lim.tcp_buffer_memory. */
    size_t (*buffer_room)(void *ctx);
};

/* Bounds on everything that grows with what the network sends. */
struct tcpip_limits {
    unsigned arp_entries;      /* cache entries (64) */
    unsigned arp_pending;      /* frames queued per unresolved address (4) */
    unsigned reasm_datagrams;  /* datagrams being reassembled at once (16) */
    unsigned reasm_fragments;  /* fragments per datagram (64) */
    size_t reasm_bytes;        /* bytes held by reassembly in all (256 KiB) */
    unsigned tcp_connections;  /* TCP connections, all states but
                                  TIME_WAIT (1024) */
    unsigned tcp_time_wait;    /* connections in TIME_WAIT (1024) */
    unsigned tcp_syn_queue;    /* half-open connections before SYN cookies
                                  (256) */
    size_t tcp_send_buffer;    /* bytes per connection (64 KiB) */
    size_t tcp_receive_buffer; /* bytes per connection (64 KiB) */
    size_t tcp_buffer_memory;  /* bytes the send and receive buffers of
                                  all connections may hold before a send
                                  buffer stops growing (SIZE_MAX: no bound;
                                  the direct device gives half the heap
                                  where it knows the heap's size) */
    size_t udp_receive_buffer; /* bytes queued per UDP socket (64 KiB) */
    unsigned udp_sockets;      /* bound UDP sockets (256) */
    unsigned icmp_rate;        /* ICMP errors sent per second (100) */
};

/* The limits above, as their comments give them. */
void tcpip_limits_default(struct tcpip_limits *lim);

/* The interface and its IPv4 configuration. */
struct tcpip_config {
    uint8_t mac[6];
    uint32_t mtu;     /* IP bytes per frame (1500) */
    uint32_t addr;    /* our address; 0: none yet (DHCP) */
    unsigned prefix;  /* its network prefix length, 0..32 */
    uint32_t gateway; /* 0: none (only the local network is reachable) */
    const char *dhcp_hostname; /* NULL: send none */
};

/* TCP states (RFC 9293), indexes of tcpip_stats.tcp.state. */
enum tcp_state {
    TCP_CLOSED,
    TCP_LISTEN,
    TCP_SYN_SENT,
    TCP_SYN_RECEIVED,
    TCP_ESTABLISHED,
    TCP_FIN_WAIT_1,
    TCP_FIN_WAIT_2,
    TCP_CLOSE_WAIT,
    TCP_CLOSING,
    TCP_LAST_ACK,
    TCP_TIME_WAIT,
    TCP_NSTATES
};

/* Counters per layer: what was received, sent and dropped, and why. */
struct tcpip_stats {
    struct {
        uint64_t rx_frames, tx_frames, tx_errors;
        uint64_t rx_short, rx_not_ours, rx_unknown_type;
    } eth;
    struct {
        uint64_t rx_requests, rx_replies, tx_requests, tx_replies;
        uint64_t rx_bad, rx_not_ours, pending_dropped, unresolved;
        uint64_t entries; /* in the cache now */
    } arp;
    struct {
        uint64_t rx_packets, tx_packets, rx_bad_header, rx_bad_checksum;
        uint64_t rx_not_ours, rx_unknown_protocol, tx_no_route;
        uint64_t rx_fragments, reassembled, reasm_timeouts;
        uint64_t reasm_overlaps, reasm_over_limit, tx_fragments;
        uint64_t tx_too_big; /* DF set and larger than the path */
        uint64_t loopback, loopback_dropped;   /* to our own address */
        uint64_t reasm_datagrams, reasm_bytes; /* held now */
    } ipv4;
    struct {
        uint64_t rx_messages, rx_bad, rx_echo_requests, tx_echo_replies;
        uint64_t tx_unreachables, rate_limited, rx_frag_needed;
    } icmp;
    struct {
        uint64_t rx_datagrams, tx_datagrams, rx_bad_checksum, rx_bad;
        uint64_t rx_no_port, rx_queue_full;
        uint64_t sockets; /* bound now */
    } udp;
    struct {
        uint64_t rx_segments, tx_segments, rx_bad_checksum, rx_bad;
        uint64_t rx_no_connection, tx_resets, rx_resets;
        uint64_t active_opens, passive_opens, failed_opens;
        uint64_t retransmits, rto_expiries, fast_retransmits;
        uint64_t sack_recoveries, zero_window_probes, keepalive_probes;
        uint64_t challenge_acks, syn_cookies_sent, syn_cookies_ok;
        uint64_t syn_queue_drops, connection_limit_drops;
        uint64_t time_wait_recycled;
        uint64_t state[TCP_NSTATES]; /* connections in each state now */
    } tcp;
    struct {
        uint64_t discovers, offers, requests, acks, naks, declines;
        uint64_t renewals, rebinds, expiries, rx_bad;
    } dhcp;
};

/* --- the engine as its owner sees it (tcpip.c) -------------------------- */

/*
 * Makes an engine for one interface. (lim) may be NULL (the defaults).
 * Sends a gratuitous ARP when (cfg) has an address. Returns 0, -EINVAL
 * (a bad MTU, below 576 or above 9000, or prefix above 32), -ENOMEM.
 */
int tcpip_create(struct tcpip **st, const struct tcpip_env *env,
                 const struct tcpip_config *cfg,
                 const struct tcpip_limits *lim);

/* Frees the engine: every socket, queue and timer. The owner must have
   woken and let go of its waiters first. */
void tcpip_destroy(struct tcpip *st);

/* One received Ethernet frame (header included), whatever it holds. */
void tcpip_input(struct tcpip *st, const void *frame, size_t len);

/* Runs every timer due at the clock's now; returns the next deadline
   (TCPIP_NEVER: none). */
tcpip_ns tcpip_timers(struct tcpip *st);

/* Sets or clears (addr 0) the interface's address, prefix and gateway
   (DHCP, or --ipv4 at boot). Returns 0 or -EINVAL. */
int tcpip_set_address(struct tcpip *st, uint32_t addr, unsigned prefix,
                      uint32_t gateway);

/* The counters now. */
void tcpip_get_stats(struct tcpip *st, struct tcpip_stats *out);

/* --- shared by the layers (tcpip.c) -------------------------------------- */

/* The engine's state; layers keep theirs behind their own pointer. */
struct tcpip {
    struct tcpip_env env;
    struct tcpip_config cfg;
    struct tcpip_limits lim;
    struct tcpip_stats stats;
    tcpip_ns next_deadline; /* the earliest the owner was told */
    struct arp_table *arp;
    struct ipv4_state *ipv4;
    struct icmp_state *icmp;
    struct udp_table *udp;
    struct tcp_table *tcp;
    struct dhcp_client *dhcp; /* NULL unless DHCP was started */
};

/* The clock's now. */
static inline tcpip_ns tcpip_now(struct tcpip *st)
{
    return st->env.now(st->env.ctx);
}

/* A layer armed a timer for (deadline): tells the owner when it is earlier
   than what the owner waits for. */
void tcpip_timer_armed(struct tcpip *st, tcpip_ns deadline);

/* Logs a formatted line at (level) through the environment. */
void tcpip_logf(struct tcpip *st, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Is (addr) on the interface's own network? */
bool tcpip_on_link(const struct tcpip *st, uint32_t addr);

/* --- calls between layers ------------------------------------------------ */

/* checksum.c: the ones'-complement sum of (len) bytes added to (sum) (a
   partial sum: call again for the next piece when (len) was even). */
uint32_t tcpip_csum_add(uint32_t sum, const void *data, size_t len);
/* The 16-bit checksum of a partial sum: folded and complemented. */
uint16_t tcpip_csum_finish(uint32_t sum);
/* The partial sum of the IPv4 pseudo-header of TCP and UDP. */
uint32_t tcpip_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto,
                           uint16_t len);

/* ipv4.c. Flags of ipv4_send. */
#define TCPIP_IPV4_DF 1u /* don't fragment (TCP: path-MTU discovery) */
/*
 * Sends (len) payload bytes of protocol (proto) from (src) (our address;
 * 0 only for DHCP before a lease) to (dst) (255.255.255.255: the local
 * broadcast). (buf) holds TCPIP_HEADROOM bytes of room, then the payload;
 * the engine writes the headers into that room and may change them, never
 * the payload. Fragments when needed unless (flags) has TCPIP_IPV4_DF.
 * Returns 0 (sent, or queued until ARP resolves the next hop); -ENETUNREACH
 * (no address, or no route: off-link and no gateway); -EMSGSIZE (larger
 * than 65,515 bytes, or DF and larger than the path MTU allows);
 * -EHOSTUNREACH (ARP failed for the next hop lately); -ENOBUFS (the queue
 * waiting for ARP is full); -ENOMEM.
 */
int ipv4_send(struct tcpip *st, uint32_t src, uint32_t dst, uint8_t proto,
              uint8_t *buf, size_t len, unsigned flags);
/* The path MTU towards (dst) (IP bytes: header included), as learned from
   ICMP fragmentation-needed (RFC 1191), else the interface's MTU. */
uint32_t ipv4_path_mtu(struct tcpip *st, uint32_t dst);

/* icmp.c: sends a destination-unreachable (code) about the received IPv4
   packet (ip, len: its header and what follows), rate-limited; never about
   an ICMP error, a fragment but the first, or a broadcast. */
void icmp_send_unreachable(struct tcpip *st, uint8_t code, const uint8_t *ip,
                           size_t len);

/* Input of each protocol, with the IPv4 header checked, the datagram
   reassembled, and its source and destination addresses; (data, len) is
   the protocol's header and payload. Each layer verifies its checksum. */
void icmp_input(struct tcpip *st, uint32_t src, uint32_t dst,
                const uint8_t *data, size_t len);
void udp_input(struct tcpip *st, uint32_t src, uint32_t dst,
               const uint8_t *data, size_t len, const uint8_t *ip,
               size_t ip_len);
void tcp_input(struct tcpip *st, uint32_t src, uint32_t dst,
               const uint8_t *data, size_t len);
/* ICMP told of an error about a TCP segment we sent: (type, code) and,
   for fragmentation-needed, the next-hop MTU (0: unknown); (ip, len) is
   the quoted IPv4 header and at least 8 bytes of the segment. */
void tcp_icmp_error(struct tcpip *st, uint8_t type, uint8_t code, uint32_t mtu,
                    const uint8_t *ip, size_t len);

/* Each layer's set-up, tear-down and timers: X_timers runs what is due
   at (now) and returns its next deadline (TCPIP_NEVER: none). */
int arp_init(struct tcpip *st);
void arp_fini(struct tcpip *st);
tcpip_ns arp_timers(struct tcpip *st, tcpip_ns now);
int ipv4_init(struct tcpip *st);
void ipv4_fini(struct tcpip *st);
tcpip_ns ipv4_timers(struct tcpip *st, tcpip_ns now);
int icmp_init(struct tcpip *st);
void icmp_fini(struct tcpip *st);
int udp_init(struct tcpip *st);
void udp_fini(struct tcpip *st);
int tcp_init(struct tcpip *st);
void tcp_fini(struct tcpip *st);
tcpip_ns tcp_timers(struct tcpip *st, tcpip_ns now);

/* dhcp.c: a datagram to UDP port 68 while the DHCP client runs (udp_input
   hands it over when st->dhcp is not NULL, whatever our address); (data,
   len) is the UDP payload, its checksum already verified. */
void dhcp_input(struct tcpip *st, uint32_t src, uint32_t dst,
                const uint8_t *data, size_t len);
tcpip_ns dhcp_timers(struct tcpip *st, tcpip_ns now);

#endif
