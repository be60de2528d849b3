/* SPDX-License-Identifier: ISC */
/* tcp_int.h: the TCP layer's own types and the calls between its files. */
#ifndef MIRAGE_TCPIP_TCP_INT_H
#define MIRAGE_TCPIP_TCP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcp.h"
#include "tcpip.h"

/* --- constants ------------------------------------------------------- */

#define TCP_MSL             TCPIP_S(30) /* 2 MSL = TIME_WAIT = 60 s */
#define TCP_RTO_INIT        TCPIP_S(1)  /* RFC 6298 2.1 */
#define TCP_RTO_MIN         TCPIP_MS(200)
#define TCP_RTO_MAX         TCPIP_S(60)
#define TCP_SYN_RETRIES     6  /* then -ETIMEDOUT (127 s in all) */
#define TCP_SYNACK_RETRIES  5  /* then the half-open connection goes */
#define TCP_DATA_RETRIES    15 /* RTO expiries in a row, then -ETIMEDOUT */
#define TCP_DELACK          TCPIP_MS(40)
#define TCP_FIN_WAIT2_LIMIT TCPIP_S(60) /* orphaned FIN_WAIT_2 */
#define TCP_KEEP_IDLE       TCPIP_S(7200)
#define TCP_KEEP_INTVL      TCPIP_S(75)
#define TCP_KEEP_COUNT      9
#define TCP_DEFAULT_MSS     536u /* RFC 9293 3.7.1: no MSS option */
#define TCP_MIN_MSS         64u  /* floor of what PMTU can lower to */
#define TCP_OOO_MAX         32u  /* out-of-order ranges kept */
#define TCP_SACK_MAX        32u  /* ranges in the SACK scoreboard */
#define TCP_DUPTHRESH       3u
#define TCP_CHACK_LIMIT     10u /* challenge ACKs per second per conn */
#define TCP_HLEN            20u
#define TCP_MAX_OPTLEN      40u
#define TCP_MAX_WSCALE      14u

/* Flags in the header's 13th byte. */
#define TCP_FIN 0x01u
#define TCP_SYN 0x02u
#define TCP_RST 0x04u
#define TCP_PSH 0x08u
#define TCP_ACK 0x10u
#define TCP_URG 0x20u

/* Sequence-number comparison, modulo 2^32 (RFC 9293 3.4). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LE(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_GE(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) >= 0)

/* --- segments --------------------------------------------------------- */

/* A received segment, header and options parsed (tcp_options.c). */
struct tcp_seg {
    uint32_t src, dst; /* addresses */
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t wnd; /* as on the wire, unscaled */
    const uint8_t *data;
    size_t len; /* payload bytes */
    /* options */
    bool has_mss, has_ws, has_sackok, has_ts;
    uint16_t mss;
    uint8_t ws;
    uint32_t tsval, tsecr;
    unsigned nsack;
    uint32_t sack[4][2];
};

/* Options to put in an outgoing segment (tcp_options.c). */
struct tcp_optout {
    bool syn;       /* SYN options: MSS, SACK-permitted, WS */
    uint16_t mss;   /* SYN only */
    bool ws;        /* SYN only */
    uint8_t wscale; /* SYN only */
    bool sackok;    /* SYN only */
    bool ts;
    uint32_t tsval, tsecr;
    unsigned nsack; /* blocks to send, not on SYNs */
    uint32_t sack[4][2];
};

/* A half-open range of sequence numbers [start, end). */
struct tcp_range {
    uint32_t start, end;
};

/* A ring of bytes allocated once (tcp_buf.c). */
/* A ring buffer of at most (cap) bytes, of which (size) are allocated: it
   grows as data comes (tcp_ring_reserve) and shrinks back when empty
   (tcp_ring_trim), so that an idle connection holds little. */
struct tcp_ring {
    uint8_t *buf;
    size_t size, head, len;
    size_t cap;   /* the limit: lim.tcp_send_buffer or tcp_receive_buffer */
    size_t *held; /* the count of every ring's (size) that this one keeps
                     up to date (tcp_table.ring_bytes); NULL: none */
};

/* Bytes a ring starts with and shrinks back to. */
#define TCP_RING_MIN 2048u

/* --- connections -------------------------------------------------------- */

