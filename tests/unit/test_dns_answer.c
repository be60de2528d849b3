/* SPDX-License-Identifier: ISC */
/* test_dns_answer.c: a reply against its query, CNAME chains, TTLs. */
#include "dns_test.h"

/* One record of a reply made for a test. */
struct spec {
    enum mirage_dns_section s;
    const char *owner;
    uint16_t type;
    const char *target; /* CNAME, NS: the target; SOA: MINIMUM */
    uint32_t ttl;
    uint16_t rclass; /* 0: IN */
};

static uint8_t rbuf[4096];
static struct mirage_dns_msg reply;

/*
 * Builds into (reply) a response of (id), (flags) to (q) (no question if
 * NULL) with the (n) records of (specs) (the builder is checked in
 * test_dns_build); aborts if it is refused.
 */
static void make(uint16_t id, uint16_t flags,
                 const struct mirage_dns_question *q, const struct spec *specs,
                 size_t n)
{
    struct mirage_dns_builder b;
    int len;

    mirage_dns_build_init(&b, rbuf, sizeof rbuf, id, flags);
    if (q)
        mirage_dns_build_question(&b, q);
    for (size_t i = 0; i < n; i++) {
        struct mirage_dns_rr rr;

        memset(&rr, 0, sizeof rr);
        rr.name = N(specs[i].owner);
        rr.type = specs[i].type;
        rr.rclass = specs[i].rclass ? specs[i].rclass : MIRAGE_DNS_CLASS_IN;
        rr.ttl = specs[i].ttl;
        if (rr.type == MIRAGE_DNS_TYPE_CNAME || rr.type == MIRAGE_DNS_TYPE_NS)
            rr.rd.target =
                N(specs[i].target ? specs[i].target : "ns.example.com");
        else if (rr.type == MIRAGE_DNS_TYPE_SOA) {
            rr.rd.soa.mname = N("ns.example.com");
            rr.rd.soa.rname = N("hostmaster.example.com");
            rr.rd.soa.minimum = (uint32_t)strtoul(specs[i].target, NULL, 10);
        } else if (mirage_dns_rr_is_raw(rr.type, rr.rclass)) {
            rr.rd.raw.data = (const uint8_t *)"\1x";
            rr.rd.raw.len = 2;
        } else {
            rr.rd.a.bytes[3] = (uint8_t)i;
        }
        if (mirage_dns_build_rr(&b, specs[i].s, &rr) != 0)
            abort();
    }
    len = mirage_dns_build_finish(&b);
    if (len < 0 || mirage_dns_parse(&reply, rbuf, (size_t)len) != 0)
        abort();
}

#define QR_RD_RA 0x8180

static void check_is(int want, uint16_t id, const struct mirage_dns_question *q,
                     unsigned flags, const char *what)
{
    const char *why = "none";
    int rc = mirage_dns_reply_check(&reply, id, q, flags, &why);

    TAP_OK(rc == want, "%s: %d (%s)", what, rc, rc ? why : "taken");
}

static void test_reply_check(void)
{
    struct mirage_dns_question q = Q("example.com", 1), other;
    static const struct spec a = {
        MIRAGE_DNS_ANSWER, "example.com", 1, NULL, 60, 0};
    uint8_t bits[] = {0xa5, 0x3c};

    make(0x1111, QR_RD_RA, &q, &a, 1);
    check_is(0, 0x1111, &q, 0, "the same ID and question");
    TAP_OK(mirage_dns_reply_check(&reply, 0x1111, &q, 0, NULL) == 0,
           "(why may be NULL)");
    check_is(-EPROTO, 0x1112, &q, 0, "another ID");
    make(0x1111, 0x0180, &q, &a, 1);
    check_is(-EPROTO, 0x1111, &q, 0, "QR 0");
    make(0x1111, QR_RD_RA | 2 << 11, &q, &a, 1);
    check_is(-EPROTO, 0x1111, &q, 0, "opcode STATUS");
    other = Q("example.com", 28);
    make(0x1111, QR_RD_RA, &other, &a, 1);
    check_is(-EPROTO, 0x1111, &q, 0, "a question for AAAA");
    other = Q("example.com", 1);
    other.qclass = 3;
    make(0x1111, QR_RD_RA, &other, &a, 1);
    check_is(-EPROTO, 0x1111, &q, 0, "a question in class CH");
    other = Q("example.org", 1);
    make(0x1111, QR_RD_RA, &other, &a, 1);
    check_is(-EPROTO, 0x1111, &q, 0, "a question for example.org");
    other = Q("www.example.com", 1);
    make(0x1111, QR_RD_RA, &other, &a, 1);
    check_is(-EPROTO, 0x1111, &q, 0, "a question for www.example.com");
    other = Q("EXAMPLE.com", 1);
    make(0x1111, QR_RD_RA, &other, &a, 1);
    check_is(0, 0x1111, &q, 0, "the name in upper case (RFC 1035)");
    check_is(-EPROTO, 0x1111, &q, MIRAGE_DNS_CHECK_CASE,
             "... but not with MIRAGE_DNS_CHECK_CASE");

    /* 0x20: a query in mixed case, echoed or not */
    q = Q("www.example.com", 1);
    mirage_dns_name_mix_case(&q.name, bits, sizeof bits);
    make(0x2222, QR_RD_RA, &q, NULL, 0);
    check_is(0, 0x2222, &q, MIRAGE_DNS_CHECK_CASE,
             "a mixed-case name echoed exactly, checked exactly");
    other = Q("www.example.com", 1);
    make(0x2222, QR_RD_RA, &other, NULL, 0);
    check_is(-EPROTO, 0x2222, &q, MIRAGE_DNS_CHECK_CASE,
             "echoed in lower case, checked exactly");
    check_is(0, 0x2222, &q, 0, "... taken without the check of case");

    /* replies without a question */
    q = Q("example.com", 1);
    for (unsigned rcode = 0; rcode <= 5; rcode++) {
        int ok = rcode == 1 || rcode == 2 || rcode == 4 || rcode == 5;
        char what[64];

        make(0x3333, (uint16_t)(QR_RD_RA | rcode), NULL, NULL, 0);
        snprintf(what, sizeof what, "no question, RCODE %u", rcode);
        check_is(ok ? 0 : -EPROTO, 0x3333, &q, 0, what);
    }
}

