/* SPDX-License-Identifier: ISC */
/* test_syslog.c: the syslog device's messages (RFC 5424, RFC 3164), its
   arguments and its bounded queue. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "syslog_fmt.h"
#include "syslog_queue.h"
#include "tap.h"

/* 2026-11-23 12:34:56.789 UTC, and 2026-01-05 01:02:03 UTC */
#define SOME_NS (1795437296LL * 1000000000LL + 789000000LL)
#define JAN5_NS (1767574923LL * 1000000000LL)

static char out[4096];

/* (rec) of source (src), level (level), text (text), at SOME_NS. */
static struct syslog_rec line(const char *src, enum mirage_log_level level,
                              const char *text)
{
    return (struct syslog_rec){
        .wall_ns = SOME_NS,
        .src = src,
        .level = (uint8_t)level,
        .text = text,
        .len = strlen(text),
    };
}

/* Formats (rec) with (conf) into out, NUL-terminated; the cut flag in
   (*cut) when not NULL. Returns the length. */
static size_t fmt(const struct syslog_conf *conf, const struct syslog_rec *rec,
                  size_t size, bool *cut)
{
    bool c = false;
    size_t n = syslog_format_message(conf, rec, out, size, &c);

    out[n] = '\0';
    if (cut)
        *cut = c;
    return n;
}

static const struct syslog_conf c5424 = {SYSLOG_RFC5424, 3, "unikernel"};
static const struct syslog_conf c3164 = {SYSLOG_RFC3164, 3, "unikernel"};

static void test_args(void)
{
    static const char *const names[24] = {
        "kern",   "user",   "mail",   "daemon", "auth",     "syslog",
        "lpr",    "news",   "uucp",   "cron",   "authpriv", "ftp",
        "ntp",    "audit",  "alert",  "clock",  "local0",   "local1",
        "local2", "local3", "local4", "local5", "local6",   "local7",
    };
    struct mirage_ipv4 a;
    uint16_t port;
    bool all = true;

    TAP_OK(syslog_severity(MIRAGE_LOG_APP) == 5 &&
               syslog_severity(MIRAGE_LOG_ERROR) == 3 &&
               syslog_severity(MIRAGE_LOG_WARNING) == 4 &&
               syslog_severity(MIRAGE_LOG_INFO) == 6 &&
               syslog_severity(MIRAGE_LOG_DEBUG) == 7,
           "severities: app notice (5), error 3, warning 4, info 6, debug 7");
    for (int i = 0; i < 24; i++)
        all &= syslog_facility(names[i]) == i;
    TAP_OK(all, "the 24 facilities of RFC 5424 by name, kern 0 to local7 23");
    TAP_OK(syslog_facility("local8") == -EINVAL &&
               syslog_facility("Daemon") == -EINVAL &&
               syslog_facility("") == -EINVAL &&
               syslog_facility(NULL) == -EINVAL,
           "an unknown facility: -EINVAL");
    TAP_OK(syslog_format_parse("5424") == SYSLOG_RFC5424 &&
               syslog_format_parse("3164") == SYSLOG_RFC3164 &&
               syslog_format_parse("5425") == -EINVAL &&
               syslog_format_parse(NULL) == -EINVAL,
           "formats 5424 and 3164, nothing else");

    TAP_OK(syslog_parse_server("10.1.2.3", &a, &port) == 0 && port == 514 &&
               a.bytes[0] == 10 && a.bytes[1] == 1 && a.bytes[2] == 2 &&
               a.bytes[3] == 3,
           "server: ADDR, port 514 by default");
    TAP_OK(syslog_parse_server("0.0.0.255:65535", &a, &port) == 0 &&
               port == 65535 && a.bytes[3] == 255,
           "server: ADDR:PORT, port 65535");
    static const char *const bad[] = {
        "",          "10.1.2",       "10.1.2.3.4",     "256.1.1.1",
        "01.1.1.1",  "10.1.2.3:",    "10.1.2.3:0",     "10.1.2.3:65536",
        ":514",      "10.1.2.3:51a", "10.1.2.3:0514",  " 10.1.2.3",
        "10.1.2.3 ", "host",         "10.1.2.3:514:1", "1.2.3.4x",
    };
    all = true;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (syslog_parse_server(bad[i], &a, &port) != -EINVAL) {
            printf("# accepted: '%s'\n", bad[i]);
            all = false;
        }
    TAP_OK(all && syslog_parse_server(NULL, &a, &port) == -EINVAL,
           "server: %zu bad forms and NULL refused",
           sizeof(bad) / sizeof(bad[0]));

    char h[300];
    memset(h, 'h', 255);
    h[255] = '\0';
    TAP_OK(syslog_hostname_ok("a") && syslog_hostname_ok("web-1.example") &&
               syslog_hostname_ok(h),
           "hostname: 1 to 255 printable bytes");
    h[255] = 'h';
    h[256] = '\0';
    TAP_OK(!syslog_hostname_ok(h) && !syslog_hostname_ok("") &&
               !syslog_hostname_ok("a b") && !syslog_hostname_ok("a\tb") &&
               !syslog_hostname_ok("a\x7f") &&
               !syslog_hostname_ok("h\xc3\xa9") && !syslog_hostname_ok(NULL),
           "hostname: 256 bytes, empty, space, tab, DEL, UTF-8 refused");
    char buf[300];
    TAP_STREQ(syslog_hostname_clean("my unikernel\x01", buf, sizeof(buf)),
              "my_unikernel_", "hostname cleaned: blanks as '_'");
    TAP_STREQ(syslog_hostname_clean("", buf, sizeof(buf)), "-",
              "hostname cleaned: empty is '-'");
    TAP_OK(strlen(syslog_hostname_clean(h, buf, sizeof(buf))) == 255,
           "hostname cleaned: at most 255 bytes");
}

