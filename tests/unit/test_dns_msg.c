/* SPDX-License-Identifier: ISC */
/* test_dns_msg.c: each record type both ways, bad RDATA, cuts, EDNS(0). */
#include "dns_test.h"

/* Whether records (a) and (b) are the same, field by field. */
static int rr_same(const struct mirage_dns_rr *a, const struct mirage_dns_rr *b)
{
    if (!same_name(&a->name, &b->name) || a->type != b->type ||
        a->rclass != b->rclass || a->ttl != b->ttl)
        return 0;
    if (mirage_dns_rr_is_raw(a->type, a->rclass))
        return a->rd.raw.len == b->rd.raw.len &&
               (a->rd.raw.len == 0 ||
                memcmp(a->rd.raw.data, b->rd.raw.data, a->rd.raw.len) == 0);
    switch (a->type) {
    case MIRAGE_DNS_TYPE_A:
        return memcmp(a->rd.a.bytes, b->rd.a.bytes, 4) == 0;
    case MIRAGE_DNS_TYPE_AAAA:
        return memcmp(a->rd.aaaa.bytes, b->rd.aaaa.bytes, 16) == 0;
    case MIRAGE_DNS_TYPE_MX:
        return a->rd.mx.preference == b->rd.mx.preference &&
               same_name(&a->rd.mx.exchange, &b->rd.mx.exchange);
    case MIRAGE_DNS_TYPE_SRV:
        return a->rd.srv.priority == b->rd.srv.priority &&
               a->rd.srv.weight == b->rd.srv.weight &&
               a->rd.srv.port == b->rd.srv.port &&
               same_name(&a->rd.srv.target, &b->rd.srv.target);
    case MIRAGE_DNS_TYPE_SOA:
        return same_name(&a->rd.soa.mname, &b->rd.soa.mname) &&
               same_name(&a->rd.soa.rname, &b->rd.soa.rname) &&
               a->rd.soa.serial == b->rd.soa.serial &&
               a->rd.soa.refresh == b->rd.soa.refresh &&
               a->rd.soa.retry == b->rd.soa.retry &&
               a->rd.soa.expire == b->rd.soa.expire &&
               a->rd.soa.minimum == b->rd.soa.minimum;
    default:
        return same_name(&a->rd.target, &b->rd.target);
    }
}

/* A response to (qname, qtype) whose answer starts: written up to the
 * owner of the first record, a pointer to the question. */
static void answer_head(struct wire *w, const char *qname, unsigned qtype)
{
    whdr(w, 0xbeef, 0x8180, 1, 1, 0, 0);
    wname(w, qname);
    wq(w, qtype, 1);
    wptr(w, 12);
}

/* A record owned by the question's name (qname), of (qtype) in class IN,
 * TTL 3600. */
static struct mirage_dns_rr rr_of(const char *qname, unsigned type)
{
    struct mirage_dns_rr rr;

    memset(&rr, 0, sizeof rr);
    rr.name = N(qname);
    rr.type = (uint16_t)type;
    rr.rclass = MIRAGE_DNS_CLASS_IN;
    rr.ttl = 3600;
    return rr;
}

/*
 * (w), a response to (qname, want->type) with one answer, parses to
 * (want); and the builder writes exactly (w) from it.
 */
static void both_ways(const char *what, const struct wire *w, const char *qname,
                      const struct mirage_dns_rr *want)
{
    struct mirage_dns_msg m;
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;
    struct mirage_dns_builder b;
    struct mirage_dns_question q = Q(qname, want->type);
    uint8_t out[1024];
    char h1[3200], h2[3200];
    int rc = wparse(&m, w), n;

    mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ANSWER);
    TAP_OK(rc == 0 && mirage_dns_iter_next(&it, &rr) == 1 &&
               rr_same(&rr, want) && mirage_dns_iter_next(&it, &rr) == 0,
           "%s: parsed%s%s", what, rc ? ": " : "", rc ? m.why : "");
    n = mirage_dns_build_init(&b, out, sizeof out, 0xbeef, 0x8180);
    if (n == 0)
        n = mirage_dns_build_question(&b, &q);
    if (n == 0)
        n = mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, want);
    if (n == 0)
        n = mirage_dns_build_finish(&b);
    TAP_OK(n == (int)w->n && memcmp(out, w->b, w->n) == 0,
           "%s: built byte for byte", what);
    if (n != (int)w->n || memcmp(out, w->b, w->n) != 0)
        TAP_DIAG("got  %s\n# want %s", tohex(out, n > 0 ? (size_t)n : 0, h1),
                 tohex(w->b, w->n, h2));
}

