/* SPDX-License-Identifier: ISC */
/* test_dns_build.c: the builder: bytes, compression, truncation, errors. */
#include "dns_test.h"

/* Whether (got, n) is the message (hex); shows both if not. */
static void bytes_are(const uint8_t *got, int n, const char *hex,
                      const char *what)
{
    uint8_t want[2048];
    size_t len = unhex(hex, want);
    char h1[6200], h2[6200];
    int ok = n == (int)len && memcmp(got, want, len) == 0;

    TAP_OK(ok, "%s: %d bytes as computed by hand", what, n);
    if (!ok)
        TAP_DIAG("got  %s\n# want %s", tohex(got, n > 0 ? (size_t)n : 0, h1),
                 tohex(want, len, h2));
}

static struct mirage_dns_rr rr_a(const char *owner, uint32_t addr)
{
    struct mirage_dns_rr rr;

    memset(&rr, 0, sizeof rr);
    rr.name = N(owner);
    rr.type = MIRAGE_DNS_TYPE_A;
    rr.rclass = MIRAGE_DNS_CLASS_IN;
    rr.ttl = 300;
    rr.rd.a.bytes[0] = (uint8_t)(addr >> 24);
    rr.rd.a.bytes[1] = (uint8_t)(addr >> 16);
    rr.rd.a.bytes[2] = (uint8_t)(addr >> 8);
    rr.rd.a.bytes[3] = (uint8_t)addr;
    return rr;
}

static struct mirage_dns_rr rr_name(const char *owner, uint16_t type,
                                    const char *target)
{
    struct mirage_dns_rr rr;

    memset(&rr, 0, sizeof rr);
    rr.name = N(owner);
    rr.type = type;
    rr.rclass = MIRAGE_DNS_CLASS_IN;
    rr.ttl = 300;
    rr.rd.target = N(target);
    return rr;
}

