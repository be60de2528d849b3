/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip_peer.h: the whole-engine fuzzer's connections, the
 * application's calls, the peer's operations and settling. */
#ifndef MIRAGE_TESTS_FUZZ_TCPIP_PEER_H
#define MIRAGE_TESTS_FUZZ_TCPIP_PEER_H

/* A part of tests/fuzz/fuzz_tcpip.c, which includes it once, in order. */

/* --- connections the harness knows ---------------------------------------- */

/* A free slot for (lport, rport), set up; NULL when all are taken. A slot
   of the same ports (a connection the engine has ended) lets go of them. */
static struct slot *new_slot(struct fz *z, uint16_t lport, uint16_t rport)
{
    struct slot *old = find_slot(z, lport, rport);

    if (old)
        old->lport = 0; /* its connection sends nothing any more */
    for (int i = 0; i < NSLOTS; i++) {
        struct slot *s = &z->s[i];

        if (s->used)
            continue;
        memset(s, 0, sizeof *s);
        s->used = true;
        s->lport = lport;
        s->rport = rport;
        s->eng_mss = s->eng_wsopt = -1;
        s->peer_profile = -1;
        s->peer_mss = 536;
        s->peer_iss = z->next_piss;
        s->peer_nxt = s->peer_max = s->peer_iss;
        z->next_piss = z->next_piss * 2654435761u + 0x3c6ef372u;
        return s;
    }
    return NULL;
}

/* The (b % n)th of the n slots in use, or NULL. */
static struct slot *pick(struct fz *z, unsigned b)
{
    unsigned n = 0;

    for (int i = 0; i < NSLOTS; i++)
        n += z->s[i].used;
    if (!n)
        return NULL;
    b %= n;
    for (int i = 0; i < NSLOTS; i++)
        if (z->s[i].used && b-- == 0)
            return &z->s[i];
    return NULL;
}

/* Slots whose connection is gone from the engine and from the
   application are free again. */
static void collect(struct fz *z)
{
    for (int i = 0; i < NSLOTS; i++) {
        struct slot *s = &z->s[i];
        struct tcp_conn *c = s->used && s->lport ? slot_conn(z, s) : NULL;

        if (c && c->state >= TCP_ESTABLISHED)
            s->was_sync = true;
        if (s->used && !s->c && !c)
            s->used = false;
    }
}

/* Takes every connection ready on the listener: the harness's own go to
   their slots; the others (from raw frames) get a slot whose peer's
   stream is unknown, or are closed. */
static void accept_all(struct fz *z)
{
    struct tcp_conn *c;

    while (z->l && tcp_accept(z->l, &c) == 0) {
        uint16_t lport, rport;
        uint32_t raddr;
        struct slot *s;

        tcp_endpoints(c, NULL, &lport, &raddr, &rport);
        s = raddr == PEER ? find_slot(z, lport, rport) : NULL;
        if (s && !s->c && s->known_iss && c->iss == s->iss) {
            s->c = c;
            fuzz_last.established++;
            continue;
        }
        s = raddr == PEER ? new_slot(z, lport, rport) : NULL;
        if (!s) {
            tcp_close(c);
            continue;
        }
        s->c = c;
        s->tainted = true;
        s->known_iss = true;
        s->iss = c->iss;
        s->synced = true;
        s->peer_iss = c->irs;
        s->peer_nxt = s->peer_max = c->rcv_nxt;
        s->negotiated = s->eng_syn = true;
        s->ts = c->ts_ok;
        s->sack = c->sack_ok;
        s->eng_ws = c->ws_ok ? c->rcv_wscale : 0;
        s->peer_ws = c->ws_ok ? c->snd_wscale : 0;
        s->peer_mss = c->mss_clamp;
    }
}

/* --- the application's side ------------------------------------------------
 */

/* tcp_recv on (s) for up to (n) bytes: what it gives is the peer's
   stream, in order, and ends only at the peer's FIN. */
