/* SPDX-License-Identifier: ISC */
/* dns_fake.c: fake DNS servers on loopback (dns_fake.h): their zone, their
 * UDP and TCP loops and their ways to misbehave. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_fake.h"

#define TTL 30

static struct mirage_dns_name name_of(const char *text)
{
    struct mirage_dns_name n;

    mirage_dns_name_from_string(&n, text);
    return n;
}

static bool is(const struct mirage_dns_question *q, const char *text)
{
    struct mirage_dns_name n = name_of(text);

    return mirage_dns_name_equal(&q->name, &n);
}

static void add(struct mirage_dns_builder *b, enum mirage_dns_section s,
                struct mirage_dns_rr *rr)
{
    rr->rclass = MIRAGE_DNS_CLASS_IN;
    mirage_dns_build_rr(b, s, rr);
}

/* An A record of (owner): the address a.b.c.d. */
static void add_a(struct mirage_dns_builder *b, const char *owner, uint8_t a,
                  uint8_t bb, uint8_t c, uint8_t d, uint32_t ttl)
{
    struct mirage_dns_rr rr = {
        .name = name_of(owner), .type = MIRAGE_DNS_TYPE_A, .ttl = ttl};

    rr.rd.a = (struct mirage_ipv4){{a, bb, c, d}};
    add(b, MIRAGE_DNS_ANSWER, &rr);
}

static void add_name(struct mirage_dns_builder *b, const char *owner,
                     uint16_t type, const char *target, uint32_t ttl)
{
    struct mirage_dns_rr rr = {
        .name = name_of(owner), .type = type, .ttl = ttl};

    rr.rd.target = name_of(target);
    add(b, MIRAGE_DNS_ANSWER, &rr);
}

static void add_txt(struct mirage_dns_builder *b, const char *owner,
                    const uint8_t *data, uint16_t len)
{
    struct mirage_dns_rr rr = {
        .name = name_of(owner), .type = MIRAGE_DNS_TYPE_TXT, .ttl = TTL};

    rr.rd.raw.data = data;
    rr.rd.raw.len = len;
    add(b, MIRAGE_DNS_ANSWER, &rr);
}

/* The SOA of "test": TTL 60, MINIMUM 40, so negative answers last 40 s. */
static void add_soa(struct mirage_dns_builder *b)
{
    struct mirage_dns_rr rr = {
        .name = name_of("test"), .type = MIRAGE_DNS_TYPE_SOA, .ttl = 60};

    rr.rd.soa.mname = name_of("ns.test");
    rr.rd.soa.rname = name_of("admin.test");
    rr.rd.soa.serial = 1;
    rr.rd.soa.refresh = 3600;
    rr.rd.soa.retry = 600;
    rr.rd.soa.expire = 86400;
    rr.rd.soa.minimum = 40;
    add(b, MIRAGE_DNS_AUTHORITY, &rr);
}