static void test_queries(void)
{
    uint8_t buf[512];
    struct mirage_dns_question q = Q("www.example.com", 1);
    struct mirage_dns_edns e = {1232, 0, 0, MIRAGE_DNS_EDNS_DO, NULL, 0};
    static const uint8_t cookie[] = {0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    int n;

    n = mirage_dns_build_query(buf, sizeof buf, 0x1234, MIRAGE_DNS_FLAG_RD, &q,
                               NULL);
    bytes_are(buf, n,
              "1234 0100 0001 0000 0000 0000"
              "03 777777 07 6578616d706c65 03 636f6d 00 0001 0001",
              "a recursive query for www.example.com A");
    n = mirage_dns_build_query(buf, sizeof buf, 0x1234, MIRAGE_DNS_FLAG_RD, &q,
                               &e);
    bytes_are(buf, n,
              "1234 0100 0001 0000 0000 0001"
              "03 777777 07 6578616d706c65 03 636f6d 00 0001 0001"
              "00 0029 04d0 00 00 8000 0000",
              "... with EDNS: payload 1232, DO");
    e.options = cookie;
    e.options_len = sizeof cookie;
    e.flags = 0;
    q = Q("example.", 28);
    n = mirage_dns_build_query(buf, sizeof buf, 0xffff, 0, &q, &e);
    bytes_are(buf, n,
              "ffff 0000 0001 0000 0000 0001"
              "07 6578616d706c65 00 001c 0001"
              "00 0029 04d0 00 00 0000 000c 000a 0008 0102030405060708",
              "an iterative AAAA query with a cookie option");
    q = Q(".", 2);
    n = mirage_dns_build_query(buf, sizeof buf, 1, 0, &q, NULL);
    bytes_are(buf, n, "0001 0000 0001 0000 0000 0000 00 0002 0001",
              "the root's NS");
    q.name.len = 0;
    TAP_OK(mirage_dns_build_query(buf, sizeof buf, 1, 0, &q, NULL) == -EINVAL,
           "a query for a malformed name: -EINVAL");
    q = Q("www.example.com", 1);
    TAP_OK(mirage_dns_build_query(buf, 32, 1, 0, &q, NULL) == -EMSGSIZE,
           "a query in 32 bytes (it needs 33): -EMSGSIZE");
    TAP_OK(mirage_dns_build_query(buf, 33, 1, 0, &q, NULL) == 33,
           "in 33 bytes: 33");
    TAP_OK(mirage_dns_build_query(buf, 43, 1, 0, &q, &e) == -EMSGSIZE,
           "with EDNS and a cookie in 43 bytes (it needs 56): -EMSGSIZE");
}

static void test_compression(void)
{
    uint8_t buf[1024];
    struct mirage_dns_builder b;
    struct mirage_dns_question q;
    struct mirage_dns_rr rr;
    struct mirage_dns_msg m;
    int n;

    /* RFC 1035 4.1.4: F.ISI.ARPA, FOO.F.ISI.ARPA, ARPA and the root */
    mirage_dns_build_init(&b, buf, sizeof buf, 0, MIRAGE_DNS_FLAG_QR);
    q = Q("F.ISI.ARPA", 1);
    mirage_dns_build_question(&b, &q);
    rr = rr_a("FOO.F.ISI.ARPA", 0x0a000001);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = rr_name("ARPA", 2, "F.ISI.ARPA");
    mirage_dns_build_rr(&b, MIRAGE_DNS_AUTHORITY, &rr);
    rr = rr_a(".", 0x7f000001);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr);
    n = mirage_dns_build_finish(&b);
    bytes_are(buf, n,
              "0000 8000 0001 0001 0001 0001"
              "01 46 03 495349 04 41525041 00 0001 0001" /* 12: F.ISI.ARPA */
              "03 464f4f c00c 0001 0001 0000012c 0004 0a000001"
              "c012 0002 0001 0000012c 0002 c00c" /* ARPA: at 18 */
              "00 0001 0001 0000012c 0004 7f000001",
              "RFC 1035 4.1.4's example: FOO.F.ISI.ARPA, ARPA, the root");

    /* compression keeps the case: only the same bytes are pointed to */
    mirage_dns_build_init(&b, buf, sizeof buf, 0, MIRAGE_DNS_FLAG_QR);
    q = Q("WWW.Example.COM", 1);
    mirage_dns_build_question(&b, &q);
    rr = rr_a("WWW.Example.COM", 1);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = rr_a("www.example.com", 2);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = rr_a("mail.example.com", 3);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    n = mirage_dns_build_finish(&b);
    bytes_are(buf, n,
              "0000 8000 0001 0003 0000 0000"
              "03 575757 07 4578616d706c65 03 434f4d 00 0001 0001"
              "c00c 0001 0001 0000012c 0004 00000001"
              "03 777777 07 6578616d706c65 03 636f6d 00" /* 49 */
              "0001 0001 0000012c 0004 00000002"
              "04 6d61696c c035 0001 0001 0000012c 0004 00000003",
              "names differing in case are not compressed against each "
              "other");
    TAP_OK(mirage_dns_parse(&m, buf, (size_t)n) == 0, "and the message parses");

    /* SRV's target is never compressed, but may be pointed to */
    mirage_dns_build_init(&b, buf, sizeof buf, 0, MIRAGE_DNS_FLAG_QR);
    q = Q("_sip._udp.sip.test", 33);
    mirage_dns_build_question(&b, &q);
    memset(&rr, 0, sizeof rr);
    rr.name = q.name;
    rr.type = 33;
    rr.rclass = 1;
    rr.ttl = 1;
    rr.rd.srv.priority = 1;
    rr.rd.srv.weight = 2;
    rr.rd.srv.port = 3;
    rr.rd.srv.target = N("host.test");
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    rr = rr_a("host.test", 4);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr);
    n = mirage_dns_build_finish(&b);
    bytes_are(buf, n,
              "0000 8000 0001 0001 0000 0001"
              "04 5f736970 04 5f756470 03 736970 04 74657374 00 0021 0001"
              "c00c 0021 0001 00000001 0011 0001 0002 0003"
              "04 686f7374 04 74657374 00" /* 54: test not compressed */
              "c036 0001 0001 0000012c 0004 00000004",
              "an SRV target written whole, then pointed to");

    /* names written past 16 KiB cannot be pointed to */
    {
        static uint8_t big[70000], blob[16400];
        struct mirage_dns_iter it;
        size_t before;

        mirage_dns_build_init(&b, big, sizeof big, 0, MIRAGE_DNS_FLAG_QR);
        q = Q("example.com", 1);
        mirage_dns_build_question(&b, &q);
        memset(&rr, 0, sizeof rr);
        rr.name = N("blob.example.com");
        rr.type = 65280;
        rr.rclass = 1;
        rr.rd.raw.data = blob;
        rr.rd.raw.len = sizeof blob;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        rr = rr_a("far.away.test", 1);
        before = b.len;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        TAP_OK(b.len - before == 15 + 14,
               "a name past 16 KiB is written whole (%zu bytes)",
               b.len - before - 14);
        before = b.len;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        TAP_OK(b.len - before == 15 + 14,
               "and again: it could not be remembered (%zu bytes)",
               b.len - before - 14);
        rr = rr_a("x.example.com", 1);
        before = b.len;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        TAP_OK(b.len - before == 4 + 14,
               "one whose suffix is before 16 KiB points to it (%zu bytes)",
               b.len - before - 14);
        n = mirage_dns_build_finish(&b);
        TAP_OK(n > 0 && mirage_dns_parse(&m, big, (size_t)n) == 0,
               "the %d-byte message parses", n);
        mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ANSWER);
        mirage_dns_iter_next(&it, &rr);
        mirage_dns_iter_next(&it, &rr);
        mirage_dns_iter_next(&it, &rr);
        mirage_dns_iter_next(&it, &rr);
        TAP_STREQ(S(&rr.name), "x.example.com", "its last name");
    }
}