static void app_recv(struct fz *z, struct slot *s, size_t n)
{
    static uint8_t buf[1u << 18];
    int rc;

    (void)z;
    if (!s->c)
        return;
    rc = tcp_recv(s->c, buf, n);
    if (rc > 0) {
        if ((size_t)rc > n)
            fuzz_fail("port %u: tcp_recv gave %d bytes for %zu", s->lport, rc,
                      n);
        if (s->synced && !s->tainted && !s->rd_shut) {
            for (int i = 0; i < rc; i++)
                if (buf[i] != peer_byte(s, (uint32_t)(s->rd + (size_t)i)))
                    fuzz_fail("port %u: byte %zu read is %02x, the peer "
                              "sent %02x",
                              s->lport, s->rd + (size_t)i, buf[i],
                              peer_byte(s, (uint32_t)(s->rd + (size_t)i)));
            if (s->rd + (size_t)rc > (uint32_t)(s->peer_max - s->peer_iss - 1))
                fuzz_fail("port %u: %zu bytes read, the peer sent %u", s->lport,
                          s->rd + (size_t)rc, s->peer_max - s->peer_iss - 1);
        }
        s->rd += (size_t)rc;
        fuzz_last.bytes_read += (unsigned)rc;
        return;
    }
    if (rc == 0 && n > 0) {
        if (!s->eof && s->synced && !s->tainted && !s->fin_conflict &&
            !s->rd_shut && tcp_conn_status(s->c) == 0 &&
            (!s->fin_set || s->rd != (uint32_t)(s->fin_at - s->peer_iss - 1)))
            fuzz_fail("port %u: the end of the stream after %zu bytes, the "
                      "peer's FIN %s at %u",
                      s->lport, s->rd, s->fin_set ? "is" : "is not sent",
                      s->fin_at - s->peer_iss - 1);
        s->eof = true;
        return;
    }
    if (rc < 0 && rc != -EAGAIN && rc != -ECONNRESET && rc != -ETIMEDOUT &&
        rc != -ENOTCONN && rc != -ECONNREFUSED && rc != -EHOSTUNREACH &&
        rc != -ENETUNREACH)
        fuzz_fail("port %u: tcp_recv: %d", s->lport, rc);
}

/* tcp_send on (s) of (n) bytes of the application's stream. */
static void app_send(struct fz *z, struct slot *s, size_t n)
{
    static uint8_t buf[0x8000];
    int rc;

    (void)z;
    if (!s->c)
        return;
    if (n > sizeof buf)
        n = sizeof buf;
    for (size_t i = 0; i < n; i++)
        buf[i] = app_byte(s, (uint32_t)(s->app_sent + i));
    rc = tcp_send(s->c, buf, n);
    if (rc > 0 && (size_t)rc <= n) {
        s->app_sent += (size_t)rc;
        return;
    }
    if (rc == -EAGAIN && n && s->c->sndbuf.len < s->c->sndbuf.size)
        fuzz_fail("port %u: tcp_send: -EAGAIN with %zu of %zu bytes held",
                  s->lport, s->c->sndbuf.len, s->c->sndbuf.size);
    if (!(rc == 0 && n == 0) && rc != -EAGAIN && rc != -EPIPE &&
        rc != -ECONNRESET)
        fuzz_fail("port %u: tcp_send of %zu bytes: %d", s->lport, n, rc);
}

/* --- the peer's operations -------------------------------------------------
 */

/* tcp_close on (s). */
static void app_close(struct fz *z, struct slot *s)
{
    /* out of the engine's table already (reset, timed out): the ports may
       hold another connection by now */
    bool gone =
        tcp_lookup(z->st, s->c->laddr, s->lport, PEER, s->rport) != s->c;

    tcp_close(s->c);
    s->c = NULL;
    s->app_wr_done = s->rd_shut = true;
    if (gone)
        s->lport = 0;
}

