/* SPDX-License-Identifier: ISC */
/* dhcp_server.h: a scripted DHCP server for the client's tests. */
#ifndef MIRAGE_TESTS_DHCP_SERVER_H
#define MIRAGE_TESTS_DHCP_SERVER_H

/*
 * The replies are written byte by byte at the offsets of RFC 2131's
 * figure 1, and what the client sends is read the same way, apart from
 * the client's own codec (devices/stack/direct/dhcp_msg.c), so that a
 * mistake there is not repeated here.
 */
#include <stdint.h>
#include <string.h>

#include "dhcp_stub.h"

/* A reply being written. */
struct srv_msg {
    uint8_t b[1500];
    size_t len;
};

static inline void srv_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline uint32_t srv_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static inline uint16_t srv_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* Starts a BOOTREPLY to (xid, chaddr) offering (yiaddr), with the cookie
   and option 53 (type) (none if 0). */
static inline void srv_begin(struct srv_msg *m, uint8_t type, uint32_t xid,
                             const uint8_t chaddr[6], uint32_t yiaddr)
{
    memset(m, 0, sizeof *m);
    m->b[0] = 2; /* op BOOTREPLY */
    m->b[1] = 1; /* htype Ethernet */
    m->b[2] = 6; /* hlen */
    srv_put32(m->b + 4, xid);
    srv_put32(m->b + 16, yiaddr);
    memcpy(m->b + 28, chaddr, 6);
    m->b[236] = 99; /* the magic cookie */
    m->b[237] = 130;
    m->b[238] = 83;
    m->b[239] = 99;
    m->len = 240;
    if (type) {
        m->b[240] = 53;
        m->b[241] = 1;
        m->b[242] = type;
        m->len = 243;
    }
}

/* Appends (n) raw bytes. */
static inline void srv_raw(struct srv_msg *m, const void *v, size_t n)
{
    memcpy(m->b + m->len, v, n);
    m->len += n;
}

/* Appends option (code) of (n) bytes (v). */
static inline void srv_opt(struct srv_msg *m, uint8_t code, const void *v,
                           uint8_t n)
{
    m->b[m->len++] = code;
    m->b[m->len++] = n;
    srv_raw(m, v, n);
}

/* Appends a 4-byte option (code) of value (v). */
static inline void srv_opt32(struct srv_msg *m, uint8_t code, uint32_t v)
{
    uint8_t b[4];

    srv_put32(b, v);
    srv_opt(m, code, b, 4);
}

/* Appends the end option. */
static inline void srv_end(struct srv_msg *m)
{
    m->b[m->len++] = 255;
}

/* The DHCP message in a sent datagram (after its 8-byte UDP header). */
static inline const uint8_t *srv_body(const struct stub_dgram *d)
{
    return d->data + 8;
}

/*
 * The value of option (code) in the options field of the message sent
 * in (d), its length in (*n); NULL if absent or if the options are
 * malformed.
 */
static inline const uint8_t *srv_find(const struct stub_dgram *d, uint8_t code,
                                      size_t *n)
{
    const uint8_t *p = srv_body(d);
    size_t len = d->len - 8, i = 240;

    while (i < len) {
        if (p[i] == 0) {
            i++;
            continue;
        }
        if (p[i] == 255 || i + 1 >= len || i + 2 + p[i + 1] > len)
            return NULL;
        if (p[i] == code) {
            *n = p[i + 1];
            return p + i + 2;
        }
        i += 2u + p[i + 1];
    }
    return NULL;
}

/* The message type (option 53) sent in (d), or 0. */
static inline int srv_type(const struct stub_dgram *d)
{
    size_t n;
    const uint8_t *v = srv_find(d, 53, &n);

    return v && n == 1 ? v[0] : 0;
}

/* The 4-byte option (code) sent in (d), or 0 if absent or not 4 bytes. */
static inline uint32_t srv_opt_u32(const struct stub_dgram *d, uint8_t code)
{
    size_t n;
    const uint8_t *v = srv_find(d, code, &n);

    return v && n == 4 ? srv_get32(v) : 0;
}

/* Fields of the message sent in (d). */
static inline uint32_t srv_xid(const struct stub_dgram *d)
{
    return srv_get32(srv_body(d) + 4);
}
static inline uint32_t srv_ciaddr(const struct stub_dgram *d)
{
    return srv_get32(srv_body(d) + 12);
}
static inline uint16_t srv_flags(const struct stub_dgram *d)
{
    return srv_get16(srv_body(d) + 10);
}
static inline uint16_t srv_secs(const struct stub_dgram *d)
{
    return srv_get16(srv_body(d) + 8);
}

#endif