static void test_types(void)
{
    struct wire w;
    struct mirage_dns_rr rr;
    static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                   0,    0,    0,    0,    0, 0, 0, 1};

    answer_head(&w, "example.com", 1);
    wrr(&w, 1, 1, 3600, 4);
    w32(&w, 0xc0000201);
    rr = rr_of("example.com", 1);
    memcpy(rr.rd.a.bytes, "\xc0\x00\x02\x01", 4);
    both_ways("A 192.0.2.1", &w, "example.com", &rr);

    answer_head(&w, "example.com", 28);
    wrr(&w, 28, 1, 3600, 16);
    wbytes(&w, v6, 16);
    rr = rr_of("example.com", 28);
    memcpy(rr.rd.aaaa.bytes, v6, 16);
    both_ways("AAAA 2001:db8::1", &w, "example.com", &rr);

    answer_head(&w, "example.com", 5);
    wrr(&w, 5, 1, 3600, 6);
    wlabels(&w, "www");
    wptr(&w, 12);
    rr = rr_of("example.com", 5);
    rr.rd.target = N("www.example.com");
    both_ways("CNAME www.example.com (compressed)", &w, "example.com", &rr);

    answer_head(&w, "example.com", 2);
    wrr(&w, 2, 1, 3600, 6);
    wlabels(&w, "ns1");
    wptr(&w, 12);
    rr = rr_of("example.com", 2);
    rr.rd.target = N("ns1.example.com");
    both_ways("NS ns1.example.com (compressed)", &w, "example.com", &rr);

    answer_head(&w, "1.2.0.192.in-addr.arpa", 12);
    wrr(&w, 12, 1, 3600, 18);
    wname(&w, "host.example.com");
    rr = rr_of("1.2.0.192.in-addr.arpa", 12);
    rr.rd.target = N("host.example.com");
    both_ways("PTR host.example.com", &w, "1.2.0.192.in-addr.arpa", &rr);

    answer_head(&w, "example.com", 15);
    wrr(&w, 15, 1, 3600, 9);
    w16(&w, 10);
    wlabels(&w, "mail");
    wptr(&w, 12);
    rr = rr_of("example.com", 15);
    rr.rd.mx.preference = 10;
    rr.rd.mx.exchange = N("mail.example.com");
    both_ways("MX 10 mail.example.com", &w, "example.com", &rr);

    answer_head(&w, "example.com", 16);
    wrr(&w, 16, 1, 3600, 13);
    wbytes(&w, "\005hello\005world\000", 13);
    rr = rr_of("example.com", 16);
    rr.rd.raw.data = (const uint8_t *)"\005hello\005world\000";
    rr.rd.raw.len = 13;
    both_ways("TXT \"hello\" \"world\" \"\"", &w, "example.com", &rr);
    {
        struct mirage_dns_msg m;
        struct mirage_dns_iter it;
        const uint8_t *s;
        size_t off = 0, sl;
        char got[64] = "";

        wparse(&m, &w);
        mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ANSWER);
        mirage_dns_iter_next(&it, &rr);
        while (mirage_dns_txt_next(rr.rd.raw.data, rr.rd.raw.len, &off, &s,
                                   &sl) == 1)
            snprintf(got + strlen(got), sizeof got - strlen(got), "[%.*s]",
                     (int)sl, (const char *)s);
        TAP_STREQ(got, "[hello][world][]", "the TXT's three strings");
    }

    answer_head(&w, "_sip._udp.example.com", 33);
    wrr(&w, 33, 1, 3600, 23);
    w16(&w, 1);
    w16(&w, 2);
    w16(&w, 5060);
    wname(&w, "sip.example.com");
    rr = rr_of("_sip._udp.example.com", 33);
    rr.rd.srv.priority = 1;
    rr.rd.srv.weight = 2;
    rr.rd.srv.port = 5060;
    rr.rd.srv.target = N("sip.example.com");
    both_ways("SRV 1 2 5060 sip.example.com (never compressed)", &w,
              "_sip._udp.example.com", &rr);

    answer_head(&w, "example.com", 6);
    wrr(&w, 6, 1, 3600, 6 + 13 + 20);
    wlabels(&w, "ns1");
    wptr(&w, 12);
    wlabels(&w, "hostmaster");
    wptr(&w, 12);
    w32(&w, 2024010101);
    w32(&w, 7200);
    w32(&w, 900);
    w32(&w, 1209600);
    w32(&w, 300);
    rr = rr_of("example.com", 6);
    rr.rd.soa.mname = N("ns1.example.com");
    rr.rd.soa.rname = N("hostmaster.example.com");
    rr.rd.soa.serial = 2024010101;
    rr.rd.soa.refresh = 7200;
    rr.rd.soa.retry = 900;
    rr.rd.soa.expire = 1209600;
    rr.rd.soa.minimum = 300;
    both_ways("SOA", &w, "example.com", &rr);

    answer_head(&w, "example.com", 65280);
    wrr(&w, 65280, 1, 3600, 3);
    wbytes(&w, "\x01\x02\x03", 3);
    rr = rr_of("example.com", 65280);
    rr.rd.raw.data = (const uint8_t *)"\x01\x02\x03";
    rr.rd.raw.len = 3;
    both_ways("type 65280, unknown: raw (RFC 3597)", &w, "example.com", &rr);

    answer_head(&w, "example.com", 65281);
    wrr(&w, 65281, 1, 3600, 0);
    rr = rr_of("example.com", 65281);
    both_ways("an unknown type with no RDATA", &w, "example.com", &rr);

    answer_head(&w, "example.com", 39);
    wrr(&w, 39, 1, 3600, 13);
    wname(&w, "example.net");
    rr = rr_of("example.com", 39);
    rr.rd.raw.data = w.b + w.n - 13;
    rr.rd.raw.len = 13;
    both_ways("DNAME, not known here: raw", &w, "example.com", &rr);

    answer_head(&w, "example.com", 1);
    wrr(&w, 1, 3, 3600, 2);
    w16(&w, 0x1234);
    rr = rr_of("example.com", 1);
    rr.rclass = 3;
    rr.rd.raw.data = (const uint8_t *)"\x12\x34";
    rr.rd.raw.len = 2;
    both_ways("A in class CH, another shape: raw", &w, "example.com", &rr);

    TAP_OK(!mirage_dns_rr_is_raw(1, 1) && mirage_dns_rr_is_raw(1, 3) &&
               !mirage_dns_rr_is_raw(28, 1) && mirage_dns_rr_is_raw(28, 4) &&
               !mirage_dns_rr_is_raw(15, 3) && !mirage_dns_rr_is_raw(6, 1) &&
               mirage_dns_rr_is_raw(16, 1) && mirage_dns_rr_is_raw(41, 512) &&
               mirage_dns_rr_is_raw(99, 1),
           "mirage_dns_rr_is_raw: A, AAAA in IN only; TXT, OPT, others raw");
}

