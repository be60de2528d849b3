/* SPDX-License-Identifier: ISC */
/* test_dns_name.c: names: text form, limits, case, compression pointers. */
#include "dns_test.h"

/* Whether (text) reads as the wire bytes (hex). */
static void text_is(const char *text, const char *hex)
{
    struct mirage_dns_name n;
    uint8_t want[300];
    size_t len = unhex(hex, want);
    int rc = mirage_dns_name_from_string(&n, text);

    TAP_OK(rc == 0 && n.len == len && memcmp(n.wire, want, len) == 0,
           "\"%s\" reads as %s", text, hex);
}

/* Whether (text) is refused with (err). */
static void text_bad(const char *text, int err, const char *what)
{
    struct mirage_dns_name n;
    int rc = mirage_dns_name_from_string(&n, text);

    TAP_OK(rc == err, "%s is refused (%d, want %d)", what, rc, err);
}

/* A name of labels of the lengths (lens), (count) of them, of 'x'. */
static void label_text(char *out, const int *lens, int count)
{
    size_t o = 0;

    for (int i = 0; i < count; i++) {
        if (i)
            out[o++] = '.';
        memset(out + o, 'x', (size_t)lens[i]);
        o += (size_t)lens[i];
    }
    out[o] = '\0';
}

static void test_text(void)
{
    struct mirage_dns_name n;
    char big[2000], buf[MIRAGE_DNS_NAME_STRLEN];
    int rc;

    text_is("www.example.com", "03 777777 07 6578616d706c65 03 636f6d 00");
    text_is("www.example.com.", "03 777777 07 6578616d706c65 03 636f6d 00");
    text_is(".", "00");
    text_is("a", "01 61 00");
    text_is("WwW.ExAmple", "03 577757 07 4578416d706c65 00");
    text_is("a\\.b.c", "03 612e62 01 63 00");
    text_is("\\065bc", "03 416263 00");
    text_is("\\000\\255", "02 00ff 00");
    text_is("a\\\\b", "03 615c62 00");
    text_is("a b", "03 612062 00");
    text_is("_http._tcp.x", "05 5f68747470 04 5f746370 01 78 00");
    text_bad("", -EINVAL, "an empty text");
    text_bad("a..b", -EINVAL, "an empty label in the middle");
    text_bad(".a", -EINVAL, "an empty first label");
    text_bad("..", -EINVAL, "\"..\"");
    text_bad("a.b..", -EINVAL, "two dots at the end");
    text_bad("\\256", -EINVAL, "\\256");
    text_bad("\\12", -EINVAL, "an escape of two digits");
    text_bad("\\1x3", -EINVAL, "an escape with a letter among its digits");
    text_bad("a\\", -EINVAL, "a backslash at the end");

    /* the limits: 63 bytes a label, 255 a name */
    {
        int l63[] = {63}, l64[] = {64};
        int n255[] = {63, 63, 63, 61}, n256[] = {63, 63, 63, 62};

        label_text(big, l63, 1);
        rc = mirage_dns_name_from_string(&n, big);
        TAP_OK(rc == 0 && n.len == 65, "a label of 63 bytes is taken");
        label_text(big, l64, 1);
        text_bad(big, -ENAMETOOLONG, "a label of 64 bytes");
        label_text(big, n255, 4);
        rc = mirage_dns_name_from_string(&n, big);
        TAP_OK(rc == 0 && n.len == 255 && mirage_dns_name_valid(&n),
               "a name of 255 bytes (63.63.63.61) is taken");
        strcat(big, ".");
        rc = mirage_dns_name_from_string(&n, big);
        TAP_OK(rc == 0 && n.len == 255, "... and with its last dot (%d)", rc);
        label_text(big, n256, 4);
        text_bad(big, -ENAMETOOLONG, "a name of 256 bytes (63.63.63.62)");
        strcat(big, ".");
        text_bad(big, -ENAMETOOLONG, "... with its last dot");
        label_text(big, n255, 4);
        strcat(big, ".a");
        text_bad(big, -ENAMETOOLONG, "a name of 257 bytes");
    }
    {
        size_t o = 0;

        for (int i = 0; i < 127; i++) {
            big[o++] = 'a';
            big[o++] = '.';
        }
        big[o] = '\0';
        rc = mirage_dns_name_from_string(&n, big);
        TAP_OK(rc == 0 && n.len == 255, "127 labels of one byte: 255 bytes");
        strcpy(big + o, "a");
        text_bad(big, -ENAMETOOLONG, "128 labels of one byte");
    }
    /* escaped bytes count once */
    {
        size_t o = 0;

        for (int i = 0; i < 63; i++)
            o += (size_t)sprintf(big + o, "\\%03d", i + 1);
        rc = mirage_dns_name_from_string(&n, big);
        TAP_OK(rc == 0 && n.len == 65 && n.wire[0] == 63 && n.wire[1] == 1 &&
                   n.wire[63] == 63,
               "63 escaped bytes make a label of 63");
        strcpy(big + o, "\\064");
        text_bad(big, -ENAMETOOLONG, "64 escaped bytes");
    }

    /* the text written */
    n = N("www.example.com.");
    rc = mirage_dns_name_to_string(&n, buf, sizeof buf);
    TAP_OK(rc == 15 && strcmp(buf, "www.example.com") == 0,
           "written without its last dot: \"%s\" (%d)", buf, rc);
    n = N(".");
    rc = mirage_dns_name_to_string(&n, buf, sizeof buf);
    TAP_OK(rc == 1 && strcmp(buf, ".") == 0, "the root is written \".\"");
    {
        static const uint8_t odd[] = {9,   'a', '.', 'b', ' ', '\\', 0,   0xff,
                                      '"', ';', 4,   '(', ')', '@',  '$', 0};
        memcpy(n.wire, odd, sizeof odd);
        n.len = sizeof odd;
        rc = mirage_dns_name_to_string(&n, buf, sizeof buf);
        TAP_STREQ(buf, "a\\.b\\032\\\\\\000\\255\\\"\\;.\\(\\)\\@\\$",
                  "special bytes are escaped");
        TAP_OK(rc == (int)strlen(buf), "its length is returned (%d)", rc);
        struct mirage_dns_name back;
        TAP_OK(mirage_dns_name_from_string(&back, buf) == 0 &&
                   same_name(&back, &n),
               "and it reads back to the same bytes");
    }
    /* too small a buffer */
    n = N("abc.de");
    rc = mirage_dns_name_to_string(&n, buf, 6);
    TAP_OK(rc == -ENOSPC && buf[0] == '\0',
           "6 bytes for \"abc.de\": -ENOSPC and \"\"");
    rc = mirage_dns_name_to_string(&n, buf, 7);
    TAP_OK(rc == 6 && strcmp(buf, "abc.de") == 0, "7 bytes are enough");
    n = N("\\001");
    rc = mirage_dns_name_to_string(&n, buf, 4);
    TAP_OK(rc == -ENOSPC, "4 bytes for \\001: -ENOSPC");
    rc = mirage_dns_name_to_string(&n, buf, 5);
    TAP_OK(rc == 4 && strcmp(buf, "\\001") == 0, "5 bytes for \\001");
    n = N(".");
    TAP_OK(mirage_dns_name_to_string(&n, buf, 1) == -ENOSPC && buf[0] == '\0',
           "1 byte for the root: -ENOSPC");
    /* the longest text */
    {
        size_t at = 0;
        const int lens[] = {63, 63, 63, 61};

        for (int i = 0; i < 4; i++) {
            n.wire[at++] = (uint8_t)lens[i];
            memset(n.wire + at, 0x01, (size_t)lens[i]);
            at += (size_t)lens[i];
        }
        n.wire[at++] = 0;
        n.len = (uint8_t)at;
        rc = mirage_dns_name_to_string(&n, buf, MIRAGE_DNS_NAME_STRLEN);
        TAP_OK(rc == MIRAGE_DNS_NAME_STRLEN - 1,
               "the longest text, %d characters, fits "
               "MIRAGE_DNS_NAME_STRLEN",
               rc);
        rc = mirage_dns_name_to_string(&n, buf, MIRAGE_DNS_NAME_STRLEN - 1);
        TAP_OK(rc == -ENOSPC, "and needs all of it");
    }
    /* malformed structures */
    n.len = 3;
    memcpy(n.wire,
           "\x01"
           "a\x01",
           3);
    TAP_OK(mirage_dns_name_to_string(&n, buf, sizeof buf) == -EINVAL,
           "a name without its root: -EINVAL");
}

