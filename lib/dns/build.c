/* SPDX-License-Identifier: ISC */
/* build.c: messages built into a caller's buffer, truncated to its size. */
#include <errno.h>
#include <string.h>

#include "dns_int.h"

/* The count of section (s) of (hdr). */
static uint16_t *count_of(struct mirage_dns_header *hdr, int s)
{
    switch (s) {
    case MIRAGE_DNS_QUESTION:
        return &hdr->qdcount;
    case MIRAGE_DNS_ANSWER:
        return &hdr->ancount;
    case MIRAGE_DNS_AUTHORITY:
        return &hdr->nscount;
    default:
        return &hdr->arcount;
    }
}

/* Whether (n) more bytes fit, the OPT record's room kept. */
static bool room(const struct mirage_dns_builder *b, size_t n)
{
    return b->len + b->reserve + n <= b->size;
}

/*
 * Drops what was being written to section (s) from (len) on (and the
 * names remembered from (nnames) on); from now on everything is dropped.
 * The answer, authority and question sections are truncated: TC.
 */
static int drop(struct mirage_dns_builder *b, int s, size_t len,
                unsigned nnames)
{
    b->len = len;
    b->nnames = nnames;
    b->dropped = true;
    if (s != MIRAGE_DNS_ADDITIONAL)
        b->hdr.flags |= MIRAGE_DNS_FLAG_TC;
    return -EMSGSIZE;
}

int mirage_dns_build_init(struct mirage_dns_builder *b, void *buf, size_t size,
                          uint16_t id, uint16_t flags)
{
    if (!buf || size < MIRAGE_DNS_HEADER_LEN)
        return -EINVAL;
    memset(b, 0, sizeof *b);
    b->buf = buf;
    b->size = size > MIRAGE_DNS_MSG_MAX ? MIRAGE_DNS_MSG_MAX : size;
    b->len = MIRAGE_DNS_HEADER_LEN;
    b->hdr.id = id;
    b->hdr.flags = flags;
    b->section = MIRAGE_DNS_QUESTION;
    return 0;
}

/* Whether (data, len) is a run of well-formed EDNS options. */
static bool options_ok(const uint8_t *data, size_t len)
{
    size_t at = 0;
    uint16_t code, vl;
    const uint8_t *v;
    int rc;

    if (len && !data)
        return false;
    while ((rc = mirage_dns_edns_option_next(data, len, &at, &code, &v, &vl)) >
           0)
        ;
    return rc == 0;
}

int mirage_dns_build_edns(struct mirage_dns_builder *b,
                          const struct mirage_dns_edns *edns)
{
    size_t need = 11 + (size_t)edns->options_len;

    if (b->finished || b->has_edns ||
        !options_ok(edns->options, edns->options_len))
        return -EINVAL;
    if (b->hdr.arcount >= MIRAGE_DNS_SECTION_MAX)
        return -E2BIG;
    if (!room(b, need))
        return -EMSGSIZE;
    b->reserve = need;
    b->has_edns = true;
    b->edns = *edns;
    return 0;
}

int mirage_dns_build_question(struct mirage_dns_builder *b,
                              const struct mirage_dns_question *q)
{
    size_t len = b->len;
    unsigned nnames = b->nnames;

    if (b->finished || b->section != MIRAGE_DNS_QUESTION ||
        b->hdr.qdcount >= MIRAGE_DNS_QUESTIONS_MAX ||
        !mirage_dns_name_valid(&q->name))
        return -EINVAL;
    if (b->dropped || dns_name_write(b, &q->name, true) != 0 || !room(b, 4))
        return drop(b, MIRAGE_DNS_QUESTION, len, nnames);
    dns_put16(b->buf + b->len, q->type);
    dns_put16(b->buf + b->len + 2, q->qclass);
    b->len += 4;
    b->hdr.qdcount++;
    return 0;
}

/* Whether (rr)'s RDATA is what its type allows. */
static bool rdata_ok(const struct mirage_dns_rr *rr)
{
    if (mirage_dns_rr_is_raw(rr->type, rr->rclass)) {
        size_t at = 0, sl, n = rr->rd.raw.len;
        const uint8_t *s;
        int rc;

        if (rr->type == MIRAGE_DNS_TYPE_OPT || (n && !rr->rd.raw.data))
            return false;
        if (rr->type != MIRAGE_DNS_TYPE_TXT)
            return true;
        while ((rc = mirage_dns_txt_next(rr->rd.raw.data, n, &at, &s, &sl)) > 0)
            ;
        return n > 0 && rc == 0;
    }
    switch (rr->type) {
    case MIRAGE_DNS_TYPE_A:
    case MIRAGE_DNS_TYPE_AAAA:
        return true;
    case MIRAGE_DNS_TYPE_MX:
        return mirage_dns_name_valid(&rr->rd.mx.exchange);
    case MIRAGE_DNS_TYPE_SRV:
        return mirage_dns_name_valid(&rr->rd.srv.target);
    case MIRAGE_DNS_TYPE_SOA:
        return mirage_dns_name_valid(&rr->rd.soa.mname) &&
               mirage_dns_name_valid(&rr->rd.soa.rname);
    default:
        return mirage_dns_name_valid(&rr->rd.target);
    }
}

/* Appends (n) bytes at (p) if they fit; returns 0 or -EMSGSIZE. */
static int put(struct mirage_dns_builder *b, const void *p, size_t n)
{
    if (!room(b, n))
        return -EMSGSIZE;
    if (n)
        memcpy(b->buf + b->len, p, n);
    b->len += n;
    return 0;
}

