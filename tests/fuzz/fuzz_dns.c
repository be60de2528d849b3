/* SPDX-License-Identifier: ISC */
/* fuzz_dns.c: the DNS codec (lib/dns) on hostile messages. */
#define FUZZ_NAME    "fuzz_dns"
#define FUZZ_INPUTS  2000000
#define FUZZ_SECONDS 5
#define FUZZ_MAXLEN  20000
#define FUZZ_TEXT    0

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mirage/dns.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* --- The model: the wire rules, written apart from lib/dns ------------ */

/*
 * What the model read of one record: its name, fields, where its RDATA
 * lies and the names in it (up to two: SOA's).
 */
struct mrec {
    uint8_t name[256];
    unsigned name_len;
    uint16_t type, rclass;
    uint32_t ttl;
    size_t rd, rdlen;
    uint8_t rdname[2][256];
    unsigned rdname_len[2];
    int nnames;
};

struct model {
    uint16_t id, flags, count[4];
    uint8_t qname[256];
    unsigned qname_len;
    uint16_t qtype, qclass;
    struct mrec rec[3][MIRAGE_DNS_SECTION_MAX];
    bool opt;
    size_t opt_at; /* the OPT record: (section 3) index */
};

static struct model mdl;

/* Bytes read for the name being read, to tell a loop: a bitmap. */
static uint8_t seen[65536 / 8];

static bool seen_get(size_t at)
{
    return seen[at / 8] >> (at % 8) & 1;
}

static void seen_set(size_t at)
{
    seen[at / 8] = (uint8_t)(seen[at / 8] | 1u << (at % 8));
}

/*
 * The name at (at) of (p), its bytes in place within (end): into (out),
 * (*out_len); (*next) after its bytes in place. Every byte read is
 * marked: a pointer back to a byte read already is a loop; forward, into
 * the header, or the 129th of a name, malformed.
 */
static int model_name(const uint8_t *p, size_t end, size_t at, uint8_t *out,
                      unsigned *out_len, size_t *next)
{
    size_t marked[1024];
    unsigned nmarked = 0, n = 0, hops = 0;
    bool jumped = false;
    int rc;

    for (;;) {
        unsigned c;

        if (at >= end) {
            rc = -EBADMSG;
            break;
        }
        c = p[at];
        seen_set(at);
        marked[nmarked++] = at;
        if (c >= 0xc0) {
            size_t to;

            if (at + 1 >= end) {
                rc = -EBADMSG;
                break;
            }
            seen_set(at + 1);
            marked[nmarked++] = at + 1;
            to = (size_t)(c & 0x3f) * 256 + p[at + 1];
            if (!jumped)
                *next = at + 2;
            jumped = true;
            if (to > at) {
                rc = -EBADMSG;
                break;
            }
            if (seen_get(to)) {
                rc = -ELOOP;
                break;
            }
            if (to < 12 || ++hops > 128) {
                rc = -EBADMSG;
                break;
            }
            at = to;
        } else if (c >= 0x40) {
            rc = -EBADMSG;
            break;
        } else if (c == 0) {
            out[n++] = 0;
            *out_len = n;
            if (!jumped)
                *next = at + 1;
            rc = 0;
            break;
        } else {
            if (at + 1 + c > end || n + c + 2 > 255) {
                rc = -EBADMSG;
                break;
            }
            memcpy(out + n, p + at, c + 1);
            n += c + 1;
            for (unsigned j = 1; j <= c; j++) {
                seen_set(at + j);
                marked[nmarked++] = at + j;
            }
            at += c + 1;
        }
    }
    for (unsigned i = 0; i < nmarked; i++)
        seen[marked[i] / 8] = 0;
    return rc;
}

/* Whether (rclass) gives A and AAAA their shape. */
static bool shaped(uint16_t type, uint16_t rclass)
{
    return (type != 1 && type != 28) || rclass == 1;
}

/* Checks the RDATA [rd, end) of (r) by its type; its names into (r). */
static int model_rdata(const uint8_t *p, size_t rd, size_t end, struct mrec *r)
{
    size_t at = rd, n = end - rd;
    int rc, names = 0, fixed_after = 0;

    r->nnames = 0;
    switch (r->type) {
    case 1:
    case 28:
        if (!shaped(r->type, r->rclass))
            return 0;
        return n == (r->type == 1 ? 4u : 16u) ? 0 : -EBADMSG;
    case 2:
    case 5:
    case 12:
        names = 1;
        break;
    case 15:
        if (n < 2)
            return -EBADMSG;
        at += 2;
        names = 1;
        break;
    case 33:
        if (n < 6)
            return -EBADMSG;
        at += 6;
        names = 1;
        break;
    case 6:
        names = 2;
        fixed_after = 20;
        break;
    case 16:
        if (n == 0)
            return -EBADMSG;
        while (at < end)
            at += 1 + (size_t)p[at];
        return at == end ? 0 : -EBADMSG;
    case 41:
        while (at < end) {
            if (end - at < 4)
                return -EBADMSG;
            at += 4 + (size_t)(p[at + 2] * 256 + p[at + 3]);
        }
        return at == end ? 0 : -EBADMSG;
    default:
        return 0;
    }
    for (int i = 0; i < names; i++) {
        rc = model_name(p, end, at, r->rdname[i], &r->rdname_len[i], &at);
        if (rc)
            return rc;
        r->nnames++;
    }
    return end - at == (size_t)fixed_after ? 0 : -EBADMSG;
}