/* Names inside RDATA pointing into other RDATA. */
static void test_rdata_pointers(void)
{
    struct wire w;
    struct mirage_dns_msg m;
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;
    size_t mail;
    int rc;

    whdr(&w, 1, 0x8180, 1, 3, 0, 0);
    wname(&w, "example.com");
    wq(&w, 15, 1);
    wptr(&w, 12);
    wrr(&w, 5, 1, 60, 7);
    mail = w.n;
    wlabels(&w, "mail");
    wptr(&w, 12);
    wptr(&w, 12);
    wrr(&w, 15, 1, 60, 4);
    w16(&w, 5);
    wptr(&w, (unsigned)mail);
    wptr(&w, (unsigned)mail);
    wrr(&w, 6, 1, 60, 26);
    wptr(&w, (unsigned)mail);
    wlabels(&w, "x");
    wptr(&w, (unsigned)mail);
    w32(&w, 1);
    w32(&w, 2);
    w32(&w, 3);
    w32(&w, 4);
    w32(&w, 5);
    rc = wparse(&m, &w);
    TAP_OK(rc == 0, "names in RDATA pointing into RDATA (%s)",
           rc ? m.why : "taken");
    mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ANSWER);
    mirage_dns_iter_next(&it, &rr);
    mirage_dns_iter_next(&it, &rr);
    TAP_OK(rc == 0 && rr.type == 15 &&
               strcmp(S(&rr.rd.mx.exchange), "mail.example.com") == 0,
           "an MX exchange through a CNAME's target: %s",
           S(&rr.rd.mx.exchange));
    mirage_dns_iter_next(&it, &rr);
    TAP_OK(rc == 0 && rr.type == 6 &&
               strcmp(S(&rr.rd.soa.mname), "mail.example.com") == 0 &&
               strcmp(S(&rr.rd.soa.rname), "x.mail.example.com") == 0 &&
               rr.rd.soa.minimum == 5,
           "a SOA's two names through pointers: %s %s", S(&rr.rd.soa.mname),
           S(&rr.rd.soa.rname));
}

