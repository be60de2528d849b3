/* SPDX-License-Identifier: ISC */
/* fuzz_dhcp.c: the DHCP client's parser and state machine on hostile bytes. */
#define FUZZ_NAME    "fuzz_dhcp"
#define FUZZ_INPUTS  1000000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  1500
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_msg.h"
#include "dhcp_test.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The model of the option rules (dhcp_msg.h), written apart from the
 * parser: every option of every area walked is kept whole (each code's
 * pieces joined), then judged by a table of lengths.
 */
struct model {
    uint8_t val[256][FUZZ_MAXLEN];
    size_t len[256];
    bool seen[256];
};

static struct model model;

/* Walks the area [from, to) of (p): false if it is malformed. */
static bool model_area(const uint8_t *p, size_t from, size_t to, bool main)
{
    size_t i = from;

    for (;;) {
        size_t n;

        if (i >= to)
            return false; /* no end option */
        if (p[i] == 255)
            return true;
        if (p[i] == 0) {
            i += 1;
            continue;
        }
        if (i + 1 >= to)
            return false;
        n = p[i + 1];
        if (i + 2 + n > to)
            return false;
        if (p[i] != 52 || main) {
            memcpy(model.val[p[i]] + model.len[p[i]], p + i + 2, n);
            model.len[p[i]] += n;
            model.seen[p[i]] = true;
        }
        i += 2 + n;
    }
}

/* Is the message (p, len) well formed, by the model? */
static bool model_parse(const uint8_t *p, size_t len)
{
    static const struct {
        uint8_t code;
        size_t exact, multiple; /* length exactly, or a multiple, not 0 */
    } rules[] = {{1, 4, 0},  {3, 0, 4},  {6, 0, 4},  {26, 2, 0}, {51, 4, 0},
                 {53, 1, 0}, {54, 4, 0}, {58, 4, 0}, {59, 4, 0}, {52, 1, 0}};
    uint8_t overload = 0;

    memset(model.len, 0, sizeof model.len);
    memset(model.seen, 0, sizeof model.seen);
    if (len < 240 || p[236] != 99 || p[237] != 130 || p[238] != 83 ||
        p[239] != 99)
        return false;
    if (!model_area(p, 240, len, true))
        return false;
    if (model.seen[52]) {
        if (model.len[52] != 1)
            return false;
        overload = model.val[52][0];
        if (overload < 1 || overload > 3)
            return false;
    }
    if ((overload & 1) && !model_area(p, 108, 236, false))
        return false;
    if ((overload & 2) && !model_area(p, 44, 108, false))
        return false;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        size_t n = model.len[rules[i].code];

        if (!model.seen[rules[i].code])
            continue;
        if (rules[i].exact && n != rules[i].exact)
            return false;
        if (rules[i].multiple && (n == 0 || n % rules[i].multiple != 0))
            return false;
    }
    if (model.seen[1]) { /* a contiguous mask: ones, then zeros */
        uint32_t mask = srv_get32(model.val[1]);
        if (mask & (~mask >> 1))
            return false;
    }
    if (model.seen[26] && srv_get16(model.val[26]) < 68)
        return false;
    if (model.seen[53] && model.val[53][0] == 0)
        return false;
    if (model.seen[61] && model.len[61] < 2)
        return false;
    return true;
}

/* The 4-byte value of option (code) in the model. */
static uint32_t model_u32(uint8_t code)
{
    return srv_get32(model.val[code]);
}

