/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip.h: the whole-engine fuzzer's script, its model of the peer
 * and of the application, and the peer's frames. */
#ifndef MIRAGE_TESTS_FUZZ_TCPIP_H
#define MIRAGE_TESTS_FUZZ_TCPIP_H

/* A part of tests/fuzz/fuzz_tcpip.c, which includes it once, in order. */

/*
 * An input is a script for one engine with every layer real (Ethernet to
 * TCP, UDP and the DHCP client). The harness plays the peer (10.0.0.5)
 * and the application. Before the script it sets up: a listener on port
 * 80, a UDP socket on 7000, two connections the peer opens (one with
 * every option: MSS, window scale, SACK, timestamps; one with none) and
 * one the engine opens, all established by the harness from the
 * engine's own SYN and SYN-ACK; with DHCP, a lease first. Byte 0 picks
 * the configuration:
 *   bit 0  no address: DHCP (the harness's server leases 10.0.0.2 for
 *          2 minutes, so that renewals and expiry come with the clock)
 *   bit 1  MTU 576 (else 1500)
 *   bit 2  checksums of raw frames made right (IPv4, UDP, ICMP, TCP)
 *   bit 3  a receive buffer of 128 KiB (window scaling in use) (else 4 KiB)
 *   bits 4-7  the options the peer answers the engine's SYN with (a
 *          profile, as OPEN's below)
 * Then records, each an operation byte (modulo OP_COUNT) and its
 * arguments (missing bytes read as 0). Slot arguments pick one of the
 * connections the harness knows (modulo their number). The peer's
 * segments carry the bytes of its stream at their sequence numbers, so
 * that any mix of retransmissions, overlaps, holes and reordering keeps
 * the stream the application must read; the application's writes are
 * another stream, which every segment the engine sends must carry at its
 * own sequence numbers.
 */
enum {
    OP_FRAME,    /* len16, bytes: a raw Ethernet frame in */
    OP_SEG,      /* slot, flags, ref, dseq16, dack16, win16, opt, len16 */
    OP_DATA,     /* slot, n16: the peer sends n stream bytes, in window */
    OP_ACK,      /* slot, win16: the peer acks what it got, window win */
    OP_FIN,      /* slot: the peer sends its FIN */
    OP_CLOCK,    /* t16: < 0x8000 t ms, else (t & 0x7fff) s; timers run */
    OP_SEND,     /* slot, n16: tcp_send n bytes */
    OP_RECV,     /* slot, n16: tcp_recv up to n bytes (0: all) */
    OP_CLOSE,    /* slot: tcp_close */
    OP_SHUTDOWN, /* slot, how */
    OP_ABORT,    /* slot: tcp_abort */
    OP_CONNECT,  /* port16, opt: tcp_connect; opt bit 7: the peer answers
                    at once with the profile in bits 0-5 */
    OP_OPEN,     /* opt, mode: the peer opens a connection with profile
                    opt (bit 0 MSS, sized by bits 4-5: 1460, 536, 88, 9000;
                    bit 1 window scale, by bits 6-7: 7, 0, 2, 14; bit 2
                    SACK-permitted; bit 3 timestamps); mode bit 0: no ACK
                    after the SYN-ACK (half-open) */
    OP_ACCEPT,   /* tcp_accept whatever is ready */
    OP_UDP_SEND, /* n16: udp_sendto the peer */
    OP_UDP_IN,   /* n16: the peer sends a datagram of n bytes */
    OP_UDP_RECV, /* the socket's queue read out */
    OP_DHCP,     /* type, lease16: the server answers the exchange */
    OP_SETOPT,   /* slot, what: no-delay, keep-alive, CUBIC */
    OP_ICMP,     /* slot, code, mtu16, dseq16: an ICMP unreachable about
                    the engine's segment at snd_una + dseq */
    OP_LISTEN,   /* the listener closed, or opened again */
    OP_LOSS,     /* n: the peer misses the engine's next n segments */
    OP_SETTLE,   /* everything delivered: no connection may stall */
    OP_COUNT
};