static void test_5424(void)
{
    struct syslog_rec r = line("tcpip", MIRAGE_LOG_INFO, "hello world");
    struct syslog_conf c = c5424;
    bool cut = true;

    fmt(&c5424, &r, sizeof(out), &cut);
    TAP_STREQ(out,
              "<30>1 2026-11-23T12:34:56.789Z unikernel tcpip - - - hello "
              "world",
              "5424: daemon.info, RFC 3339 time, host, source");
    TAP_OK(!cut, "5424: not cut");
    r.level = MIRAGE_LOG_ERROR;
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_OK(strncmp(out, "<27>1 ", 6) == 0, "5424: error is PRI 27");
    c.facility = 23;
    r.level = MIRAGE_LOG_DEBUG;
    fmt(&c, &r, sizeof(out), NULL);
    TAP_OK(strncmp(out, "<191>1 ", 7) == 0, "5424: local7.debug is PRI 191");
    c.facility = 0;
    r.level = MIRAGE_LOG_APP;
    fmt(&c, &r, sizeof(out), NULL);
    TAP_OK(strncmp(out, "<5>1 ", 5) == 0, "5424: kern.notice (app) is <5>");

    r = line("net", MIRAGE_LOG_WARNING, "x");
    r.wall_ns = 0;
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_STREQ(out, "<28>1 - unikernel net - - - x",
              "5424: a clock never set (1970) gives '-'");
    r.wall_ns = SYSLOG_TIME_KNOWN_NS;
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_STREQ(out, "<28>1 2000-01-01T00:00:00.000Z unikernel net - - - x",
              "5424: from 2000-01-01 the time is known");

    r = line("a source", MIRAGE_LOG_INFO, "");
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_STREQ(out, "<30>1 2026-11-23T12:34:56.789Z unikernel a_source - - - ",
              "5424: APP-NAME's blank as '_'; an empty MSG");
    r.src = "0123456789012345678901234567890123456789012345678901234";
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_OK(strstr(out, " 012345678901234567890123456789012345678901234567 "
                       "- - - ") != NULL,
           "5424: APP-NAME cut to 48 bytes");
    r.src = "";
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_OK(strstr(out, " unikernel - - - - ") != NULL,
           "5424: no source name: APP-NAME '-'");

    r = line("app", MIRAGE_LOG_INFO, "a\nb\tc\x7f\x1b[0m#");
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_OK(strstr(out, " - - - a#012b#011c#177#033[0m#") != NULL &&
               !strchr(out, '\n'),
           "5424: control characters as #ooo, the message one line");

    r = line("app", MIRAGE_LOG_INFO, "caf\xc3\xa9 \xe2\x82\xac");
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_OK(strstr(out, " - - - \xef\xbb\xbf"
                       "caf\xc3\xa9 \xe2\x82\xac") != NULL,
           "5424: UTF-8 beyond ASCII: the BOM first");
    r = line("app", MIRAGE_LOG_INFO, "plain");
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_OK(!strstr(out, "\xef\xbb\xbf"), "5424: ASCII: no BOM");
    static const char *const invalid[] = {
        "bad \xff byte",          "overlong \xc0\xaf",
        "surrogate \xed\xa0\x80", "beyond \xf4\x90\x80\x80",
        "cut \xe2\x82",
    };
    bool none = true;
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        r = line("app", MIRAGE_LOG_INFO, invalid[i]);
        size_t n = fmt(&c5424, &r, sizeof(out), NULL);
        if (strstr(out, "\xef\xbb\xbf") || n < strlen(invalid[i]) ||
            memcmp(out + n - strlen(invalid[i]), invalid[i],
                   strlen(invalid[i])) != 0)
            none = false;
    }
    TAP_OK(none, "5424: not UTF-8 (a stray byte, overlong, surrogate, "
                 "beyond U+10FFFF, cut): no BOM, the bytes as they are");

    r = (struct syslog_rec){
        .wall_ns = SOME_NS, .src = SYSLOG_NOTE_SRC, .dropped = 9936};
    fmt(&c5424, &r, sizeof(out), NULL);
    TAP_STREQ(out,
              "<28>1 2026-11-23T12:34:56.789Z unikernel syslog - - - 9936 "
              "log messages dropped: the syslog queue was full",
              "5424: the note of lines dropped, a warning");
}