struct tcp_conn {
    struct tcpip *st;
    struct tcp_conn *hnext;               /* hash chain */
    struct tcp_conn *all_prev, *all_next; /* every connection */
    struct tcp_conn *tw_prev, *tw_next;   /* TIME_WAIT, oldest first */
    struct tcp_conn *q_next;              /* listener's accept queue */
    struct tcp_listener *listener;        /* half-open or waiting for accept */
    size_t heap_idx;                      /* SIZE_MAX: not in the timer heap */
    tcpip_ns when;                        /* earliest of the deadlines below */
    tcpip_ns t_rexmt, t_persist, t_delack, t_keep, t_2msl;

    enum tcp_state state;
    bool hashed, owned, in_accept_q, passive, counted;
    bool wr_shut, rd_shut, fin_rcvd, closed_by_owner;
    int error;      /* the negative errno that ended it, or 0 */
    int soft_error; /* the last ICMP error, reported on a timeout */
    uint32_t laddr, raddr;
    uint16_t lport, rport;
    struct mirage_cond cond;
    bool wake; /* the owner's cond is due a wake-up */

    /* send side (RFC 9293 3.3.1) */
    uint32_t iss, snd_una, snd_nxt, snd_max, snd_wl1, snd_wl2;
    uint32_t snd_wnd, max_snd_wnd;
    uint32_t smss;      /* payload per segment after fixed options */
    uint32_t mss_clamp; /* the peer's MSS option */
    uint16_t adv_mss;   /* what we announced */
    uint32_t pmtu_cap;  /* an MTU from ICMP below ipv4's (0: none) */
    uint8_t snd_wscale, rcv_wscale;
    bool ws_ok, ts_ok, sack_ok;
    struct tcp_ring sndbuf; /* bytes from snd_una, unsent included */
    bool fin_queued;        /* FIN after the buffered data */
    uint32_t snd_sml;       /* end of the last small segment (Minshall) */

    /* receive side */
    uint32_t irs, rcv_nxt, rcv_adv; /* rcv_adv: right edge announced */
    uint32_t rcv_mss;               /* largest segment seen */
    struct tcp_ring rcvbuf;
    struct tcp_range ooo[TCP_OOO_MAX]; /* sorted, disjoint */
    unsigned nooo;
    struct tcp_range sack_recent[4]; /* last touched ranges, for SACK */
    unsigned nsack_recent;
    bool ooo_fin;
    uint32_t ooo_fin_seq;

    /* timestamps (RFC 7323) */
    uint32_t ts_recent, ts_offset, last_ack_sent;
    tcpip_ns ts_recent_time;

    /* RTT and RTO (RFC 6298) */
    tcpip_ns srtt, rttvar, rto;
    bool have_rtt, timing;
    uint32_t rtt_seq;
    tcpip_ns rtt_start;
    unsigned backoff, nrexmt;
    /* RFC 5482's user timeout: 0, or how long sent data may wait for an
       ACK; rexmt_since: when the retransmission timer was last armed
       with no expiry since (the last progress) */
    tcpip_ns user_timeout, rexmt_since;

    /* congestion control */
    uint32_t cwnd, ssthresh, bytes_acked;
    unsigned dupacks;
    bool in_recovery;
    uint32_t recover; /* NewReno's and RFC 6675's recovery point */
    /* is cwnd used (tcp_cc_sent)? The largest FlightSize since the round
       began, and the end of the round: snd_max when it began */
    uint32_t cwnd_used, cwnd_round;
    /* slow start after an RTO counts one SMSS per ACK until the data
       then outstanding (up to rto_end) is acknowledged (RFC 3465 2.3) */
    bool rto_slow_start;
    uint32_t rto_end;
    tcpip_ns last_data_sent; /* for the restart window (RFC 5681 4.1) */
    bool cubic;
    uint32_t cubic_wmax; /* bytes */
    tcpip_ns cubic_epoch;
    tcpip_ns cubic_paused; /* 0, or since when cwnd was not used */
    uint32_t cubic_k_ms, cubic_west;

    /* SACK scoreboard (RFC 6675) */
    struct tcp_range sacked[TCP_SACK_MAX];
    unsigned nsacked;
    uint32_t high_rxt;
    uint32_t rxt_mark; /* snd_max when a hole was last resent */

    /* delayed ACKs, window updates */
    bool ack_now, ack_pending;
    /* persist, keep-alive */
    unsigned persist_backoff, persist_probes;
    bool keepalive, nodelay;
    tcpip_ns keep_idle, keep_intvl, last_rcv;
    unsigned keep_cnt, keep_probes;
    /* RFC 5961 challenge ACK rate limit */
    tcpip_ns chack_start;
    unsigned chack_count;
};