/* Follows the answer of (reply) for (q); checks the result. */
static void follow_is(const struct mirage_dns_question *q, int want_rc,
                      const char *want_name, unsigned cnames, unsigned count,
                      uint32_t ttl, const char *what)
{
    struct mirage_dns_answer ans;
    const char *why = "";
    int rc = mirage_dns_answer_follow(&reply, q, &ans, &why);

    if (want_rc)
        TAP_OK(rc == want_rc, "%s: %d (%s)", what, rc, why);
    else
        TAP_OK(rc == 0 && strcmp(S(&ans.name), want_name) == 0 &&
                   ans.cnames == cnames && ans.count == count && ans.ttl == ttl,
               "%s: %s, %u CNAMEs, %u records, TTL %u", what,
               rc ? why : S(&ans.name), ans.cnames, ans.count, ans.ttl);
}

static void test_chains(void)
{
    struct mirage_dns_question q = Q("www.example.com", 1);
    struct mirage_dns_answer ans;
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;
    int seen = 0, ok = 1;

    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 1, NULL, 300, 0},
            {MIRAGE_DNS_ANSWER, "www.example.com", 1, NULL, 200, 0},
            {MIRAGE_DNS_ANSWER, "other.example.com", 1, NULL, 5, 0},
            {MIRAGE_DNS_ANSWER, "www.example.com", 28, NULL, 5, 0},
            {MIRAGE_DNS_ANSWER, "www.example.com", 1, NULL, 5, 3},
        };
        make(1, QR_RD_RA, &q, s, 5);
        follow_is(&q, 0, "www.example.com", 0, 2, 200,
                  "two A records (another name, type and class beside)");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 5, "B.Example.NET", 90, 0},
            {MIRAGE_DNS_ANSWER, "b.example.net", 1, NULL, 120, 0},
            {MIRAGE_DNS_ANSWER, "b.example.net", 1, NULL, 100, 0},
            {MIRAGE_DNS_ADDITIONAL, "b.example.net", 1, NULL, 1, 0},
        };
        make(1, QR_RD_RA, &q, s, 5);
        follow_is(&q, 0, "B.Example.NET", 2, 2, 90,
                  "a chain of two CNAMEs (case aside) to two A records");
        mirage_dns_answer_follow(&reply, &q, &ans, NULL);
        mirage_dns_iter_init(&it, &reply, MIRAGE_DNS_ANSWER);
        while (mirage_dns_answer_next(&ans, &it, &rr) == 1) {
            seen++;
            ok &= rr.type == 1 && rr.rd.a.bytes[3] == seen + 1;
        }
        TAP_OK(seen == 2 && ok,
               "mirage_dns_answer_next gives the two A records (%d)", seen);
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "b.example.net", 1, NULL, 120, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 5, "b.example.net", 90, 0},
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
        };
        make(1, QR_RD_RA, &q, s, 3);
        follow_is(&q, 0, "b.example.net", 2, 1, 90,
                  "the same chain in reverse order");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 5, "b.example.net", 90, 0},
        };
        make(1, QR_RD_RA, &q, s, 2);
        follow_is(&q, 0, "b.example.net", 2, 0, 90,
                  "a chain with no record at its end");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 5, "www.example.com", 90, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 1, NULL, 90, 3},
        };
        make(1, QR_RD_RA, &q, s, 3);
        follow_is(&q, -ELOOP, NULL, 0, 0, 0, "a loop of two CNAMEs");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "WWW.example.com", 600,
             0},
        };
        make(1, QR_RD_RA, &q, s, 1);
        follow_is(&q, -ELOOP, NULL, 0, 0, 0, "a CNAME to itself");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 5, "b.example.net", 90, 0},
            {MIRAGE_DNS_ANSWER, "b.example.net", 5, "a.example.net", 90, 0},
        };
        make(1, QR_RD_RA, &q, s, 3);
        follow_is(&q, -ELOOP, NULL, 0, 0, 0, "a loop after one link");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "b.example.net", 90, 0},
            {MIRAGE_DNS_ANSWER, "b.example.net", 1, NULL, 90, 0},
        };
        make(1, QR_RD_RA, &q, s, 3);
        follow_is(&q, -EBADMSG, NULL, 0, 0, 0,
                  "two CNAMEs of one name, to different targets");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.NET", 60, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 1, NULL, 90, 0},
        };
        make(1, QR_RD_RA, &q, s, 3);
        follow_is(&q, 0, "a.example.net", 1, 1, 60,
                  "the same CNAME twice: taken, the least TTL");
    }
    /* chains of 8 and 9 */
    for (int len = 8; len <= 9; len++) {
        struct spec s[10];
        static char names[10][16];

        for (int i = 0; i <= len; i++)
            snprintf(names[i], sizeof names[i], "n%d.test", i);
        q = Q(names[0], 1);
        for (int i = 0; i < len; i++)
            s[i] =
                (struct spec){MIRAGE_DNS_ANSWER,    names[i], 5, names[i + 1],
                              (uint32_t)(1000 - i), 0};
        s[len] = (struct spec){MIRAGE_DNS_ANSWER, names[len], 1, NULL, 5000, 0};
        make(1, QR_RD_RA, &q, s, (size_t)len + 1);
        if (len == 8)
            follow_is(&q, 0, "n8.test", 8, 1, 993, "a chain of 8 CNAMEs");
        else
            follow_is(&q, -ELOOP, NULL, 0, 0, 0, "a chain of 9 CNAMEs");
    }

    /* what the question asks changes what is followed */
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net", 600, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 1, NULL, 90, 0},
        };
        make(1, QR_RD_RA, &q, s, 2);
        q = Q("www.example.com", MIRAGE_DNS_TYPE_CNAME);
        follow_is(&q, 0, "www.example.com", 0, 1, 600,
                  "a question for CNAME: the CNAME, not followed");
        q = Q("www.example.com", MIRAGE_DNS_TYPE_ANY);
        follow_is(&q, 0, "www.example.com", 0, 1, 600,
                  "a question for ANY: what the name has, not followed");
        q = Q("www.example.com", MIRAGE_DNS_TYPE_AAAA);
        follow_is(&q, 0, "a.example.net", 1, 0, 600,
                  "a question for AAAA: followed, no AAAA at the end");
        q = Q("www.example.com", 1);
        q.qclass = MIRAGE_DNS_CLASS_ANY;
        follow_is(&q, 0, "a.example.net", 1, 1, 90,
                  "a question in class ANY takes any class");
        q.qclass = 3;
        follow_is(&q, 0, "www.example.com", 0, 0, 0,
                  "a question in class CH: nothing in IN is taken");
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "www.example.com", 5, "a.example.net",
             0x80000000u, 0},
            {MIRAGE_DNS_ANSWER, "a.example.net", 1, NULL, 90, 0},
        };
        q = Q("www.example.com", 1);
        make(1, QR_RD_RA, &q, s, 2);
        follow_is(&q, 0, "a.example.net", 1, 1, 0,
                  "a TTL with its top bit set counts as 0 (RFC 2181 8)");
    }
    make(1, QR_RD_RA | 3, &q, NULL, 0);
    follow_is(&q, 0, "www.example.com", 0, 0, 0, "no answer at all: TTL 0");
}

