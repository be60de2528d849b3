/* SPDX-License-Identifier: ISC */
/* dhcp_msg.c: DHCPv4 messages: parsing what servers send, building ours. */
#include <errno.h>
#include <string.h>

#include "dhcp_msg.h"
#include "tcpip.h"

/*
 * The options are read in two steps: a walk over each option area that
 * checks its structure (every option inside the area, an end option) and
 * gathers, for each code the client uses, the concatenation of its pieces
 * (its first bytes and its whole length); then a check of each gathered
 * value. So a repeated option is one long option (RFC 3396), and a
 * repeated fixed-length option has a bad length.
 */

/* One option gathered: its first bytes, its whole length. */
struct dhcp_acc {
    bool seen;
    size_t len;
    uint8_t v[DHCP_CLIENT_ID_MAX];
};

enum {
    ACC_MASK,
    ACC_ROUTER,
    ACC_DNS,
    ACC_MTU,
    ACC_LEASE,
    ACC_TYPE,
    ACC_SERVER,
    ACC_T1,
    ACC_T2,
    ACC_CLIENT_ID,
    ACC_OVERLOAD,
    ACC_N
};

/* The slot of option (code), or -1 for an option the client ignores. */
static int acc_slot(uint8_t code)
{
    switch (code) {
    case DHCP_OPT_SUBNET_MASK:
        return ACC_MASK;
    case DHCP_OPT_ROUTER:
        return ACC_ROUTER;
    case DHCP_OPT_DNS:
        return ACC_DNS;
    case DHCP_OPT_MTU:
        return ACC_MTU;
    case DHCP_OPT_LEASE_TIME:
        return ACC_LEASE;
    case DHCP_OPT_MSG_TYPE:
        return ACC_TYPE;
    case DHCP_OPT_SERVER_ID:
        return ACC_SERVER;
    case DHCP_OPT_T1:
        return ACC_T1;
    case DHCP_OPT_T2:
        return ACC_T2;
    case DHCP_OPT_CLIENT_ID:
        return ACC_CLIENT_ID;
    case DHCP_OPT_OVERLOAD:
        return ACC_OVERLOAD;
    default:
        return -1;
    }
}

/* Adds the piece (v, n) to (a). */
static void acc_add(struct dhcp_acc *a, const uint8_t *v, size_t n)
{
    if (a->len < sizeof a->v) {
        size_t room = sizeof a->v - a->len;
        memcpy(a->v + a->len, v, n < room ? n : room);
    }
    a->len += n;
    a->seen = true;
}

/*
 * Walks the option area (p, len), gathering into (acc); option 52 only
 * when (main) (it is meaningful in the options field alone). Returns 0
 * at the end option, -EBADMSG if an option runs past the area or the area
 * ends without an end option.
 */
static int walk_area(const uint8_t *p, size_t len, struct dhcp_acc *acc,
                     bool main)
{
    size_t i = 0;

    while (i < len) {
        uint8_t code = p[i];
        size_t n;
        int slot;

        if (code == DHCP_OPT_PAD) {
            i++;
            continue;
        }
        if (code == DHCP_OPT_END)
            return 0;
        if (len - i < 2)
            return -EBADMSG;
        n = p[i + 1];
        if (n > len - i - 2)
            return -EBADMSG;
        slot = acc_slot(code);
        if (slot >= 0 && (slot != ACC_OVERLOAD || main))
            acc_add(&acc[slot], p + i + 2, n);
        i += 2 + n;
    }
    return -EBADMSG;
}

int dhcp_mask_prefix(uint32_t mask)
{
    unsigned prefix = 0;

    while (prefix < 32 && (mask & (0x80000000u >> prefix)))
        prefix++;
    if (prefix < 32 && (mask << prefix) != 0)
        return -1;
    return (int)prefix;
}

/* A 32-bit option of exactly 4 bytes: its value, or false. */
static bool acc_u32(const struct dhcp_acc *a, uint32_t *out)
{
    if (a->len != 4)
        return false;
    *out = tcpip_get32(a->v);
    return true;
}

