/* SPDX-License-Identifier: ISC */
/* test_dhcp_malformed.c: malformed OFFERs and ACKs change nothing. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dhcp_msg.h"
#include "dhcp_test.h"
#include "tap.h"

/* A bad option: code, length, value. */
struct bad_opt {
    const char *what;
    uint8_t code, len;
    uint8_t v[8];
};

static const struct bad_opt bad_opts[] = {
    {"a mask of 3 bytes", 1, 3, {255, 255, 255}},
    {"a mask of 5 bytes", 1, 5, {255, 255, 255, 0, 0}},
    {"a mask of 0 bytes", 1, 0, {0}},
    {"a mask 255.0.255.0 (not contiguous)", 1, 4, {255, 0, 255, 0}},
    {"a mask 0.0.0.255 (not contiguous)", 1, 4, {0, 0, 0, 255}},
    {"a router of 0 bytes", 3, 0, {0}},
    {"a router of 3 bytes", 3, 3, {192, 0, 2}},
    {"a router of 6 bytes", 3, 6, {192, 0, 2, 1, 192, 0}},
    {"a DNS of 0 bytes", 6, 0, {0}},
    {"a DNS of 2 bytes", 6, 2, {192, 0}},
    {"a DNS of 5 bytes", 6, 5, {192, 0, 2, 53, 1}},
    {"an MTU of 1 byte", 26, 1, {5}},
    {"an MTU of 3 bytes", 26, 3, {5, 220, 0}},
    {"an MTU of 4 bytes", 26, 4, {0, 0, 5, 220}},
    {"an MTU 67", 26, 2, {0, 67}},
    {"an MTU 0", 26, 2, {0, 0}},
    {"a lease of 0 bytes", 51, 0, {0}},
    {"a lease of 3 bytes", 51, 3, {0, 14, 16}},
    {"a lease of 5 bytes", 51, 5, {0, 0, 14, 16, 0}},
    {"a lease of 8 bytes", 51, 8, {0, 0, 14, 16, 0, 0, 14, 16}},
    {"a DNS of 7 bytes", 6, 7, {192, 0, 2, 53, 192, 0, 2}},
    {"a T1 of 2 bytes", 58, 2, {7, 8}},
    {"a T1 of 0 bytes", 58, 0, {0}},
    {"a T2 of 5 bytes", 59, 5, {0, 0, 12, 0, 0}},
    {"a T2 of 3 bytes", 59, 3, {0, 12, 0}},
    {"a server id of 3 bytes", 54, 3, {192, 0, 2}},
    {"a server id of 5 bytes", 54, 5, {192, 0, 2, 1, 0}},
    {"a server id of 0 bytes", 54, 0, {0}},
    {"a second message type (2 bytes)", 53, 1, {2}},
    {"a client id of 1 byte", 61, 1, {1}},
    {"a client id of 0 bytes", 61, 0, {0}},
    {"an overload of 0 bytes", 52, 0, {0}},
    {"an overload of 2 bytes", 52, 2, {1, 1}},
    {"an overload 0", 52, 1, {0}},
    {"an overload 4", 52, 1, {4}},
};

/* A message being broken. */
typedef void (*breaker)(struct srv_msg *m);

/*
 * A good OFFER or ACK (type) with (bad) before the end option, and with
 * no other option of its code (so that a piece of 0 bytes is the whole
 * option, not a piece of one, RFC 3396).
 */
static void with_bad_opt(struct srv_msg *m, uint8_t type, uint32_t xid,
                         const struct bad_opt *bad)
{
    uint8_t mtu[2] = {1400 >> 8, 1400 & 255};

    srv_begin(m, type, xid, test_mac, OFFERED);
    if (bad->code != 54)
        srv_opt32(m, 54, SERVER);
    if (bad->code != 1)
        srv_opt32(m, 1, MASK24);
    if (bad->code != 3)
        srv_opt32(m, 3, ROUTER);
    if (bad->code != 6)
        srv_opt32(m, 6, DNS1);
    if (bad->code != 26)
        srv_opt(m, 26, mtu, sizeof mtu);
    if (bad->code != 51)
        srv_opt32(m, 51, 3600);
    srv_opt(m, bad->code, bad->v, bad->len);
    srv_end(m);
}

