/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip.c: the whole direct stack, stateful: frames, time and the
 * application's calls against one engine with live connections. */
#define FUZZ_NAME    "fuzz_tcpip"
#define FUZZ_INPUTS  50000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  0x4000
#define FUZZ_TEXT    0

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp.h"
#include "fuzz_input.h"
#include "fuzz_tcpip_wire.h"
#include "tcp.h"
#include "tcp_int.h"
#include "tcpip.h"
#include "tcpip_fake.h"
#include "udp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "fuzz_tcpip.h"
#include "fuzz_tcpip_check.h"
#include "fuzz_tcpip_peer.h"

/* --- the script -------------------------------------------------------------
 */

/* The limits: small, so that the fuzzer reaches them; (big) a receive
   buffer that needs window scaling. */
static void fuzz_limits(struct tcpip_limits *lim, bool big)
{
    tcpip_limits_default(lim);
    lim->arp_entries = 8;
    lim->arp_pending = 2;
    lim->reasm_datagrams = 4;
    lim->reasm_fragments = 8;
    lim->reasm_bytes = 4096;
    lim->tcp_connections = 10;
    lim->tcp_time_wait = 3;
    lim->tcp_syn_queue = 2;
    lim->tcp_send_buffer = 8192;
    lim->tcp_receive_buffer = big ? 128 * 1024 : 4096;
    lim->udp_receive_buffer = 4096;
    lim->udp_sockets = 4;
}

/* Runs one operation of the script. */
static void run_op(struct fz *z, unsigned op)
{
    static const char *const names[OP_COUNT] = {
        "FRAME",  "SEG",    "DATA",     "ACK",      "FIN",      "CLOCK",
        "SEND",   "RECV",   "CLOSE",    "SHUTDOWN", "ABORT",    "CONNECT",
        "OPEN",   "ACCEPT", "UDP_SEND", "UDP_IN",   "UDP_RECV", "DHCP",
        "SETOPT", "ICMP",   "LISTEN",   "LOSS",     "SETTLE"};
    struct slot *s;
    unsigned a, b;

    trace("t=%llu ms op %s args", (unsigned long long)(z->fk.now / 1000000),
          names[op]);
    for (size_t i = z->in; i < z->in + 12 && i < z->size; i++)
        trace(" %02x", z->data[i]);
    trace("\n");

    switch (op) {
    case OP_FRAME: {
        size_t n = arg16(z) & 0x7fffu;
        uint8_t *copy;

        if (n > z->size - z->in)
            n = z->size - z->in;
        copy = fuzz_input_copy(z->data + z->in, n, 0);
        raw_frame(z, copy, n, (z->data[0] & 4) != 0);
        tcpip_input(z->st, copy, n);
        fuzz_input_free(copy);
        z->in += n;
        break;
    }
    case OP_SEG:
        op_seg(z);
        break;
    case OP_DATA:
        op_data(z);
        break;
    case OP_ACK:
        s = pick(z, arg8(z));
        a = arg16(z);
        peer_ack_fin(z, s, TW_ACK, (uint16_t)a);
        break;
    case OP_FIN:
        s = pick(z, arg8(z));
        if (s)
            peer_ack_fin(z, s, TW_FIN | TW_ACK, peer_win(s, 1u << 20));
        break;
    case OP_CLOCK:
        a = arg16(z);
        tcpip_fake_advance(&z->fk, z->st,
                           a < 0x8000 ? TCPIP_MS(a) : TCPIP_S(a & 0x7fff));
        break;
    case OP_SEND:
        s = pick(z, arg8(z));
        a = arg16(z);
        if (s)
            app_send(z, s, a & 0x7fff);
        break;
    case OP_RECV:
        s = pick(z, arg8(z));
        a = arg16(z);
        if (s)
            app_recv(z, s, a ? a : 1u << 18);
        break;
    case OP_CLOSE:
        s = pick(z, arg8(z));
        if (s && s->c)
            app_close(z, s);
        break;
    case OP_SHUTDOWN:
        s = pick(z, arg8(z));
        a = arg8(z) % 4;
        if (s && s->c) {
            int rc = tcp_shutdown(s->c, a);

            if (rc == 0 && a) {
                s->rd_shut |= (a & 1) != 0;
                s->app_wr_done |= (a & 2) != 0;
            } else if (!(rc == -EINVAL && a == 0) && rc != -ENOTCONN)
                fuzz_fail("port %u: tcp_shutdown(%u): %d", s->lport, a, rc);
        }
        break;
    case OP_ABORT:
        s = pick(z, arg8(z));
        if (s && s->c) {
            tcp_abort(s->c);
            s->c = NULL;
            s->lport = 0; /* freed: its ports are free */
        }
        break;
    case OP_CONNECT:
        a = arg16(z);
        b = arg8(z);
        app_connect(z, (uint16_t)a, (b & 0x80) != 0, b & 0x3f);
        break;
    case OP_OPEN:
        a = arg8(z);
        b = arg8(z);
        peer_open(z, a, b & 1);
        break;
    case OP_ACCEPT:
        accept_all(z);
        break;
    case OP_UDP_SEND: {
        static uint8_t buf[0x4000];
        int rc;

        a = arg16(z) & 0x3fff;
        rc = udp_sendto(z->u, PEER, PEER_UDP, buf, a);
        if (rc != 0 && rc != -ENETUNREACH && rc != -EHOSTUNREACH &&
            rc != -ENOBUFS)
            fuzz_fail("udp_sendto of %u bytes: %d", a, rc);
        break;
    }
    case OP_UDP_IN:
        udp_in(z, arg16(z) % 1400);
        break;
    case OP_UDP_RECV:
        udp_drain(z);
        break;
    case OP_DHCP: {
        static const uint8_t types[3] = {2, 5, 6};

        a = arg8(z);
        b = arg16(z);
        dhcp_reply(z, types[a % 3], b ? b : 0xffffffffu);
        break;
    }
    case OP_SETOPT: {
        int rc = 0;

        s = pick(z, arg8(z));
        a = arg8(z);
        if (!s || !s->c)
            break;
        switch (a % 6) {
        case 0:
        case 1:
            rc = tcp_set_nodelay(s->c, a % 6 == 0);
            break;
        case 2:
            rc = tcp_set_keepalive(s->c, true, TCPIP_S(1 + a / 6), TCPIP_S(1),
                                   3);
            break;
        case 3:
            rc = tcp_set_keepalive(s->c, false, 0, 0, 0);
            break;
        default:
            rc = tcp_set_cubic(s->c, a % 6 == 4);
            break;
        }
        if (rc != 0)
            fuzz_fail("port %u: option %u: %d", s->lport, a % 6, rc);
        break;
    }
    case OP_ICMP:
        s = pick(z, arg8(z));
        a = arg8(z);
        b = arg16(z);
        {
            int16_t d = (int16_t)arg16(z);

            if (s && s->lport && z->st->cfg.addr)
                icmp_about(z, s, (uint8_t)(a % 16), (uint16_t)b, d);
        }
        break;
    case OP_LISTEN:
        if (z->l) {
            tcp_listener_close(z->l);
            z->l = NULL;
        } else if (tcp_listen(z->st, 0, LISTEN_PORT, 4, &z->l) != 0)
            fuzz_fail("tcp_listen again failed");
        break;
    case OP_LOSS:
        z->loss = arg8(z) % 16;
        break;
    case OP_SETTLE:
        settle(z);
        break;
    }
}

