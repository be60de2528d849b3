/* SPDX-License-Identifier: ISC */
/* dns_peer.c: lib/dns over host sockets, against dnsmasq (dns-dnsmasq.sh). */

/*
 * dns_peer ask [-t] [-e SIZE] [-m] SERVER PORT NAME TYPE
 *     sends a query built by lib/dns (over TCP with -t; with EDNS and a
 *     payload of SIZE with -e; the name in mixed case with -m, checked
 *     exactly in the reply; NAME @ADDR is ADDR's in-addr.arpa name) to
 *     SERVER (an IPv4 address), waits for the reply (10 s, scaled as
 *     tests/unit/tap.h says) and prints what
 *     the reply parses to, one fact a line:
 *       header id=ID rcode=N tc=0|1 counts=QD,AN,NS,AR edns=SIZE|none
 *       check ok|WHY                 mirage_dns_reply_check
 *       chain NAME cnames=N count=N ttl=N   mirage_dns_answer_follow
 *       SECTION OWNER TTL TYPE RDATA one a record (answer, authority,
 *                                    additional), types by number
 *       rebuilt same|differs         built again from what was parsed:
 *                                    the same bytes as the server's?
 *       bytes HEX                    the reply
 *     Exits 0 with a reply that parses, 1 otherwise (why on stderr).
 * dns_peer serve PORT LOG
 *     answers UDP queries on 127.0.0.1:PORT for names under fwd.test from
 *     a table (see answer()); writes to LOG, for each query, "query HEX"
 *     and "rebuilt same|differs" (the query parsed and built again).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mirage/dns.h>

#include "tap.h" /* tap_scaled_s only */

static uint8_t msg[MIRAGE_DNS_MSG_MAX + 2];
static uint8_t again[MIRAGE_DNS_MSG_MAX];

/* The name of text (text), or exits. */
static struct mirage_dns_name name_of(const char *text)
{
    struct mirage_dns_name n;

    if (mirage_dns_name_from_string(&n, text) != 0) {
        fprintf(stderr, "dns_peer: not a name: %s\n", text);
        exit(2);
    }
    return n;
}

static const char *text_of(const struct mirage_dns_name *n)
{
    static char buf[2][MIRAGE_DNS_NAME_STRLEN];
    static int k;
    char *b = buf[k++ % 2];

    if (mirage_dns_name_to_string(n, b, MIRAGE_DNS_NAME_STRLEN) < 0)
        strcpy(b, "?");
    return b;
}

/* Prints the RDATA of (rr) in text. */
static void print_rdata(const struct mirage_dns_rr *rr)
{
    char a[MIRAGE_IPV6_STRLEN];
    const uint8_t *s;
    size_t off = 0, sl;

    if (mirage_dns_rr_is_raw(rr->type, rr->rclass)) {
        if (rr->type == MIRAGE_DNS_TYPE_TXT) {
            while (mirage_dns_txt_next(rr->rd.raw.data, rr->rd.raw.len, &off,
                                       &s, &sl) == 1)
                printf(" \"%.*s\"", (int)sl, (const char *)s);
            return;
        }
        printf(" \\# %u", rr->rd.raw.len);
        for (size_t i = 0; i < rr->rd.raw.len; i++)
            printf("%s%02x", i ? "" : " ", rr->rd.raw.data[i]);
        return;
    }
    switch (rr->type) {
    case MIRAGE_DNS_TYPE_A:
        mirage_ipv4_to_string(&rr->rd.a, a, sizeof a);
        printf(" %s", a);
        break;
    case MIRAGE_DNS_TYPE_AAAA:
        mirage_ipv6_to_string(&rr->rd.aaaa, a, sizeof a);
        printf(" %s", a);
        break;
    case MIRAGE_DNS_TYPE_MX:
        printf(" %u %s", rr->rd.mx.preference, text_of(&rr->rd.mx.exchange));
        break;
    case MIRAGE_DNS_TYPE_SRV:
        printf(" %u %u %u %s", rr->rd.srv.priority, rr->rd.srv.weight,
               rr->rd.srv.port, text_of(&rr->rd.srv.target));
        break;
    case MIRAGE_DNS_TYPE_SOA:
        printf(" %s %s %u %u %u %u %u", text_of(&rr->rd.soa.mname),
               text_of(&rr->rd.soa.rname), rr->rd.soa.serial,
               rr->rd.soa.refresh, rr->rd.soa.retry, rr->rd.soa.expire,
               rr->rd.soa.minimum);
        break;
    default:
        printf(" %s", text_of(&rr->rd.target));
    }
}