static void test_3164(void)
{
    struct syslog_rec r = line("tcpip", MIRAGE_LOG_INFO, "hello world");

    fmt(&c3164, &r, sizeof(out), NULL);
    TAP_STREQ(out, "<30>Nov 23 12:34:56 unikernel tcpip: hello world",
              "3164: PRI, Mmm dd hh:mm:ss, host, TAG: MSG");
    r.wall_ns = JAN5_NS;
    fmt(&c3164, &r, sizeof(out), NULL);
    TAP_STREQ(out, "<30>Jan  5 01:02:03 unikernel tcpip: hello world",
              "3164: a day below 10 padded with a space");
    r.wall_ns = 0;
    fmt(&c3164, &r, sizeof(out), NULL);
    TAP_STREQ(out, "<30>Jan  1 00:00:00 unikernel tcpip: hello world",
              "3164: the time is always there");
    r = line("a:b[1] 0123456789012345678901234567890", MIRAGE_LOG_INFO,
             "caf\xc3\xa9\n");
    fmt(&c3164, &r, sizeof(out), NULL);
    TAP_STREQ(out,
              "<30>Nov 23 12:34:56 unikernel a_b_1__0123456789012345678901234: "
              "caf\xc3\xa9#012",
              "3164: TAG of 32 bytes, other characters as '_'; no BOM");
}

/* Whether (s, n) is whole UTF-8. */
static bool whole_utf8(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        if (i + k > n)
            return false;
        i += k;
    }
    return true;
}