/* The parser's message (m) of (p, len) agrees with the model's. */
static void check_parsed(const struct dhcp_msg *m, const uint8_t *p, size_t len)
{
    static const struct {
        uint8_t code;
        uint32_t bit;
    } bits[] = {{1, DHCP_HAVE_MASK},       {3, DHCP_HAVE_ROUTER},
                {6, DHCP_HAVE_DNS},        {26, DHCP_HAVE_MTU},
                {51, DHCP_HAVE_LEASE},     {53, DHCP_HAVE_TYPE},
                {54, DHCP_HAVE_SERVER_ID}, {58, DHCP_HAVE_T1},
                {59, DHCP_HAVE_T2},        {61, DHCP_HAVE_CLIENT_ID},
                {52, DHCP_HAVE_OVERLOAD}};
    uint32_t all = 0;

    if (len < 241)
        fuzz_fail("accepted %zu bytes: too short for an end option", len);
    if (m->op != p[0] || m->htype != p[1] || m->hlen != p[2] ||
        m->hops != p[3] || m->xid != srv_get32(p + 4) ||
        m->secs != srv_get16(p + 8) || m->flags != srv_get16(p + 10) ||
        m->ciaddr != srv_get32(p + 12) || m->yiaddr != srv_get32(p + 16) ||
        m->siaddr != srv_get32(p + 20) || m->giaddr != srv_get32(p + 24) ||
        memcmp(m->chaddr, p + 28, 16) != 0)
        fuzz_fail("a fixed field misread");
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        all |= bits[i].bit;
        if (!(m->present & bits[i].bit) != !model.seen[bits[i].code])
            fuzz_fail("option %u %s", bits[i].code,
                      model.seen[bits[i].code] ? "missed" : "made up");
    }
    if (m->present & ~all)
        fuzz_fail("present has unknown bits 0x%x", m->present & ~all);
    if (model.seen[1] &&
        (m->mask != model_u32(1) || m->prefix > 32 ||
         m->mask != (m->prefix ? 0xffffffffu << (32 - m->prefix) : 0)))
        fuzz_fail("mask 0x%08x, prefix %u", m->mask, m->prefix);
    if (model.seen[3] &&
        (m->router != model_u32(3) || m->nrouters != model.len[3] / 4))
        fuzz_fail("router misread");
    if (model.seen[6]) {
        size_t n = model.len[6] / 4 < 3 ? model.len[6] / 4 : 3;
        if (m->ndns != n)
            fuzz_fail("%u DNS servers, not %zu", m->ndns, n);
        for (size_t i = 0; i < n; i++)
            if (m->dns[i] != srv_get32(model.val[6] + 4 * i))
                fuzz_fail("DNS server %zu misread", i);
    } else if (m->ndns != 0) {
        fuzz_fail("%u DNS servers without option 6", m->ndns);
    }
    if (model.seen[26] && (m->mtu != srv_get16(model.val[26]) || m->mtu < 68))
        fuzz_fail("MTU %u", m->mtu);
    if ((model.seen[51] && m->lease_s != model_u32(51)) ||
        (model.seen[58] && m->t1_s != model_u32(58)) ||
        (model.seen[59] && m->t2_s != model_u32(59)) ||
        (model.seen[54] && m->server_id != model_u32(54)))
        fuzz_fail("a 32-bit option misread");
    if (model.seen[53] && (m->type != model.val[53][0] || m->type == 0))
        fuzz_fail("message type %u", m->type);
    if (model.seen[52] && m->overload != model.val[52][0])
        fuzz_fail("overload %u", m->overload);
    if (model.seen[61] &&
        (m->client_id_len != model.len[61] ||
         memcmp(m->client_id, model.val[61],
                model.len[61] < DHCP_CLIENT_ID_MAX ? model.len[61]
                                                   : DHCP_CLIENT_ID_MAX) != 0))
        fuzz_fail("client id misread");
}

/* The states a message is tried in, each from a client set up once. */
static const enum dhcp_state tried[] = {DHCP_SELECTING, DHCP_REQUESTING,
                                        DHCP_RENEWING, DHCP_REBINDING};
#define NTRIED (sizeof tried / sizeof tried[0])

/* A client set up in a state: the engine, its client, the stub's clock. */
struct snapshot {
    struct tcpip st;
    struct dhcp_client c;
    tcpip_ns now;
    uint64_t rng;
};

