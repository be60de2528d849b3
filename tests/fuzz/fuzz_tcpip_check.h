/* SPDX-License-Identifier: ISC */
/* fuzz_tcpip_check.h: the whole-engine fuzzer's checks of every
 * frame the engine sends and of what it holds. */
#ifndef MIRAGE_TESTS_FUZZ_TCPIP_CHECK_H
#define MIRAGE_TESTS_FUZZ_TCPIP_CHECK_H

/* A part of tests/fuzz/fuzz_tcpip.c, which includes it once, in order. */

/* --- the engine's frames: each checked, and seen by the peer -------------- */

/* A TCP segment (g) the engine sent to the peer on (s): it must carry the
   application's stream at its sequence numbers, acknowledge only what the
   peer sent, keep within the buffers; then the peer sees it. */
static void check_slot_seg(struct fz *z, struct slot *s, struct tcp_conn *c,
                           const struct tw_seg *g, size_t optlen, bool lost)
{
    const struct tcpip_limits *lim = &z->st->lim;
    bool syn = g->flags & TW_SYN, fin = g->flags & TW_FIN;
    uint32_t first = g->seq + (syn ? 1u : 0u);
    uint32_t end = first + (uint32_t)g->len + (fin ? 1u : 0u);

    if (g->flags & TW_RST)
        return; /* an RST may carry any number it answers */
    if (syn && !s->known_iss) {
        s->known_iss = true;
        s->iss = g->seq;
    }
    if (!s->known_iss || (s->c && c != s->c) || (syn && s->was_sync) ||
        (c && (c->iss != s->iss || !same_life(s, c))))
        return; /* another connection on the same ports (or a cookie's:
                   a synchronized one sends no SYN) */
    if (syn && g->seq != s->iss)
        fuzz_fail("port %u: a SYN at %u, the ISS is %u", s->lport, g->seq,
                  s->iss);
    if (syn && g->len)
        fuzz_fail("port %u: a SYN with %zu bytes", s->lport, g->len);
    if (g->len) {
        uint32_t off = first - s->iss - 1;

        if ((int32_t)off < 0 || off + g->len > s->app_sent)
            fuzz_fail("port %u: bytes %u..%zu sent, the application wrote "
                      "%zu",
                      s->lport, off, off + g->len, s->app_sent);
        for (size_t i = 0; i < g->len; i++)
            if (g->data[i] != app_byte(s, off + (uint32_t)i))
                fuzz_fail("port %u: byte %zu sent is %02x, the application "
                          "wrote %02x",
                          s->lport, off + i, g->data[i],
                          app_byte(s, off + (uint32_t)i));
        uint32_t mss = s->peer_mss;

        /* new data within the peer's window (one byte past it: a probe
           of a closed window) */
        if (!s->tainted && s->win_known &&
            (!s->eng_sent_set ||
             SEQ_GT(first + (uint32_t)g->len, s->eng_sent)) &&
            SEQ_GT(first + (uint32_t)g->len, s->peer_right + 1))
            fuzz_fail("port %u: new bytes sent up to %u, the peer's window "
                      "ends at %u",
                      s->lport, first + (uint32_t)g->len, s->peer_right);
        if (s->negotiated && g->len + optlen > mss &&
            g->len + optlen > TCP_MIN_MSS)
            bug_fail("port %u: %zu bytes and %zu of options, the peer's MSS "
                     "is %u",
                     s->lport, g->len, optlen, s->peer_mss);
    }
    if (fin && (!s->app_wr_done ||
                first + (uint32_t)g->len != s->iss + 1 + (uint32_t)s->app_sent))
        fuzz_fail("port %u: a FIN at %u (ISS %u, %zu bytes written%s)",
                  s->lport, first + (uint32_t)g->len, s->iss, s->app_sent,
                  s->app_wr_done ? "" : ", writing not shut");
    if (c && SEQ_GT(end, c->snd_max))
        fuzz_fail("port %u: a segment ending at %u, SND.MAX %u", s->lport, end,
                  c->snd_max);
    if (s->negotiated && s->ts && !g->o.ts)
        fuzz_fail("port %u: a segment without timestamps", s->lport);
    if (s->negotiated && !s->ts && g->o.ts && !syn)
        fuzz_fail("port %u: timestamps not agreed on", s->lport);
    if (g->o.nsack && (!s->negotiated || !s->sack))
        fuzz_fail("port %u: SACK blocks not agreed on", s->lport);
    if (g->o.ts && s->eng_ts_seen && SEQ_LT(g->o.tsval, s->eng_ts_max))
        fuzz_fail("port %u: the timestamp went back from %u to %u", s->lport,
                  s->eng_ts_max, g->o.tsval);
    if ((uint32_t)g->win << (syn ? 0 : s->eng_ws) > lim->tcp_receive_buffer)
        fuzz_fail("port %u: a window of %u << %u, the buffer is %zu", s->lport,
                  g->win, syn ? 0 : s->eng_ws, lim->tcp_receive_buffer);
    if ((g->flags & TW_ACK) && s->synced && !s->tainted) {
        if (SEQ_GT(g->ack, s->peer_max))
            fuzz_fail("port %u: ACK %u, the peer sent up to %u", s->lport,
                      g->ack, s->peer_max);
        if (g->o.ts && SEQ_GT(g->o.tsecr, s->peer_ts_max))
            fuzz_fail("port %u: echoes timestamp %u, the peer sent up to %u",
                      s->lport, g->o.tsecr, s->peer_ts_max);
        for (unsigned k = 0; k < g->o.nsack && !s->fin_conflict; k++)
            if (SEQ_LE(g->o.sack[k][0], g->ack) ||
                SEQ_GT(g->o.sack[k][1], s->peer_max))
                fuzz_fail("port %u: SACK block %u-%u, ACK %u, the peer sent "
                          "up to %u",
                          s->lport, g->o.sack[k][0], g->o.sack[k][1], g->ack,
                          s->peer_max);
        if (s->c && !s->rd_shut && !s->fin_conflict) {
            uint32_t got = g->ack - s->peer_iss - 1;

            if (s->fin_set && SEQ_GT(g->ack, s->fin_at))
                got--;
            if (got >= s->rd && got - s->rd > lim->tcp_receive_buffer)
                fuzz_fail("port %u>%u: %u bytes acknowledged (ACK %u, the "
                          "peer's ISS %u%s), %zu read: more than the buffer "
                          "of %zu held",
                          s->lport, s->rport, got, g->ack, s->peer_iss,
                          s->fin_set ? ", a FIN" : "", s->rd,
                          lim->tcp_receive_buffer);
        }
    }
    if (syn) {
        if (!(g->flags & TW_ACK))
            s->eng_win = g->win; /* the peer's SYN-ACK sets eng_ack */
        s->eng_syn = true;
        s->eng_mss = g->o.mss;
        s->eng_wsopt = g->o.ws;
        s->eng_sackok = g->o.sackok;
        s->eng_tsopt = g->o.ts;
        negotiate(s);
    }
    if (g->o.ts) {
        s->eng_ts_seen = true;
        s->eng_ts_max = g->o.tsval;
    }
    if (!s->eng_sent_set || SEQ_GT(end, s->eng_sent))
        s->eng_sent = end;
    s->eng_sent_set = true;
    if (lost)
        return;
    if (!s->eng_seen || SEQ_GT(end, s->eng_max))
        s->eng_max = end;
    s->eng_seen = true;
    if (g->flags & TW_ACK) {
        s->eng_ack = g->ack;
        s->eng_win = (uint32_t)g->win << (syn ? 0 : s->eng_ws);
        /* all the peer sent up to there arrived: its next byte */
        if (s->synced && SEQ_GT(g->ack, s->peer_nxt) &&
            SEQ_LE(g->ack, s->peer_max))
            s->peer_nxt = g->ack;
    }
}