/* Appends the RDATA of (rr). Returns 0 or -EMSGSIZE. */
static int rdata_write(struct mirage_dns_builder *b,
                       const struct mirage_dns_rr *rr)
{
    uint8_t fixed[20];
    int rc;

    if (mirage_dns_rr_is_raw(rr->type, rr->rclass))
        return put(b, rr->rd.raw.data, rr->rd.raw.len);
    switch (rr->type) {
    case MIRAGE_DNS_TYPE_A:
        return put(b, rr->rd.a.bytes, 4);
    case MIRAGE_DNS_TYPE_AAAA:
        return put(b, rr->rd.aaaa.bytes, 16);
    case MIRAGE_DNS_TYPE_MX:
        dns_put16(fixed, rr->rd.mx.preference);
        rc = put(b, fixed, 2);
        return rc ? rc : dns_name_write(b, &rr->rd.mx.exchange, true);
    case MIRAGE_DNS_TYPE_SRV:
        dns_put16(fixed, rr->rd.srv.priority);
        dns_put16(fixed + 2, rr->rd.srv.weight);
        dns_put16(fixed + 4, rr->rd.srv.port);
        rc = put(b, fixed, 6);
        /* RFC 2782: the target is never compressed */
        return rc ? rc : dns_name_write(b, &rr->rd.srv.target, false);
    case MIRAGE_DNS_TYPE_SOA:
        rc = dns_name_write(b, &rr->rd.soa.mname, true);
        if (rc == 0)
            rc = dns_name_write(b, &rr->rd.soa.rname, true);
        dns_put32(fixed, rr->rd.soa.serial);
        dns_put32(fixed + 4, rr->rd.soa.refresh);
        dns_put32(fixed + 8, rr->rd.soa.retry);
        dns_put32(fixed + 12, rr->rd.soa.expire);
        dns_put32(fixed + 16, rr->rd.soa.minimum);
        return rc ? rc : put(b, fixed, 20);
    default: /* CNAME, NS, PTR */
        return dns_name_write(b, &rr->rd.target, true);
    }
}

int mirage_dns_build_rr(struct mirage_dns_builder *b, enum mirage_dns_section s,
                        const struct mirage_dns_rr *rr)
{
    size_t len = b->len, at;
    unsigned nnames = b->nnames;
    uint16_t *count = count_of(&b->hdr, (int)s);
    unsigned limit = MIRAGE_DNS_SECTION_MAX;
    uint8_t fixed[10];

    if (b->finished || s < MIRAGE_DNS_ANSWER || s > MIRAGE_DNS_ADDITIONAL ||
        (int)s < b->section || !mirage_dns_name_valid(&rr->name) ||
        !rdata_ok(rr))
        return -EINVAL;
    if (s == MIRAGE_DNS_ADDITIONAL && b->has_edns)
        limit--;
    if (*count >= limit)
        return -E2BIG;
    b->section = (int)s;
    if (b->dropped || dns_name_write(b, &rr->name, true) != 0)
        return drop(b, (int)s, len, nnames);
    dns_put16(fixed, rr->type);
    dns_put16(fixed + 2, rr->rclass);
    dns_put32(fixed + 4, rr->ttl);
    dns_put16(fixed + 8, 0);
    at = b->len + 8;
    if (put(b, fixed, 10) != 0 || rdata_write(b, rr) != 0 ||
        b->len - at - 2 > 0xffff)
        return drop(b, (int)s, len, nnames);
    dns_put16(b->buf + at, (uint16_t)(b->len - at - 2));
    (*count)++;
    return 0;
}

int mirage_dns_build_finish(struct mirage_dns_builder *b)
{
    uint8_t *p;

    if (b->finished)
        return -EINVAL;
    if (b->has_edns) {
        /* its room was kept: b->len + 11 + options_len <= b->size */
        p = b->buf + b->len;
        p[0] = 0;
        dns_put16(p + 1, MIRAGE_DNS_TYPE_OPT);
        dns_put16(p + 3, b->edns.udp_size);
        dns_put32(p + 5, (uint32_t)b->edns.ext_rcode << 24 |
                             (uint32_t)b->edns.version << 16 | b->edns.flags);
        dns_put16(p + 9, b->edns.options_len);
        if (b->edns.options_len)
            memcpy(p + 11, b->edns.options, b->edns.options_len);
        b->len += 11 + (size_t)b->edns.options_len;
        b->reserve = 0;
        b->hdr.arcount++;
    }
    p = b->buf;
    dns_put16(p, b->hdr.id);
    dns_put16(p + 2, b->hdr.flags);
    dns_put16(p + 4, b->hdr.qdcount);
    dns_put16(p + 6, b->hdr.ancount);
    dns_put16(p + 8, b->hdr.nscount);
    dns_put16(p + 10, b->hdr.arcount);
    b->finished = true;
    return (int)b->len;
}

int mirage_dns_build_query(void *buf, size_t size, uint16_t id, uint16_t flags,
                           const struct mirage_dns_question *q,
                           const struct mirage_dns_edns *edns)
{
    struct mirage_dns_builder b;
    int rc = mirage_dns_build_init(&b, buf, size, id, flags);

    if (rc == 0 && edns)
        rc = mirage_dns_build_edns(&b, edns);
    if (rc == 0)
        rc = mirage_dns_build_question(&b, q);
    return rc ? rc : mirage_dns_build_finish(&b);
}