struct tcp_listener {
    struct tcpip *st;
    struct tcp_listener *next;
    uint32_t addr;
    uint16_t port;
    unsigned backlog, nacc, nsyn;
    struct tcp_conn *acc_head, *acc_tail;
    struct mirage_cond cond;
};

struct tcp_table {
    struct tcp_conn **hash;
    size_t hmask;
    uint32_t hkey;
    struct tcp_listener *listeners;
    struct tcp_conn *all;
    unsigned nall;
    struct tcp_conn **heap;
    size_t nheap, heap_cap;
    struct tcp_conn *tw_head, *tw_tail;
    unsigned nconns; /* every state but TIME_WAIT */
    unsigned ntw, nsyn;
    uint8_t secret[32];
    uint32_t port_counter;
    tcpip_ns cookies_until; /* ACKs are checked as cookies until then */
    uint8_t *scratch;       /* one outgoing segment with its headroom */
    size_t scratch_len;
    size_t ring_bytes; /* bytes the rings of all connections hold */
};

/* --- tcp_buf.c ------------------------------------------------------------ */
int tcp_ring_alloc(struct tcp_ring *r, size_t cap);
int tcp_ring_reserve(struct tcp_ring *r, size_t end);
void tcp_ring_count(struct tcp_ring *r, size_t *held);
size_t tcp_ring_growth(const struct tcp_ring *r, size_t end, size_t room);
void tcp_ring_trim(struct tcp_ring *r);
void tcp_ring_free(struct tcp_ring *r);
void tcp_ring_copy_in(struct tcp_ring *r, size_t off, const uint8_t *src,
                      size_t len);
void tcp_ring_copy_out(const struct tcp_ring *r, size_t off, uint8_t *dst,
                       size_t len);
void tcp_ring_consume(struct tcp_ring *r, size_t len);
/* Receive: store a segment's payload, reassemble; returns bytes now in
   order that were not before. */
size_t tcp_rcv_data(struct tcp_conn *c, uint32_t seq, const uint8_t *data,
                    size_t len);
/* The window we would announce now, in bytes (unscaled). */
uint32_t tcp_rcv_window(struct tcp_conn *c);

/* --- tcp_conn.c ----------------------------------------------------------- */
struct tcp_conn *tcp_conn_new(struct tcpip *st);
void tcp_conn_free(struct tcp_conn *c);
void tcp_set_state(struct tcp_conn *c, enum tcp_state s);
void tcp_hash_insert(struct tcp_conn *c);
void tcp_hash_remove(struct tcp_conn *c);
struct tcp_conn *tcp_lookup(struct tcpip *st, uint32_t laddr, uint16_t lport,
                            uint32_t raddr, uint16_t rport);
struct tcp_listener *tcp_find_listener(struct tcpip *st, uint32_t addr,
                                       uint16_t port);
int tcp_pick_port(struct tcpip *st, uint32_t laddr, uint32_t raddr,
                  uint16_t rport, uint16_t *out);
bool tcp_port_listened(struct tcpip *st, uint16_t port);
/* Ends a connection: CLOSED with (err) (0: a normal end); frees it when
   nobody owns it. Returns true if freed. */
bool tcp_conn_closed(struct tcp_conn *c, int err);
bool tcp_enter_time_wait(struct tcp_conn *c);
/* Sets up the buffers, MSS and windows of a connection about to open. */
int tcp_conn_buffers(struct tcp_conn *c);
void tcp_wake(struct tcp_conn *c);

/* --- tcp_isn.c ------------------------------------------------------------ */
uint32_t tcp_isn(struct tcpip *st, uint32_t laddr, uint16_t lport,
                 uint32_t raddr, uint16_t rport);
uint32_t tcp_ts_offset(struct tcpip *st, uint32_t laddr, uint32_t raddr);
uint32_t tcp_keyed_hash(struct tcpip *st, const void *data, size_t len,
                        uint32_t salt);
uint32_t tcp_cookie_make(struct tcpip *st, const struct tcp_seg *sg,
                         unsigned mss_idx);
int tcp_cookie_check(struct tcpip *st, const struct tcp_seg *sg,
                     unsigned *mss_idx);
extern const uint16_t tcp_cookie_mss[8];

/* --- tcp_options.c -------------------------------------------------------- */
/* Parses the header at (data, len): 0 or -EINVAL (malformed). */
int tcp_parse(struct tcp_seg *sg, const uint8_t *data, size_t len);
/* Writes the options to (p) (at most 40 bytes); returns their length. */
size_t tcp_build_options(uint8_t *p, const struct tcp_optout *o);

