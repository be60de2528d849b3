/* SPDX-License-Identifier: ISC */
/* parse.c: a whole message checked once, then read record by record. */
#include <errno.h>
#include <string.h>

#include "dns_int.h"

int mirage_dns_header_read(const void *buf, size_t len,
                           struct mirage_dns_header *hdr)
{
    const uint8_t *p = buf;

    if (len < MIRAGE_DNS_HEADER_LEN)
        return -EBADMSG;
    hdr->id = dns_get16(p);
    hdr->flags = dns_get16(p + 2);
    hdr->qdcount = dns_get16(p + 4);
    hdr->ancount = dns_get16(p + 6);
    hdr->nscount = dns_get16(p + 8);
    hdr->arcount = dns_get16(p + 10);
    return 0;
}

/* The count of section (s) in (hdr). */
static unsigned section_count(const struct mirage_dns_header *hdr, int s)
{
    switch (s) {
    case MIRAGE_DNS_QUESTION:
        return hdr->qdcount;
    case MIRAGE_DNS_ANSWER:
        return hdr->ancount;
    case MIRAGE_DNS_AUTHORITY:
        return hdr->nscount;
    case MIRAGE_DNS_ADDITIONAL:
        return hdr->arcount;
    default:
        return 0;
    }
}

/* Fails the parse of (msg) with (err), saying why from (f). */
static int refuse(struct mirage_dns_msg *msg, int err, const struct dns_fail *f)
{
    msg->why = f->why;
    msg->where = f->where;
    return err;
}

/* Takes the OPT record (rr) at (off) of section (s) into (msg). */
static int take_opt(struct mirage_dns_msg *msg, int s,
                    const struct mirage_dns_rr *rr, size_t off,
                    struct dns_fail *f)
{
    if (s != MIRAGE_DNS_ADDITIONAL)
        return dns_fail(f, -EBADMSG,
                        "an OPT record outside the additional section", off);
    if (msg->has_edns)
        return dns_fail(f, -EBADMSG, "a second OPT record", off);
    if (rr->name.len != 1)
        return dns_fail(f, -EBADMSG, "an OPT record not owned by the root",
                        off);
    msg->has_edns = true;
    msg->edns.udp_size = rr->rclass;
    msg->edns.ext_rcode = (uint8_t)(rr->ttl >> 24);
    msg->edns.version = (uint8_t)(rr->ttl >> 16);
    msg->edns.flags = (uint16_t)rr->ttl;
    msg->edns.options = rr->rd.raw.data;
    msg->edns.options_len = rr->rd.raw.len;
    return 0;
}

int mirage_dns_parse(struct mirage_dns_msg *msg, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    struct dns_fail f = {NULL, 0};
    struct mirage_dns_rr rr;
    size_t off;
    int rc;

    memset(msg, 0, sizeof *msg);
    msg->buf = p;
    msg->len = len;
    if (len > MIRAGE_DNS_MSG_MAX)
        return refuse(msg, -EMSGSIZE,
                      &(struct dns_fail){"longer than 65,535 bytes", 0});
    if (mirage_dns_header_read(p, len, &msg->hdr) != 0)
        return refuse(msg, -EBADMSG,
                      &(struct dns_fail){"shorter than a header", 0});
    if (msg->hdr.qdcount > MIRAGE_DNS_QUESTIONS_MAX)
        return refuse(msg, -E2BIG,
                      &(struct dns_fail){"more than one question", 4});
    for (int s = MIRAGE_DNS_ANSWER; s <= MIRAGE_DNS_ADDITIONAL; s++)
        if (section_count(&msg->hdr, s) > MIRAGE_DNS_SECTION_MAX)
            return refuse(
                msg, -E2BIG,
                &(struct dns_fail){"more than 1,024 records in a section",
                                   4 + 2 * (size_t)s});
    off = MIRAGE_DNS_HEADER_LEN;
    msg->section[MIRAGE_DNS_QUESTION] = (uint16_t)off;
    if (msg->hdr.qdcount) {
        struct mirage_dns_question q;

        rc = dns_question_read(p, len, off, &q, &off, &f);
        if (rc)
            return refuse(msg, rc, &f);
    }
    for (int s = MIRAGE_DNS_ANSWER; s <= MIRAGE_DNS_ADDITIONAL; s++) {
        msg->section[s] = (uint16_t)off;
        for (unsigned i = 0; i < section_count(&msg->hdr, s); i++) {
            size_t at = off;

            rc = dns_rr_read(p, len, at, &rr, &off, &f);
            if (rc == 0 && rr.type == MIRAGE_DNS_TYPE_OPT)
                rc = take_opt(msg, s, &rr, at, &f);
            if (rc)
                return refuse(msg, rc, &f);
        }
    }
    if (off != len)
        return refuse(msg, -EBADMSG,
                      &(struct dns_fail){"bytes after the last record", off});
    msg->rcode = (uint16_t)(MIRAGE_DNS_RCODE(msg->hdr.flags) |
                            (msg->has_edns ? msg->edns.ext_rcode << 4 : 0));
    return 0;
}

int mirage_dns_msg_question(const struct mirage_dns_msg *msg,
                            struct mirage_dns_question *q)
{
    struct dns_fail f;
    size_t next;

    if (msg->hdr.qdcount == 0)
        return -ENOENT;
    return dns_question_read(msg->buf, msg->len,
                             msg->section[MIRAGE_DNS_QUESTION], q, &next, &f);
}

uint16_t mirage_dns_udp_payload(const struct mirage_dns_msg *msg)
{
    if (!msg->has_edns || msg->edns.udp_size < 512)
        return 512;
    return msg->edns.udp_size;
}

void mirage_dns_iter_init(struct mirage_dns_iter *it,
                          const struct mirage_dns_msg *msg,
                          enum mirage_dns_section s)
{
    it->msg = msg;
    if (s < MIRAGE_DNS_ANSWER || s > MIRAGE_DNS_ADDITIONAL) {
        it->off = 0;
        it->left = 0;
        return;
    }
    it->off = msg->section[s];
    it->left = section_count(&msg->hdr, (int)s);
}

int mirage_dns_iter_next(struct mirage_dns_iter *it, struct mirage_dns_rr *rr)
{
    struct dns_fail f;
    int rc;

    if (it->left == 0)
        return 0;
    rc = dns_rr_read(it->msg->buf, it->msg->len, it->off, rr, &it->off, &f);
    if (rc) {
        it->left = 0;
        return -EBADMSG;
    }
    it->left--;
    return 1;
}