/* After each operation: what the engine sent checked and seen, what it
   holds checked; slots of ended connections freed. */
static void after_op(struct fz *z)
{
    observe(z);
    if (z->st->next_deadline <= z->fk.now) {
        /* due now (an API call may arm a timer for a time already past,
           keep-alive on an idle connection): the owner's timer fiber
           runs at once */
        tcpip_fake_advance(&z->fk, z->st, 0);
        observe(z);
    }
    check_held(z);
    tcpip_fake_clear(&z->fk);
    z->seen = 0;
    collect(z);
    z->addr_before = z->st->cfg.addr;
}

/* The peer and the gateway announce themselves (ARP requests for us), so
   that what the engine sends them goes out at once. */
static void greet(struct fz *z)
{
    for (int i = 0; i < 2; i++) {
        static const uint8_t zero[6];
        uint8_t f[60] = {0};
        const uint8_t *mac = i ? fake_gw_mac : fake_peer_mac;
        size_t n = fake_eth(f, z->st->cfg.mac, mac, TCPIP_ETH_ARP);

        fake_arp(f + n, 1, mac, i ? FAKE_GW : PEER, zero, z->st->cfg.addr);
        tcpip_input(z->st, f, sizeof f);
    }
}

/* Milliseconds from now to (t); -1: never. */
static long long ms_from_now(struct fz *z, tcpip_ns t)
{
    return t == TCPIP_NEVER ? -1 : (long long)(t - z->fk.now) / 1000000;
}

/* The end: settles, closes everything, lets 4 hours pass in silence:
   every connection must be gone, then the engine is freed. */
static void finish(struct fz *z)
{
    struct tcp_conn *c;

    settle(z);
    after_op(z);
    for (int i = 0; i < NSLOTS; i++)
        if (z->s[i].used && z->s[i].c) {
            app_close(z, &z->s[i]);
            after_op(z);
        }
    if (z->l) {
        tcp_listener_close(z->l);
        z->l = NULL;
    }
    tcpip_fake_advance(&z->fk, z->st, TCPIP_S(4 * 3600));
    after_op(z);
    c = z->st->tcp->all;
    if (c) {
        bug_fail("%u connections held after 4 hours of silence (port %u in "
                 "state %d, %zu bytes to send, SND.UNA %u, SND.NXT %u, "
                 "SND.MAX %u, window %u, timers: retransmission %lld, "
                 "persist %lld, 2MSL %lld ms from now)",
                 tcp_connection_count(z->st), c->lport, c->state, c->sndbuf.len,
                 c->snd_una, c->snd_nxt, c->snd_max, c->snd_wnd,
                 ms_from_now(z, c->t_rexmt), ms_from_now(z, c->t_persist),
                 ms_from_now(z, c->t_2msl));
    }
    udp_close(z->u);
    if (z->st->dhcp)
        dhcp_stop(z->st);
    tcpip_destroy(z->st);
    tcpip_fake_free(&z->fk);
}