/* OP_SEG: a segment on a connection, its numbers from its state. */
static void op_seg(struct fz *z)
{
    struct slot *s = pick(z, arg8(z));
    unsigned flags = arg8(z) & 0x3fu, ref = arg8(z);
    int16_t dseq = (int16_t)arg16(z), dack = (int16_t)arg16(z);
    uint16_t win = (uint16_t)arg16(z);
    unsigned opt = arg8(z);
    size_t len = arg16(z) & 0x3fffu;
    uint32_t sb, ab;
    struct tcp_conn *c;
    struct tw_opts o;
    bool rst_check, reopen;
    uint32_t old_max;

    if (!s || !s->lport)
        return;
    c = slot_conn(z, s);
    switch (ref & 3) {
    case 0:
        sb = c ? c->rcv_nxt : s->peer_nxt;
        break;
    case 1:
        sb = s->peer_nxt;
        break;
    case 2:
        sb = s->peer_iss;
        break;
    default:
        sb = s->peer_max;
        break;
    }
    switch ((ref >> 2) & 3) {
    case 0:
        ab = c ? c->snd_una : s->eng_max;
        break;
    case 1:
        ab = c ? c->snd_max : s->eng_max;
        break;
    case 2:
        ab = s->eng_max;
        break;
    default:
        ab = s->iss;
        break;
    }
    if ((flags & TW_SYN) && (opt & 0x40))
        profile_opts(z, 0x0f, &o);
    else
        plain_opts(z, s, &o);
    if (opt & 1) {
        o.ts = !o.ts;
        o.tsval = peer_clock(z);
        o.tsecr = s->eng_ts_max;
    }
    if ((opt & 2) && o.ts)
        o.tsval -= 0x10000u;
    if ((opt & 4) && !(flags & TW_SYN)) {
        uint32_t m = s->eng_mss > 0 ? (uint32_t)s->eng_mss : 536u;

        o.nsack = 1 + ((opt >> 4) & 3);
        for (unsigned k = 0; k < o.nsack; k++) {
            o.sack[k][0] = ab + (uint32_t)dack + (2 * k + 1) * m;
            o.sack[k][1] = o.sack[k][0] + m;
        }
    }
    if ((flags & TW_SYN) && !(opt & 8)) {
        /* the peer's SYN or SYN-ACK: at its ISS it is the one the model
           knows; anywhere else the stream is no longer known */
        if ((uint32_t)(sb + (uint32_t)(int32_t)dseq) == s->peer_iss &&
            !s->synced) {
            s->synced = true;
            s->peer_nxt = s->peer_iss;
            if (!s->eng_seen)
                s->eng_ack = s->peer_iss + 1;
            /* what the SYN carries (timestamps toggled by opt bit 0):
               profile 0x0f's MSS 1460 and scale 7, or none */
            s->peer_profile = ((opt & 0x40) ? 0x07 : 0) | (o.ts ? 0x08 : 0);
            negotiate(s);
        } else if ((uint32_t)(sb + (uint32_t)(int32_t)dseq) != s->peer_iss)
            s->tainted = true;
    }
    /* RFC 5961 3.2: an RST resets a synchronized connection only at
       exactly RCV.NXT (else a challenge ACK, or nothing) */
    rst_check = s->c && (flags & TW_RST) &&
                (uint32_t)(sb + (uint32_t)(int32_t)dseq) != s->c->rcv_nxt &&
                s->c->state >= TCP_ESTABLISHED &&
                s->c->state != TCP_TIME_WAIT && tcp_conn_status(s->c) == 0;
    /* RFC 1122 4.2.2.13: a SYN reopens a connection in TIME_WAIT by its
       sequence number (without timestamps, RFC 6191) only if the new ISS
       is beyond every number the old one used (bug 4, fixed) */
    reopen = c && c->state == TCP_TIME_WAIT &&
             (flags & (TW_SYN | TW_ACK | TW_RST)) == TW_SYN && !(opt & 8) &&
             !(c->ts_ok && o.ts);
    old_max = reopen ? c->snd_max : 0;
    z->mutant = true;
    peer_seg(z, s, (uint8_t)flags, sb + (uint32_t)(int32_t)dseq,
             ab + (uint32_t)(int32_t)dack, win, &o, len, (opt & 0x80) != 0,
             (opt & 8) != 0);
    z->mutant = false;
    if (rst_check && tcp_conn_status(s->c) == -ECONNRESET)
        fuzz_fail("port %u: an RST at %u reset the connection, RCV.NXT %u",
                  s->lport, (uint32_t)(sb + (uint32_t)(int32_t)dseq),
                  s->c->rcv_nxt);
    c = reopen ? tcp_lookup(z->st, z->st->cfg.addr, s->lport, PEER, s->rport)
               : NULL;
    if (c && c->state == TCP_SYN_RECEIVED && !SEQ_GT(c->iss, old_max))
        bug_fail("port %u: TIME_WAIT reopened by a SYN with the ISS %u, the "
                 "old connection sent up to %u",
                 s->lport, c->iss, old_max);
}