/* A response for example.com A into (b) of (size) bytes, with EDNS if
 * (edns); then A records until one is refused: how many were taken. */
static int fill(struct mirage_dns_builder *b, uint8_t *buf, size_t size,
                bool edns, int *last_rc)
{
    struct mirage_dns_question q = Q("example.com", 1);
    struct mirage_dns_edns e = {4096, 0, 0, 0, NULL, 0};
    struct mirage_dns_rr rr = rr_a("example.com", 0);
    int k = 0, rc;

    mirage_dns_build_init(b, buf, size, 0x4242, MIRAGE_DNS_FLAG_QR);
    if (edns)
        mirage_dns_build_edns(b, &e);
    mirage_dns_build_question(b, &q);
    while ((rc = mirage_dns_build_rr(b, MIRAGE_DNS_ANSWER, &rr)) == 0) {
        k++;
        rr.rd.a.bytes[3]++;
    }
    *last_rc = rc;
    return k;
}

static void test_truncation(void)
{
    static uint8_t buf[65535];
    struct mirage_dns_builder b;
    struct mirage_dns_msg m;
    struct mirage_dns_rr rr;
    struct mirage_dns_question q = Q("example.com", 1);
    int k, rc, n;

    k = fill(&b, buf, 512, false, &rc);
    n = mirage_dns_build_finish(&b);
    TAP_OK(k == 30 && rc == -EMSGSIZE && n == 29 + 30 * 16,
           "512 bytes hold 30 A records (%d), then -EMSGSIZE; %d bytes", k, n);
    TAP_OK(mirage_dns_parse(&m, buf, (size_t)n) == 0 &&
               (m.hdr.flags & MIRAGE_DNS_FLAG_TC) && m.hdr.ancount == 30,
           "the message parses, TC set, 30 answers");
    k = fill(&b, buf, 512, true, &rc);
    n = mirage_dns_build_finish(&b);
    TAP_OK(k == 29 && n == 29 + 29 * 16 + 11,
           "with EDNS's 11 bytes kept: 29 records, %d bytes", n);
    TAP_OK(mirage_dns_parse(&m, buf, (size_t)n) == 0 && m.has_edns &&
               m.edns.udp_size == 4096 && (m.hdr.flags & MIRAGE_DNS_FLAG_TC),
           "the OPT record is there, TC set");
    k = fill(&b, buf, 29 + 3 * 16, false, &rc);
    n = mirage_dns_build_finish(&b);
    TAP_OK(k == 3 && n == 29 + 3 * 16 && mirage_dns_parse(&m, buf, 77) == 0,
           "a size met exactly: 3 records, 77 bytes");
    TAP_OK(m.hdr.flags & MIRAGE_DNS_FLAG_TC, "(TC: the fourth was refused)");

    /* after a drop, nothing more, even what would fit */
    fill(&b, buf, 100, false, &rc);
    rr = rr_a(".", 1);
    rr.type = 65280;
    rr.rd.raw.len = 0;
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr) == -EMSGSIZE,
           "a smaller record after a drop: -EMSGSIZE (no hole)");
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_AUTHORITY, &rr) == -EMSGSIZE,
           "an authority record after it: -EMSGSIZE");

    /* additional data dropped: no TC (RFC 2181 9) */
    mirage_dns_build_init(&b, buf, 29 + 16 + 10, 1, MIRAGE_DNS_FLAG_QR);
    mirage_dns_build_question(&b, &q);
    rr = rr_a("example.com", 1);
    rc = mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    TAP_OK(rc == 0, "an answer fits");
    rr = rr_a("ns.example.com", 2);
    rc = mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr);
    n = mirage_dns_build_finish(&b);
    TAP_OK(rc == -EMSGSIZE && n == 45 && !(b.hdr.flags & MIRAGE_DNS_FLAG_TC),
           "additional data that does not fit: dropped, no TC");

    /* the question itself */
    mirage_dns_build_init(&b, buf, 20, 1, 0);
    rc = mirage_dns_build_question(&b, &q);
    n = mirage_dns_build_finish(&b);
    TAP_OK(rc == -EMSGSIZE && n == 12 && (buf[2] & 0x02) && buf[5] == 0,
           "a question that does not fit: a header with TC, no question");
    mirage_dns_build_init(&b, buf, 28, 1, 0);
    rc = mirage_dns_build_question(&b, &q);
    TAP_OK(rc == -EMSGSIZE && b.len == 12,
           "one whose name fits but not its type and class: rolled back");

    /* a dropped record leaves no name to point to */
    mirage_dns_build_init(&b, buf, 29 + 16 + 20, 1, MIRAGE_DNS_FLAG_QR);
    mirage_dns_build_question(&b, &q);
    rr = rr_name("new.example.com", 5, "a-long-name-that-will-not-fit.test");
    rc = mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    TAP_OK(rc == -EMSGSIZE && b.len == 29 && b.nnames == 2,
           "a dropped record: length and names remembered as before");
}

