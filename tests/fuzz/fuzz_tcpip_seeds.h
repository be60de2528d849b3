/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip_seeds.h: the whole-engine fuzzer's seeds and the
 * replays of the bugs it found. */
#ifndef MIRAGE_TESTS_FUZZ_TCPIP_SEEDS_H
#define MIRAGE_TESTS_FUZZ_TCPIP_SEEDS_H

/* A part of tests/fuzz/fuzz_tcpip.c, which includes it once, in order. */

/* --- the seeds: scripts that reach each part ------------------------------ */

#define NSEEDS 12
static uint8_t seed_buf[NSEEDS][4096];
static uint8_t *sb; /* the seed being written */
static size_t sl;

static void s8(unsigned v)
{
    sb[sl++] = (uint8_t)v;
}

static void s16(unsigned v)
{
    s8(v >> 8);
    s8(v);
}

static void s_seg(unsigned slot, unsigned flags, unsigned ref, int dseq,
                  int dack, unsigned win, unsigned opt, unsigned len)
{
    s8(OP_SEG);
    s8(slot);
    s8(flags);
    s8(ref);
    s16((unsigned)dseq & 0xffff);
    s16((unsigned)dack & 0xffff);
    s16(win);
    s8(opt);
    s16(len);
}

/* An operation on a slot with a 16-bit argument. */
static void s_op16(unsigned op, unsigned slot, unsigned n)
{
    s8(op);
    s8(slot);
    s16(n);
}

static void s_op8(unsigned op, unsigned a)
{
    s8(op);
    s8(a);
}

static void s_clock_ms(unsigned ms)
{
    s8(OP_CLOCK);
    s16(ms);
}

static void s_clock_s(unsigned sec)
{
    s8(OP_CLOCK);
    s16(0x8000 | sec);
}

static void s_frame(const uint8_t *f, size_t n)
{
    s8(OP_FRAME);
    s16((unsigned)n);
    memcpy(sb + sl, f, n);
    sl += n;
}

static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    static const uint8_t zero[6];
    uint8_t f[200], t[80];
    struct tw_opts o;
    size_t k = 0, n;

    if (max < NSEEDS)
        return 0;