/* The peer's ACK field: all it got, or what the engine holds acked. */
static uint32_t peer_ack(struct fz *z, struct slot *s)
{
    struct tcp_conn *c = slot_conn(z, s);

    if (c && SEQ_LT(s->eng_max, c->snd_una))
        return c->snd_una;
    return s->eng_max;
}

/* The peer's stream from (from) to (to), within the window the engine
   announced (or one byte past it as a probe, if (probe) and it is shut),
   in segments of the engine's MSS. */
static void peer_data(struct fz *z, struct slot *s, uint32_t from, uint32_t to,
                      bool probe)
{
    uint32_t mss = s->eng_mss > 0 ? (uint32_t)s->eng_mss : 536u;
    uint32_t right = s->eng_ack + s->eng_win;
    struct tw_opts o;

    if (s->ts)
        mss -= 12;
    if (SEQ_GT(to, right))
        to =
            probe && SEQ_GE(from, right) && SEQ_LT(from, to) ? from + 1 : right;
    while (SEQ_LT(from, to)) {
        uint32_t k = to - from < mss ? to - from : mss;

        plain_opts(z, s, &o);
        peer_seg(z, s, TW_ACK | (k == to - from ? TW_PSH : 0), from,
                 peer_ack(z, s), peer_win(s, 1u << 20), &o, k, false, false);
        from += k;
    }
}

/* OP_DATA: (n) bytes of the peer's stream from its next byte. */
static void op_data(struct fz *z)
{
    struct slot *s = pick(z, arg8(z));
    uint32_t n = arg16(z) & 0x7fffu;

    if (!s || !s->lport || !s->synced || !s->eng_seen || s->fin_set)
        return;
    peer_data(z, s, s->peer_nxt, s->peer_nxt + n, false);
}

/* OP_ACK, OP_FIN: an ACK of all the peer got, with window (win); its FIN. */
static void peer_ack_fin(struct fz *z, struct slot *s, uint8_t flags,
                         uint16_t win)
{
    struct tw_opts o;

    if (!s || !s->lport || !s->synced || !s->eng_seen)
        return;
    if ((flags & TW_FIN) && s->fin_set)
        return;
    plain_opts(z, s, &o);
    peer_seg(z, s, flags, s->peer_nxt, peer_ack(z, s), win, &o, 0, false,
             false);
}

/* The peer opens a connection to the listener with SYN options (profile);
   the handshake ends unless (half_open). */
static void peer_open(struct fz *z, unsigned profile, bool half_open)
{
    struct slot *s;
    struct tw_opts o;
    uint64_t cookies;

    if (!z->l || !z->st->cfg.addr)
        return;
    s = new_slot(z, LISTEN_PORT, z->next_pport++);
    if (!s)
        return;
    s->peer_profile = (int)profile;
    s->synced = true;
    profile_opts(z, profile, &o);
    peer_seg(z, s, TW_SYN, s->peer_iss, 0, 65535, &o, 0, false, false);
    observe(z);
    if (half_open || !s->eng_syn)
        return;
    plain_opts(z, s, &o);
    cookies = z->st->stats.tcp.syn_cookies_ok;
    peer_seg(z, s, TW_ACK, s->peer_nxt, s->iss + 1, peer_win(s, 1u << 20), &o,
             0, false, false);
    s->cookie = z->st->stats.tcp.syn_cookies_ok != cookies;
    observe(z);
    accept_all(z);
}

/* The engine opens a connection to the peer's (port); the peer answers
   at once with (profile) when (answer). */
static void app_connect(struct fz *z, uint16_t port, bool answer,
                        unsigned profile)
{
    struct tcp_conn *c;
    struct tw_opts o;
    struct slot *s;
    uint16_t lport;
    int rc;

    for (s = z->s; s < z->s + NSLOTS && s->used; s++)
        ;
    if (s == z->s + NSLOTS)
        return; /* no slot free */
    rc = tcp_connect(z->st, PEER, port, &c);
    if (rc < 0) {
        if (rc != -EMFILE && rc != -EADDRNOTAVAIL && rc != -ENETUNREACH &&
            !(rc == -EINVAL && port == 0))
            fuzz_fail("tcp_connect to port %u: %d", port, rc);
        return;
    }
    if (port == 0)
        fuzz_fail("tcp_connect to port 0 succeeded");
    tcp_endpoints(c, NULL, &lport, NULL, NULL);
    s = new_slot(z, lport, port);
    s->c = c;
    s->known_iss = true;
    s->iss = c->iss;
    observe(z);
    if (!answer || !s->eng_syn)
        return;
    profile_opts(z, profile, &o);
    o.tsecr = s->eng_ts_max;
    s->peer_profile = (int)profile;
    s->synced = true;
    s->eng_ack = s->peer_iss + 1; /* what the engine's ACK will say */
    negotiate(s);
    peer_seg(z, s, TW_SYN | TW_ACK, s->peer_iss, s->iss + 1, 65535, &o, 0,
             false, false);
    observe(z);
    if (tcp_conn_status(c) == 0)
        fuzz_last.established++;
}