static void test_negative(void)
{
    struct mirage_dns_question q = Q("nx.example.com", 1);
    uint32_t ttl = 1;

    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "nx.example.com", 6, "5", 7, 0},
            {MIRAGE_DNS_AUTHORITY, "example.com", 6, "300", 3600, 0},
            {MIRAGE_DNS_AUTHORITY, "example.com", 6, "1", 1, 0},
        };
        make(1, QR_RD_RA | 3, &q, s, 3);
        TAP_OK(mirage_dns_negative_ttl(&reply, &ttl) == 0 && ttl == 300,
               "SOA TTL 3600, MINIMUM 300: 300 (the first of the authority "
               "section: %u)",
               ttl);
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_AUTHORITY, "example.com", 2, NULL, 5, 0},
            {MIRAGE_DNS_AUTHORITY, "example.com", 6, "300", 60, 0},
        };
        make(1, QR_RD_RA | 3, &q, s, 2);
        TAP_OK(mirage_dns_negative_ttl(&reply, &ttl) == 0 && ttl == 60,
               "SOA TTL 60, MINIMUM 300: 60 (%u)", ttl);
    }
    {
        static const struct spec s[] = {
            {MIRAGE_DNS_ANSWER, "nx.example.com", 6, "5", 7, 0},
        };
        make(1, QR_RD_RA | 3, &q, s, 1);
        TAP_OK(mirage_dns_negative_ttl(&reply, &ttl) == -ENOENT,
               "a SOA only in the answer section: -ENOENT");
    }
}

int main(void)
{
    test_reply_check();
    test_chains();
    test_negative();
    return tap_done();
}