static struct snapshot snaps[NTRIED];
static bool snaps_ready;

/* The xid of the client's exchange in each state tried (the seeds'). */
static uint32_t snap_xid(size_t i)
{
    return snaps[i].c.xid;
}

/* A client of dhcp_test.h in state (s) from a scripted server. */
static void setup(enum dhcp_state s)
{
    struct srv_msg m;
    struct dhcp_lease l;

    stub_init(&st, test_mac, "fuzz");
    if (s == DHCP_SELECTING || s == DHCP_REQUESTING) {
        dhcp_start(&st);
        if (s == DHCP_REQUESTING) {
            srv_lease(&m, 2, last_xid(), OFFERED, SERVER, 3600);
            srv_end(&m);
            deliver(&m);
        }
        return;
    }
    bind_lease(3600, (struct t12){0, 0});
    dhcp_lease(&st, &l);
    run_at(l.acquired + TCPIP_S(s == DHCP_RENEWING ? 1800 : 3150));
}

static void make_snapshots(void)
{
    for (size_t i = 0; i < NTRIED; i++) {
        setup(tried[i]);
        if (state() != tried[i]) {
            fprintf(stderr, "fuzz_dhcp: no client in %s\n",
                    dhcp_state_name(tried[i]));
            abort();
        }
        snaps[i].st = st;
        snaps[i].c = *st.dhcp;
        snaps[i].now = stub.now;
        snaps[i].rng = stub.rng;
        dhcp_stop(&st);
    }
    snaps_ready = true;
}

/* The client of snapshot (i), again. */
static void restore(size_t i)
{
    st = snaps[i].st;
    st.dhcp = malloc(sizeof *st.dhcp);
    if (!st.dhcp)
        abort();
    *st.dhcp = snaps[i].c;
    stub.now = snaps[i].now;
    stub.rng = snaps[i].rng;
    stub.nsent = stub.nset = stub.wakes = 0;
    stub.send_rc = 0;
}

/* A lease the client holds is sane. */
static void check_lease(const struct dhcp_msg *m)
{
    struct dhcp_lease l;
    const struct dhcp_client *c = st.dhcp;

    dhcp_lease(&st, &l);
    if (!l.bound || l.addr != m->yiaddr || l.prefix > 32 || l.ndns > 3 ||
        st.cfg.addr != l.addr || st.cfg.prefix != l.prefix ||
        st.cfg.gateway != l.router)
        fuzz_fail("BOUND with a lease that is not the ACK's");
    if (l.lease_s == 0xffffffffu) {
        if (l.t1_s != l.lease_s || l.t2_s != l.lease_s ||
            c->deadline != TCPIP_NEVER)
            fuzz_fail("an infinite lease with T1 %u, T2 %u", l.t1_s, l.t2_s);
    } else if (l.lease_s < 10 || !(l.t1_s < l.t2_s && l.t2_s < l.lease_s) ||
               c->deadline != l.acquired + TCPIP_S(l.t1_s) ||
               c->end_at != l.acquired + TCPIP_S(l.lease_s)) {
        fuzz_fail("lease %u, T1 %u, T2 %u", l.lease_s, l.t1_s, l.t2_s);
    }
}

/*
 * The message in the client of snapshot (i): a message the parser
 * refuses (or not a DHCP reply) changes nothing but rx_bad; one of
 * another exchange changes nothing; any other moves the client only
 * along RFC 2131's edges, with a sane lease when BOUND, no address
 * after INIT, and one REQUEST for an OFFER.
 */