/* The zone's answer to (q) into (b); returns the RCODE. */
static int zone(struct mirage_dns_builder *b,
                const struct mirage_dns_question *q)
{
    static uint8_t big[8 * 201];
    static const uint8_t hello[] = "\005hello\005world";
    uint16_t t = q->type;
    unsigned i;

    if (is(q, "servfail.test"))
        return MIRAGE_DNS_RCODE_SERVFAIL;
    if (is(q, "refused.test"))
        return MIRAGE_DNS_RCODE_REFUSED;
    if (is(q, "a.test") && t == MIRAGE_DNS_TYPE_A) {
        add_a(b, "a.test", 10, 0, 0, 1, TTL);
        add_a(b, "a.test", 10, 0, 0, 2, TTL);
    } else if (is(q, "alias.test") && t == MIRAGE_DNS_TYPE_A) {
        /* the chain's records in another order than the chain's */
        add_name(b, "mid.test", MIRAGE_DNS_TYPE_CNAME, "a.test", 20);
        add_a(b, "a.test", 10, 0, 0, 1, TTL);
        add_name(b, "alias.test", MIRAGE_DNS_TYPE_CNAME, "mid.test", 100);
    } else if (is(q, "alias.test") && t == MIRAGE_DNS_TYPE_CNAME) {
        add_name(b, "alias.test", MIRAGE_DNS_TYPE_CNAME, "mid.test", 100);
    } else if (is(q, "loop.test")) {
        add_name(b, "loop.test", MIRAGE_DNS_TYPE_CNAME, "loop2.test", TTL);
        add_name(b, "loop2.test", MIRAGE_DNS_TYPE_CNAME, "loop.test", TTL);
    } else if (is(q, "mx.test") && t == MIRAGE_DNS_TYPE_MX) {
        struct mirage_dns_rr rr = {
            .name = name_of("mx.test"), .type = t, .ttl = TTL};
        rr.rd.mx.preference = 10;
        rr.rd.mx.exchange = name_of("mail.test");
        add(b, MIRAGE_DNS_ANSWER, &rr);
    } else if (is(q, "srv.test") && t == MIRAGE_DNS_TYPE_SRV) {
        struct mirage_dns_rr rr = {
            .name = name_of("srv.test"), .type = t, .ttl = TTL};
        rr.rd.srv.priority = 1;
        rr.rd.srv.weight = 2;
        rr.rd.srv.port = 80;
        rr.rd.srv.target = name_of("host.test");
        add(b, MIRAGE_DNS_ANSWER, &rr);
    } else if (is(q, "txt.test") && t == MIRAGE_DNS_TYPE_TXT) {
        add_txt(b, "txt.test", hello, sizeof(hello) - 1);
    } else if (is(q, "big.test") && t == MIRAGE_DNS_TYPE_TXT) {
        /* 1,608 bytes of TXT: more than the 1,232 of our EDNS */
        for (i = 0; i < 8; i++) {
            big[i * 201] = 200;
            memset(big + i * 201 + 1, 'a' + (int)i, 200);
        }
        add_txt(b, "big.test", big, sizeof(big));
    } else if (is(q, "1.0.0.10.in-addr.arpa") && t == MIRAGE_DNS_TYPE_PTR) {
        add_name(b, "1.0.0.10.in-addr.arpa", t, "host.test", TTL);
    } else if (is(q, "v6.test") && t == MIRAGE_DNS_TYPE_AAAA) {
        struct mirage_dns_rr rr = {
            .name = name_of("v6.test"), .type = t, .ttl = TTL};
        rr.rd.aaaa.bytes[0] = 0x20;
        rr.rd.aaaa.bytes[1] = 0x01;
        rr.rd.aaaa.bytes[2] = 0x0d;
        rr.rd.aaaa.bytes[3] = 0xb8;
        rr.rd.aaaa.bytes[15] = 1;
        add(b, MIRAGE_DNS_ANSWER, &rr);
    } else if (is(q, "conn.test") && t == MIRAGE_DNS_TYPE_A) {
        add_a(b, "conn.test", 127, 0, 0, 2, TTL); /* nobody listens there */
        add_a(b, "conn.test", 127, 0, 0, 1, TTL);
    } else if (is(q, "zero.test") && t == MIRAGE_DNS_TYPE_A) {
        add_a(b, "zero.test", 10, 0, 0, 9, 0);
    } else if (is(q, "nodata.test") || is(q, "txt.test")) {
        add_soa(b); /* the name is there, not this type */
    } else {
        char text[MIRAGE_DNS_NAME_STRLEN];
        unsigned n;
        mirage_dns_name_to_string(&q->name, text, sizeof(text));
        /* c0.test ... c99.test: one A each, for the cache's bound */
        if (sscanf(text, "c%u.test", &n) == 1 && t == MIRAGE_DNS_TYPE_A) {
            char owner[32];
            snprintf(owner, sizeof(owner), "c%u.test", n);
            add_a(b, owner, 10, 0, 9, (uint8_t)n, 300);
            return MIRAGE_DNS_RCODE_NOERROR;
        }
        add_soa(b);
        return MIRAGE_DNS_RCODE_NXDOMAIN;
    }
    return MIRAGE_DNS_RCODE_NOERROR;
}

/*
 * The answer of (s) to the query (qbuf, qlen) into (out), (size) bytes
 * (over UDP: cut to the query's payload size). (lie) != 0 answers a.test's
 * A with 6.6.6.(lie) instead. Returns the length, or -1 for no answer.
 */