/* Breakers of a good message, each with what it does. */
static void cut_239(struct srv_msg *m)
{
    m->len = 239;
}
static void cut_100(struct srv_msg *m)
{
    m->len = 100;
}
static void cut_0(struct srv_msg *m)
{
    m->len = 0;
}
static void cut_in_option(struct srv_msg *m)
{
    m->len -= 3; /* the end, and 2 bytes of the lease time's value */
}
static void cut_end(struct srv_msg *m)
{
    m->len -= 1;
}
static void cut_after_code(struct srv_msg *m)
{
    m->b[m->len - 1] = 58; /* a code and nothing after it */
}
static void overrun(struct srv_msg *m)
{
    m->b[m->len - 6] = 6; /* the lease time says 6 bytes: 1 past the end */
}
static void overrun_far(struct srv_msg *m)
{
    m->b[m->len - 6] = 255;
}
static void cookie_0(struct srv_msg *m)
{
    m->b[236] ^= 1;
}
static void cookie_3(struct srv_msg *m)
{
    m->b[239] ^= 0x80;
}
static void cookie_bootp(struct srv_msg *m)
{
    memset(m->b + 236, 0, 4);
}
static void type_0(struct srv_msg *m)
{
    m->b[242] = 0;
}
static void type_len_2(struct srv_msg *m)
{
    m->b[241] = 2; /* and the next option's code is the second byte */
}
static void overload_file_no_end(struct srv_msg *m)
{
    m->len--; /* over the end */
    srv_opt(m, 52, &(uint8_t){1}, 1);
    srv_end(m);
    memset(m->b + 108, 0, 128); /* only pads */
}
static void overload_file_overrun(struct srv_msg *m)
{
    m->len--;
    srv_opt(m, 52, &(uint8_t){1}, 1);
    srv_end(m);
    m->b[108 + 120] = 3;
    m->b[108 + 121] = 8; /* 8 bytes from 230: 2 past the file field */
}
static void overload_sname_overrun(struct srv_msg *m)
{
    m->len--;
    srv_opt(m, 52, &(uint8_t){2}, 1);
    srv_end(m);
    m->b[44] = 12;
    m->b[45] = 63; /* 63 bytes from 46: past the sname field */
}
static void overload_file_bad_lease(struct srv_msg *m)
{
    m->len--;
    srv_opt(m, 52, &(uint8_t){1}, 1);
    srv_end(m);
    m->b[108] = 51; /* a second lease time, in the file field */
    m->b[109] = 4;
    m->b[114] = 255;
}

static const struct {
    const char *what;
    breaker fn;
} breakers[] = {
    {"cut to 239 bytes (inside the cookie)", cut_239},
    {"cut to 100 bytes", cut_100},
    {"empty", cut_0},
    {"cut inside an option's value", cut_in_option},
    {"no end option", cut_end},
    {"an option code, then the message ends", cut_after_code},
    {"an option's length 1 past the end", overrun},
    {"an option's length far past the end", overrun_far},
    {"a bad cookie (first byte)", cookie_0},
    {"a bad cookie (last byte)", cookie_3},
    {"no cookie (BOOTP)", cookie_bootp},
    {"message type 0", type_0},
    {"message type of 2 bytes", type_len_2},
    {"overload: file without an end option", overload_file_no_end},
    {"overload: an option past the file field", overload_file_overrun},
    {"overload: an option past the sname field", overload_sname_overrun},
    {"overload: a lease time in options and file (8 bytes)",
     overload_file_bad_lease},
};

/* A client in SELECTING (false) or REQUESTING (true); its xid. */
static uint32_t client_in(bool requesting)
{
    struct srv_msg m;
    uint32_t xid;

    stub_init(&st, test_mac, "malformed");
    dhcp_start(&st);
    xid = last_xid();
    if (requesting) {
        srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
        srv_end(&m);
        deliver(&m);
    }
    return xid;
}

/* (m) was rejected: nothing sent nor set, the same state, one more
   rx_bad. */
static bool unchanged(bool requesting, unsigned sent)
{
    return state() == (requesting ? DHCP_REQUESTING : DHCP_SELECTING) &&
           stub.nsent == sent && stub.nset == 0 && st.cfg.addr == 0 &&
           st.stats.dhcp.rx_bad == 1 && st.stats.dhcp.offers == requesting &&
           st.stats.dhcp.acks == 0;
}