/* The model's verdict on the message (p, len), its reading in mdl. */
static int model_parse(const uint8_t *p, size_t len)
{
    size_t at = 12;
    int rc;

    memset(&mdl.count, 0, sizeof mdl.count);
    mdl.opt = false;
    if (len > 65535)
        return -EMSGSIZE;
    if (len < 12)
        return -EBADMSG;
    mdl.id = (uint16_t)(p[0] * 256 + p[1]);
    mdl.flags = (uint16_t)(p[2] * 256 + p[3]);
    for (int s = 0; s < 4; s++)
        mdl.count[s] = (uint16_t)(p[4 + 2 * s] * 256 + p[5 + 2 * s]);
    if (mdl.count[0] > 1)
        return -E2BIG;
    for (int s = 1; s < 4; s++)
        if (mdl.count[s] > MIRAGE_DNS_SECTION_MAX)
            return -E2BIG;
    if (mdl.count[0]) {
        rc = model_name(p, len, at, mdl.qname, &mdl.qname_len, &at);
        if (rc)
            return rc;
        if (len - at < 4)
            return -EBADMSG;
        mdl.qtype = (uint16_t)(p[at] * 256 + p[at + 1]);
        mdl.qclass = (uint16_t)(p[at + 2] * 256 + p[at + 3]);
        at += 4;
    }
    for (int s = 1; s < 4; s++) {
        for (unsigned i = 0; i < mdl.count[s]; i++) {
            struct mrec *r = &mdl.rec[s - 1][i];

            rc = model_name(p, len, at, r->name, &r->name_len, &at);
            if (rc)
                return rc;
            if (len - at < 10)
                return -EBADMSG;
            r->type = (uint16_t)(p[at] * 256 + p[at + 1]);
            r->rclass = (uint16_t)(p[at + 2] * 256 + p[at + 3]);
            r->ttl = (uint32_t)p[at + 4] << 24 | (uint32_t)p[at + 5] << 16 |
                     (uint32_t)p[at + 6] << 8 | p[at + 7];
            r->rdlen = (size_t)(p[at + 8] * 256 + p[at + 9]);
            r->rd = at + 10;
            if (len - r->rd < r->rdlen)
                return -EBADMSG;
            at = r->rd + r->rdlen;
            rc = model_rdata(p, r->rd, at, r);
            if (rc)
                return rc;
            if (r->type == 41) {
                if (s != 3 || mdl.opt || r->name_len != 1)
                    return -EBADMSG;
                mdl.opt = true;
                mdl.opt_at = i;
            }
        }
    }
    return at == len ? 0 : -EBADMSG;
}

/* --- Properties --------------------------------------------------------- */

/* Whether (a, alen) is the name (n), byte for byte. */
static bool same_bytes(const uint8_t *a, unsigned alen,
                       const struct mirage_dns_name *n)
{
    return alen == n->len && memcmp(a, n->wire, alen) == 0;
}

/*
 * A name lib/dns gave: within the limits by a walk of its own; its text
 * form fits MIRAGE_DNS_NAME_STRLEN and reads back to the same bytes.
 */
static void check_name(const struct mirage_dns_name *n, const char *what)
{
    static char text[MIRAGE_DNS_NAME_STRLEN];
    struct mirage_dns_name back;
    size_t i = 0;
    int rc;

    if (n->len < 1)
        fuzz_fail("%s: a name of 0 bytes", what);
    while (n->wire[i] != 0) {
        if (n->wire[i] > 63)
            fuzz_fail("%s: a label of %u bytes", what, n->wire[i]);
        i += 1 + (size_t)n->wire[i];
        if (i >= n->len)
            fuzz_fail("%s: a name that runs past its length", what);
    }
    if (i + 1 != n->len)
        fuzz_fail("%s: %u bytes, the root at %zu", what, n->len, i);
    rc = mirage_dns_name_to_string(n, text, sizeof text);
    if (rc < 0 || (size_t)rc != strlen(text))
        fuzz_fail("%s: mirage_dns_name_to_string: %d", what, rc);
    rc = mirage_dns_name_from_string(&back, text);
    if (rc != 0 || back.len != n->len || memcmp(back.wire, n->wire, n->len))
        fuzz_fail("%s: \"%s\" reads back as another name (%d)", what, text, rc);
}

/* The records of a parsed message, by section (answer, authority,
 * additional). */
static struct mirage_dns_rr recs[3][MIRAGE_DNS_SECTION_MAX];
static struct mirage_dns_rr recs2[3][MIRAGE_DNS_SECTION_MAX];

/* Reads every record of (m) into (out); checks each name and that the
 * iterator stays within the message. */