/* --- tcp_output.c --------------------------------------------------------- */
void tcp_output(struct tcp_conn *c);
/* Sends data from the send buffer at (seq) (len bytes) with (flags). */
int tcp_send_segment(struct tcp_conn *c, uint32_t seq, size_t len,
                     uint8_t flags);
void tcp_send_ack(struct tcp_conn *c);
void tcp_send_syn(struct tcp_conn *c);
void tcp_send_rst_for(struct tcp_conn *c);
void tcp_challenge_ack(struct tcp_conn *c);
/* An RST in answer to (sg), which reached no connection (RFC 9293). */
void tcp_reply_rst(struct tcpip *st, const struct tcp_seg *sg);
uint32_t tcp_ts_now(struct tcp_conn *c);
uint32_t tcp_flight(const struct tcp_conn *c);
uint32_t tcp_eff_mss(struct tcp_conn *c);
void tcp_update_mss(struct tcp_conn *c);
bool tcp_window_update_due(struct tcp_conn *c);
uint32_t tcp_send_new(struct tcp_conn *c);
uint32_t tcp_retransmit_at(struct tcp_conn *c, uint32_t seq, uint32_t limit);

/* --- tcp_input.c ---------------------------------------------------------- */
void tcp_input_conn(struct tcp_conn *c, struct tcp_seg *sg);

/* --- tcp_listen.c --------------------------------------------------------- */
/* A segment for listener (l) and no connection; (iss_after), when not
   NULL, is the last number a connection in TIME_WAIT on the same ports
   used: a connection it makes starts beyond it. */
void tcp_listen_input(struct tcp_listener *l, struct tcp_seg *sg,
                      const uint32_t *iss_after);
void tcp_accept_ready(struct tcp_conn *c);
void tcp_conn_setup(struct tcp_conn *c, uint32_t laddr, uint16_t lport,
                    uint32_t raddr, uint16_t rport);
void tcp_negotiate(struct tcp_conn *c, const struct tcp_seg *sg);

/* --- tcp_timer.c ---------------------------------------------------------- */
void tcp_timer_update(struct tcp_conn *c);
void tcp_heap_remove(struct tcp_conn *c);
void tcp_arm_rexmt(struct tcp_conn *c);
tcpip_ns tcp_cur_rto(const struct tcp_conn *c);
void tcp_rtt_sample(struct tcp_conn *c, tcpip_ns rtt);
void tcp_keep_reset(struct tcp_conn *c);

/* --- tcp_cc.c ------------------------------------------------------------- */
void tcp_cc_init(struct tcp_conn *c);
/* Grows cwnd for (acked) new bytes, whether or not cwnd was used. */
void tcp_cc_ack(struct tcp_conn *c, uint32_t acked);
/* Notes the flight after sending: is the sender using cwnd? */
void tcp_cc_sent(struct tcp_conn *c);
/* Before sending new data: the restart window after an idle time. */
void tcp_cc_idle(struct tcp_conn *c);
void tcp_cc_loss(struct tcp_conn *c); /* ssthresh at a loss */
void tcp_cc_rto(struct tcp_conn *c);
/* A duplicate ACK or new ACK seen by loss recovery (NewReno, RFC 6675). */
void tcp_recovery_dupack(struct tcp_conn *c);
void tcp_recovery_ack(struct tcp_conn *c, uint32_t acked);
void tcp_recovery_check(struct tcp_conn *c);

/* --- tcp_sack.c ----------------------------------------------------------- */
uint32_t tcp_sack_update(struct tcp_conn *c, const struct tcp_seg *sg);
void tcp_sack_clean(struct tcp_conn *c);
bool tcp_sack_is_sacked(const struct tcp_conn *c, uint32_t seq, uint32_t *end);
bool tcp_sack_next_start(const struct tcp_conn *c, uint32_t seq,
                         uint32_t *start);
bool tcp_sack_is_lost(const struct tcp_conn *c, uint32_t seq);
uint32_t tcp_sack_pipe(const struct tcp_conn *c);
void tcp_sack_output(struct tcp_conn *c);
void tcp_sack_lost_rexmit(struct tcp_conn *c);
/* The receiver's SACK blocks for an outgoing ACK. */
unsigned tcp_sack_blocks(struct tcp_conn *c, uint32_t out[4][2], unsigned max);
void tcp_sack_note_recent(struct tcp_conn *c, uint32_t start, uint32_t end);

#endif