/*
 * Builds (m) again, records in order, the OPT record from its EDNS (last,
 * where builders put it); whether the bytes are (m)'s own.
 */
static bool same_again(const struct mirage_dns_msg *m)
{
    struct mirage_dns_builder b;
    struct mirage_dns_question q;
    int len;

    mirage_dns_build_init(&b, again, sizeof again, m->hdr.id, m->hdr.flags);
    if (m->has_edns && mirage_dns_build_edns(&b, &m->edns) != 0)
        return false;
    if (mirage_dns_msg_question(m, &q) == 0 &&
        mirage_dns_build_question(&b, &q) != 0)
        return false;
    for (int s = MIRAGE_DNS_ANSWER; s <= MIRAGE_DNS_ADDITIONAL; s++) {
        struct mirage_dns_iter it;
        struct mirage_dns_rr rr;

        mirage_dns_iter_init(&it, m, (enum mirage_dns_section)s);
        while (mirage_dns_iter_next(&it, &rr) == 1)
            if (rr.type != MIRAGE_DNS_TYPE_OPT &&
                mirage_dns_build_rr(&b, (enum mirage_dns_section)s, &rr) != 0)
                return false;
    }
    len = mirage_dns_build_finish(&b);
    return len == (int)m->len && memcmp(again, m->buf, m->len) == 0;
}

/* Prints the records of section (s) of (m) under the word (what). */
static void print_section(const struct mirage_dns_msg *m,
                          enum mirage_dns_section s, const char *what)
{
    struct mirage_dns_iter it;
    struct mirage_dns_rr rr;

    mirage_dns_iter_init(&it, m, s);
    while (mirage_dns_iter_next(&it, &rr) == 1) {
        if (rr.type == MIRAGE_DNS_TYPE_OPT)
            continue;
        printf("%s %s %u %u", what, text_of(&rr.name), rr.ttl, rr.type);
        print_rdata(&rr);
        printf("\n");
    }
}

