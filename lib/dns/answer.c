/* SPDX-License-Identifier: ISC */
/* answer.c: a reply checked against its query, CNAME chains, TTLs. */
#include <errno.h>
#include <string.h>

#include "dns_int.h"

/* Says (what) in (*why) if (why) is not NULL; returns (err). */
static int refuse(const char **why, int err, const char *what)
{
    if (why)
        *why = what;
    return err;
}

int mirage_dns_reply_check(const struct mirage_dns_msg *reply, uint16_t id,
                           const struct mirage_dns_question *q, unsigned flags,
                           const char **why)
{
    struct mirage_dns_question rq;
    uint16_t f = reply->hdr.flags;

    if (reply->hdr.id != id)
        return refuse(why, -EPROTO, "another ID");
    if (!(f & MIRAGE_DNS_FLAG_QR))
        return refuse(why, -EPROTO, "not a response (QR is 0)");
    if (MIRAGE_DNS_OPCODE(f) != MIRAGE_DNS_OPCODE_QUERY)
        return refuse(why, -EPROTO, "an opcode other than QUERY");
    if (mirage_dns_msg_question(reply, &rq) != 0) {
        switch (reply->rcode) {
        case MIRAGE_DNS_RCODE_FORMERR:
        case MIRAGE_DNS_RCODE_SERVFAIL:
        case MIRAGE_DNS_RCODE_NOTIMP:
        case MIRAGE_DNS_RCODE_REFUSED:
            return 0;
        default:
            return refuse(why, -EPROTO, "no question, and no error said");
        }
    }
    if (rq.type != q->type || rq.qclass != q->qclass)
        return refuse(why, -EPROTO, "a question of another type or class");
    if (!mirage_dns_name_equal(&rq.name, &q->name))
        return refuse(why, -EPROTO, "a question for another name");
    if ((flags & MIRAGE_DNS_CHECK_CASE) &&
        memcmp(rq.name.wire, q->name.wire, q->name.len) != 0)
        return refuse(why, -EPROTO, "the question's name in another case");
    return 0;
}

/* A TTL as a cache takes it: one with its top bit set is 0 (RFC 2181 8). */
static uint32_t ttl_of(uint32_t ttl)
{
    return ttl > 0x7fffffffu ? 0 : ttl;
}

static uint32_t least(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* Whether a record of class (rclass) answers a question of (qclass). */
static bool class_match(uint16_t rclass, uint16_t qclass)
{
    return qclass == MIRAGE_DNS_CLASS_ANY || rclass == qclass;
}

/* Whether (rr) is one of the records (ans) stands for. */
static bool answers(const struct mirage_dns_answer *ans,
                    const struct mirage_dns_rr *rr)
{
    return class_match(rr->rclass, ans->qclass) &&
           (rr->type == ans->type || ans->type == MIRAGE_DNS_TYPE_ANY) &&
           mirage_dns_name_equal(&rr->name, &ans->name);
}

int mirage_dns_answer_follow(const struct mirage_dns_msg *reply,
                             const struct mirage_dns_question *q,
                             struct mirage_dns_answer *ans, const char **why)
{
    bool follow =
        q->type != MIRAGE_DNS_TYPE_CNAME && q->type != MIRAGE_DNS_TYPE_ANY;
    size_t followed[MIRAGE_DNS_CHAIN_MAX]; /* offsets of the CNAMEs taken */
    uint32_t ttl = 0xffffffffu;
    bool any = false;

    memset(ans, 0, sizeof *ans);
    ans->name = q->name;
    ans->type = q->type;
    ans->qclass = q->qclass;
    for (;;) {
        struct mirage_dns_iter it;
        struct mirage_dns_rr rr;
        struct mirage_dns_name target;
        uint32_t found_ttl = 0xffffffffu, cname_ttl = 0xffffffffu;
        size_t at, cname_at = 0;
        unsigned count = 0;
        bool cname = false;

        mirage_dns_iter_init(&it, reply, MIRAGE_DNS_ANSWER);
        for (at = it.off; mirage_dns_iter_next(&it, &rr) > 0; at = it.off) {
            if (answers(ans, &rr)) {
                count++;
                found_ttl = least(found_ttl, ttl_of(rr.ttl));
            } else if (follow && rr.type == MIRAGE_DNS_TYPE_CNAME &&
                       class_match(rr.rclass, q->qclass) &&
                       mirage_dns_name_equal(&rr.name, &ans->name)) {
                if (cname && !mirage_dns_name_equal(&target, &rr.rd.target))
                    return refuse(why, -EBADMSG,
                                  "two CNAME records for one name");
                if (!cname) {
                    cname_at = at;
                    target = rr.rd.target;
                }
                cname = true;
                cname_ttl = least(cname_ttl, ttl_of(rr.ttl));
            }
        }
        if (count > 0 || !cname) {
            ans->count = count;
            if (count) {
                ttl = least(ttl, found_ttl);
                any = true;
            }
            break;
        }
        for (unsigned k = 0; k < ans->cnames; k++)
            if (followed[k] == cname_at)
                return refuse(why, -ELOOP, "a CNAME loop");
        if (ans->cnames == MIRAGE_DNS_CHAIN_MAX)
            return refuse(why, -ELOOP, "a CNAME chain longer than 8");
        followed[ans->cnames++] = cname_at;
        ttl = least(ttl, cname_ttl);
        any = true;
        ans->name = target;
    }
    ans->ttl = any ? ttl : 0;
    return 0;
}

int mirage_dns_answer_next(const struct mirage_dns_answer *ans,
                           struct mirage_dns_iter *it, struct mirage_dns_rr *rr)
{
    while (mirage_dns_iter_next(it, rr) > 0)
        if (answers(ans, rr))
            return 1;
    return 0;
}

int mirage_dns_negative_ttl(const struct mirage_dns_msg *reply, uint32_t *ttl)
{
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;

    mirage_dns_iter_init(&it, reply, MIRAGE_DNS_AUTHORITY);
    while (mirage_dns_iter_next(&it, &rr) > 0) {
        if (rr.type == MIRAGE_DNS_TYPE_SOA) {
            *ttl = least(ttl_of(rr.ttl), ttl_of(rr.rd.soa.minimum));
            return 0;
        }
    }
    return -ENOENT;
}