#define BEGIN(cfg) (sb = seed_buf[k], sl = 0, s8(cfg))
#define END()      (seeds[k] = seed_buf[k], lens[k] = sl, k++)
    /* 0: data both ways on the three connections, then settled */
    BEGIN(0xf4);
    s_op16(OP_DATA, 0, 3000);
    s_op16(OP_SEND, 0, 5000);
    s_op16(OP_ACK, 0, 0xffff);
    s_op16(OP_RECV, 0, 0);
    s_clock_ms(100);
    s_op16(OP_DATA, 1, 1000);
    s_op16(OP_SEND, 1, 2000);
    s_clock_ms(300);
    s_op16(OP_ACK, 1, 0xffff);
    s_op16(OP_RECV, 1, 0);
    s_op16(OP_SEND, 2, 3000);
    s_op16(OP_DATA, 2, 2000);
    s_clock_ms(50);
    s_op16(OP_ACK, 2, 0xffff);
    s_op16(OP_RECV, 2, 0);
    s8(OP_SETTLE);
    END();
    /* 1: out of order in (SACK blocks out), losses out (SACK blocks in,
       recovery) */
    BEGIN(0xf4);
    s_seg(0, TW_ACK, 1, 1000, 0, 0xffff, 0, 500);
    s_seg(0, TW_ACK, 1, 2000, 0, 0xffff, 0, 500);
    s_op16(OP_DATA, 0, 3000);
    s_op16(OP_RECV, 0, 0);
    s_op16(OP_SEND, 0, 8000);
    s_op8(OP_LOSS, 2);
    s_op16(OP_SEND, 0, 100);
    for (int i = 0; i < 3; i++)
        s_seg(0, TW_ACK, 1, 0, 0, 0xffff, 0x14, 0);
    s_clock_s(2);
    s8(OP_SETTLE);
    END();
    /* 2: the peer closes, the application closes; half-close; abort */
    BEGIN(0x04);
    s_op8(OP_FIN, 0);
    s_op16(OP_RECV, 0, 0);
    s_op8(OP_CLOSE, 0);
    s_op16(OP_ACK, 0, 0xffff);
    s_clock_s(70);
    s8(OP_SHUTDOWN);
    s8(1);
    s8(2);
    s_clock_ms(10);
    s_op8(OP_FIN, 1);
    s_op16(OP_ACK, 1, 0xffff);
    s_op16(OP_RECV, 1, 0);
    s_op8(OP_CLOSE, 1);
    s_op8(OP_ABORT, 2);
    s_clock_s(61);
    END();
    /* 3: zero windows both ways: persist probes, the window reopening */
    BEGIN(0x04);
    s_op16(OP_ACK, 0, 0);
    s_op16(OP_SEND, 0, 8000);
    s_clock_s(5);
    s_clock_s(10);
    s_op16(OP_ACK, 0, 0x100);
    s_clock_s(1);
    s_op16(OP_DATA, 1, 5000);
    s_op16(OP_DATA, 1, 100);
    s_clock_s(1);
    s_op16(OP_RECV, 1, 0);
    s8(OP_SETTLE);
    END();
    /* 4: DHCP: renewal, lease lost, a new lease */
    BEGIN(0x05);
    s_op16(OP_DATA, 0, 1000);
    s_op16(OP_RECV, 0, 0);
    s_clock_s(65);
    s8(OP_DHCP);
    s8(1);
    s16(120);
    s_clock_s(30);
    s_op16(OP_SEND, 0, 100);
    s8(OP_SETTLE);
    s_clock_s(200);
    s8(OP_DHCP);
    s8(0);
    s16(120);
    s8(OP_DHCP);
    s8(1);
    s16(120);
    s8(OP_SETTLE);
    END();
    /* 5: a SYN flood: the SYN queue full, SYN cookies, accept */
    BEGIN(0x04);
    for (int i = 0; i < 3; i++) {
        s8(OP_OPEN);
        s8(0x0f);
        s8(1);
    }
    s8(OP_OPEN);
    s8(0x0f);
    s8(0);
    s8(OP_OPEN);
    s8(0x01);
    s8(0);
    s8(OP_ACCEPT);
    s_op16(OP_DATA, 3, 500);
    s_op16(OP_RECV, 3, 0);
    s_clock_s(5);
    s8(OP_SETTLE);
    END();
    /* 6: MTU 576 and fragmentation needed, an unreachable port */
    BEGIN(0x06);
    s_op16(OP_SEND, 0, 8000);
    s8(OP_ICMP);
    s8(0);
    s8(4);
    s16(300);
    s16(0);
    s_clock_ms(300);
    s_op16(OP_ACK, 0, 0xffff);
    s8(OP_ICMP);
    s8(2);
    s8(3);
    s16(0);
    s16(0);
    s8(OP_SETTLE);
    END();
    /* 7: UDP both ways, the queue overflowing */
    BEGIN(0x04);
    s8(OP_UDP_IN);
    s16(100);
    s8(OP_UDP_IN);
    s16(1200);
    s8(OP_UDP_RECV);
    s8(OP_UDP_SEND);
    s16(500);
    for (int i = 0; i < 6; i++) {
        s8(OP_UDP_IN);
        s16(1000);
    }
    s8(OP_UDP_RECV);
    END();
    /* 8: raw frames: a SYN from the peer, an echo request, an ARP request */
    BEGIN(0x04);
    tw_opts_none(&o);
    o.mss = 1000;
    n = tw_tcp(t, PEER, FAKE_ADDR, 30000, LISTEN_PORT, 77, 0, TW_SYN, 1000, &o,
               NULL, 0, false);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, PEER, FAKE_ADDR, 6, 1, 0, t,
                        n);
    s_frame(f, n);
    n = fake_icmp(t, 8, 0, 0x00010001u, "ping", 4);
    n = fake_frame_ipv4(f, fake_mac, fake_peer_mac, PEER, FAKE_ADDR, 1, 2, 0, t,
                        n);
    s_frame(f, n);
    n = fake_eth(f, bcast, fake_peer_mac, TCPIP_ETH_ARP);
    n += fake_arp(f + n, 1, fake_peer_mac, PEER, zero, FAKE_ADDR);
    s_frame(f, n);
    s8(OP_ACCEPT);
    s_clock_s(3);
    END();
    /* 9: the engine connects; keep-alive to a silent peer; CUBIC; a
       connection never answered */
    BEGIN(0xf4);
    s8(OP_CONNECT);
    s16(9);
    s8(0x8f);
    s8(OP_SETOPT);
    s8(3);
    s8(2);
    s_clock_s(10);
    s_op16(OP_RECV, 3, 0);
    s8(OP_SETOPT);
    s8(0);
    s8(4);
    s_op16(OP_SEND, 0, 8000);
    s_op16(OP_ACK, 0, 0xffff);
    s8(OP_SETTLE);
    s8(OP_CONNECT);
    s16(10);
    s8(0);
    s_clock_s(200);
    END();
    /* 10: a receive buffer of 128 KiB: window scaling */
    BEGIN(0xfc);
    for (int i = 0; i < 3; i++)
        s_op16(OP_DATA, 0, 30000);
    s_op16(OP_RECV, 0, 0);
    s_op16(OP_DATA, 0, 30000);
    s_clock_ms(50);
    s_op16(OP_RECV, 0, 0);
    s8(OP_SETTLE);
    END();
    /* 11: RSTs and SYNs in the window (challenge ACKs), an exact RST, an
       ACK of what was never sent */
    BEGIN(0x04);
    s_seg(1, TW_RST, 0, 1, 0, 1000, 0, 0);
    s_seg(1, TW_RST, 0, 0, 0, 1000, 0, 0);
    s_op16(OP_RECV, 1, 0);
    s_seg(0, TW_SYN, 0, 0, 0, 1000, 0, 0);
    s_seg(0, TW_ACK, 1, 0, 5000, 1000, 0, 0);
    s8(OP_SETTLE);
    END();