/* Every frame the engine sent from (i) on is well formed; the peer and
   the gateway answer ARP requests for them; the peer sees its segments. */
static void observe(struct fz *z)
{
    struct tcpip *st = z->st;

    for (size_t i = z->seen; i < z->fk.nframes; z->seen = ++i) {
        const uint8_t *f = z->fk.frames[i].data;
        size_t len = z->fk.frames[i].len;
        struct fake_pkt p;
        struct tw_seg g;
        const char *why;
        struct slot *s;
        struct tcp_conn *c;

        if (fake_parse(f, len, &p, &why) < 0)
            fuzz_fail("frame %zu sent (%zu bytes): %s", i, len, why);
        if (memcmp(p.eth_src, st->cfg.mac, 6) != 0)
            fuzz_fail("frame %zu sent from another MAC", i);
        if (len > TCPIP_ETH_HLEN + st->cfg.mtu)
            fuzz_fail("frame %zu of %zu bytes over the MTU %u", i, len,
                      st->cfg.mtu);
        if (p.type == TCPIP_ETH_ARP) {
            if (len != 42 || memcmp(p.sha, st->cfg.mac, 6) != 0 ||
                (p.arp_op != 1 && p.arp_op != 2))
                fuzz_fail("frame %zu: an ARP packet not from us", i);
            if (p.arp_op == 1 && (p.tpa == PEER || p.tpa == FAKE_GW) &&
                p.spa == st->cfg.addr && p.spa) {
                uint8_t a[60] = {0};
                const uint8_t *mac =
                    p.tpa == PEER ? fake_peer_mac : fake_gw_mac;
                size_t n = fake_eth(a, st->cfg.mac, mac, TCPIP_ETH_ARP);

                fake_arp(a + n, 2, mac, p.tpa, st->cfg.mac, p.spa);
                tcpip_input(st, a, sizeof a);
            }
            continue;
        }
        if (p.type != TCPIP_ETH_IPV4)
            fuzz_fail("frame %zu of type %04x", i, p.type);
        if (p.ihl != 20 || p.ttl != 64 ||
            (p.src != st->cfg.addr && p.src != z->addr_before &&
             !(p.proto == TCPIP_PROTO_UDP && p.src == 0)))
            fuzz_fail("frame %zu: IHL %u, TTL %u, source %08x (ours %08x)", i,
                      p.ihl, p.ttl, (unsigned)p.src, (unsigned)st->cfg.addr);
        if ((p.frag & 0x2000) && p.plen % 8)
            fuzz_fail("frame %zu: a fragment of %zu bytes with MF", i, p.plen);
        if (p.dst == 0 || (p.dst == st->cfg.addr && st->cfg.addr))
            fuzz_fail("frame %zu to %08x", i, (unsigned)p.dst);
        if (p.proto != TCPIP_PROTO_TCP)
            continue;
        if ((p.frag & 0x7fff) != 0x4000)
            fuzz_fail("frame %zu: a TCP segment without DF or fragmented "
                      "(%04x)",
                      i, p.frag);
        if (tw_parse(p.payload, p.plen, p.src, p.dst, &g, &why) < 0)
            fuzz_fail("frame %zu: a TCP segment: %s", i, why);
        c = tcp_lookup(st, p.src, g.sport, p.dst, g.dport);
        if (!(g.flags & TW_RST)) {
            uint32_t end = g.seq + (uint32_t)g.len +
                           ((g.flags & TW_SYN) ? 1u : 0u) +
                           ((g.flags & TW_FIN) ? 1u : 0u);

            if (c && SEQ_GE(g.seq, c->iss) && SEQ_GT(end, c->snd_max))
                fuzz_fail("frame %zu: a segment ending at %u, SND.MAX %u", i,
                          end, c->snd_max);
        }
        trace("  engine %u>%u seq %u ack %u flags %02x win %u len %zu%s\n",
              g.sport, g.dport, g.seq, g.ack, g.flags, g.win, g.len,
              g.o.nsack ? " SACK" : "");
        s = p.dst == PEER ? find_slot(z, g.sport, g.dport) : NULL;
        if (s) {
            bool lost = z->loss && !(g.flags & TW_SYN);

            if (lost)
                z->loss--;
            check_slot_seg(z, s, c, &g, (size_t)(p.payload[12] >> 4) * 4 - 20,
                           lost);
        }
    }
}