/* A response to example.com whose only answer has type (type) and the
 * RDATA (rd, rdlen) under RDLENGTH (rdlength); refused, -EBADMSG. */
static void bad_rdata(const char *what, unsigned type, const void *rd,
                      size_t rdlen, unsigned rdlength)
{
    struct wire w;
    struct mirage_dns_msg m;
    int rc;

    answer_head(&w, "example.com", type);
    wrr(&w, type, 1, 60, rdlength);
    wbytes(&w, rd, rdlen);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG, "%s: refused (%s)", what, rc ? m.why : "taken");
}

static void test_bad_rdata(void)
{
    static const uint8_t soa19[] = "\0\0"
                                   "0123456789012345678";
    static const uint8_t soa21[] = "\0\0"
                                   "012345678901234567890";
    uint8_t soa_one[1 + 20] = {0};

    bad_rdata("A of RDLENGTH 3", 1, "\1\2\3", 3, 3);
    bad_rdata("A of RDLENGTH 5", 1, "\1\2\3\4\5", 5, 5);
    bad_rdata("A of RDLENGTH 0", 1, "", 0, 0);
    bad_rdata("AAAA of RDLENGTH 15", 28, "0123456789abcde", 15, 15);
    bad_rdata("AAAA of RDLENGTH 17", 28, "0123456789abcdefg", 17, 17);
    bad_rdata("AAAA of RDLENGTH 4", 28, "\1\2\3\4", 4, 4);
    bad_rdata("CNAME with a byte after its name", 5, "\1a\0\0", 4, 4);
    bad_rdata("CNAME whose name runs past RDLENGTH", 5, "\1a\0", 3, 2);
    bad_rdata("CNAME of RDLENGTH 0", 5, "", 0, 0);
    bad_rdata("NS of RDLENGTH 0", 2, "", 0, 0);
    bad_rdata("PTR whose label runs past RDLENGTH", 12, "\5ab", 3, 3);
    bad_rdata("MX of RDLENGTH 2 (no name)", 15, "\0\1", 2, 2);
    bad_rdata("MX with a byte after its name", 15, "\0\1\0\0", 4, 4);
    bad_rdata("SRV of RDLENGTH 6 (no name)", 33, "\0\1\0\2\0\3", 6, 6);
    bad_rdata("SRV with a byte after its name", 33, "\0\1\0\2\0\3\0\0", 8, 8);
    bad_rdata("SOA with 19 bytes after its names", 6, soa19, 21, 21);
    bad_rdata("SOA with 21 bytes after its names", 6, soa21, 23, 23);
    bad_rdata("SOA with one name", 6, soa_one, sizeof soa_one, sizeof soa_one);
    bad_rdata("TXT of RDLENGTH 0", 16, "", 0, 0);
    bad_rdata("TXT whose string runs past RDLENGTH", 16, "\5hell", 5, 5);
    bad_rdata("TXT whose second string runs past", 16, "\1a\2b", 4, 4);
    bad_rdata("RDLENGTH past the message's end", 1, "\1\2\3\4", 4, 5);
    bad_rdata("a compressed CNAME target pointing forward", 5, "\xc0\xff", 2,
              2);
}