/* OP_SEG's ref: bits 0-1 the sequence number's base: the engine's
   rcv_nxt, the peer's next, the peer's ISS, the highest it sent; bits 2-3
   the acknowledgment's: the engine's snd_una, snd_max, the highest it
   sent as the peer saw it, its ISS. opt: bit 0 timestamps toggled, bit 1
   an old timestamp (PAWS), bit 2 SACK blocks (bits 4-5: how many), bit 3
   a bad checksum, bit 6 a SYN's options, bit 7 garbage for data. */

#define NSLOTS      8
#define LISTEN_PORT 80
#define UDP_PORT    7000
#define PEER_UDP    5353
#define PEER        FAKE_PEER

/* A connection the harness knows, and the peer's side of it. */
struct slot {
    bool used;
    struct tcp_conn *c;    /* owned by the application; NULL: let go */
    uint16_t lport, rport; /* the engine's, the peer's */
    bool known_iss;        /* the engine's ISS: from its SYN or SYN-ACK */
    uint32_t iss;
    bool eng_seen;       /* a segment from the engine reached the peer */
    uint32_t eng_max;    /* the highest sequence end the peer got */
    uint32_t eng_ack;    /* the engine's last ACK and window */
    uint32_t eng_win;    /* scaled, in bytes */
    uint32_t eng_ts_max; /* the engine's highest timestamp */
    bool eng_ts_seen;
    bool eng_syn;  /* the engine's SYN options are known: */
    int eng_mss;   /* -1 none */
    int eng_wsopt; /* -1 none */
    bool eng_sackok, eng_tsopt;
    bool negotiated; /* both SYNs seen: what follows is in force */
    bool ts, sack;
    unsigned peer_ws, eng_ws; /* shifts in force (0: none) */
    uint32_t peer_mss;        /* what the peer announced (536: none) */
    int peer_profile;         /* the peer's SYN options (-1: not sent) */
    bool synced;              /* the peer's ISS is the engine's IRS */
    uint32_t peer_iss, peer_nxt, peer_max;
    uint32_t peer_ts_max; /* the peer's highest timestamp sent */
    /* The peer's window as the engine must hold it (RFC 9293: taken from
       the segment with the highest SEG.SEQ, then SEG.ACK: SND.WL1,
       SND.WL2), when the harness can be sure of it: the last segment to
       raise (wl1, wl2) was one of the harness's own, not a mutant's. */
    bool wl_set, win_known;
    uint32_t wl1, wl2;
    uint32_t peer_right; /* its right edge: SND.UNA + SND.WND */
    uint32_t eng_sent;   /* the highest sequence end the engine sent */
    bool eng_sent_set;
    bool fin_set, fin_conflict;
    uint32_t fin_at;   /* the peer's FIN's sequence number */
    size_t app_sent;   /* bytes tcp_send took */
    bool app_wr_done;  /* writing shut: a FIN may follow them */
    size_t rd;         /* bytes tcp_recv gave */
    bool rd_shut, eof; /* reading shut down; 0 read */
    bool tainted;      /* the peer's stream is not all known */
    bool cookie;       /* made by a SYN cookie */
    bool was_sync;     /* its connection was seen synchronized */
    uint32_t acked;    /* settle: the last ACK the peer sent */
};

/* One input's world. */
struct fz {
    struct tcpip_fake fk;
    struct tcpip *st;
    struct tcp_listener *l;
    struct udp_sock *u;
    struct slot s[NSLOTS];
    uint16_t next_pport;
    uint32_t next_piss;
    unsigned loss;        /* segments the peer is still to miss */
    uint32_t addr_before; /* our address when the step began */
    bool udp_tainted;
    uint32_t udp_sent_id, udp_next_id; /* datagrams in, and read */
    uint32_t udp_len[64];              /* their lengths, by id % 64 */
    size_t seen;                       /* frames the peer looked at */
    bool mutant; /* the segment being sent is OP_SEG's, numbers fuzzed */
    size_t in;   /* bytes into the script */
    const uint8_t *data;
    size_t size;
};