/* --- UDP, DHCP, ICMP --------------------------------------------------------
 */

/* Byte (i) of the peer's datagram (id). */
static uint8_t udp_byte(uint32_t id, size_t i)
{
    return (uint8_t)(id * 31u + i * 7u + 3u);
}

/* OP_UDP_IN: the peer sends datagram number udp_sent_id of (n) bytes. */
static void udp_in(struct fz *z, size_t n)
{
    static uint8_t pay[2048], u[2048 + 8];
    uint32_t id = z->udp_sent_id;
    size_t len;

    if (!z->st->cfg.addr || id - z->udp_next_id >= 64)
        return;
    for (size_t i = 0; i < n; i++)
        pay[i] = udp_byte(id, i);
    len = fake_udp(u, PEER, z->st->cfg.addr, PEER_UDP, UDP_PORT, pay, n, true);
    z->udp_len[id % 64] = (uint32_t)n;
    z->udp_sent_id++;
    peer_ipv4(z, PEER, TCPIP_PROTO_UDP, u, len);
}

/* OP_UDP_RECV: the queue read out: the peer's datagrams in the order
   sent (some dropped when the queue was full), at most its bound. */
static void udp_drain(struct fz *z)
{
    static uint8_t buf[65536];
    size_t held = 0, n = 0;
    uint32_t src;
    uint16_t sport;
    int rc;

    while ((rc = udp_recvfrom(z->u, buf, sizeof buf, &src, &sport)) >= 0) {
        held += (size_t)rc + UDP_DGRAM_OVERHEAD;
        n++;
        if (z->udp_tainted || src != PEER || sport != PEER_UDP)
            continue;
        for (;;) {
            uint32_t id = z->udp_next_id;
            bool same =
                id != z->udp_sent_id && z->udp_len[id % 64] == (uint32_t)rc;

            if (id == z->udp_sent_id)
                fuzz_fail("a datagram of %d bytes the peer did not send", rc);
            for (int i = 0; same && i < rc; i++)
                same = buf[i] == udp_byte(id, (size_t)i);
            z->udp_next_id++;
            if (same)
                break;
        }
    }
    if (rc != -EAGAIN)
        fuzz_fail("udp_recvfrom: %d", rc);
    if (n > 1 && held > z->st->lim.udp_receive_buffer)
        fuzz_fail("%zu datagrams held %zu bytes, bound %zu", n, held,
                  z->st->lim.udp_receive_buffer);
}

/* OP_DHCP: the server (the gateway) answers the client's exchange with a
   message of (type) (2 OFFER, 5 ACK, 6 NAK) and a lease of (lease_s). */
static void dhcp_reply(struct fz *z, uint8_t type, uint32_t lease_s)
{
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    uint8_t m[400], u[420];
    uint32_t dst = z->st->cfg.addr ? z->st->cfg.addr : 0xffffffffu;
    size_t n;

    if (!z->st->dhcp)
        return;
    n = tw_dhcp(m, type, z->st->dhcp->xid, z->st->cfg.mac, FAKE_ADDR, FAKE_GW,
                FAKE_GW, lease_s);
    n = fake_udp(u, FAKE_GW, dst, 67, 68, m, n, true);
    send_ip(z, z->st->cfg.addr ? z->st->cfg.mac : bcast, FAKE_GW, dst,
            TCPIP_PROTO_UDP, u, n);
}

/* OP_ICMP: the gateway reports (code) (4: fragmentation needed, next-hop
   MTU (mtu)) about the engine's segment at snd_una + (dseq) on (s). */