/* A response holding every type, and an OPT record: (w). */
static void every_type(struct wire *w)
{
    whdr(w, 7, 0x8180, 1, 6, 2, 2);
    wname(w, "example.com");
    wq(w, 255, 1);
    wptr(w, 12);
    wrr(w, 1, 1, 60, 4);
    w32(w, 0x7f000001);
    wptr(w, 12);
    wrr(w, 28, 1, 60, 16);
    wbytes(w, "0123456789abcdef", 16);
    wptr(w, 12);
    wrr(w, 15, 1, 60, 4);
    w16(w, 1);
    wptr(w, 12);
    wptr(w, 12);
    wrr(w, 16, 1, 60, 4);
    wbytes(w, "\1a\1b", 4);
    wlabels(w, "_x._tcp");
    wptr(w, 12);
    wrr(w, 33, 1, 60, 8);
    wbytes(w, "\0\1\0\2\0\3", 6);
    wptr(w, 12);
    wptr(w, 12);
    wrr(w, 65280, 1, 60, 2);
    w16(w, 0xabcd);
    wptr(w, 12);
    wrr(w, 2, 1, 60, 2);
    wptr(w, 12);
    wptr(w, 12);
    wrr(w, 6, 1, 60, 24);
    wptr(w, 12);
    wptr(w, 12);
    for (int i = 0; i < 5; i++)
        w32(w, (uint32_t)i);
    wlabels(w, "ns");
    wptr(w, 12);
    wrr(w, 1, 1, 60, 4);
    w32(w, 0x0a000001);
    w8(w, 0);
    wrr(w, 41, 1232, 0x8000, 6);
    wbytes(w, "\xff\x01\0\2hi", 6);
}

static void test_cuts(void)
{
    struct wire w;
    struct mirage_dns_msg m;
    struct mirage_dns_header h;
    int rc, bad = 0, worst = 0;
    size_t len;

    every_type(&w);
    len = w.n;
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && m.has_edns && m.hdr.ancount == 6,
           "a message of every type and an OPT record is taken (%s)",
           rc ? m.why : "ok");
    for (size_t n = 0; n < len; n++) {
        rc = mirage_dns_parse(&m, w.b, n);
        if (rc != -EBADMSG || !m.why) {
            bad++;
            if (!worst)
                worst = (int)n;
        }
    }
    TAP_OK(bad == 0,
           "cut at every length from 0 to %zu: -EBADMSG, each "
           "with a reason (%d not, the first at %d)",
           len - 1, bad, worst);
    rc = mirage_dns_parse(&m, w.b, 11);
    TAP_OK(rc == -EBADMSG && strcmp(m.why, "shorter than a header") == 0,
           "11 bytes: shorter than a header");
    w.b[2] |= 0x02; /* TC */
    rc = mirage_dns_parse(&m, w.b, 40);
    TAP_OK(rc == -EBADMSG && (m.hdr.flags & MIRAGE_DNS_FLAG_TC) &&
               mirage_dns_header_read(w.b, 40, &h) == 0 &&
               (h.flags & MIRAGE_DNS_FLAG_TC) && h.id == 7,
           "a cut message with TC: refused, but its header says TC");
    TAP_OK(mirage_dns_header_read(w.b, 11, &h) == -EBADMSG,
           "mirage_dns_header_read of 11 bytes: -EBADMSG");
    w.b[2] &= (uint8_t)~0x02;
    w.b[w.n++] = 0;
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG && m.where == len,
           "a byte after the last record: refused at %zu (%s)", m.where, m.why);
    w.n--;
    wset16(&w, 6, 7);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG, "one answer more than there are: refused (%s)",
           m.why);
    wset16(&w, 6, 5);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG, "one answer fewer: refused (%s)", m.why);
}