/* FUZZ_TCPIP_TRACE in the environment: each operation and each segment
   is printed (to read a failing input: -r FILE, or -s SEED -n N);
   FUZZ_TCPIP_SAVE=FILE: the input that breaks a property is written to
   FILE. */
static int fuzz_trace = -1;

static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void trace(const char *fmt, ...)
{
    va_list ap;

    if (fuzz_trace < 0)
        fuzz_trace = getenv("FUZZ_TCPIP_TRACE") != NULL;
    if (!fuzz_trace)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/*
 * Bugs of the engine this harness found, fixed since; fuzz_replays runs
 * an input for each with the checks recording instead of aborting, one
 * point each:
 *   1. A zero-length segment in the receive window but ahead of RCV.NXT
 *      set SND.WL1 ahead of every ACK the peer sent next: a window it
 *      closed never reopened (the window of such a segment now waits).
 *   2. A connection made by a SYN cookie took an MSS of 536 from the
 *      cookie's table towards a peer that announced less (88).
 *   3. The persist timer stopped after a probe carrying the last byte
 *      waiting: the connection waited forever behind a zero window and,
 *      closed with a silent peer, was never freed.
 *   4. A SYN that reopened TIME_WAIT by its sequence number (no
 *      timestamps) got RFC 6528's ISS, not one beyond every number the
 *      old connection used (RFC 1122 4.2.2.13).
 */
static bool fuzz_expose; /* a replay: failures recorded, not fatal: */
static char fuzz_exposed[320];

/* A check that one of the replays watches failed: recorded while
   fuzz_expose, else a failure. */
static void bug_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void bug_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (fuzz_expose) {
        if (!fuzz_exposed[0])
            vsnprintf(fuzz_exposed, sizeof fuzz_exposed, fmt, ap);
        va_end(ap);
        return;
    }
    vsnprintf(fuzz_exposed, sizeof fuzz_exposed, fmt, ap);
    va_end(ap);
    fuzz_fail("%s", fuzz_exposed);
}

/* What the last input did (the seeds' check reads it). */
static struct {
    unsigned established, bytes_read, bytes_acked, settled, ops;
    uint64_t syn_cookies, rexmits, sack_recoveries, dhcp_acks;
} fuzz_last;

/* --- the two streams ------------------------------------------------------ */

/* Byte (off) of what the application writes on connection (s). */
static uint8_t app_byte(const struct slot *s, uint32_t off)
{
    return (uint8_t)(off * 7u + (off >> 9) * 13u + s->lport * 29u + s->rport +
                     1u);
}

/* Byte (off) of what the peer sends on connection (s). */
static uint8_t peer_byte(const struct slot *s, uint32_t off)
{
    return (uint8_t)(off * 11u + (off >> 10) * 3u + s->rport * 41u +
                     s->lport * 5u + 5u);
}

/* --- the script's arguments ----------------------------------------------- */

static unsigned arg8(struct fz *z)
{
    return z->in < z->size ? z->data[z->in++] : 0u;
}

static unsigned arg16(struct fz *z)
{
    unsigned hi = arg8(z);

    return hi << 8 | arg8(z);
}

/* --- the peer's frames -----------------------------------------------------
 */

static uint32_t peer_clock(struct fz *z)
{
    return (uint32_t)(z->fk.now / TCPIP_MS(1)) + 1000u;
}

/* Sends the IPv4 packet (proto, p, n) from (src) (the peer or the
   gateway) to (dst), in a frame to (eth_dst). */
static void send_ip(struct fz *z, const uint8_t *eth_dst, uint32_t src,
                    uint32_t dst, uint8_t proto, const uint8_t *p, size_t n)
{
    static uint8_t f[16 + 20 + 65536];
    static uint16_t id;
    const uint8_t *mac = src == PEER ? fake_peer_mac : fake_gw_mac;
    size_t len =
        fake_frame_ipv4(f, eth_dst, mac, src, dst, proto, ++id, 0, p, n);

    tcpip_input(z->st, f, len);
}