static void icmp_about(struct fz *z, struct slot *s, uint8_t code, uint16_t mtu,
                       int16_t dseq)
{
    struct tcp_conn *c = slot_conn(z, s);
    uint8_t q[28], tcp[8], u[64];
    uint32_t seq = (c ? c->snd_una : s->eng_max) + (uint32_t)(int32_t)dseq;
    size_t n;

    tcpip_put16(tcp, s->lport);
    tcpip_put16(tcp + 2, s->rport);
    tcpip_put32(tcp + 4, seq);
    fake_ipv4(q, z->st->cfg.addr, PEER, TCPIP_PROTO_TCP, 1, 0x4000, tcp, 8);
    tcpip_put16(q + 2, 1500); /* the quoted packet was longer */
    tcpip_put16(q + 10, 0);
    tcpip_put16(q + 10, fake_csum(q, 20, 0));
    n = fake_icmp(u, 3, code, mtu, q, sizeof q);
    peer_ipv4(z, FAKE_GW, TCPIP_PROTO_ICMP, u, n);
}

/* Makes the checksums of a raw frame (f, len) right where its lengths
   allow (IPv4 header; UDP, ICMP and TCP of a packet that is whole), and
   notes what it may reach: a connection's ports, the UDP socket. */
static void raw_frame(struct fz *z, uint8_t *f, size_t len, bool fix)
{
    uint8_t *ip = f + TCPIP_ETH_HLEN, *d;
    size_t ihl, total, dlen;
    uint16_t c;

    if (len < TCPIP_HEADROOM || tcpip_get16(f + 12) != TCPIP_ETH_IPV4)
        return;
    ihl = (ip[0] & 0xfu) * 4u;
    if (ihl < 20 || TCPIP_ETH_HLEN + ihl > len)
        return;
    if (fix) {
        tcpip_put16(ip + 10, 0);
        tcpip_put16(ip + 10, fake_csum(ip, ihl, 0));
    }
    total = tcpip_get16(ip + 2);
    if ((tcpip_get16(ip + 6) & 0x3fff) != 0) {
        /* a fragment: what it reassembles into may reach anything */
        for (int i = 0; i < NSLOTS; i++)
            z->s[i].tainted = true;
        z->udp_tainted = true;
        return;
    }
    if (ip[9] == TCPIP_PROTO_UDP)
        z->udp_tainted = true;
    if (total < ihl + 8 || TCPIP_ETH_HLEN + total > len)
        return;
    d = ip + ihl;
    dlen = total - ihl;
    if (ip[9] == TCPIP_PROTO_TCP) {
        struct slot *s = find_slot(z, tcpip_get16(d + 2), tcpip_get16(d));

        if (s)
            s->tainted = true;
        if (fix && dlen >= 20) {
            tcpip_put16(d + 16, 0);
            tcpip_put16(d + 16, fake_csum(d, dlen,
                                          fake_pseudo(tcpip_get32(ip + 12),
                                                      tcpip_get32(ip + 16),
                                                      TCPIP_PROTO_TCP, dlen)));
        }
    } else if (fix && ip[9] == TCPIP_PROTO_UDP && tcpip_get16(d + 6) != 0 &&
               tcpip_get16(d + 4) >= 8 && tcpip_get16(d + 4) <= dlen) {
        dlen = tcpip_get16(d + 4);
        tcpip_put16(d + 6, 0);
        c = fake_csum(d, dlen,
                      fake_pseudo(tcpip_get32(ip + 12), tcpip_get32(ip + 16),
                                  TCPIP_PROTO_UDP, dlen));
        tcpip_put16(d + 6, c ? c : 0xffff);
    } else if (fix && ip[9] == TCPIP_PROTO_ICMP) {
        tcpip_put16(d + 2, 0);
        tcpip_put16(d + 2, fake_csum(d, dlen, 0));
    }
}

/* --- settling: everything delivered, nothing may stall ----------------------
 */

/* Can (s) be driven to the end of what both sides sent? */
static struct tcp_conn *settles(struct fz *z, struct slot *s)
{
    struct tcp_conn *c = s->c;