static int answer(struct fake_server *s, const uint8_t *qbuf, size_t qlen,
                  uint8_t *out, size_t size, bool udp, int lie)
{
    struct mirage_dns_msg m;
    struct mirage_dns_question q;
    struct mirage_dns_builder b;
    struct mirage_dns_edns edns = {.udp_size = 1232};
    size_t limit = size;
    int rcode;

    if (mirage_dns_parse(&m, qbuf, qlen) < 0 ||
        mirage_dns_msg_question(&m, &q) < 0)
        return -1;
    if (udp && mirage_dns_udp_payload(&m) < limit)
        limit = mirage_dns_udp_payload(&m);
    if (udp && s->mode == FAKE_NO_EDNS && m.has_edns) {
        mirage_dns_build_init(&b, out, limit, m.hdr.id,
                              MIRAGE_DNS_FLAG_QR | MIRAGE_DNS_RCODE_FORMERR);
        mirage_dns_build_question(&b, &q);
        return mirage_dns_build_finish(&b);
    }
    if (udp && s->mode == FAKE_LOWER)
        for (unsigned i = 0; i < q.name.len; i++)
            q.name.wire[i] = (uint8_t)tolower(q.name.wire[i]);
    mirage_dns_build_init(&b, out, limit, m.hdr.id,
                          MIRAGE_DNS_FLAG_QR | MIRAGE_DNS_FLAG_RD |
                              MIRAGE_DNS_FLAG_RA);
    if (m.has_edns)
        mirage_dns_build_edns(&b, &edns);
    if (lie == 3)
        q.name = name_of("evil.test"); /* another question */
    mirage_dns_build_question(&b, &q);
    if (lie) {
        /* a forgery: 6.6.6.(lie) for a.test */
        add_a(&b, "a.test", 6, 6, 6, (uint8_t)lie, TTL);
        if (lie == 2)
            b.hdr.id ^= 1; /* another ID */
        return mirage_dns_build_finish(&b);
    }
    if (udp && s->mode == FAKE_SERVFAIL)
        rcode = MIRAGE_DNS_RCODE_SERVFAIL;
    else if (udp && s->mode == FAKE_REFUSED)
        rcode = MIRAGE_DNS_RCODE_REFUSED;
    else
        rcode = zone(&b, &q);
    b.hdr.flags |= (uint16_t)rcode;
    return mirage_dns_build_finish(&b);
}

/* Notes the query (buf, len) from (from) in (s)'s log. */
static void note(struct fake_server *s, const uint8_t *buf, size_t len,
                 const struct mirage_stack_endpoint *from)
{
    struct mirage_dns_msg m;
    struct mirage_dns_question q;
    unsigned k = s->udp_queries + s->tcp_queries;

    if (mirage_dns_parse(&m, buf, len) < 0)
        return;
    if (from) {
        s->ports[k % FAKE_LOG] = from->port;
        s->ids[k % FAKE_LOG] = m.hdr.id;
    }
    if (m.has_edns)
        s->edns_queries++;
    if (mirage_dns_msg_question(&m, &q) == 0)
        mirage_dns_name_to_string(&q.name, s->last_name, sizeof(s->last_name));
}

static void send_answer(struct fake_server *s, struct mirage_udp_socket *sock,
                        const uint8_t *q, size_t qlen,
                        const struct mirage_stack_endpoint *to, int lie)
{
    uint8_t out[4096];
    int n = answer(s, q, qlen, out, sizeof(out), true, lie);

    if (n > 0)
        mirage_udp_sendto(sock, to, out, (size_t)n, MIRAGE_FOREVER);
}