/* Sends the IPv4 packet (proto, p, n) from (src) to our address. */
static void peer_ipv4(struct fz *z, uint32_t src, uint8_t proto,
                      const uint8_t *p, size_t n)
{
    send_ip(z, z->st->cfg.mac, src, z->st->cfg.addr, proto, p, n);
}

/* The connection of (s) in the engine, if it is still the same one. */
/* Can (c) be the connection (s) knew? One that was synchronized never
   goes back to SYN_SENT or SYN_RECEIVED: that one is new on the same
   ports (a SYN reopening TIME_WAIT), whatever its ISS (the same ISS when
   the clock has not moved: RFC 6528's ISNs follow the clock). */
static bool same_life(const struct slot *s, const struct tcp_conn *c)
{
    return !s->was_sync ||
           (c->state != TCP_SYN_SENT && c->state != TCP_SYN_RECEIVED);
}

static struct tcp_conn *slot_conn(struct fz *z, const struct slot *s)
{
    struct tcp_conn *c;

    if (s->c)
        return s->c;
    c = tcp_lookup(z->st, z->st->cfg.addr, s->lport, PEER, s->rport);
    if (!c || (s->known_iss && c->iss != s->iss) || !same_life(s, c))
        return NULL;
    return c;
}

static struct slot *find_slot(struct fz *z, uint16_t lport, uint16_t rport)
{
    for (int i = 0; i < NSLOTS; i++)
        if (z->s[i].used && z->s[i].lport == lport && z->s[i].rport == rport)
            return &z->s[i];
    return NULL;
}

/* Sends a segment on (s): (len) bytes of the peer's stream at (seq) (or
   garbage), and the slot's model follows. */
static void peer_seg(struct fz *z, struct slot *s, uint8_t flags, uint32_t seq,
                     uint32_t ack, uint16_t win, const struct tw_opts *o,
                     size_t len, bool garbage, bool bad_csum)
{
    static uint8_t seg[60 + 0x4000], pay[0x4000];
    uint32_t first = seq + ((flags & TW_SYN) ? 1u : 0u);
    uint32_t end = first + (uint32_t)len + ((flags & TW_FIN) ? 1u : 0u);
    struct tcp_conn *c = slot_conn(z, s);
    bool took;
    size_t n;

    if (len > sizeof pay)
        len = sizeof pay;
    for (size_t i = 0; i < len; i++)
        pay[i] = (uint8_t)(peer_byte(s, first + (uint32_t)i - s->peer_iss - 1) ^
                           (garbage ? 0xa5u : 0u));
    if (o->ts && SEQ_GT(o->tsval, s->peer_ts_max))
        s->peer_ts_max = o->tsval;
    if (!c)
        took = false;
    else if (c->state == TCP_SYN_SENT)
        took = (flags & TW_SYN) && ack == c->iss + 1;
    else
        took = seq == c->rcv_nxt && SEQ_GE(ack, c->snd_una) &&
               SEQ_LE(ack, c->snd_max);
    n = tw_tcp(seg, PEER, z->st->cfg.addr, s->rport, s->lport, seq, ack, flags,
               win, o, pay, len, bad_csum);
    if (!bad_csum && (flags & TW_ACK) && !(flags & TW_RST)) {
        /* the engine takes no window from a segment ahead of RCV.NXT */
        bool raises = (!c || SEQ_LE(seq, c->rcv_nxt)) &&
                      (!s->wl_set || SEQ_GT(seq, s->wl1) ||
                       (seq == s->wl1 && SEQ_GE(ack, s->wl2)));

        if (raises) {
            s->wl1 = seq;
            s->wl2 = ack;
            s->wl_set = true;
        }
        /* a mutant's may or may not have been taken: the window is not
           known until one of the harness's own raises (wl1, wl2), and is
           acceptable (at RCV.NXT, with an ACK in [SND.UNA, SND.MAX]; a
           peer's FIN into a closed window, say, was not, and what
           follows it is ahead) */
        s->win_known = raises && !z->mutant && took;
        if (s->win_known)
            s->peer_right =
                ack + ((uint32_t)win << ((flags & TW_SYN) ? 0 : s->peer_ws));
    }
    if (!bad_csum) {
        if (garbage && len)
            s->tainted = true;
        if (end != seq && !(flags & TW_RST) && SEQ_GT(end, s->peer_max))
            s->peer_max = end; /* the sequence space it took */
        if (s->synced && !garbage && !(flags & TW_RST) &&
            SEQ_LE(seq, s->peer_nxt) && SEQ_GT(end, s->peer_nxt))
            s->peer_nxt = end;
        if ((flags & TW_FIN) && !(flags & TW_RST) &&
            SEQ_GT(first + (uint32_t)len, s->peer_iss)) {
            uint32_t at = first + (uint32_t)len;

            if (!s->fin_set) {
                s->fin_set = true;
                s->fin_at = at;
                if (SEQ_GT(s->peer_max, at + 1))
                    s->fin_conflict = true;
            } else if (at != s->fin_at)
                s->fin_conflict = true;
        } else if (s->fin_set && len &&
                   SEQ_GT(first + (uint32_t)len, s->fin_at))
            s->fin_conflict = true;
    }
    trace("  peer %u>%u seq %u ack %u flags %02x win %u len %zu%s%s\n",
          s->rport, s->lport, seq, ack, flags, win, len,
          garbage ? " garbage" : "", bad_csum ? " bad checksum" : "");
    peer_ipv4(z, PEER, TCPIP_PROTO_TCP, seg, n);
}