static void test_truncation(void)
{
    static char text[6000];
    struct syslog_rec r;
    size_t n, head;
    bool cut;

    memset(text, 'x', 3000);
    text[3000] = '\0';
    r = line("app", MIRAGE_LOG_INFO, text);
    n = fmt(&c5424, &r, sizeof(out), &cut);
    TAP_OK(n == SYSLOG_MAX_5424 && cut && memcmp(out + n - 4, "x...", 4) == 0,
           "5424: 3,000 bytes cut to %d, ending with '...' (%zu)",
           SYSLOG_MAX_5424, n);
    n = fmt(&c3164, &r, sizeof(out), &cut);
    TAP_OK(n == SYSLOG_MAX_3164 && cut && memcmp(out + n - 3, "...", 3) == 0,
           "3164: cut to %d (%zu)", SYSLOG_MAX_3164, n);
    n = fmt(&c5424, &r, 100, &cut);
    TAP_OK(n == 100 && cut, "a buffer of 100 bytes: 100 (%zu)", n);

    /* exactly the bound: no cut; one byte more: cut */
    r = line("app", MIRAGE_LOG_INFO, "");
    head = fmt(&c5424, &r, sizeof(out), NULL);
    text[SYSLOG_MAX_5424 - head] = '\0';
    r = line("app", MIRAGE_LOG_INFO, text);
    n = fmt(&c5424, &r, sizeof(out), &cut);
    TAP_OK(n == SYSLOG_MAX_5424 && !cut && out[n - 1] == 'x',
           "5424: a message of exactly %d bytes is whole", SYSLOG_MAX_5424);
    text[SYSLOG_MAX_5424 - head] = 'x';
    text[SYSLOG_MAX_5424 - head + 1] = '\0';
    r = line("app", MIRAGE_LOG_INFO, text);
    n = fmt(&c5424, &r, sizeof(out), &cut);
    TAP_OK(n == SYSLOG_MAX_5424 && cut && memcmp(out + n - 3, "...", 3) == 0,
           "5424: one byte more is cut");

    /* never inside a character or an escape */
    for (int i = 0; i < 1500; i++)
        memcpy(text + 2 * i, "\xc3\xa9", 2);
    text[3000] = '\0';
    r = line("app", MIRAGE_LOG_INFO, text);
    n = fmt(&c5424, &r, sizeof(out), &cut);
    TAP_OK(cut && n <= SYSLOG_MAX_5424 && n >= SYSLOG_MAX_5424 - 4 &&
               memcmp(out + n - 3, "...", 3) == 0 && whole_utf8(out, n - 3),
           "5424: 1,500 two-byte characters cut between two (%zu)", n);
    for (int shift = 0; shift < 3; shift++) {
        memset(text, 'y', (size_t)shift);
        memset(text + shift, '\n', 1500);
        text[shift + 1500] = '\0';
        r = line("app", MIRAGE_LOG_INFO, text);
        n = fmt(&c3164, &r, sizeof(out), &cut);
        TAP_OK(cut && n <= SYSLOG_MAX_3164 &&
                   memcmp(out + n - 7, "#012...", 7) == 0,
               "3164: 1,500 newlines after %d bytes cut between two escapes",
               shift);
    }
}