/* A query for example.com A with an OPT record of (udp), (ttl) (extended
 * RCODE, version, flags) and the options (opt, optlen). */
static void opt_query(struct wire *w, unsigned udp, uint32_t ttl,
                      const void *opt, size_t optlen)
{
    whdr(w, 9, 0x0100, 1, 0, 0, 1);
    wname(w, "example.com");
    wq(w, 1, 1);
    w8(w, 0);
    wrr(w, 41, udp, ttl, (unsigned)optlen);
    wbytes(w, opt, optlen);
}

static void test_edns(void)
{
    static const uint8_t opts[] = {0, 10, 0, 8, 1, 2, 3, 4, 5,    6,    7, 8,
                                   0, 12, 0, 4, 0, 0, 0, 0, 0xfd, 0xe9, 0, 0};
    struct wire w;
    struct mirage_dns_msg m;
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;
    uint16_t code, vl, codes[4] = {0};
    const uint8_t *v;
    size_t off = 0, sl;
    int rc, n = 0;

    opt_query(&w, 1232, 0x8000, opts, sizeof opts);
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && m.has_edns && m.edns.udp_size == 1232 &&
               m.edns.version == 0 && m.edns.ext_rcode == 0 &&
               m.edns.flags == MIRAGE_DNS_EDNS_DO &&
               m.edns.options_len == sizeof opts &&
               mirage_dns_udp_payload(&m) == 1232 && m.rcode == 0,
           "an OPT record: payload 1232, DO, three options");
    while ((rc = mirage_dns_edns_option_next(m.edns.options, m.edns.options_len,
                                             &off, &code, &v, &vl)) == 1 &&
           n < 4)
        codes[n++] = code;
    TAP_OK(rc == 0 && n == 3 && codes[0] == 10 && codes[1] == 12 &&
               codes[2] == 65001,
           "its options stepped through: 10, 12, 65001 (unknown, skipped)");
    mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ADDITIONAL);
    TAP_OK(mirage_dns_iter_next(&it, &rr) == 1 && rr.type == 41 &&
               rr.name.len == 1 && rr.rclass == 1232 &&
               rr.rd.raw.len == sizeof opts,
           "the OPT record is also read as a record, its options raw");

    opt_query(&w, 256, 0, NULL, 0);
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && mirage_dns_udp_payload(&m) == 512,
           "a payload size of 256 counts as 512 (RFC 6891 6.2.3)");
    opt_query(&w, 4096, 0x01000000, NULL, 0);
    w.b[2] |= 0x80; /* a response, RCODE 0 in the header */
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && m.rcode == MIRAGE_DNS_RCODE_BADVERS &&
               mirage_dns_udp_payload(&m) == 4096,
           "extended RCODE 1, header 0: RCODE 16, BADVERS (%u)", m.rcode);
    opt_query(&w, 4096, 0x01000000, NULL, 0);
    w.b[3] |= 3;
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && m.rcode == 19, "extended 1, header 3: RCODE 19");
    opt_query(&w, 1232, 0x00010000, NULL, 0);
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && m.edns.version == 1,
           "an OPT of version 1 is read; the version is the caller's to "
           "judge");
    whdr(&w, 9, 0x0100, 1, 0, 0, 0);
    wname(&w, "example.com");
    wq(&w, 1, 1);
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && !m.has_edns && mirage_dns_udp_payload(&m) == 512,
           "without EDNS: 512");

    /* refused */
    opt_query(&w, 1232, 0, "\0\12\0\10abc", 7);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG, "an option running past the RDATA: %s", m.why);
    opt_query(&w, 1232, 0, "\0\12\0", 3);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG, "an option's header cut short: %s", m.why);
    opt_query(&w, 1232, 0, NULL, 0);
    w8(&w, 0);
    wrr(&w, 41, 1232, 0, 0);
    wset16(&w, 10, 2);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG && strstr(m.why, "second"), "two OPT records: %s",
           m.why);
    whdr(&w, 9, 0x0100, 1, 0, 0, 1);
    wname(&w, "example.com");
    wq(&w, 1, 1);
    wptr(&w, 12);
    wrr(&w, 41, 1232, 0, 0);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG && strstr(m.why, "root"),
           "an OPT record owned by example.com: %s", m.why);
    whdr(&w, 9, 0x8100, 1, 1, 0, 0);
    wname(&w, "example.com");
    wq(&w, 1, 1);
    w8(&w, 0);
    wrr(&w, 41, 1232, 0, 0);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG && strstr(m.why, "outside"),
           "an OPT record in the answer section: %s", m.why);
    wset16(&w, 6, 0);
    wset16(&w, 8, 1);
    rc = wparse(&m, &w);
    TAP_OK(rc == -EBADMSG && strstr(m.why, "outside"),
           "an OPT record in the authority section: %s", m.why);

    /* the iterators on their own */
    off = 0;
    TAP_OK(mirage_dns_edns_option_next((const uint8_t *)"\0\1\0\1", 4, &off,
                                       &code, &v, &vl) == -EBADMSG &&
               off == 0,
           "an option running past the end: -EBADMSG");
    TAP_OK(mirage_dns_txt_next((const uint8_t *)"\2a", 2, &off, &v, &sl) ==
                   -EBADMSG &&
               off == 0,
           "a string running past the end: -EBADMSG");
}