static void test_errors(void)
{
    static uint8_t buf[65535];
    struct mirage_dns_builder b;
    struct mirage_dns_question q = Q("example.com", 1);
    struct mirage_dns_rr rr = rr_a("example.com", 1), bad;
    struct mirage_dns_edns e = {1232, 0, 0, 0, NULL, 0};
    int rc, k;

    TAP_OK(mirage_dns_build_init(&b, buf, 11, 0, 0) == -EINVAL,
           "a buffer of 11 bytes: -EINVAL");
    mirage_dns_build_init(&b, buf, sizeof buf, 0, 0);
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_QUESTION, &rr) == -EINVAL,
           "a record in the question section: -EINVAL");
    mirage_dns_build_question(&b, &q);
    TAP_OK(mirage_dns_build_question(&b, &q) == -EINVAL,
           "a second question: -EINVAL");
    mirage_dns_build_rr(&b, MIRAGE_DNS_AUTHORITY, &rr);
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr) == -EINVAL,
           "an answer after an authority record: -EINVAL");
    TAP_OK(mirage_dns_build_rr(&b, (enum mirage_dns_section)4, &rr) == -EINVAL,
           "section 4: -EINVAL");
    mirage_dns_build_init(&b, buf, sizeof buf, 0, 0);
    mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    TAP_OK(mirage_dns_build_question(&b, &q) == -EINVAL,
           "a question after a record: -EINVAL");
    bad = rr;
    bad.type = MIRAGE_DNS_TYPE_OPT;
    bad.name = N(".");
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &bad) == -EINVAL,
           "an OPT record through mirage_dns_build_rr: -EINVAL");
    bad = rr;
    bad.name.len = 5;
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &bad) == -EINVAL,
           "a malformed owner: -EINVAL");
    bad = rr_name("example.com", 5, "x");
    bad.rd.target.wire[0] = 2;
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &bad) == -EINVAL,
           "a malformed CNAME target: -EINVAL");
    bad = rr;
    bad.type = MIRAGE_DNS_TYPE_TXT;
    bad.rd.raw.data = (const uint8_t *)"";
    bad.rd.raw.len = 0;
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &bad) == -EINVAL,
           "TXT without a string: -EINVAL");
    bad.rd.raw.data = (const uint8_t *)"\3ab";
    bad.rd.raw.len = 3;
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &bad) == -EINVAL,
           "TXT whose string runs past its RDATA: -EINVAL");
    bad.type = 65280;
    bad.rd.raw.data = NULL;
    TAP_OK(mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &bad) == -EINVAL,
           "raw RDATA of 3 bytes at NULL: -EINVAL");
    e.options = (const uint8_t *)"\0\1\0\5x";
    e.options_len = 5;
    TAP_OK(mirage_dns_build_edns(&b, &e) == -EINVAL,
           "EDNS options that run past their end: -EINVAL");
    e.options_len = 0;
    TAP_OK(mirage_dns_build_edns(&b, &e) == 0 &&
               mirage_dns_build_edns(&b, &e) == -EINVAL,
           "a second OPT record: -EINVAL");
    b.hdr.flags |= MIRAGE_DNS_RCODE_REFUSED;
    rc = mirage_dns_build_finish(&b);
    TAP_OK(rc > 0 && (buf[3] & 0xf) == 5 && buf[11] == 1,
           "the header's flags may change until the end (RCODE 5)");
    TAP_OK(mirage_dns_build_finish(&b) == -EINVAL &&
               mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr) == -EINVAL,
           "finished: -EINVAL for more");
    mirage_dns_build_init(&b, buf, 22, 0, 0);
    TAP_OK(mirage_dns_build_edns(&b, &e) == -EMSGSIZE,
           "EDNS in 22 bytes (it needs 23): -EMSGSIZE");

    /* the limits of a section */
    mirage_dns_build_init(&b, buf, sizeof buf, 0, MIRAGE_DNS_FLAG_QR);
    for (k = 0; (rc = mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr)) == 0;)
        k++;
    TAP_OK(k == MIRAGE_DNS_SECTION_MAX && rc == -E2BIG,
           "1,024 answers, then -E2BIG (%d)", k);
    mirage_dns_build_init(&b, buf, sizeof buf, 0, MIRAGE_DNS_FLAG_QR);
    mirage_dns_build_edns(&b, &e);
    for (k = 0;
         (rc = mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr)) == 0;)
        k++;
    TAP_OK(k == MIRAGE_DNS_SECTION_MAX - 1 && rc == -E2BIG,
           "with EDNS: 1,023 additional records, then -E2BIG (%d)", k);
    rc = mirage_dns_build_finish(&b);
    {
        struct mirage_dns_msg m;

        TAP_OK(rc > 0 && mirage_dns_parse(&m, buf, (size_t)rc) == 0 &&
                   m.hdr.arcount == MIRAGE_DNS_SECTION_MAX,
               "which parses: 1,024 with the OPT record");
    }
    mirage_dns_build_init(&b, buf, sizeof buf, 0, MIRAGE_DNS_FLAG_QR);
    for (k = 0; k < MIRAGE_DNS_SECTION_MAX; k++)
        mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr);
    TAP_OK(mirage_dns_build_edns(&b, &e) == -E2BIG,
           "EDNS with 1,024 additional records: -E2BIG");
}