static int udp_loop(void *arg)
{
    struct fake_server *s = arg;
    struct mirage_stack_endpoint from;
    uint8_t q[512];
    int n;

    while ((n = mirage_udp_recvfrom(s->udp, q, sizeof(q), &from,
                                    MIRAGE_FOREVER)) != -ECANCELED &&
           n != -EBADF) {
        if (n < 0)
            continue;
        note(s, q, (size_t)n, &from);
        s->udp_queries++;
        switch (s->mode) {
        case FAKE_SILENT:
            break;
        case FAKE_SPOOF:
            send_answer(s, s->spoof, q, (size_t)n, &from, 1); /* other port */
            send_answer(s, s->udp, q, (size_t)n, &from, 2);   /* other ID */
            send_answer(s, s->udp, q, (size_t)n, &from, 3);   /* other name */
            send_answer(s, s->udp, q, (size_t)n, &from, 0);
            break;
        case FAKE_MALFORMED: {
            /* the ID and QR, a question counted and missing */
            uint8_t bad[12] = {q[0], q[1], 0x81, 0x80, 0, 1};
            mirage_udp_sendto(s->udp, &from, bad, sizeof(bad), MIRAGE_FOREVER);
            break;
        }
        case FAKE_HOLD:
            memcpy(s->held[s->nheld], q, (size_t)n);
            s->held_len[s->nheld] = n;
            s->held_from[s->nheld++] = from;
            if (s->nheld < FAKE_HOLD_N)
                break;
            while (s->nheld > 0) {
                s->nheld--;
                send_answer(s, s->udp, s->held[s->nheld],
                            (size_t)s->held_len[s->nheld],
                            &s->held_from[s->nheld], 0);
            }
            break;
        default:
            send_answer(s, s->udp, q, (size_t)n, &from, 0);
        }
    }
    return 0;
}

/* Reads exactly (len) bytes of (flow). */
static int read_all(struct mirage_tcp_flow *flow, uint8_t *buf, size_t len)
{
    size_t have = 0;

    while (have < len) {
        int n = mirage_tcp_read(flow, buf + have, len - have, MIRAGE_FOREVER);
        if (n <= 0)
            return -1;
        have += (size_t)n;
    }
    return 0;
}

static int tcp_loop(void *arg)
{
    struct fake_server *s = arg;
    struct mirage_tcp_flow *flow;
    static uint8_t q[65535], out[65535 + 2];

    while (mirage_tcp_accept(s->tcp, &flow, MIRAGE_FOREVER) == 0) {
        uint8_t prefix[2];
        size_t len;
        int n;

        if (read_all(flow, prefix, 2) == 0) {
            len = (size_t)prefix[0] << 8 | prefix[1];
            if (read_all(flow, q, len) == 0) {
                note(s, q, len, NULL);
                s->tcp_queries++;
                n = answer(s, q, len, out + 2, sizeof(out) - 2, false, 0);
                if (n > 0) {
                    mirage_dns_tcp_prefix(out, (size_t)n);
                    mirage_tcp_write(flow, out, (size_t)n + 2, MIRAGE_FOREVER);
                }
            }
        }
        mirage_tcp_close(flow);
    }
    return 0;
}

int fake_start(struct fake_server *s, struct mirage_stack *stack)
{
    struct mirage_stack_endpoint lo =
        mirage_stack_endpoint_ipv4(127, 0, 0, 1, 0);
    int rc = -EADDRINUSE;

    s->stack = stack;
    for (int k = 0; k < 10 && rc == -EADDRINUSE; k++) {
        lo.port = 0;
        rc = mirage_udp_bind(stack, &lo, &s->udp);
        if (rc < 0)
            return rc;
        lo.port = (uint16_t)mirage_udp_port(s->udp);
        rc = mirage_tcp_listen(stack, &lo, 8, &s->tcp);
        if (rc < 0)
            mirage_udp_close(s->udp);
    }
    if (rc < 0)
        return rc;
    s->port = lo.port;
    lo.port = 0;
    rc = mirage_udp_bind(stack, &lo, &s->spoof);
    if (rc == 0)
        rc = mirage_fiber_spawn(&s->ufiber, udp_loop, s, NULL);
    if (rc == 0)
        rc = mirage_fiber_spawn(&s->tfiber, tcp_loop, s, NULL);
    return rc;
}

void fake_stop(struct fake_server *s)
{
    mirage_fiber_cancel(s->ufiber);
    mirage_fiber_cancel(s->tfiber);
    mirage_fiber_join(s->ufiber, NULL, MIRAGE_FOREVER);
    mirage_fiber_join(s->tfiber, NULL, MIRAGE_FOREVER);
    mirage_udp_close(s->udp);
    mirage_udp_close(s->spoof);
    mirage_tcp_listener_close(s->tcp);
}

const char *fake_addr(struct fake_server *s)
{
    static char text[2][32];
    static int k;

    k ^= 1;
    snprintf(text[k], sizeof(text[k]), "127.0.0.1:%u", (unsigned)s->port);
    return text[k];
}