/* Reads exactly (n) bytes from the stream (fd) into (p); 0 or -1. */
static int read_all(int fd, uint8_t *p, size_t n)
{
    while (n) {
        ssize_t r = read(fd, p, n);

        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int ask(int argc, char **argv)
{
    bool tcp = false, mix = false;
    uint16_t edns_size = 0, id = 0x5a17;
    struct mirage_dns_edns e = {0, 0, 0, 0, NULL, 0};
    struct mirage_dns_question q;
    struct mirage_dns_msg m;
    struct mirage_dns_answer ans;
    struct sockaddr_in sa;
    const char *why = NULL;
    int i = 2, fd, len, rc;
    size_t got;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-t") == 0)
            tcp = true;
        else if (strcmp(argv[i], "-m") == 0)
            mix = true;
        else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc)
            edns_size = (uint16_t)atoi(argv[++i]);
    }
    if (argc - i != 4) {
        fprintf(stderr, "usage: dns_peer ask [-t] [-e SIZE] [-m] SERVER "
                        "PORT NAME TYPE\n");
        return 2;
    }
    if (argv[i + 2][0] == '@') {
        struct mirage_ipv4 a;

        if (inet_pton(AF_INET, argv[i + 2] + 1, a.bytes) != 1) {
            fprintf(stderr, "dns_peer: not an IPv4 address: %s\n",
                    argv[i + 2] + 1);
            return 2;
        }
        mirage_dns_name_reverse_ipv4(&q.name, &a);
    } else {
        q.name = name_of(argv[i + 2]);
    }
    q.type = (uint16_t)atoi(argv[i + 3]);
    q.qclass = MIRAGE_DNS_CLASS_IN;
    if (mix) {
        static const uint8_t bits[] = {0x5a, 0xc3, 0x96};
        mirage_dns_name_mix_case(&q.name, bits, sizeof bits);
    }
    e.udp_size = edns_size;
    len = mirage_dns_build_query(msg + 2, sizeof msg - 2, id,
                                 MIRAGE_DNS_FLAG_RD, &q, edns_size ? &e : NULL);
    if (len < 0) {
        fprintf(stderr, "dns_peer: the query: %d\n", len);
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)atoi(argv[i + 1]));
    if (inet_pton(AF_INET, argv[i], &sa.sin_addr) != 1) {
        fprintf(stderr, "dns_peer: not an IPv4 address: %s\n", argv[i]);
        return 2;
    }
    fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("dns_peer: connect");
        return 1;
    }
    if (tcp) {
        mirage_dns_tcp_prefix(msg, (size_t)len);
        if (write(fd, msg, (size_t)len + 2) != len + 2 ||
            read_all(fd, msg, 2) != 0) {
            perror("dns_peer: TCP");
            return 1;
        }
        got = (size_t)(msg[0] << 8 | msg[1]);
        if (read_all(fd, msg + 2, got) != 0) {
            perror("dns_peer: TCP");
            return 1;
        }
        rc = mirage_dns_tcp_frame(msg, got + 2, &got);
        if (rc != 1) {
            fprintf(stderr, "dns_peer: a TCP frame: %d\n", rc);
            return 1;
        }
    } else {
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t r;

        if (send(fd, msg + 2, (size_t)len, 0) != len ||
            poll(&p, 1, (int)tap_scaled_s(10) * 1000) != 1 ||
            (r = recv(fd, msg + 2, sizeof msg - 2, 0)) < 0) {
            perror("dns_peer: UDP");
            return 1;
        }
        got = (size_t)r;
    }
    close(fd);
    rc = mirage_dns_parse(&m, msg + 2, got);
    if (rc != 0) {
        fprintf(stderr,
                "dns_peer: a reply of %zu bytes refused: %d, %s at "
                "%zu\n",
                got, rc, m.why, m.where);
        return 1;
    }
    printf("header id=%u rcode=%u tc=%d counts=%u,%u,%u,%u edns=", m.hdr.id,
           m.rcode, !!(m.hdr.flags & MIRAGE_DNS_FLAG_TC), m.hdr.qdcount,
           m.hdr.ancount, m.hdr.nscount, m.hdr.arcount);
    if (m.has_edns)
        printf("%u\n", m.edns.udp_size);
    else
        printf("none\n");
    rc = mirage_dns_reply_check(&m, id, &q, mix ? MIRAGE_DNS_CHECK_CASE : 0,
                                &why);
    printf("check %s\n", rc == 0 ? "ok" : why);
    rc = mirage_dns_answer_follow(&m, &q, &ans, &why);
    if (rc == 0)
        printf("chain %s cnames=%u count=%u ttl=%u\n", text_of(&ans.name),
               ans.cnames, ans.count, ans.ttl);
    else
        printf("chain %s\n", why);
    print_section(&m, MIRAGE_DNS_ANSWER, "answer");
    print_section(&m, MIRAGE_DNS_AUTHORITY, "authority");
    print_section(&m, MIRAGE_DNS_ADDITIONAL, "additional");
    printf("rebuilt %s\n", same_again(&m) ? "same" : "differs");
    printf("bytes ");
    for (size_t k = 0; k < got; k++)
        printf("%02x", msg[2 + k]);
    printf("\n");
    return 0;
}

/* An A record for (owner) of 192.0.2.(last). */
static struct mirage_dns_rr a_of(const char *owner, uint8_t last)
{
    struct mirage_dns_rr rr;

    memset(&rr, 0, sizeof rr);
    rr.name = name_of(owner);
    rr.type = MIRAGE_DNS_TYPE_A;
    rr.rclass = MIRAGE_DNS_CLASS_IN;
    rr.ttl = 600;
    rr.rd.a.bytes[0] = 192;
    rr.rd.a.bytes[2] = 2;
    rr.rd.a.bytes[3] = last;
    return rr;
}

/*
 * The answer of the table to (query) into (out), (size) bytes:
 * www.fwd.test: a CNAME to edge.fwd.test and its two A records, an NS in
 * the authority section and its A in the additional one; txt.fwd.test:
 * TXT "a" "bc"; any other name: NXDOMAIN with the zone's SOA.
 */