#undef BEGIN
#undef END
    return k;
}

static int fuzz_seeds_ok(char *why, size_t n)
{
    LLVMFuzzerTestOneInput(fuzz_seed[0], fuzz_seed_len[0]);
    if (fuzz_last.established != 3 || fuzz_last.bytes_read < 6000 ||
        fuzz_last.settled < 3) {
        snprintf(why, n,
                 "seed 0: %u established, %u bytes read, %u settled "
                 "(3, 6000, 3)",
                 fuzz_last.established, fuzz_last.bytes_read,
                 fuzz_last.settled);
        return 0;
    }
    LLVMFuzzerTestOneInput(fuzz_seed[1], fuzz_seed_len[1]);
    if (fuzz_last.sack_recoveries < 1) {
        snprintf(why, n, "seed 1: %llu SACK recoveries",
                 (unsigned long long)fuzz_last.sack_recoveries);
        return 0;
    }
    LLVMFuzzerTestOneInput(fuzz_seed[4], fuzz_seed_len[4]);
    if (fuzz_last.dhcp_acks < 3) {
        snprintf(why, n, "seed 4: %llu DHCP ACKs",
                 (unsigned long long)fuzz_last.dhcp_acks);
        return 0;
    }
    LLVMFuzzerTestOneInput(fuzz_seed[5], fuzz_seed_len[5]);
    if (fuzz_last.syn_cookies < 1) {
        snprintf(why, n, "seed 5: %llu SYN cookies",
                 (unsigned long long)fuzz_last.syn_cookies);
        return 0;
    }
    return 1;
}

/* Runs the script being written (sb, sl) with failures recorded: a
   point (what) that fails if a check does (bug (n) of the list in
   fuzz_tcpip.h is back). */
static void replay(int n, const char *what)
{
    fuzz_expose = true;
    fuzz_exposed[0] = '\0';
    LLVMFuzzerTestOneInput(sb, sl);
    fuzz_expose = false;
    TAP_OK(!fuzz_exposed[0], "bug %d stays fixed: %s%s%s", n, what,
           fuzz_exposed[0] ? ": " : "", fuzz_exposed);
}

/* Replays an input for each bug of the list in fuzz_tcpip.h, a point
   each. */
static void fuzz_replays(void)
{
    static uint8_t in[64];

    /* 1: 3,000 bytes sent; the peer's zero-length segment 16 ahead of
       RCV.NXT closes the window; 1,000 more to send; then the peer
       acknowledges everything with a window open */
    sb = in;
    sl = 0;
    s8(0x04);
    s_op16(OP_SEND, 1, 3000);
    s_seg(1, TW_ACK, 1, 16, 0, 0, 0, 0);
    s_op16(OP_SEND, 1, 1000);
    s8(OP_SETTLE);
    replay(1, "a zero-length segment ahead of RCV.NXT does not stall the "
              "sender");

    /* 2: two half-open connections fill the SYN queue; a peer with an MSS
       of 88 gets a cookie; 2,000 bytes to it */
    sl = 0;
    s8(0x04);
    for (int i = 0; i < 2; i++) {
        s8(OP_OPEN);
        s8(0x0f);
        s8(1);
    }
    s8(OP_OPEN);
    s8(0x21);
    s8(0);
    s_op16(OP_SEND, 5, 2000);
    replay(2, "a connection made by a SYN cookie keeps within the peer's "
              "MSS of 88");

    /* 3: the peer closes its window; one byte to send; the application
       closes; the peer is silent for 4 hours */
    sl = 0;
    s8(0x04);
    s_op16(OP_ACK, 1, 0);
    s_op16(OP_SEND, 1, 1);
    s_op8(OP_CLOSE, 1);
    replay(3, "a closed connection with one byte behind a zero window is "
              "freed when the peer vanishes");

    /* 4: 1,000 bytes sent and acknowledged; the engine closes first, the
       peer acknowledges and sends its FIN: TIME_WAIT; a new SYN from the
       same port, 1,000 past it (no timestamps on that connection) */
    sl = 0;
    s8(0x04);
    s_op16(OP_SEND, 1, 1000);
    s_op16(OP_ACK, 1, 0xffff);
    s_op8(OP_CLOSE, 1);
    s_op16(OP_ACK, 1, 0xffff);
    s_op8(OP_FIN, 1);
    s_seg(1, TW_SYN, 3, 1000, 0, 1000, 0, 0);
    replay(4, "a SYN reopening TIME_WAIT gets an ISS beyond the old "
              "connection's numbers");
}

#endif