static void test_limits(void)
{
    static struct wire w;
    struct mirage_dns_msg m;
    struct mirage_dns_question q;
    int rc;

    whdr(&w, 1, 0, 2, 0, 0, 0);
    wname(&w, "a");
    wq(&w, 1, 1);
    wname(&w, "b");
    wq(&w, 1, 1);
    rc = wparse(&m, &w);
    TAP_OK(rc == -E2BIG, "two questions: -E2BIG (%s)", m.why);
    whdr(&w, 1, 0, 0, 0, 0, 0);
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && mirage_dns_msg_question(&m, &q) == -ENOENT,
           "no question: taken; mirage_dns_msg_question says -ENOENT");
    for (int s = 1; s <= 3; s++) {
        whdr(&w, 1, 0, 0, 0, 0, 0);
        wset16(&w, 4 + 2 * (size_t)s, MIRAGE_DNS_SECTION_MAX + 1);
        rc = wparse(&m, &w);
        TAP_OK(rc == -E2BIG, "section %d counts 1,025: -E2BIG (%s)", s, m.why);
    }
    whdr(&w, 1, 0x8180, 1, MIRAGE_DNS_SECTION_MAX, 0, 0);
    wname(&w, "example.com");
    wq(&w, 1, 1);
    for (int i = 0; i < MIRAGE_DNS_SECTION_MAX; i++) {
        wptr(&w, 12);
        wrr(&w, 1, 1, 60, 4);
        w32(&w, (uint32_t)i);
    }
    rc = wparse(&m, &w);
    TAP_OK(rc == 0, "1,024 answers: taken (%zu bytes)", w.n);
    whdr(&w, 1, 0x8180, 0, 1, 0, 0);
    w8(&w, 0);
    wrr(&w, 65280, 1, 0, MIRAGE_DNS_MSG_MAX - 23);
    memset(w.b + w.n, 0xa5, MIRAGE_DNS_MSG_MAX - 23);
    w.n += MIRAGE_DNS_MSG_MAX - 23;
    rc = wparse(&m, &w);
    TAP_OK(rc == 0 && w.n == 65535, "a message of 65,535 bytes: taken");
    w.b[w.n++] = 0;
    rc = wparse(&m, &w);
    TAP_OK(rc == -EMSGSIZE, "65,536 bytes: -EMSGSIZE (%s)", m.why);
}

int main(void)
{
    test_types();
    test_rdata_pointers();
    test_bad_rdata();
    test_cuts();
    test_edns();
    test_limits();
    return tap_done();
}