static int answer(const struct mirage_dns_msg *query, uint8_t *out, size_t size)
{
    struct mirage_dns_builder b;
    struct mirage_dns_question q;
    struct mirage_dns_name www = name_of("www.fwd.test");
    struct mirage_dns_name txt = name_of("txt.fwd.test");
    struct mirage_dns_edns e = {1232, 0, 0, 0, NULL, 0};
    struct mirage_dns_rr rr;
    uint16_t flags = MIRAGE_DNS_FLAG_QR | MIRAGE_DNS_FLAG_AA |
                     (query->hdr.flags & MIRAGE_DNS_FLAG_RD);

    if (mirage_dns_msg_question(query, &q) != 0)
        return -EINVAL;
    if (query->has_edns && size > mirage_dns_udp_payload(query))
        size = mirage_dns_udp_payload(query);
    else if (!query->has_edns && size > 512)
        size = 512;
    mirage_dns_build_init(&b, out, size, query->hdr.id, flags);
    if (query->has_edns)
        mirage_dns_build_edns(&b, &e);
    mirage_dns_build_question(&b, &q);
    if (mirage_dns_name_equal(&q.name, &www) && q.type == MIRAGE_DNS_TYPE_A) {
        memset(&rr, 0, sizeof rr);
        rr.name = q.name;
        rr.type = MIRAGE_DNS_TYPE_CNAME;
        rr.rclass = MIRAGE_DNS_CLASS_IN;
        rr.ttl = 900;
        rr.rd.target = name_of("edge.fwd.test");
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        rr = a_of("edge.fwd.test", 55);
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        rr = a_of("edge.fwd.test", 56);
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
        memset(&rr, 0, sizeof rr);
        rr.name = name_of("fwd.test");
        rr.type = MIRAGE_DNS_TYPE_NS;
        rr.rclass = MIRAGE_DNS_CLASS_IN;
        rr.ttl = 3600;
        rr.rd.target = name_of("ns.fwd.test");
        mirage_dns_build_rr(&b, MIRAGE_DNS_AUTHORITY, &rr);
        rr = a_of("ns.fwd.test", 53);
        mirage_dns_build_rr(&b, MIRAGE_DNS_ADDITIONAL, &rr);
    } else if (mirage_dns_name_equal(&q.name, &txt) &&
               q.type == MIRAGE_DNS_TYPE_TXT) {
        memset(&rr, 0, sizeof rr);
        rr.name = q.name;
        rr.type = MIRAGE_DNS_TYPE_TXT;
        rr.rclass = MIRAGE_DNS_CLASS_IN;
        rr.ttl = 300;
        rr.rd.raw.data = (const uint8_t *)"\1a\2bc";
        rr.rd.raw.len = 5;
        mirage_dns_build_rr(&b, MIRAGE_DNS_ANSWER, &rr);
    } else {
        b.hdr.flags |= MIRAGE_DNS_RCODE_NXDOMAIN;
        memset(&rr, 0, sizeof rr);
        rr.name = name_of("fwd.test");
        rr.type = MIRAGE_DNS_TYPE_SOA;
        rr.rclass = MIRAGE_DNS_CLASS_IN;
        rr.ttl = 3600;
        rr.rd.soa.mname = name_of("ns.fwd.test");
        rr.rd.soa.rname = name_of("hostmaster.fwd.test");
        rr.rd.soa.serial = 2024061501;
        rr.rd.soa.refresh = 7200;
        rr.rd.soa.retry = 900;
        rr.rd.soa.expire = 1209600;
        rr.rd.soa.minimum = 120;
        mirage_dns_build_rr(&b, MIRAGE_DNS_AUTHORITY, &rr);
    }
    return mirage_dns_build_finish(&b);
}

static int serve(int argc, char **argv)
{
    struct sockaddr_in sa;
    FILE *log;
    int fd;

    if (argc != 4) {
        fprintf(stderr, "usage: dns_peer serve PORT LOG\n");
        return 2;
    }
    log = fopen(argv[3], "w");
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)atoi(argv[2]));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (!log || fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("dns_peer: serve");
        return 1;
    }
    fprintf(log, "ready\n");
    fflush(log);
    for (;;) {
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        struct mirage_dns_msg m;
        uint8_t out[4096];
        ssize_t r =
            recvfrom(fd, msg, sizeof msg, 0, (struct sockaddr *)&from, &fl);
        int len;

        if (r < 0)
            continue;
        fprintf(log, "query ");
        for (ssize_t i = 0; i < r; i++)
            fprintf(log, "%02x", msg[i]);
        fprintf(log, "\n");
        if (mirage_dns_parse(&m, msg, (size_t)r) != 0) {
            fprintf(log, "refused %s\n", m.why);
            fflush(log);
            continue;
        }
        fprintf(log, "rebuilt %s\n", same_again(&m) ? "same" : "differs");
        fflush(log);
        len = answer(&m, out, sizeof out);
        if (len > 0)
            sendto(fd, out, (size_t)len, 0, (struct sockaddr *)&from, fl);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "ask") == 0)
        return ask(argc, argv);
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return serve(argc, argv);
    fprintf(stderr, "usage: dns_peer ask|serve ...\n");
    return 2;
}