static void test_tcp(void)
{
    uint8_t p[2], buf[64] = {0};
    size_t len = 0;

    TAP_OK(mirage_dns_tcp_prefix(p, 0x1234) == 0 && p[0] == 0x12 &&
               p[1] == 0x34,
           "the prefix of 0x1234 bytes");
    TAP_OK(mirage_dns_tcp_prefix(p, 65535) == 0 && p[0] == 0xff && p[1] == 0xff,
           "of 65,535");
    TAP_OK(mirage_dns_tcp_prefix(p, 65536) == -EMSGSIZE, "65,536: -EMSGSIZE");
    buf[0] = 0;
    buf[1] = 33;
    TAP_OK(mirage_dns_tcp_frame(buf, 0, &len) == 0 &&
               mirage_dns_tcp_frame(buf, 1, &len) == 0,
           "0 or 1 byte: more needed");
    TAP_OK(mirage_dns_tcp_frame(buf, 34, &len) == 0,
           "a prefix of 33 and 32 bytes: more needed");
    TAP_OK(mirage_dns_tcp_frame(buf, 35, &len) == 1 && len == 33,
           "and 33 bytes: a message of 33");
    TAP_OK(mirage_dns_tcp_frame(buf, 64, &len) == 1 && len == 33,
           "bytes of the next message after it: the same");
    buf[1] = 11;
    TAP_OK(mirage_dns_tcp_frame(buf, 2, &len) == -EBADMSG,
           "a prefix of 11: -EBADMSG");
    buf[1] = 0;
    TAP_OK(mirage_dns_tcp_frame(buf, 64, &len) == -EBADMSG,
           "a prefix of 0: -EBADMSG");
}

int main(void)
{
    test_queries();
    test_compression();
    test_truncation();
    test_errors();
    test_tcp();
    return tap_done();
}