/*
 * Built with FUZZ_COUNT_ALLOCS (tests/fuzz/fuzz.mk links with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free), the
 * harness counts the blocks the engine and the fake hold, so that a block
 * tcpip_destroy does not free is found without a sanitizer (LeakSanitizer
 * finds them in the campaigns).
 */
#ifdef FUZZ_COUNT_ALLOCS
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
static long fuzz_blocks; /* blocks held now */

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);

    fuzz_blocks += p != NULL;
    return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
    void *p = __real_calloc(n, m);

    fuzz_blocks += p != NULL;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q = __real_realloc(p, n);

    if (!p && q)
        fuzz_blocks++;
    else if (p && !n && !q)
        fuzz_blocks--;
    return q;
}

void __wrap_free(void *p)
{
    fuzz_blocks -= p != NULL;
    __real_free(p);
}
#else
static long fuzz_blocks;
#endif

/* FUZZ_TCPIP_SAVE=FILE: the input running when a property breaks
   (fuzz_fail aborts) is written to FILE, to replay with -r FILE. */
static const uint8_t *save_data;
static size_t save_size;
static const char *save_path;

static void save_handler(int sig)
{
    int fd = open(save_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd >= 0) {
        if (write(fd, save_data, save_size) < 0)
            save_size = 0;
        close(fd);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Remembers (data, size) as the input running, for save_handler. */
static void save_on_abort(const uint8_t *data, size_t size)
{
    static int set;

    if (!set) {
        set = 1;
        save_path = getenv("FUZZ_TCPIP_SAVE");
        if (save_path)
            signal(SIGABRT, save_handler);
    }
    save_data = data;
    save_size = size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct fz z;
    struct tcpip_limits lim;
    struct tcpip_config cfg;
    long blocks0 = fuzz_blocks;
    int rc;

    memset(&fuzz_last, 0, sizeof fuzz_last);
    if (size < 1)
        return 0;
    trace("=== input of %zu bytes, configuration %02x\n", size, data[0]);
    save_on_abort(data, size);
    memset(&z, 0, sizeof z);
    z.data = data;
    z.size = size;
    z.in = 1;
    z.next_pport = 20000;
    z.next_piss = 0x10000000u + data[0] * 0x01010101u;
    tcpip_fake_init(&z.fk, 0x5eed + data[0]);
    fuzz_limits(&lim, (data[0] & 8) != 0);
    tcpip_fake_config(&cfg);
    if (data[0] & 1)
        cfg.addr = cfg.prefix = cfg.gateway = 0;
    if (data[0] & 2)
        cfg.mtu = 576;
    rc = tcpip_create(&z.st, &z.fk.env, &cfg, &lim);
    if (rc != 0)
        fuzz_fail("tcpip_create: %d", rc);
    if ((rc = udp_bind(z.st, 0, UDP_PORT, &z.u)) != 0 ||
        (rc = tcp_listen(z.st, 0, LISTEN_PORT, 4, &z.l)) != 0)
        fuzz_fail("udp_bind or tcp_listen: %d", rc);
    if (data[0] & 1) {
        if ((rc = dhcp_start(z.st)) != 0)
            fuzz_fail("dhcp_start: %d", rc);
        after_op(&z);
        dhcp_reply(&z, 2, 120);
        after_op(&z);
        dhcp_reply(&z, 5, 120);
        after_op(&z);
        if (z.st->cfg.addr != FAKE_ADDR)
            fuzz_fail("no lease from the harness's server");
        fuzz_last.dhcp_acks = z.st->stats.dhcp.acks;
    }
    greet(&z);
    after_op(&z);
    peer_open(&z, 0x0f, false);
    after_op(&z);
    peer_open(&z, 0x00, false);
    after_op(&z);
    app_connect(&z, 8080, true, data[0] >> 4);
    after_op(&z);
    while (z.in < size) {
        run_op(&z, z.data[z.in++] % OP_COUNT);
        after_op(&z);
        fuzz_last.ops++;
    }
    fuzz_last.syn_cookies = z.st->stats.tcp.syn_cookies_sent;
    fuzz_last.rexmits = z.st->stats.tcp.retransmits;
    fuzz_last.sack_recoveries = z.st->stats.tcp.sack_recoveries;
    fuzz_last.dhcp_acks = z.st->stats.dhcp.acks;
    if (fuzz_last.ops)
        fuzz_accepted++;
    finish(&z);
    if (fuzz_blocks != blocks0)
        fuzz_fail("%ld blocks of the heap not freed by tcpip_destroy",
                  fuzz_blocks - blocks0);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#define FUZZ_REPLAYS
#include "fuzz_main.h"
#include "fuzz_tcpip_seeds.h"
#endif