/* What the engine holds agrees with its counters and stays within its
   limits; no timer is due in the past. */
static void check_held(struct fz *z)
{
    struct tcpip *st = z->st;
    struct tcp_table *t = st->tcp;
    const struct tcpip_limits *lim = &st->lim;
    struct tcpip_stats s;
    uint64_t per[TCP_NSTATES] = {0}, sum = 0;
    unsigned n = 0, tw = 0, syn = 0;

    tcpip_get_stats(st, &s);
    if (s.arp.entries > lim->arp_entries)
        fuzz_fail("%llu ARP entries, limit %u",
                  (unsigned long long)s.arp.entries, lim->arp_entries);
    if (s.ipv4.reasm_datagrams > lim->reasm_datagrams ||
        s.ipv4.reasm_bytes > lim->reasm_bytes)
        fuzz_fail("reassembly holds %llu datagrams, %llu bytes",
                  (unsigned long long)s.ipv4.reasm_datagrams,
                  (unsigned long long)s.ipv4.reasm_bytes);
    if (s.udp.sockets != 1)
        fuzz_fail("%llu UDP sockets", (unsigned long long)s.udp.sockets);
    for (struct tcp_conn *c = t->all; c; c = c->all_next) {
        if (++n > t->nall)
            break;
        per[c->state]++;
        tw += c->state == TCP_TIME_WAIT;
        syn += c->passive && c->state == TCP_SYN_RECEIVED;
        if (c->sndbuf.len > lim->tcp_send_buffer ||
            c->rcvbuf.len > lim->tcp_receive_buffer ||
            (c->sndbuf.buf && (c->sndbuf.cap != lim->tcp_send_buffer ||
                               c->sndbuf.size > c->sndbuf.cap)) ||
            (c->rcvbuf.buf && (c->rcvbuf.cap != lim->tcp_receive_buffer ||
                               c->rcvbuf.size > c->rcvbuf.cap)))
            fuzz_fail("port %u: buffers of %zu/%zu and %zu/%zu bytes", c->lport,
                      c->sndbuf.len, c->sndbuf.size, c->rcvbuf.len,
                      c->rcvbuf.size);
        if (c->nooo > TCP_OOO_MAX || c->nsacked > TCP_SACK_MAX)
            fuzz_fail("port %u: %u out-of-order ranges, %u SACKed", c->lport,
                      c->nooo, c->nsacked);
        if (c->state >= TCP_SYN_RECEIVED && c->state != TCP_TIME_WAIT &&
            (SEQ_GT(c->snd_una, c->snd_nxt) || SEQ_GT(c->snd_nxt, c->snd_max)))
            fuzz_fail("port %u (state %d): SND.UNA %u, SND.NXT %u, SND.MAX %u",
                      c->lport, c->state, c->snd_una, c->snd_nxt, c->snd_max);
        if (c->heap_idx != SIZE_MAX && c->when < z->fk.now)
            fuzz_fail("port %u: a timer at %llu, now %llu", c->lport,
                      (unsigned long long)c->when,
                      (unsigned long long)z->fk.now);
    }
    if (n != t->nall || tcp_connection_count(st) != n)
        fuzz_fail("%u connections listed, %u counted", n, t->nall);
    for (int i = 0; i < TCP_NSTATES; i++) {
        sum += s.tcp.state[i];
        if (i != TCP_LISTEN && per[i] != s.tcp.state[i])
            fuzz_fail("%llu connections in state %d, %llu counted",
                      (unsigned long long)per[i], i,
                      (unsigned long long)s.tcp.state[i]);
    }
    if (s.tcp.state[TCP_LISTEN] != (z->l ? 1u : 0u))
        fuzz_fail("%llu listeners counted",
                  (unsigned long long)s.tcp.state[TCP_LISTEN]);
    if (sum != n + (z->l ? 1u : 0u))
        fuzz_fail("the states sum to %llu, %u connections and %d listener",
                  (unsigned long long)sum, n, z->l != NULL);
    if (tw != t->ntw || n - tw != t->nconns)
        fuzz_fail("%u in TIME_WAIT (%u counted), %u others (%u counted)", tw,
                  t->ntw, n - tw, t->nconns);
    if (tw > lim->tcp_time_wait || n - tw > lim->tcp_connections ||
        syn > lim->tcp_syn_queue || syn != t->nsyn)
        fuzz_fail("%u in TIME_WAIT, %u others, %u half-open (%u counted): "
                  "over the limits %u, %u, %u",
                  tw, n - tw, syn, t->nsyn, lim->tcp_time_wait,
                  lim->tcp_connections, lim->tcp_syn_queue);
    if (st->next_deadline < z->fk.now || z->fk.stuck)
        fuzz_fail("a timer deadline in the past (%llu, now %llu)",
                  (unsigned long long)st->next_deadline,
                  (unsigned long long)z->fk.now);
}

#endif