static void read_all(const struct mirage_dns_msg *m,
                     struct mirage_dns_rr out[3][MIRAGE_DNS_SECTION_MAX],
                     const uint16_t *counts)
{
    for (int s = 1; s < 4; s++) {
        struct mirage_dns_iter it;
        unsigned k = 0;
        int rc;

        mirage_dns_iter_init(&it, m, (enum mirage_dns_section)s);
        while ((rc = mirage_dns_iter_next(&it, &out[s - 1][k])) == 1) {
            struct mirage_dns_rr *r = &out[s - 1][k];

            if (it.off > m->len)
                fuzz_fail("the iterator at %zu of %zu bytes", it.off, m->len);
            check_name(&r->name, "an owner");
            if (!mirage_dns_rr_is_raw(r->type, r->rclass)) {
                switch (r->type) {
                case MIRAGE_DNS_TYPE_MX:
                    check_name(&r->rd.mx.exchange, "an MX exchange");
                    break;
                case MIRAGE_DNS_TYPE_SRV:
                    check_name(&r->rd.srv.target, "an SRV target");
                    break;
                case MIRAGE_DNS_TYPE_SOA:
                    check_name(&r->rd.soa.mname, "a SOA MNAME");
                    check_name(&r->rd.soa.rname, "a SOA RNAME");
                    break;
                case MIRAGE_DNS_TYPE_A:
                case MIRAGE_DNS_TYPE_AAAA:
                    break;
                default:
                    check_name(&r->rd.target, "a target");
                }
            } else if (r->rd.raw.len &&
                       (r->rd.raw.data < m->buf ||
                        r->rd.raw.data + r->rd.raw.len > m->buf + m->len)) {
                fuzz_fail("raw RDATA outside the message");
            }
            if (++k > counts[s])
                break;
        }
        if (rc != 0 || k != counts[s])
            fuzz_fail("section %d: %u records read of %u (%d)", s, k, counts[s],
                      rc);
    }
}

/* Whether the parsed (a) agrees with the model's (r), read from (p). */
static bool agrees(const struct mirage_dns_rr *a, const struct mrec *r,
                   const uint8_t *p)
{
    if (!same_bytes(r->name, r->name_len, &a->name) || a->type != r->type ||
        a->rclass != r->rclass || a->ttl != r->ttl)
        return false;
    if (mirage_dns_rr_is_raw(a->type, a->rclass))
        return a->rd.raw.data == p + r->rd && a->rd.raw.len == r->rdlen;
    switch (a->type) {
    case 1:
        return memcmp(a->rd.a.bytes, p + r->rd, 4) == 0;
    case 28:
        return memcmp(a->rd.aaaa.bytes, p + r->rd, 16) == 0;
    case 15:
        return a->rd.mx.preference == p[r->rd] * 256 + p[r->rd + 1] &&
               same_bytes(r->rdname[0], r->rdname_len[0], &a->rd.mx.exchange);
    case 33:
        return a->rd.srv.priority == p[r->rd] * 256 + p[r->rd + 1] &&
               a->rd.srv.weight == p[r->rd + 2] * 256 + p[r->rd + 3] &&
               a->rd.srv.port == p[r->rd + 4] * 256 + p[r->rd + 5] &&
               same_bytes(r->rdname[0], r->rdname_len[0], &a->rd.srv.target);
    case 6: {
        const uint8_t *f = p + r->rd + r->rdlen - 20;
        uint32_t v[5];

        for (int i = 0; i < 5; i++)
            v[i] = (uint32_t)f[4 * i] << 24 | (uint32_t)f[4 * i + 1] << 16 |
                   (uint32_t)f[4 * i + 2] << 8 | f[4 * i + 3];
        return same_bytes(r->rdname[0], r->rdname_len[0], &a->rd.soa.mname) &&
               same_bytes(r->rdname[1], r->rdname_len[1], &a->rd.soa.rname) &&
               a->rd.soa.serial == v[0] && a->rd.soa.refresh == v[1] &&
               a->rd.soa.retry == v[2] && a->rd.soa.expire == v[3] &&
               a->rd.soa.minimum == v[4];
    }
    default:
        return same_bytes(r->rdname[0], r->rdname_len[0], &a->rd.target);
    }
}

/* Whether records (a) and (b), of two messages, are the same. */
static bool same_rr(const struct mirage_dns_rr *a,
                    const struct mirage_dns_rr *b)
{
    struct mirage_dns_rr x = *a, y = *b;

    if (a->type != b->type || a->rclass != b->rclass || a->ttl != b->ttl ||
        a->name.len != b->name.len ||
        memcmp(a->name.wire, b->name.wire, a->name.len) != 0)
        return false;
    if (mirage_dns_rr_is_raw(a->type, a->rclass))
        return a->rd.raw.len == b->rd.raw.len &&
               (!a->rd.raw.len ||
                memcmp(a->rd.raw.data, b->rd.raw.data, a->rd.raw.len) == 0);
    /* the decoded forms: every byte of the union a type uses was set */
    switch (a->type) {
    case 1:
        return memcmp(&x.rd.a, &y.rd.a, sizeof x.rd.a) == 0;
    case 28:
        return memcmp(&x.rd.aaaa, &y.rd.aaaa, sizeof x.rd.aaaa) == 0;
    case 15:
        return x.rd.mx.preference == y.rd.mx.preference &&
               x.rd.mx.exchange.len == y.rd.mx.exchange.len &&
               !memcmp(x.rd.mx.exchange.wire, y.rd.mx.exchange.wire,
                       x.rd.mx.exchange.len);
    case 33:
        return x.rd.srv.priority == y.rd.srv.priority &&
               x.rd.srv.weight == y.rd.srv.weight &&
               x.rd.srv.port == y.rd.srv.port &&
               x.rd.srv.target.len == y.rd.srv.target.len &&
               !memcmp(x.rd.srv.target.wire, y.rd.srv.target.wire,
                       x.rd.srv.target.len);
    case 6:
        return x.rd.soa.mname.len == y.rd.soa.mname.len &&
               !memcmp(x.rd.soa.mname.wire, y.rd.soa.mname.wire,
                       x.rd.soa.mname.len) &&
               x.rd.soa.rname.len == y.rd.soa.rname.len &&
               !memcmp(x.rd.soa.rname.wire, y.rd.soa.rname.wire,
                       x.rd.soa.rname.len) &&
               x.rd.soa.serial == y.rd.soa.serial &&
               x.rd.soa.refresh == y.rd.soa.refresh &&
               x.rd.soa.retry == y.rd.soa.retry &&
               x.rd.soa.expire == y.rd.soa.expire &&
               x.rd.soa.minimum == y.rd.soa.minimum;
    default:
        return x.rd.target.len == y.rd.target.len &&
               !memcmp(x.rd.target.wire, y.rd.target.wire, x.rd.target.len);
    }
}