static void check_client(size_t i, const uint8_t *p, size_t len, bool parsed,
                         const struct dhcp_msg *m)
{
    enum dhcp_state before = tried[i], after;
    uint64_t bad;
    tcpip_ns deadline;

    restore(i);
    bad = st.stats.dhcp.rx_bad;
    deadline = st.dhcp->deadline;
    dhcp_input(&st, SERVER, BCAST, p, len);
    after = state();
    if (!parsed || m->op != 2 || m->htype != 1 || m->hlen != 6 ||
        !(m->present & DHCP_HAVE_TYPE)) {
        if (after != before || stub.nsent || stub.nset ||
            st.stats.dhcp.rx_bad != bad + 1 || st.dhcp->deadline != deadline)
            fuzz_fail("%s: a malformed message changed the client",
                      dhcp_state_name(before));
        goto out;
    }
    if (m->xid != snap_xid(i) || memcmp(m->chaddr, test_mac, 6) != 0) {
        if (after != before || stub.nsent || stub.nset ||
            st.stats.dhcp.rx_bad != bad)
            fuzz_fail("%s: another exchange's message changed the client",
                      dhcp_state_name(before));
        goto out;
    }
    if (after != before) {
        bool edge = (before == DHCP_SELECTING && after == DHCP_REQUESTING) ||
                    (before != DHCP_SELECTING &&
                     (after == DHCP_BOUND || after == DHCP_INIT));
        if (!edge)
            fuzz_fail("%s to %s", dhcp_state_name(before),
                      dhcp_state_name(after));
    }
    if (after == DHCP_REQUESTING && before == DHCP_SELECTING &&
        (stub.nsent != 1 || srv_type(last_sent()) != 3 ||
         srv_opt_u32(last_sent(), 50) != m->yiaddr || m->yiaddr == 0))
        fuzz_fail("an OFFER taken without its REQUEST");
    if (after == DHCP_BOUND)
        check_lease(m);
    if (after == DHCP_INIT && (st.cfg.addr != 0 || st.dhcp->lease.bound))
        fuzz_fail("INIT with an address");
    if (after == before && (stub.nsent || stub.nset))
        fuzz_fail("%s: something sent or set, no change of state",
                  dhcp_state_name(before));
out:
    /* the timers still run: the next deadline is after now */
    if (dhcp_timers(&st, stub.now) <= stub.now)
        fuzz_fail("a deadline in the past");
    dhcp_stop(&st);
    if (st.dhcp)
        fuzz_fail("dhcp_stop left the client");
}

/*
 * Parses the input as a DHCP message: the parser agrees with the model
 * (accepts what it accepts, reads the same values); then hands it to a
 * client in SELECTING, REQUESTING, RENEWING and REBINDING (check_client).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);
    struct dhcp_msg m;
    int rc;
    bool ok;

    if (!snaps_ready)
        make_snapshots();
    if (size > FUZZ_MAXLEN)
        size = FUZZ_MAXLEN; /* the model's room; a UDP payload is smaller */
    rc = dhcp_msg_parse(copy, size, &m);
    ok = model_parse(copy, size);
    if (rc != 0 && rc != -EBADMSG)
        fuzz_fail("dhcp_msg_parse: %d", rc);
    if ((rc == 0) != ok)
        fuzz_fail("the parser %s, the model %s", rc ? "refuses" : "accepts",
                  ok ? "accepts" : "refuses");
    if (rc == 0) {
        check_parsed(&m, copy, size);
        fuzz_accepted++;
    }
    for (size_t i = 0; i < NTRIED; i++)
        check_client(i, copy, size, rc == 0, &m);
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

static uint8_t seed_buf[10][1500];

/* Copies (m) into seed (n). */
static void keep(uint8_t **seeds, size_t *lens, size_t n,
                 const struct srv_msg *m)
{
    memcpy(seed_buf[n], m->b, m->len);
    seeds[n] = seed_buf[n];
    lens[n] = m->len;
}

/*
 * Replies a server would send to the client in each state tried (their
 * xids those of the snapshots), and a few of unusual shape.
 */