/* A deterministic pseudo-random number (xorshift). */
static uint32_t rnd(void)
{
    static uint32_t x = 2463534242u;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

static void test_queue(void)
{
    static unsigned char ring[16 * 1024];
    static char text[SYSLOG_TEXT_MAX + 200];
    struct syslog_queue q;
    struct syslog_rec r, got;
    char msg[32];
    int pushed = 0, refused = 0;
    bool order = true;

    syslog_queue_init(&q, ring, sizeof(ring), 64);
    TAP_OK(syslog_queue_pop(&q, &got, text) == 0, "queue: empty at first");
    for (int i = 0; i < 1000; i++) {
        snprintf(msg, sizeof(msg), "line %d", i);
        r = line("src", MIRAGE_LOG_INFO, msg);
        r.wall_ns = i;
        if (syslog_queue_push(&q, &r) == 0)
            pushed++;
        else
            refused++;
    }
    TAP_OK(pushed == 64 && refused == 936 && q.lines == 64,
           "queue: 64 lines taken, 936 dropped (%d, %d)", pushed, refused);
    TAP_OK(q.dropped_all == 936 && q.queued_all == 64,
           "queue: the counts of lines queued and dropped");
    for (int i = 0; i < 32; i++) {
        syslog_queue_pop(&q, &got, text);
        snprintf(msg, sizeof(msg), "line %d", i);
        order &= got.len == strlen(msg) &&
                 memcmp(got.text, msg, got.len) == 0 && got.wall_ns == i &&
                 strcmp(got.src, "src") == 0 && got.level == MIRAGE_LOG_INFO &&
                 !got.dropped;
        if (i == 0) {
            r = line("src", MIRAGE_LOG_INFO, "late");
            TAP_OK(syslog_queue_push(&q, &r) == -ENOBUFS,
                   "queue: while dropping, a line is dropped even with room");
        }
    }
    TAP_OK(order, "queue: the first 32 lines in order, whole");
    TAP_OK(q.lines == 33, "queue: at half, the note joins the 32 left (%u)",
           q.lines);
    r = line("src", MIRAGE_LOG_INFO, "after");
    TAP_OK(syslog_queue_push(&q, &r) == 0, "queue: then lines are taken again");
    for (int i = 32; i < 64; i++) {
        syslog_queue_pop(&q, &got, text);
        snprintf(msg, sizeof(msg), "line %d", i);
        order &= got.len == strlen(msg) && memcmp(got.text, msg, got.len) == 0;
    }
    TAP_OK(order, "queue: the other 32 in order");
    syslog_queue_pop(&q, &got, text);
    TAP_OK(got.dropped == 937 && got.len == 0 && got.wall_ns == SOME_NS &&
               strcmp(got.src, SYSLOG_NOTE_SRC) == 0 &&
               got.level == MIRAGE_LOG_WARNING,
           "queue: the note of 937 lines, where they were missing, with the "
           "last one's time (%lu)",
           (unsigned long)got.dropped);
    syslog_queue_pop(&q, &got, text);
    TAP_OK(got.len == 5 && memcmp(got.text, "after", 5) == 0 &&
               syslog_queue_pop(&q, &got, text) == 0,
           "queue: then the line after the gap; then empty");
    TAP_OK(q.dropped_all == 937 && q.queued_all == 65,
           "queue: 937 dropped and 65 queued in all");

    /* the bound on bytes */
    memset(text, 'b', sizeof(text));
    syslog_queue_init(&q, ring, sizeof(ring), 64);
    pushed = 0;
    for (int i = 0; i < 64; i++) {
        r = line("src", MIRAGE_LOG_INFO, "");
        r.text = text;
        r.len = 1000;
        if (syslog_queue_push(&q, &r) == 0)
            pushed++;
    }
    TAP_OK(pushed >= 15 && pushed <= 16 && q.used <= sizeof(ring),
           "queue: 16 KiB hold %d lines of 1,000 bytes", pushed);
    syslog_queue_init(&q, ring, sizeof(ring), 64);
    r.len = SYSLOG_TEXT_MAX + 100;
    syslog_queue_push(&q, &r);
    syslog_queue_pop(&q, &got, text);
    TAP_OK(got.len == SYSLOG_TEXT_MAX && got.truncated,
           "queue: a text over %d bytes is cut and marked", SYSLOG_TEXT_MAX);

    /* many pushes and pops of every length, wrapping round the ring,
       against a model: the numbers of the lines kept, in order */
    static char big[SYSLOG_TEXT_MAX];
    static uint32_t model[64];
    size_t mhead = 0, mlen = 0;
    uint32_t next = 0;
    bool same = true;
    unsigned long drops = 0, notes = 0, ops = 0;
    syslog_queue_init(&q, ring, sizeof(ring), 64);
    for (int step = 0; step < 200000 && same; step++) {
        if (rnd() % 100 < 55) {
            size_t len = 8 + rnd() % (SYSLOG_TEXT_MAX - 8);
            memset(big, (char)('a' + next % 26), len);
            memcpy(big, &next, sizeof(next));
            r = line("m", MIRAGE_LOG_DEBUG, "");
            r.text = big;
            r.len = len;
            if (syslog_queue_push(&q, &r) == 0) {
                model[(mhead + mlen++) % 64] = next;
            } else
                drops++;
            next++;
        } else if (syslog_queue_pop(&q, &got, text)) {
            uint32_t id;
            ops++;
            if (got.dropped) {
                notes++;
                continue;
            }
            memcpy(&id, got.text, sizeof(id));
            same = mlen > 0 && id == model[mhead] && got.len >= 8;
            for (size_t i = sizeof(id); same && i < got.len; i++)
                same = got.text[i] == (char)('a' + id % 26);
            mhead = (mhead + 1) % 64;
            mlen--;
        }
        same &= q.used <= q.cap && q.lines <= 64;
    }
    TAP_OK(same,
           "queue: 200,000 random pushes and pops, lines of 8 to %d "
           "bytes, wrapping: every line whole and in order",
           SYSLOG_TEXT_MAX);
    TAP_OK(drops > 0 && notes > 0 && q.dropped_all == drops,
           "queue: %lu dropped, in %lu notes", drops, notes);
}

int main(void)
{
    test_args();
    test_5424();
    test_3164();
    test_truncation();
    test_queue();
    return tap_done();
}