/* The bytes (rr) takes with no compression at all. */
static size_t whole_size(const struct mirage_dns_rr *rr)
{
    size_t n = rr->name.len + 10u;

    if (mirage_dns_rr_is_raw(rr->type, rr->rclass))
        return n + rr->rd.raw.len;
    switch (rr->type) {
    case 1:
        return n + 4;
    case 28:
        return n + 16;
    case 15:
        return n + 2 + rr->rd.mx.exchange.len;
    case 33:
        return n + 6 + rr->rd.srv.target.len;
    case 6:
        return n + rr->rd.soa.mname.len + rr->rd.soa.rname.len + 20;
    default:
        return n + rr->rd.target.len;
    }
}

static uint8_t out[MIRAGE_DNS_MSG_MAX];

/*
 * Builds (m) again into (out) with a size of (size): EDNS first, as a
 * server keeps its room; (*kept) the entries that went in, per section
 * (the OPT record aside), (*dropped_tc) whether one of the question,
 * answer or authority was dropped. Returns the length, or the first
 * error that is not a drop.
 */
static int rebuild(const struct mirage_dns_msg *m,
                   const struct mirage_dns_question *q, const uint16_t *counts,
                   size_t size, unsigned kept[4], bool *edns_in,
                   bool *dropped_tc)
{
    struct mirage_dns_builder b;
    bool dropped = false;
    int rc;

    memset(kept, 0, 4 * sizeof kept[0]);
    *dropped_tc = *edns_in = false;
    rc = mirage_dns_build_init(&b, out, size, m->hdr.id, m->hdr.flags);
    if (rc)
        return rc;
    if (m->has_edns) {
        rc = mirage_dns_build_edns(&b, &m->edns);
        if (rc && rc != -EMSGSIZE)
            return rc;
        *edns_in = rc == 0;
    }
    if (m->hdr.qdcount) {
        rc = mirage_dns_build_question(&b, q);
        if (rc == 0)
            kept[0]++;
        else if (rc == -EMSGSIZE)
            dropped = *dropped_tc = true;
        else
            return rc;
    }
    for (int s = 1; s < 4; s++) {
        for (unsigned i = 0; i < counts[s]; i++) {
            const struct mirage_dns_rr *rr = &recs[s - 1][i];

            if (rr->type == MIRAGE_DNS_TYPE_OPT)
                continue;
            rc = mirage_dns_build_rr(&b, (enum mirage_dns_section)s, rr);
            if (rc == 0 && dropped)
                fuzz_fail("a record taken after one was dropped");
            if (rc == 0) {
                kept[s]++;
            } else if (rc == -EMSGSIZE) {
                dropped = true;
                if (s < 3)
                    *dropped_tc = true;
            } else {
                return rc;
            }
        }
    }
    return mirage_dns_build_finish(&b);
}

/*
 * The message (m), read back from what rebuild wrote (len bytes), holds
 * (kept) of each section of the original, the same, in order; its header
 * is the original's, TC added if (tc); its OPT record is the original's
 * if (edns_in).
 */
static void check_rebuilt(const struct mirage_dns_msg *m,
                          const struct mirage_dns_question *q, int len,
                          const unsigned kept[4], bool edns_in, bool tc,
                          const char *what)
{
    struct mirage_dns_msg r;
    struct mirage_dns_question rq;
    uint16_t counts[4];
    int rc = mirage_dns_parse(&r, out, (size_t)len);

    if (rc)
        fuzz_fail("%s: the message built does not parse: %s at %zu", what,
                  r.why, r.where);
    if (r.hdr.id != m->hdr.id ||
        r.hdr.flags != (m->hdr.flags | (tc ? MIRAGE_DNS_FLAG_TC : 0)))
        fuzz_fail("%s: header id %04x flags %04x, not %04x %04x", what,
                  r.hdr.id, r.hdr.flags, m->hdr.id, m->hdr.flags);
    if (r.hdr.qdcount != kept[0] || r.hdr.ancount != kept[1] ||
        r.hdr.nscount != kept[2] || r.hdr.arcount != kept[3] + edns_in)
        fuzz_fail("%s: counts %u %u %u %u, not %u %u %u %u+%d", what,
                  r.hdr.qdcount, r.hdr.ancount, r.hdr.nscount, r.hdr.arcount,
                  kept[0], kept[1], kept[2], kept[3], edns_in);
    if (kept[0] &&
        (mirage_dns_msg_question(&r, &rq) != 0 || rq.type != q->type ||
         rq.qclass != q->qclass || rq.name.len != q->name.len ||
         memcmp(rq.name.wire, q->name.wire, q->name.len) != 0))
        fuzz_fail("%s: another question", what);
    if (r.has_edns != edns_in)
        fuzz_fail("%s: EDNS %d, not %d", what, r.has_edns, edns_in);
    if (edns_in &&
        (r.edns.udp_size != m->edns.udp_size ||
         r.edns.ext_rcode != m->edns.ext_rcode ||
         r.edns.version != m->edns.version || r.edns.flags != m->edns.flags ||
         r.edns.options_len != m->edns.options_len ||
         memcmp(r.edns.options, m->edns.options, r.edns.options_len) != 0))
        fuzz_fail("%s: another OPT record", what);
    if (r.rcode != m->rcode && edns_in == m->has_edns)
        fuzz_fail("%s: RCODE %u, not %u", what, r.rcode, m->rcode);
    counts[0] = r.hdr.qdcount;
    counts[1] = r.hdr.ancount;
    counts[2] = r.hdr.nscount;
    counts[3] = r.hdr.arcount;
    read_all(&r, recs2, counts);
    for (int s = 1; s < 4; s++) {
        unsigned j = 0;

        for (unsigned i = 0; i < counts[s]; i++) {
            if (recs2[s - 1][i].type == MIRAGE_DNS_TYPE_OPT)
                continue;
            while (recs[s - 1][j].type == MIRAGE_DNS_TYPE_OPT)
                j++;
            if (!same_rr(&recs2[s - 1][i], &recs[s - 1][j]))
                fuzz_fail("%s: section %d, record %u differs", what, s, i);
            j++;
        }
    }
}