static void test_valid_equal_case(void)
{
    struct mirage_dns_name a = N("www.Example.COM"), b = N("WWW.example.com");
    struct mirage_dns_name c;

    TAP_OK(mirage_dns_name_valid(&a), "a name read from text is valid");
    c = a;
    c.len--;
    TAP_OK(!mirage_dns_name_valid(&c), "one byte short: not valid");
    c = a;
    c.wire[0] = 64;
    TAP_OK(!mirage_dns_name_valid(&c), "a label length of 64: not valid");
    c.len = 0;
    TAP_OK(!mirage_dns_name_valid(&c), "length 0: not valid");
    c = N("a");
    c.len = 4;
    c.wire[2] = 0;
    c.wire[3] = 0;
    TAP_OK(!mirage_dns_name_valid(&c), "bytes after the root: not valid");
    TAP_OK(mirage_dns_name_equal(&a, &b), "equal ignoring case");
    c = N("www.example.co");
    TAP_OK(!mirage_dns_name_equal(&a, &c), "a shorter name differs");
    c = N("www.example.con");
    TAP_OK(!mirage_dns_name_equal(&a, &c), "one letter differs");
    a = N("\\196");
    b = N("\\228");
    TAP_OK(!mirage_dns_name_equal(&a, &b),
           "bytes above ASCII are not folded (0xc4, 0xe4)");
    a = N("\\064");
    b = N("\\096");
    TAP_OK(!mirage_dns_name_equal(&a, &b), "'@' and '`' differ");
    a = N("[");
    b = N("{");
    TAP_OK(!mirage_dns_name_equal(&a, &b), "'[' and '{' differ");

    /* mixing case */
    {
        uint8_t bits[] = {0x5}; /* 1, 0, 1, 0, 0, ... */
        uint8_t ones[] = {0xff, 0xff};

        a = N("abcd-1.ef");
        mirage_dns_name_mix_case(&a, bits, sizeof bits);
        TAP_STREQ(S(&a), "AbCd-1.ef", "bits 1, 0, 1, 0... set the case");
        b = N("abcd-1.ef");
        TAP_OK(mirage_dns_name_equal(&a, &b), "still the same name");
        mirage_dns_name_mix_case(&a, ones, 1);
        TAP_STREQ(S(&a), "ABCD-1.EF", "all ones: upper case");
        a = N("abcdefghij");
        mirage_dns_name_mix_case(&a, bits, 1);
        TAP_STREQ(S(&a), "AbCdefghIj", "the bits start over after 8");
        a = N("abc");
        mirage_dns_name_mix_case(&a, bits, 0);
        TAP_STREQ(S(&a), "abc", "no bits: no change");
        a = N("1\\065.");
        mirage_dns_name_mix_case(&a, ones, 2);
        TAP_STREQ(S(&a), "1A", "a letter given escaped counts");
    }
}