static void test_bad_options(void)
{
    for (int requesting = 0; requesting < 2; requesting++) {
        uint8_t type = requesting ? 5 : 2;
        const char *name = requesting ? "ACK" : "OFFER";

        for (size_t i = 0; i < sizeof bad_opts / sizeof bad_opts[0]; i++) {
            struct srv_msg m;
            uint32_t xid = client_in(requesting);
            unsigned sent = stub.nsent;

            with_bad_opt(&m, type, xid, &bad_opts[i]);
            deliver(&m);
            TAP_OK(unchanged(requesting, sent), "%s with %s: rejected", name,
                   bad_opts[i].what);
            dhcp_stop(&st);
        }
        for (size_t i = 0; i < sizeof breakers / sizeof breakers[0]; i++) {
            struct srv_msg m;
            uint32_t xid = client_in(requesting);
            unsigned sent = stub.nsent;

            srv_lease(&m, type, xid, OFFERED, SERVER, 3600);
            srv_end(&m);
            breakers[i].fn(&m);
            deliver(&m);
            TAP_OK(unchanged(requesting, sent), "%s %s: rejected", name,
                   breakers[i].what);
            dhcp_stop(&st);
        }
    }
}

/* The same messages unbroken are taken: the breakers break them. */
static void test_controls(void)
{
    struct srv_msg m;
    uint32_t xid = client_in(true);

    srv_begin(&m, 5, xid, test_mac, OFFERED);
    srv_opt32(&m, 54, SERVER);
    srv_opt32(&m, 51, 3600);
    srv_opt(&m, 26, (const uint8_t[]){0, 68}, 2);
    srv_opt(&m, 52, &(uint8_t){1}, 1);
    srv_end(&m);
    m.b[108] = 255; /* an empty file field */
    deliver(&m);
    TAP_OK(state() == DHCP_BOUND && st.stats.dhcp.rx_bad == 0,
           "control: an ACK with an MTU of 68, overload 1 with an empty "
           "file field: taken");
    dhcp_stop(&st);
    xid = client_in(false);
    srv_lease(&m, 2, xid, OFFERED, SERVER, 3600);
    srv_opt(&m, 61, (const uint8_t[]){0, 'x'}, 2);
    srv_opt(&m, 12, "x", 0); /* an option of 0 bytes the client ignores */
    srv_end(&m);
    srv_raw(&m, "\0\0\0garbage after the end", 24);
    deliver(&m);
    TAP_OK(state() == DHCP_SELECTING && st.stats.dhcp.rx_bad == 0,
           "control: an OFFER echoing another client id, bytes after the "
           "end: ignored, not malformed");
    dhcp_stop(&st);
}

/* The codec alone: what the parser makes of a message of the builder's. */
static void test_codec(void)
{
    struct dhcp_out o;
    struct dhcp_msg m;
    uint8_t buf[DHCP_MAX_SEND];
    int n;

    memset(&o, 0, sizeof o);
    o.type = DHCPREQUEST;
    o.xid = 0x01020304;
    o.secs = 7;
    o.broadcast = true;
    o.requested = OFFERED;
    o.server_id = SERVER;
    memcpy(o.mac, test_mac, 6);
    o.hostname = "codec";
    o.params = true;
    TAP_OK(dhcp_msg_build(buf, DHCP_MAX_SEND - 1, &o) == -ENOSPC,
           "dhcp_msg_build: -ENOSPC below 548 bytes");
    n = dhcp_msg_build(buf, sizeof buf, &o);
    TAP_OK(n == 300, "dhcp_msg_build: 300 bytes (padded)");
    TAP_OK(n > 0 && dhcp_msg_parse(buf, (size_t)n, &m) == 0 && m.op == 1 &&
               m.xid == 0x01020304 && m.secs == 7 && m.flags == 0x8000 &&
               m.type == DHCPREQUEST && m.server_id == SERVER &&
               m.client_id_len == 7 && m.client_id[0] == 1 &&
               memcmp(m.client_id + 1, test_mac, 6) == 0,
           "dhcp_msg_parse reads it back");
    TAP_OK(dhcp_mask_prefix(0) == 0 && dhcp_mask_prefix(0xffffffffu) == 32 &&
               dhcp_mask_prefix(0xfffffffeu) == 31 &&
               dhcp_mask_prefix(0xff000000u) == 8 &&
               dhcp_mask_prefix(0x7fffffffu) == -1 &&
               dhcp_mask_prefix(0xff00ff00u) == -1,
           "dhcp_mask_prefix");
}

int main(void)
{
    test_bad_options();
    test_controls();
    test_codec();
    return tap_done();
}
