/* SPDX-License-Identifier: ISC */
/* rr.c: questions and resource records, each RDATA checked by its type. */
#include <errno.h>
#include <string.h>

#include "dns_int.h"

bool mirage_dns_rr_is_raw(uint16_t type, uint16_t rclass)
{
    switch (type) {
    case MIRAGE_DNS_TYPE_A:
    case MIRAGE_DNS_TYPE_AAAA:
        return rclass != MIRAGE_DNS_CLASS_IN;
    case MIRAGE_DNS_TYPE_CNAME:
    case MIRAGE_DNS_TYPE_NS:
    case MIRAGE_DNS_TYPE_PTR:
    case MIRAGE_DNS_TYPE_MX:
    case MIRAGE_DNS_TYPE_SRV:
    case MIRAGE_DNS_TYPE_SOA:
        return false;
    default:
        return true;
    }
}

int mirage_dns_txt_next(const uint8_t *data, size_t len, size_t *off,
                        const uint8_t **str, size_t *slen)
{
    size_t n;

    if (*off >= len)
        return 0;
    n = data[*off];
    if (len - *off - 1 < n)
        return -EBADMSG;
    *str = data + *off + 1;
    *slen = n;
    *off += 1 + n;
    return 1;
}

int mirage_dns_edns_option_next(const uint8_t *data, size_t len, size_t *off,
                                uint16_t *code, const uint8_t **val,
                                uint16_t *vlen)
{
    uint16_t n;

    if (*off >= len)
        return 0;
    if (len - *off < 4)
        return -EBADMSG;
    n = dns_get16(data + *off + 2);
    if (len - *off - 4 < n)
        return -EBADMSG;
    *code = dns_get16(data + *off);
    *val = data + *off + 4;
    *vlen = n;
    *off += 4 + (size_t)n;
    return 1;
}

/* Reads a name of RDATA at (off), which must end by (end) or, if (last),
 * exactly there; (*next) is the offset after it. */
static int rdata_name(const uint8_t *buf, size_t end, size_t off,
                      struct mirage_dns_name *name, size_t *next, bool last,
                      struct dns_fail *f)
{
    /* (end) bounds the bytes read in place; pointers lead further back */
    int rc = dns_name_read(buf, end, off, name, next, f);

    if (rc == 0 && last && *next != end)
        return dns_fail(f, -EBADMSG, "bytes after the name in RDATA", *next);
    return rc;
}

/* Reads the RDATA (buf, [off, end)) of (rr), whose type and class are set. */
static int rdata_read(const uint8_t *buf, size_t off, size_t end,
                      struct mirage_dns_rr *rr, struct dns_fail *f)
{
    size_t n = end - off, at;
    const uint8_t *p = buf + off;

    rr->rd.raw.data = p;
    rr->rd.raw.len = (uint16_t)n;
    if (mirage_dns_rr_is_raw(rr->type, rr->rclass)) {
        const uint8_t *s;
        size_t sl;
        uint16_t code, vl;
        int rc = 1;

        at = 0;
        if (rr->type == MIRAGE_DNS_TYPE_TXT) {
            if (n == 0)
                return dns_fail(f, -EBADMSG, "a TXT record without a string",
                                off);
            while ((rc = mirage_dns_txt_next(p, n, &at, &s, &sl)) > 0)
                ;
            if (rc < 0)
                return dns_fail(f, -EBADMSG, "a TXT string runs past its RDATA",
                                off + at);
        } else if (rr->type == MIRAGE_DNS_TYPE_OPT) {
            while ((rc = mirage_dns_edns_option_next(p, n, &at, &code, &s,
                                                     &vl)) > 0)
                ;
            if (rc < 0)
                return dns_fail(f, -EBADMSG,
                                "an EDNS option runs past its RDATA", off + at);
        }
        return 0;
    }
    switch (rr->type) {
    case MIRAGE_DNS_TYPE_A:
        if (n != 4)
            return dns_fail(f, -EBADMSG, "an A record's RDATA is not 4 bytes",
                            off);
        memcpy(rr->rd.a.bytes, p, 4);
        return 0;
    case MIRAGE_DNS_TYPE_AAAA:
        if (n != 16)
            return dns_fail(f, -EBADMSG,
                            "an AAAA record's RDATA is not 16 bytes", off);
        memcpy(rr->rd.aaaa.bytes, p, 16);
        return 0;
    case MIRAGE_DNS_TYPE_MX:
        if (n < 3)
            return dns_fail(f, -EBADMSG, "an MX record's RDATA is too short",
                            off);
        rr->rd.mx.preference = dns_get16(p);
        return rdata_name(buf, end, off + 2, &rr->rd.mx.exchange, &at, true, f);
    case MIRAGE_DNS_TYPE_SRV:
        if (n < 7)
            return dns_fail(f, -EBADMSG, "an SRV record's RDATA is too short",
                            off);
        rr->rd.srv.priority = dns_get16(p);
        rr->rd.srv.weight = dns_get16(p + 2);
        rr->rd.srv.port = dns_get16(p + 4);
        return rdata_name(buf, end, off + 6, &rr->rd.srv.target, &at, true, f);
    case MIRAGE_DNS_TYPE_SOA: {
        int rc = rdata_name(buf, end, off, &rr->rd.soa.mname, &at, false, f);

        if (rc == 0)
            rc = rdata_name(buf, end, at, &rr->rd.soa.rname, &at, false, f);
        if (rc)
            return rc;
        if (end - at != 20)
            return dns_fail(f, -EBADMSG,
                            "a SOA record's RDATA is not two names and 20 "
                            "bytes",
                            at);
        p = buf + at;
        rr->rd.soa.serial = dns_get32(p);
        rr->rd.soa.refresh = dns_get32(p + 4);
        rr->rd.soa.retry = dns_get32(p + 8);
        rr->rd.soa.expire = dns_get32(p + 12);
        rr->rd.soa.minimum = dns_get32(p + 16);
        return 0;
    }
    default: /* CNAME, NS, PTR */
        return rdata_name(buf, end, off, &rr->rd.target, &at, true, f);
    }
}

int dns_rr_read(const uint8_t *buf, size_t len, size_t off,
                struct mirage_dns_rr *rr, size_t *next, struct dns_fail *f)
{
    size_t p, rdlen;
    int rc = dns_name_read(buf, len, off, &rr->name, &p, f);

    if (rc)
        return rc;
    if (len - p < 10)
        return dns_fail(f, -EBADMSG, "a record cut short", p);
    rr->type = dns_get16(buf + p);
    rr->rclass = dns_get16(buf + p + 2);
    rr->ttl = dns_get32(buf + p + 4);
    rdlen = dns_get16(buf + p + 8);
    p += 10;
    if (len - p < rdlen)
        return dns_fail(f, -EBADMSG, "RDATA runs past the end", p - 2);
    *next = p + rdlen;
    return rdata_read(buf, p, p + rdlen, rr, f);
}

int dns_question_read(const uint8_t *buf, size_t len, size_t off,
                      struct mirage_dns_question *q, size_t *next,
                      struct dns_fail *f)
{
    size_t p;
    int rc = dns_name_read(buf, len, off, &q->name, &p, f);

    if (rc)
        return rc;
    if (len - p < 4)
        return dns_fail(f, -EBADMSG, "a question cut short", p);
    q->type = dns_get16(buf + p);
    q->qclass = dns_get16(buf + p + 2);
    *next = p + 4;
    return 0;
}