    if (!s->used || !c || !s->lport || s->tainted || s->fin_conflict ||
        !s->synced || !s->negotiated || !s->known_iss || !s->eng_seen ||
        c->iss != s->iss || tcp_conn_status(c) != 0 ||
        c->laddr != z->st->cfg.addr)
        return NULL;
    switch (c->state) {
    case TCP_ESTABLISHED:
    case TCP_FIN_WAIT_1:
    case TCP_FIN_WAIT_2:
    case TCP_CLOSE_WAIT:
    case TCP_CLOSING:
    case TCP_LAST_ACK:
    case TCP_TIME_WAIT:
        return c;
    default:
        return NULL;
    }
}

/* Has (c) of (s) received all the peer sent, and sent and had
   acknowledged all the application wrote? */
static bool settled(const struct slot *s, const struct tcp_conn *c)
{
    return c->rcv_nxt == s->peer_max && c->snd_una == c->snd_max &&
           (size_t)(c->snd_max - s->iss - 1) ==
               s->app_sent + (s->app_wr_done ? 1u : 0u);
}

/* OP_SETTLE: the peer delivers everything it sent and acknowledges all it
   gets, the application reads everything, the clock moves to each timer;
   every connection the harness drove cleanly must come to the end of both
   streams within SETTLE_ROUNDS rounds (a round: the application reads,
   the peer sends and acknowledges, the clock moves). */
#define SETTLE_ROUNDS 200
static void settle(struct fz *z)
{
    int round;

    z->loss = 0; /* the network is clean from here on */
    for (round = 0; round < SETTLE_ROUNDS; round++) {
        bool all = true;
        tcpip_ns step;
        size_t sent = z->fk.nframes;

        for (int i = 0; i < NSLOTS; i++) {
            struct slot *s = &z->s[i];
            struct tcp_conn *c = settles(z, s);
            uint32_t from, to;

            if (!c)
                continue;
            app_recv(z, s, 1u << 18);
            observe(z);
            if ((c = settles(z, s)) == NULL)
                continue;
            from = SEQ_GT(s->eng_ack, s->peer_iss + 1) ? s->eng_ack
                                                       : s->peer_iss + 1;
            to = s->fin_set ? s->fin_at : s->peer_max;
            trace("  settle %u>%u: from %u to %u, window %u..%u\n", s->rport,
                  s->lport, from, to, s->eng_ack, s->eng_ack + s->eng_win);
            peer_data(z, s, from, to, true);
            if (s->fin_set && SEQ_GE(s->eng_ack, s->fin_at) &&
                s->eng_ack != s->fin_at + 1) {
                struct tw_opts o;

                plain_opts(z, s, &o);
                peer_seg(z, s, TW_FIN | TW_ACK, s->fin_at, peer_ack(z, s),
                         peer_win(s, 1u << 20), &o, 0, false, false);
            } else if (round == 0 || peer_ack(z, s) != s->acked) {
                /* an ACK for what came since the last (no duplicates:
                   they would look like losses) */
                s->acked = peer_ack(z, s);
                peer_ack_fin(z, s, TW_ACK, peer_win(s, 1u << 20));
            }
            observe(z);
            if ((c = settles(z, s)) != NULL && !settled(s, c))
                all = false;
        }
        if (all)
            break;
        /* the peer answers within 10 ms while the engine sends; when it
           does not, the clock goes to its next timer */
        step = z->st->next_deadline > z->fk.now
                   ? z->st->next_deadline - z->fk.now
                   : TCPIP_MS(1);
        if (z->fk.nframes > sent || step < TCPIP_MS(10))
            step = TCPIP_MS(10);
        if (step > TCPIP_S(120))
            step = TCPIP_S(120);
        tcpip_fake_advance(&z->fk, z->st, step);
        observe(z);
    }
    for (int i = 0; i < NSLOTS; i++) {
        struct slot *s = &z->s[i];
        struct tcp_conn *c = settles(z, s);

        if (c && !settled(s, c))
            bug_fail("port %u (state %d) stalls: RCV.NXT %u, the peer sent up "
                     "to %u; SND.UNA %u, SND.MAX %u, ISS %u, %zu bytes "
                     "written%s",
                     s->lport, c->state, c->rcv_nxt, s->peer_max, c->snd_una,
                     c->snd_max, s->iss, s->app_sent,
                     s->app_wr_done ? " and a FIN" : "");
        if (c)
            fuzz_last.settled++;
    }
}

#endif