static void test_reverse(void)
{
    struct mirage_dns_name n;
    struct mirage_ipv4 v4 = {{192, 0, 2, 1}};
    struct mirage_ipv4 zero = {{0, 0, 0, 0}}, all = {{255, 255, 255, 255}};
    struct mirage_ipv6 v6 = {
        {0x43, 0x21, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0x05, 0x67, 0x89, 0xab}};

    mirage_dns_name_reverse_ipv4(&n, &v4);
    TAP_STREQ(S(&n), "1.2.0.192.in-addr.arpa", "192.0.2.1's reverse name");
    TAP_OK(mirage_dns_name_valid(&n) && n.len == 24, "valid, 24 bytes");
    mirage_dns_name_reverse_ipv4(&n, &zero);
    TAP_STREQ(S(&n), "0.0.0.0.in-addr.arpa", "0.0.0.0's");
    mirage_dns_name_reverse_ipv4(&n, &all);
    TAP_STREQ(S(&n), "255.255.255.255.in-addr.arpa", "255.255.255.255's");
    /* RFC 3596 2.5's example, in lower case */
    mirage_dns_name_reverse_ipv6(&n, &v6);
    TAP_STREQ(S(&n),
              "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4."
              "ip6.arpa",
              "4321:0:1:2:3:4:567:89ab's (RFC 3596 2.5)");
    TAP_OK(mirage_dns_name_valid(&n) && n.len == 74, "valid, 74 bytes");
}