/* The resolver's helpers on (m): within their documented results. */
static void check_helpers(const struct mirage_dns_msg *m,
                          const struct mirage_dns_question *q)
{
    struct mirage_dns_answer ans;
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;
    const char *why = NULL;
    uint32_t ttl;
    unsigned n = 0;
    int rc;

    rc = mirage_dns_negative_ttl(m, &ttl);
    if (rc != 0 && rc != -ENOENT)
        fuzz_fail("mirage_dns_negative_ttl: %d", rc);
    if (rc == 0 && ttl > 0x7fffffffu)
        fuzz_fail("a negative TTL of %u", ttl);
    if (m->hdr.qdcount == 0)
        return;
    rc = mirage_dns_reply_check(m, m->hdr.id, q, MIRAGE_DNS_CHECK_CASE, &why);
    if ((rc == 0) != ((m->hdr.flags & MIRAGE_DNS_FLAG_QR) &&
                      MIRAGE_DNS_OPCODE(m->hdr.flags) == 0))
        fuzz_fail("its own question: mirage_dns_reply_check %d (%s)", rc,
                  why ? why : "");
    rc = mirage_dns_reply_check(m, (uint16_t)(m->hdr.id + 1), q, 0, &why);
    if (rc != -EPROTO)
        fuzz_fail("another ID taken");
    why = NULL;
    rc = mirage_dns_answer_follow(m, q, &ans, &why);
    if (rc != 0 && rc != -ELOOP && rc != -EBADMSG)
        fuzz_fail("mirage_dns_answer_follow: %d", rc);
    if (rc != 0) {
        if (!why)
            fuzz_fail("mirage_dns_answer_follow: %d without a reason", rc);
        return;
    }
    check_name(&ans.name, "the end of a CNAME chain");
    if (ans.cnames > MIRAGE_DNS_CHAIN_MAX || ans.ttl > 0x7fffffffu ||
        ans.type != q->type || ans.qclass != q->qclass)
        fuzz_fail("an answer of %u CNAMEs, TTL %u", ans.cnames, ans.ttl);
    if (ans.cnames == 0 && !same_bytes(q->name.wire, q->name.len, &ans.name))
        fuzz_fail("no CNAME followed, but the name changed");
    mirage_dns_iter_init(&it, m, MIRAGE_DNS_ANSWER);
    while (mirage_dns_answer_next(&ans, &it, &rr) == 1) {
        n++;
        if (!mirage_dns_name_equal(&rr.name, &ans.name) ||
            (rr.type != ans.type && ans.type != MIRAGE_DNS_TYPE_ANY))
            fuzz_fail("mirage_dns_answer_next gave another record");
        if ((rr.ttl > 0x7fffffffu ? 0 : rr.ttl) < ans.ttl)
            fuzz_fail("a record's TTL %u below the answer's %u", rr.ttl,
                      ans.ttl);
    }
    if (n != ans.count)
        fuzz_fail("%u records counted, %u given", ans.count, n);
}

/* The input as the text of a name: refused or read back the same. */
static void check_text(const uint8_t *data, size_t size)
{
    static char text[1200];
    struct mirage_dns_name n;
    size_t len = size < sizeof text - 1 ? size : sizeof text - 1;

    memcpy(text, data, len);
    text[len] = '\0';
    if (mirage_dns_name_from_string(&n, text) == 0)
        check_name(&n, "a name read from text");
}