/* The options of a peer's SYN with profile (p). */
static void profile_opts(struct fz *z, unsigned p, struct tw_opts *o)
{
    static const int mss[4] = {1460, 536, 88, 9000}, ws[4] = {7, 0, 2, 14};

    tw_opts_none(o);
    if (p & 1)
        o->mss = mss[(p >> 4) & 3];
    if (p & 2)
        o->ws = ws[(p >> 6) & 3];
    o->sackok = (p & 4) != 0;
    if (p & 8) {
        o->ts = true;
        o->tsval = peer_clock(z);
    }
}

/* The options of an ordinary segment of the peer on (s). */
static void plain_opts(struct fz *z, struct slot *s, struct tw_opts *o)
{
    tw_opts_none(o);
    if (s->ts) {
        o->ts = true;
        o->tsval = peer_clock(z);
        o->tsecr = s->eng_ts_max;
    }
}

/* Both SYNs are known: the options in force (RFC 7323, 2018). The engine
   takes window scaling and SACK only with timestamps. */
static void negotiate(struct slot *s)
{
    struct tw_opts o;
    int p = s->peer_profile;

    if (s->negotiated || !s->eng_syn || p < 0)
        return;
    s->negotiated = true;
    o.mss =
        (p & 1) ? (int)((const int[]){1460, 536, 88, 9000})[(p >> 4) & 3] : -1;
    s->peer_mss = o.mss > 0 ? (uint32_t)o.mss : 536u;
    s->ts = (p & 8) && s->eng_tsopt;
    s->sack = (p & 4) && s->eng_sackok;
    if ((p & 2) && s->eng_wsopt >= 0) {
        s->peer_ws = (unsigned)((const int[]){7, 0, 2, 14})[(p >> 6) & 3];
        s->eng_ws = (unsigned)s->eng_wsopt;
    }
}

/* The peer's window field for (bytes) on (s). */
static uint16_t peer_win(const struct slot *s, uint32_t bytes)
{
    uint32_t w = bytes >> s->peer_ws;

    return (uint16_t)(w > 65535 ? 65535 : w);
}

#endif