/* Parses (w), whose question name is checked against (want) if it parses;
 * returns the result. */
static int question_is(const struct wire *w, const char *want, int err,
                       const char *what)
{
    struct mirage_dns_msg m;
    struct mirage_dns_question q;
    int rc = wparse(&m, w);

    if (err == 0) {
        TAP_OK(rc == 0 && mirage_dns_msg_question(&m, &q) == 0 &&
                   strcmp(S(&q.name), want) == 0,
               "%s: %s", what, rc == 0 ? S(&q.name) : m.why);
    } else {
        TAP_OK(rc == err && m.why != NULL, "%s: refused, %d (%s) at %zu", what,
               rc, m.why ? m.why : "no reason", m.where);
    }
    return rc;
}

/* (w) holding a header with one answer, an owner name (written by the
 * caller) to follow, of an A record. */
static void a_tail(struct wire *w)
{
    wrr(w, MIRAGE_DNS_TYPE_A, 1, 60, 4);
    w32(w, 0xc0000201);
}

static void test_pointers(void)
{
    struct wire w;
    struct mirage_dns_msg m;
    struct mirage_dns_rr rr;
    struct mirage_dns_iter it;
    int rc;

    /* backward to the question: the ordinary case */
    whdr(&w, 1, 0x8180, 1, 1, 0, 0);
    wname(&w, "www.Example.com");
    wq(&w, 1, 1);
    wptr(&w, 12);
    a_tail(&w);
    rc = wparse(&m, &w);
    mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ANSWER);
    TAP_OK(rc == 0 && mirage_dns_iter_next(&it, &rr) == 1 &&
               strcmp(S(&rr.name), "www.Example.com") == 0,
           "a pointer back to the question, case kept: %s", S(&rr.name));

    /* a pointer to a suffix, and a pointer to a pointer */
    whdr(&w, 1, 0x8180, 1, 2, 0, 0);
    wname(&w, "www.example.com"); /* 12; example at 16 */
    wq(&w, 1, 1);
    wlabels(&w, "mail"); /* at 33 */
    wptr(&w, 16);        /* at 38 */
    a_tail(&w);
    wptr(&w, 38); /* a pointer to the pointer at 38 */
    a_tail(&w);
    rc = wparse(&m, &w);
    mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ANSWER);
    TAP_OK(rc == 0 && mirage_dns_iter_next(&it, &rr) == 1 &&
               strcmp(S(&rr.name), "mail.example.com") == 0,
           "a pointer to a suffix: %s", rc ? m.why : S(&rr.name));
    TAP_OK(rc == 0 && mirage_dns_iter_next(&it, &rr) == 1 &&
               strcmp(S(&rr.name), "example.com") == 0,
           "a pointer to a pointer: %s", rc ? m.why : S(&rr.name));

    /* forward */
    whdr(&w, 1, 0x8180, 1, 1, 0, 0);
    wptr(&w, 18);
    wq(&w, 1, 1);
    wname(&w, "a.b");
    a_tail(&w);
    question_is(&w, NULL, -EBADMSG, "a pointer forward, to a name");
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    wptr(&w, 0x3fff);
    wq(&w, 1, 1);
    question_is(&w, NULL, -EBADMSG, "a pointer beyond the message (0x3fff)");
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    wptr(&w, 18);
    wq(&w, 1, 1);
    question_is(&w, NULL, -EBADMSG, "a pointer to the message's end");
    /* loops */
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    wptr(&w, 12);
    wq(&w, 1, 1);
    question_is(&w, NULL, -ELOOP, "a pointer to itself");
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    wlabels(&w, "a");
    wptr(&w, 12);
    wq(&w, 1, 1);
    question_is(&w, NULL, -ELOOP, "a pointer to its own name's start");
    whdr(&w, 1, 0x8180, 1, 1, 0, 0);
    wname(&w, "q");
    wq(&w, 1, 1);
    wlabels(&w, "x.y"); /* 19: x, 21: y */
    wptr(&w, 21);
    a_tail(&w);
    question_is(&w, NULL, -ELOOP, "a pointer back into its own labels");
    /* an owner whose pointer leads forward, to a pointer back to it */
    whdr(&w, 1, 0x8180, 1, 2, 0, 0);
    wname(&w, "q");   /* 12..14 */
    wq(&w, 1, 1);     /* 15..18 */
    wlabels(&w, "x"); /* 19..20 */
    wptr(&w, 23);     /* 21: forward, to the pointer at 23 */
    w16(&w, 0xc013);  /* 23: pointer to 19 */
    question_is(&w, NULL, -EBADMSG, "a forward pointer to a pointer");
    /* into the header, and cut short */
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    wptr(&w, 4);
    wq(&w, 1, 1);
    question_is(&w, NULL, -EBADMSG, "a pointer into the header");
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    wname(&w, "a");
    wq(&w, 1, 1);
    w8(&w, 0xc0);
    wset16(&w, 4, 1);
    w.b[5] = 1;
    wset16(&w, 6, 1);
    question_is(&w, NULL, -EBADMSG, "an owner pointer cut short");
    /* label types 01 and 10 */
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    w8(&w, 0x41);
    w8(&w, 0);
    w8(&w, 0);
    wq(&w, 1, 1);
    question_is(&w, NULL, -EBADMSG, "label type 01 (0x41)");
    whdr(&w, 1, 0x8180, 1, 0, 0, 0);
    w8(&w, 0x80);
    w8(&w, 0);
    wq(&w, 1, 1);
    question_is(&w, NULL, -EBADMSG, "label type 10 (0x80)");

    /* the 255-byte limit reached through a pointer */
    {
        char text[300];
        int lens[] = {63, 63, 63};
        size_t o;

        label_text(text, lens, 3); /* 193 bytes with the root */
        whdr(&w, 1, 0x8180, 1, 2, 0, 0);
        wname(&w, text); /* at 12 */
        wq(&w, 1, 1);
        o = w.n;
        w8(&w, 61); /* 62 + 193: 255 */
        memset(w.b + w.n, 'y', 61);
        w.n += 61;
        wptr(&w, 12);
        a_tail(&w);
        w8(&w, 62); /* 256 */
        memset(w.b + w.n, 'y', 62);
        w.n += 62;
        wptr(&w, 12);
        a_tail(&w);
        rc = wparse(&m, &w);
        TAP_OK(rc == -EBADMSG && strstr(m.why, "255") != NULL,
               "a 256-byte name through a pointer is refused (%s)", m.why);
        wset16(&w, 6, 1);
        w.n = o + 62 + 2 + 10 + 4;
        rc = wparse(&m, &w);
        mirage_dns_iter_init(&it, &m, MIRAGE_DNS_ANSWER);
        TAP_OK(rc == 0 && mirage_dns_iter_next(&it, &rr) == 1 &&
                   rr.name.len == 255,
               "a 255-byte name through a pointer is taken (%d)", rc);
    }

    /* 128 pointers in a row are taken, 129 refused */
    for (int k = 127; k <= 128; k++) {
        size_t chain;

        whdr(&w, 1, 0x8180, 0, 2, 0, 0);
        wname(&w, "a"); /* 12 */
        wrr(&w, 65280, 1, 0, (unsigned)(2 * k));
        chain = w.n;
        wptr(&w, 12);
        for (int i = 1; i < k; i++)
            wptr(&w, (unsigned)(chain + 2 * (size_t)(i - 1)));
        wptr(&w, (unsigned)(chain + 2 * (size_t)(k - 1)));
        a_tail(&w);
        rc = wparse(&m, &w);
        if (k == 127)
            TAP_OK(rc == 0,
                   "a name behind 128 pointers in a row is taken "
                   "(%d)",
                   rc);
        else
            TAP_OK(rc == -EBADMSG,
                   "a name behind 129 pointers in a row is refused (%s)",
                   m.why);
    }
}

int main(void)
{
    test_text();
    test_valid_equal_case();
    test_reverse();
    test_pointers();
    return tap_done();
}