/*
 * The parser agrees with the model (the same verdict, errno and values);
 * what it takes is within the limits, the helpers keep to their results,
 * and it builds again (whole, then into fewer bytes) into a message that
 * parses to the same records.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = fuzz_input_copy(data, size, 0);
    struct mirage_dns_msg m;
    struct mirage_dns_question q;
    uint16_t counts[4];
    unsigned kept[4];
    bool edns_in, tc;
    size_t whole;
    int rc, mrc, len;

    memset(&q, 0, sizeof q);
    check_text(copy, size);
    rc = mirage_dns_parse(&m, copy, size);
    mrc = model_parse(copy, size);
    if (rc != mrc)
        fuzz_fail("the parser says %d (%s at %zu), the model %d", rc,
                  rc ? m.why : "", m.where, mrc);
    if (rc) {
        if (!m.why || m.where > size)
            fuzz_fail("refused without a reason, or at %zu", m.where);
        fuzz_input_free(copy);
        return 0;
    }
    fuzz_accepted++;
    counts[0] = m.hdr.qdcount;
    counts[1] = m.hdr.ancount;
    counts[2] = m.hdr.nscount;
    counts[3] = m.hdr.arcount;
    if (m.hdr.id != mdl.id || m.hdr.flags != mdl.flags ||
        memcmp(counts, mdl.count, sizeof counts) != 0 || m.has_edns != mdl.opt)
        fuzz_fail("the header or EDNS read otherwise than the model");
    whole = 12;
    if (counts[0]) {
        if (mirage_dns_msg_question(&m, &q) != 0 ||
            !same_bytes(mdl.qname, mdl.qname_len, &q.name) ||
            q.type != mdl.qtype || q.qclass != mdl.qclass)
            fuzz_fail("the question read otherwise than the model");
        check_name(&q.name, "the question");
        whole += q.name.len + 4u;
    }
    read_all(&m, recs, counts);
    for (int s = 1; s < 4; s++)
        for (unsigned i = 0; i < counts[s]; i++) {
            if (!agrees(&recs[s - 1][i], &mdl.rec[s - 1][i], copy))
                fuzz_fail("section %d, record %u read otherwise than the "
                          "model",
                          s, i);
            whole += whole_size(&recs[s - 1][i]);
        }
    if (m.has_edns) {
        const struct mrec *o = &mdl.rec[2][mdl.opt_at];

        if (m.edns.udp_size != o->rclass ||
            m.edns.ext_rcode != (uint8_t)(o->ttl >> 24) ||
            m.edns.version != (uint8_t)(o->ttl >> 16) ||
            m.edns.flags != (uint16_t)o->ttl ||
            m.edns.options != copy + o->rd || m.edns.options_len != o->rdlen ||
            m.rcode != ((o->ttl >> 24) << 4 | (m.hdr.flags & 0xf)))
            fuzz_fail("the OPT record read otherwise than the model");
    } else if (m.rcode != (m.hdr.flags & 0xf)) {
        fuzz_fail("RCODE %u without EDNS", m.rcode);
    }
    check_helpers(&m, &q);

    /* built again whole: the same records, unless it cannot fit */
    len = rebuild(&m, &q, counts, sizeof out, kept, &edns_in, &tc);
    if (len < 0)
        fuzz_fail("built again: %d", len);
    if (whole <= MIRAGE_DNS_MSG_MAX &&
        (kept[0] != counts[0] || kept[1] != counts[1] || kept[2] != counts[2] ||
         kept[3] + m.has_edns != counts[3] || edns_in != m.has_edns ||
         (size_t)len > whole))
        fuzz_fail("built again: %d bytes of at most %zu, something dropped",
                  len, whole);
    check_rebuilt(&m, &q, len, kept, edns_in, tc, "built again");

    /* and into fewer bytes: what fits, in order, TC if it matters */
    {
        size_t limit = 12 + (size_t)(copy[0] | copy[1] << 8) % (size + 1);

        len = rebuild(&m, &q, counts, limit, kept, &edns_in, &tc);
        if (len < 0 || (size_t)len > limit)
            fuzz_fail("built into %zu bytes: %d", limit, len);
        check_rebuilt(&m, &q, len, kept, edns_in, tc, "built smaller");
    }
    fuzz_input_free(copy);
    return 0;
}

#ifndef MIRAGE_FUZZ_LIBFUZZER
#include "fuzz_main.h"

static uint8_t seed_buf[FUZZ_MAX_SEEDS][FUZZ_MAXLEN];

/* A record for the seeds. */
static struct mirage_dns_rr seed_rr(const char *owner, uint16_t type,
                                    uint32_t ttl)
{
    struct mirage_dns_rr rr;

    memset(&rr, 0, sizeof rr);
    mirage_dns_name_from_string(&rr.name, owner);
    rr.type = type;
    rr.rclass = MIRAGE_DNS_CLASS_IN;
    rr.ttl = ttl;
    return rr;
}

static struct mirage_dns_name seed_name(const char *text)
{
    struct mirage_dns_name n;

    mirage_dns_name_from_string(&n, text);
    return n;
}

/* Starts seed (k) as a response to (qname, qtype) in (b). */
static void seed_begin(struct mirage_dns_builder *b, size_t k,
                       const char *qname, uint16_t qtype, uint16_t flags)
{
    struct mirage_dns_question q;

    q.name = seed_name(qname);
    q.type = qtype;
    q.qclass = MIRAGE_DNS_CLASS_IN;
    mirage_dns_build_init(b, seed_buf[k], FUZZ_MAXLEN, (uint16_t)(0x1000 + k),
                          flags);
    mirage_dns_build_question(b, &q);
}

/* Ends seed (k). */
static void seed_end(struct mirage_dns_builder *b, size_t k, uint8_t **seeds,
                     size_t *lens)
{
    int len = mirage_dns_build_finish(b);

    seeds[k] = seed_buf[k];
    lens[k] = len > 0 ? (size_t)len : 0;
}