/* Checks the gathered options and stores them in (m); -EBADMSG if one is
   bad. */
static int take_options(const struct dhcp_acc *acc, struct dhcp_msg *m)
{
    const struct dhcp_acc *a;

    if ((a = &acc[ACC_MASK])->seen) {
        int prefix;
        if (!acc_u32(a, &m->mask) || (prefix = dhcp_mask_prefix(m->mask)) < 0)
            return -EBADMSG;
        m->prefix = (unsigned)prefix;
        m->present |= DHCP_HAVE_MASK;
    }
    if ((a = &acc[ACC_ROUTER])->seen) {
        if (a->len < 4 || a->len % 4 != 0)
            return -EBADMSG;
        m->router = tcpip_get32(a->v);
        m->nrouters = (unsigned)(a->len / 4);
        m->present |= DHCP_HAVE_ROUTER;
    }
    if ((a = &acc[ACC_DNS])->seen) {
        if (a->len < 4 || a->len % 4 != 0)
            return -EBADMSG;
        m->ndns =
            a->len / 4 < DHCP_MAX_DNS ? (unsigned)(a->len / 4) : DHCP_MAX_DNS;
        for (unsigned i = 0; i < m->ndns; i++)
            m->dns[i] = tcpip_get32(a->v + 4 * i);
        m->present |= DHCP_HAVE_DNS;
    }
    if ((a = &acc[ACC_MTU])->seen) {
        if (a->len != 2 || tcpip_get16(a->v) < 68)
            return -EBADMSG;
        m->mtu = tcpip_get16(a->v);
        m->present |= DHCP_HAVE_MTU;
    }
    if ((a = &acc[ACC_LEASE])->seen) {
        if (!acc_u32(a, &m->lease_s))
            return -EBADMSG;
        m->present |= DHCP_HAVE_LEASE;
    }
    if ((a = &acc[ACC_T1])->seen) {
        if (!acc_u32(a, &m->t1_s))
            return -EBADMSG;
        m->present |= DHCP_HAVE_T1;
    }
    if ((a = &acc[ACC_T2])->seen) {
        if (!acc_u32(a, &m->t2_s))
            return -EBADMSG;
        m->present |= DHCP_HAVE_T2;
    }
    if ((a = &acc[ACC_SERVER])->seen) {
        if (!acc_u32(a, &m->server_id))
            return -EBADMSG;
        m->present |= DHCP_HAVE_SERVER_ID;
    }
    if ((a = &acc[ACC_TYPE])->seen) {
        if (a->len != 1 || a->v[0] == 0)
            return -EBADMSG;
        m->type = a->v[0];
        m->present |= DHCP_HAVE_TYPE;
    }
    if ((a = &acc[ACC_CLIENT_ID])->seen) {
        if (a->len < 2)
            return -EBADMSG;
        m->client_id_len = a->len;
        memcpy(m->client_id, a->v,
               a->len < sizeof m->client_id ? a->len : sizeof m->client_id);
        m->present |= DHCP_HAVE_CLIENT_ID;
    }
    return 0;
}