static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    struct srv_msg m;
    struct dhcp_out o;
    uint8_t dns[8];
    size_t n = 0;
    int len;

    if (max < 10)
        return 0;
    if (!snaps_ready)
        make_snapshots();
    srv_lease(&m, 2, snap_xid(0), OFFERED, SERVER, 3600);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 0: OFFER */
    srv_lease(&m, 5, snap_xid(1), OFFERED, SERVER, 3600);
    srv_opt32(&m, 58, 1000);
    srv_opt32(&m, 59, 2000);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 1: ACK */
    srv_begin(&m, 6, snap_xid(1), test_mac, 0);
    srv_opt32(&m, 54, SERVER);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 2: NAK */
    srv_lease(&m, 5, snap_xid(2), OFFERED, SERVER, 0xffffffffu);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 3: ACK of a renewal, infinite */
    srv_lease(&m, 5, snap_xid(3), OFFERED, SERVER2, 60);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 4: ACK of a rebinding */
    srv_begin(&m, 5, snap_xid(1), test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_opt(&m, 52, &(uint8_t){3}, 1);
    srv_end(&m);
    m.b[108] = 51, m.b[109] = 4, srv_put32(m.b + 110, 900), m.b[114] = 255;
    m.b[44] = 1, m.b[45] = 4, srv_put32(m.b + 46, 0xfffff000u), m.b[50] = 255;
    keep(seeds, lens, n++, &m); /* 5: ACK with options in file and sname */
    srv_begin(&m, 5, snap_xid(1), test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_put32(dns, DNS1);
    srv_put32(dns + 4, DNS2);
    srv_opt(&m, 6, dns, 8);
    srv_opt(&m, 51, dns, 2);
    srv_opt(&m, 6, dns, 4);
    srv_opt(&m, 51, dns + 2, 2);
    srv_opt(&m, 61, (const uint8_t[]){1, 2, 0, 0x5e, 0x10, 0x20, 0x30}, 7);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 6: ACK in pieces, a client id */
    srv_begin(&m, 6, snap_xid(2), test_mac, 0);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 7: NAK of a renewal */
    srv_lease(&m, 2, snap_xid(0), OFFERED, SERVER, 3600);
    srv_opt(&m, 26, (const uint8_t[]){0, 68}, 2);
    srv_end(&m);
    keep(seeds, lens, n++, &m); /* 8: an OFFER with two MTUs: malformed */
    memset(&o, 0, sizeof o);
    o.type = DHCPDISCOVER;
    o.xid = snap_xid(0);
    memcpy(o.mac, test_mac, 6);
    o.hostname = "fuzz";
    o.params = true;
    len = dhcp_msg_build(seed_buf[n], sizeof seed_buf[n], &o);
    seeds[n] = seed_buf[n];
    lens[n++] = len > 0 ? (size_t)len : 0; /* 9: our DISCOVER */
    return n;
}

/* Each seed does what it is for in the client. */
static int fuzz_seeds_ok(char *why, size_t n)
{
    static const struct {
        size_t seed, snap;
        enum dhcp_state after;
    } want[] = {{0, 0, DHCP_REQUESTING}, {1, 1, DHCP_BOUND},
                {2, 1, DHCP_INIT},       {3, 2, DHCP_BOUND},
                {4, 3, DHCP_BOUND},      {5, 1, DHCP_BOUND},
                {6, 1, DHCP_BOUND},      {7, 2, DHCP_INIT},
                {8, 0, DHCP_SELECTING},  {9, 0, DHCP_SELECTING}};

    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        restore(want[i].snap);
        dhcp_input(&st, SERVER, BCAST, fuzz_seed[want[i].seed],
                   fuzz_seed_len[want[i].seed]);
        if (state() != want[i].after) {
            snprintf(why, n, "seed %zu leaves the client in %s, not %s",
                     want[i].seed, dhcp_state_name(state()),
                     dhcp_state_name(want[i].after));
            dhcp_stop(&st);
            return 0;
        }
        dhcp_stop(&st);
    }
    return 1;
}
#endif