/*
 * Messages a resolver meets: a query with EDNS, a CNAME chain to A and
 * AAAA records, every type decoded, a negative answer, names at their
 * limits, and hand-made compression (pointers to pointers, names in RDATA
 * through pointers).
 */
static size_t fuzz_seeds(uint8_t **seeds, size_t *lens, size_t max)
{
    static const uint8_t opts[] = {0, 10, 0, 8, 1,  2, 3, 4, 5,
                                   6, 7,  8, 0, 12, 0, 2, 0, 0};
    struct mirage_dns_edns e = {1232, 0,          0, MIRAGE_DNS_EDNS_DO,
                                opts, sizeof opts};
    struct mirage_dns_question q;
    struct mirage_dns_builder b;
    struct mirage_dns_rr rr;
    size_t k = 0;
    int len;

    if (max < 12)
        return 0;
    /* 0: a query with EDNS and options */
    q.name = seed_name("www.example.com");
    q.type = MIRAGE_DNS_TYPE_A;
    q.qclass = MIRAGE_DNS_CLASS_IN;
    len = mirage_dns_build_query(seed_buf[k], FUZZ_MAXLEN, 0x4d49,
                                 MIRAGE_DNS_FLAG_RD, &q, &e);
    seeds[k] = seed_buf[k];
    lens[k++] = len > 0 ? (size_t)len : 0;

    /* 1: a CNAME chain to A records, EDNS */
    seed_begin(&b, k, "www.example.com", 1, 0x8180);
    e.options_len = 0;
    mirage_dns_build_edns(&b, &e);
    rr = seed_rr("www.example.com", 5, 300);
    rr.rd.target = seed_name("web.example.net");
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("web.example.net", 5, 60);
    rr.rd.target = seed_name("edge.cdn.test");
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    for (int i = 0; i < 3; i++) {
        rr = seed_rr("edge.cdn.test", 1, 20);
        memcpy(rr.rd.a.bytes, (uint8_t[]){192, 0, 2, (uint8_t)i}, 4);
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    }
    seed_end(&b, k++, seeds, lens);

    /* 2: every type decoded, and raw ones */
    seed_begin(&b, k, "example.com", 255, 0x8580);
    rr = seed_rr("example.com", 28, 60);
    rr.rd.aaaa.bytes[0] = 0x20;
    rr.rd.aaaa.bytes[15] = 1;
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("example.com", 15, 60);
    rr.rd.mx.preference = 10;
    rr.rd.mx.exchange = seed_name("mail.example.com");
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("example.com", 16, 60);
    rr.rd.raw.data = (const uint8_t *)"\5hello\0\5world";
    rr.rd.raw.len = 13;
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("_sip._udp.example.com", 33, 60);
    rr.rd.srv.priority = 1;
    rr.rd.srv.weight = 5;
    rr.rd.srv.port = 5060;
    rr.rd.srv.target = seed_name("sip.example.com");
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("example.com", 2, 60);
    rr.rd.target = seed_name("ns1.example.com");
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("1.2.0.192.in-addr.arpa", 12, 60);
    rr.rd.target = seed_name("host.example.com");
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("example.com", 65280, 60);
    rr.rd.raw.data = (const uint8_t *)"\xc0\x0c\x01";
    rr.rd.raw.len = 3;
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("example.com", 1, 60);
    rr.rclass = 3;
    rr.rd.raw.data = (const uint8_t *)"\x12\x34";
    rr.rd.raw.len = 2;
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = seed_rr("ns1.example.com", 1, 60);
    memcpy(rr.rd.a.bytes, (uint8_t[]){198, 51, 100, 1}, 4);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr);
    seed_end(&b, k++, seeds, lens);

    /* 3: NXDOMAIN with a SOA, EDNS with an extended RCODE */
    seed_begin(&b, k, "nx.example.com", 1, 0x8183);
    e.ext_rcode = 1;
    e.options_len = 4;
    e.options = (const uint8_t *)"\xfd\xe9\0\0";
    mirage_dns_build_edns(&b, &e);
    rr = seed_rr("example.com", 6, 3600);
    rr.rd.soa.mname = seed_name("ns1.example.com");
    rr.rd.soa.rname = seed_name("hostmaster.example.com");
    rr.rd.soa.serial = 2024010101;
    rr.rd.soa.refresh = 7200;
    rr.rd.soa.retry = 900;
    rr.rd.soa.expire = 1209600;
    rr.rd.soa.minimum = 300;
    mirage_dns_build_rr(&b, MIRAGE_DNS_AUTHORITY, &rr);
    seed_end(&b, k++, seeds, lens);

    /* 4: a name of 255 bytes, labels of 63 */
    {
        char t[300];
        size_t o = 0;

        for (int i = 0; i < 4; i++) {
            memset(t + o, "abcd"[i], i < 3 ? 63 : 61);
            o += i < 3 ? 63 : 61;
            t[o++] = '.';
        }
        t[o] = '\0';
        seed_begin(&b, k, t, 16, 0x8400);
        rr = seed_rr(t, 16, 1);
        rr.rd.raw.data = (const uint8_t *)"\0";
        rr.rd.raw.len = 1;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        rr = seed_rr(t + 64, 5, 1);
        rr.rd.target = seed_name(t + 128);
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        seed_end(&b, k++, seeds, lens);
    }

    /* 5: hand-made pointers: to a pointer, from RDATA into RDATA */
    {
        static const uint8_t m[] = {
            0x12, 0x34, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0,
            /* 12: a.example.com, A IN */
            1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
            0, 1, 0, 1,
            /* 31: CNAME a -> b.(example.com at 14) */
            0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 4, 1, 'b', 0xc0, 14,
            /* 47: the owner a pointer to the target's pointer at 45 */
            0xc0, 45, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 9,
            /* 63: owner b via the label at 43 */
            0xc0, 43, 0, 15, 0, 1, 0, 0, 0, 60, 0, 4, 0, 1, 0xc0, 43};
        memcpy(seed_buf[k], m, sizeof m);
        seeds[k] = seed_buf[k];
        lens[k++] = sizeof m;
    }

    /* 6: no question, SERVFAIL */
    mirage_dns_build_init(&b, seed_buf[k], FUZZ_MAXLEN, 7, 0x8182);
    seed_end(&b, k++, seeds, lens);

    /* 7: a truncated answer: 512 bytes of AAAA, TC */
    q.name = seed_name("many.example.com");
    q.type = MIRAGE_DNS_TYPE_AAAA;
    mirage_dns_build_init(&b, seed_buf[k], 512, 0x1007, 0x8180);
    mirage_dns_build_question(&b, &q);
    for (int i = 0; i < 40; i++) {
        rr = seed_rr("many.example.com", 28, 30);
        rr.rd.aaaa.bytes[15] = (uint8_t)i;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    }
    seed_end(&b, k++, seeds, lens);

    /*
     * 8: a 0x20 query's reply, by hand (the builder under test would
     * make it as it compresses): owners in mixed and in lower case
     */
    {
        static const uint8_t m[] = {
            0x10, 0x08, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0,
            /* 12: WwW.ExAmPlE.CoM, A IN */
            3, 'W', 'w', 'W', 7, 'E', 'x', 'A', 'm', 'P', 'l', 'E', 3, 'C', 'o',
            'M', 0, 0, 1, 0, 1,
            /* 33: its own A */
            0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 192, 0, 2, 1,
            /* 49: www.example.com A, whole */
            3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o',
            'm', 0, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 192, 0, 2, 2,
            /* 80: mail.(example.com at 53) A */
            4, 'm', 'a', 'i', 'l', 0xc0, 53, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 192,
            0, 2, 3};
        memcpy(seed_buf[k], m, sizeof m);
        seeds[k] = seed_buf[k];
        lens[k++] = sizeof m;
    }

    /*
     * 9: a question of 127 labels of one byte, 0x01: a pointer to any
     * byte of it reads a name, so a pointer moved by one makes a name one
     * byte longer or shorter; an owner of 255 bytes through one
     */
    {
        uint8_t *p = seed_buf[k];
        size_t o = 12;

        memset(p, 0, 12);
        p[0] = 0x10;
        p[2] = 0x81;
        p[5] = 1;
        p[7] = 1;
        memset(p + o, 1, 254);
        o += 254;
        p[o++] = 0;
        memcpy(p + o, "\0\1\0\1", 4);
        o += 4;
        memcpy(p + o, "\1\1\xc0\x0e\0\1\0\1\0\0\0\1\0\4\xc0\0\2\1", 18);
        o += 18;
        seeds[k] = p;
        lens[k++] = o;
    }

    /*
     * 10: an owner behind 128 pointers in a row (the most taken), into a
     * chain of 129: a bit of its pointer flipped makes 129
     */
    {
        uint8_t *p = seed_buf[k];
        size_t o = 12, chain;

        memset(p, 0, 12);
        p[2] = 0x81;
        p[7] = 2;
        memcpy(p + o, "\1a\0\xff\0\0\1\0\0\0\0\1\0", 13);
        o += 13;
        chain = o;
        for (size_t i = 0; i < 128; i++) {
            size_t to = i ? chain + 2 * (i - 1) : 12;
            p[o++] = (uint8_t)(0xc0 | to >> 8);
            p[o++] = (uint8_t)to;
        }
        p[o++] = (uint8_t)(0xc0 | (chain + 252) >> 8);
        p[o++] = (uint8_t)(chain + 252);
        memcpy(p + o, "\0\1\0\1\0\0\0\1\0\4\xc0\0\2\1", 14);
        o += 14;
        seeds[k] = p;
        lens[k++] = o;
    }

    /* 11: names past 16 KiB, which a builder cannot point to */
    {
        static uint8_t blob[16400];

        seed_begin(&b, k, "big.example.com", 65280, 0x8180);
        rr = seed_rr("big.example.com", 65280, 1);
        rr.rd.raw.data = blob;
        rr.rd.raw.len = sizeof blob;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        rr = seed_rr("far.away.test", 5, 1);
        rr.rd.target = seed_name("farther.away.test");
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        rr = seed_rr("farther.away.test", 1, 1);
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        seed_end(&b, k++, seeds, lens);
    }
    return k;
}

/* Each seed parses. */
static int fuzz_seeds_ok(char *why, size_t n)
{
    for (size_t i = 0; i < fuzz_nseeds; i++) {
        struct mirage_dns_msg m;
        int rc = mirage_dns_parse(&m, fuzz_seed[i], fuzz_seed_len[i]);

        if (rc != 0) {
            snprintf(why, n, "seed %zu: %d (%s at %zu)", i, rc, m.why, m.where);
            return 0;
        }
    }
    return 1;
}
#endif