int dhcp_msg_parse(const uint8_t *p, size_t len, struct dhcp_msg *m)
{
    struct dhcp_acc acc[ACC_N];
    const struct dhcp_acc *ov = &acc[ACC_OVERLOAD];

    memset(m, 0, sizeof *m);
    if (len < DHCP_OPTS_OFF || tcpip_get32(p + DHCP_COOKIE_OFF) != DHCP_COOKIE)
        return -EBADMSG;
    m->op = p[0];
    m->htype = p[1];
    m->hlen = p[2];
    m->hops = p[3];
    m->xid = tcpip_get32(p + 4);
    m->secs = tcpip_get16(p + 8);
    m->flags = tcpip_get16(p + 10);
    m->ciaddr = tcpip_get32(p + 12);
    m->yiaddr = tcpip_get32(p + 16);
    m->siaddr = tcpip_get32(p + 20);
    m->giaddr = tcpip_get32(p + 24);
    memcpy(m->chaddr, p + 28, sizeof m->chaddr);

    memset(acc, 0, sizeof acc);
    if (walk_area(p + DHCP_OPTS_OFF, len - DHCP_OPTS_OFF, acc, true) < 0)
        return -EBADMSG;
    if (ov->seen) {
        if (ov->len != 1 || ov->v[0] < 1 || ov->v[0] > 3)
            return -EBADMSG;
        m->overload = ov->v[0];
        m->present |= DHCP_HAVE_OVERLOAD;
    }
    /* RFC 3396's order: options, then file, then sname */
    if ((m->overload & 1) &&
        walk_area(p + DHCP_FILE_OFF, DHCP_FILE_LEN, acc, false) < 0)
        return -EBADMSG;
    if ((m->overload & 2) &&
        walk_area(p + DHCP_SNAME_OFF, DHCP_SNAME_LEN, acc, false) < 0)
        return -EBADMSG;
    return take_options(acc, m);
}

/* Writes option (code) of (n) bytes (v) at (p); returns the end. */
static uint8_t *put_opt(uint8_t *p, uint8_t code, const void *v, size_t n)
{
    p[0] = code;
    p[1] = (uint8_t)n;
    memcpy(p + 2, v, n);
    return p + 2 + n;
}

/* Writes a 4-byte option (code) of value (v) at (p); returns the end. */
static uint8_t *put_opt32(uint8_t *p, uint8_t code, uint32_t v)
{
    uint8_t b[4];

    tcpip_put32(b, v);
    return put_opt(p, code, b, sizeof b);
}

int dhcp_msg_build(uint8_t *buf, size_t cap, const struct dhcp_out *o)
{
    static const uint8_t params[] = {
        DHCP_OPT_SUBNET_MASK, DHCP_OPT_ROUTER, DHCP_OPT_DNS, DHCP_OPT_MTU,
        DHCP_OPT_LEASE_TIME,  DHCP_OPT_T1,     DHCP_OPT_T2};
    uint8_t id[7], *p;
    size_t len;

    if (cap < DHCP_MAX_SEND)
        return -ENOSPC;
    memset(buf, 0, DHCP_MAX_SEND);
    buf[0] = DHCP_BOOTREQUEST;
    buf[1] = DHCP_HTYPE_ETH;
    buf[2] = 6;
    tcpip_put32(buf + 4, o->xid);
    tcpip_put16(buf + 8, o->secs);
    tcpip_put16(buf + 10, o->broadcast ? DHCP_FLAG_BROADCAST : 0);
    tcpip_put32(buf + 12, o->ciaddr);
    memcpy(buf + 28, o->mac, 6);
    tcpip_put32(buf + DHCP_COOKIE_OFF, DHCP_COOKIE);

    p = buf + DHCP_OPTS_OFF;
    p = put_opt(p, DHCP_OPT_MSG_TYPE, &o->type, 1);
    id[0] = DHCP_HTYPE_ETH;
    memcpy(id + 1, o->mac, 6);
    p = put_opt(p, DHCP_OPT_CLIENT_ID, id, sizeof id);
    if (o->requested)
        p = put_opt32(p, DHCP_OPT_REQUESTED_IP, o->requested);
    if (o->server_id)
        p = put_opt32(p, DHCP_OPT_SERVER_ID, o->server_id);
    if (o->hostname && o->hostname[0]) {
        size_t n = 0;
        while (n < 255 && o->hostname[n])
            n++;
        p = put_opt(p, DHCP_OPT_HOSTNAME, o->hostname, n);
    }
    if (o->params)
        p = put_opt(p, DHCP_OPT_PARAM_LIST, params, sizeof params);
    *p++ = DHCP_OPT_END;
    len = (size_t)(p - buf);
    return (int)(len < DHCP_MIN_SEND ? DHCP_MIN_SEND : len);
}
