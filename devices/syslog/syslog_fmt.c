/* SPDX-License-Identifier: ISC */
/* syslog_fmt.c: syslog messages (RFC 5424, RFC 3164) from log lines. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mirage/pclock.h>

#include "syslog_fmt.h"

int syslog_severity(enum mirage_log_level level)
{
    switch (level) {
    case MIRAGE_LOG_APP:
        return 5; /* notice: normal but significant */
    case MIRAGE_LOG_ERROR:
        return 3;
    case MIRAGE_LOG_WARNING:
        return 4;
    case MIRAGE_LOG_INFO:
        return 6;
    default:
        return 7;
    }
}

/* RFC 5424's facilities 0 to 23, by the names syslog.conf(5) gives them. */
static const char *const facilities[24] = {
    "kern",   "user",   "mail",   "daemon", "auth",     "syslog",
    "lpr",    "news",   "uucp",   "cron",   "authpriv", "ftp",
    "ntp",    "audit",  "alert",  "clock",  "local0",   "local1",
    "local2", "local3", "local4", "local5", "local6",   "local7",
};

int syslog_facility(const char *name)
{
    for (int i = 0; name && i < 24; i++)
        if (strcmp(name, facilities[i]) == 0)
            return i;
    return -EINVAL;
}

int syslog_format_parse(const char *name)
{
    if (name && strcmp(name, "5424") == 0)
        return SYSLOG_RFC5424;
    if (name && strcmp(name, "3164") == 0)
        return SYSLOG_RFC3164;
    return -EINVAL;
}

/* Reads a decimal number of 1 to (digits) digits without a leading zero
   (but "0") at (*p), up to (max); advances (*p). Returns it, or -1. */
static long read_number(const char **p, int digits, long max)
{
    const char *s = *p;
    long v = 0;
    int n = 0;

    while (s[n] >= '0' && s[n] <= '9') {
        if (n == digits)
            return -1;
        v = v * 10 + (s[n] - '0');
        n++;
    }
    if (n == 0 || (n > 1 && s[0] == '0') || v > max)
        return -1;
    *p = s + n;
    return v;
}

int syslog_parse_server(const char *s, struct mirage_ipv4 *addr, uint16_t *port)
{
    const char *p = s;
    long v;

    if (!s || !addr || !port)
        return -EINVAL;
    for (int i = 0; i < 4; i++) {
        if (i > 0 && *p++ != '.')
            return -EINVAL;
        v = read_number(&p, 3, 255);
        if (v < 0)
            return -EINVAL;
        addr->bytes[i] = (uint8_t)v;
    }
    *port = SYSLOG_PORT;
    if (*p == ':') {
        p++;
        v = read_number(&p, 5, 65535);
        if (v <= 0)
            return -EINVAL;
        *port = (uint16_t)v;
    }
    return *p ? -EINVAL : 0;
}

static bool printable(unsigned char c)
{
    return c >= 33 && c <= 126;
}

bool syslog_hostname_ok(const char *s)
{
    size_t n = 0;

    if (!s)
        return false;
    for (; s[n]; n++)
        if (!printable((unsigned char)s[n]) || n == SYSLOG_HOSTNAME_MAX)
            return false;
    return n > 0;
}

/* Copies (s) into (buf), at most (max) bytes and (size) - 1, bytes that
   (ok) refuses as '_'; "-" for an empty one. NUL-terminated. */
static char *clean_name(const char *s, size_t max, bool (*ok)(unsigned char),
                        char *buf, size_t size)
{
    size_t n = 0;

    for (; s && s[n] && n < max && n + 1 < size; n++)
        buf[n] = ok((unsigned char)s[n]) ? s[n] : '_';
    if (n == 0 && size >= 2)
        buf[n++] = '-';
    buf[n] = '\0';
    return buf;
}

char *syslog_hostname_clean(const char *s, char *buf, size_t size)
{
    return clean_name(s, SYSLOG_HOSTNAME_MAX, printable, buf, size);
}

/* A 3164 TAG's byte: letters, digits, '-', '_', '.' and '/'. */
static bool tag_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
           c == '/';
}

/* The length of the UTF-8 sequence at (s) (up to (end)): 1 to 4, or 0
   when it is not well-formed (RFC 3629: no overlong forms, no surrogates,
   nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s, const unsigned char *end)
{
    size_t n, avail = (size_t)(end - s);
    unsigned char lo = 0x80, hi = 0xbf;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3;
        if (s[0] == 0xe0)
            lo = 0xa0;
        else if (s[0] == 0xed)
            hi = 0x9f;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4;
        if (s[0] == 0xf0)
            lo = 0x90;
        else if (s[0] == 0xf4)
            hi = 0x8f;
    } else
        return 0;
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return n;
}

/* Whether (text, len) is UTF-8 with at least one character beyond ASCII. */
static bool utf8_beyond_ascii(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    bool wide = false;

    while (s < end) {
        size_t n = utf8_len(s, end);
        if (n == 0)
            return false;
        wide |= n > 1;
        s += n;
    }
    return wide;
}

/* A buffer being filled, which keeps room for "..." once it overflows. */
struct out {
    char *buf;
    size_t len, cap;
    bool cut;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->cut)
        return;
    if (n > o->cap - o->len) {
        o->cut = true;
        return;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

/*
 * Appends MSG: each character whole, control characters as "#ooo"; when
 * the rest does not fit, as much as fits before "..." (three bytes that
 * (o) keeps free for it).
 */
static void put_msg(struct out *o, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    size_t cap = o->cap;

    o->cap = cap >= o->len + 3 ? cap - 3 : o->len;
    while (s < end && !o->cut) {
        size_t n = utf8_len(s, end);
        char esc[5];

        if (n == 0)
            n = 1; /* a stray byte goes as it is */
        if (*s < 32 || *s == 127) {
            snprintf(esc, sizeof(esc), "#%03o", *s);
            put(o, esc, 4);
        } else
            put(o, (const char *)s, n);
        if (!o->cut)
            s += n;
    }
    o->cap = cap;
    if (o->cut) {
        /* what is left fits in the three bytes held back? then no cut */
        size_t rest = (size_t)(end - s);
        bool plain = rest <= 3;
        for (size_t i = 0; plain && i < rest; i++)
            plain = s[i] >= 32 && s[i] != 127;
        if (plain && o->len + rest <= cap) {
            o->cut = false;
            put(o, (const char *)s, rest);
            return;
        }
        o->cut = false;
        put(o, "...", 3);
        o->cut = true;
    }
}

/* The time of (ns) as RFC 3339 text into (buf); false when unknown. */
static bool rfc3339(int64_t ns, char buf[MIRAGE_PCLOCK_RFC3339_LEN])
{
    int64_t s = ns / 1000000000;
    int64_t sub = ns % 1000000000;

    if (ns < SYSLOG_TIME_KNOWN_NS)
        return false;
    return mirage_pclock_rfc3339(s, (uint64_t)sub * 1000, buf,
                                 MIRAGE_PCLOCK_RFC3339_LEN) > 0;
}

/* "Mmm dd hh:mm:ss" (RFC 3164) for (ns); the day padded with a space. */
static void bsd_time(int64_t ns, char out[16])
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char t[MIRAGE_PCLOCK_RFC3339_LEN];
    int64_t s = ns / 1000000000;
    int month;

    if (ns % 1000000000 < 0)
        s--;
    /* YYYY-MM-DDTHH:MM:SS.mmmZ; the epoch when out of range */
    if (mirage_pclock_rfc3339(s, 0, t, sizeof(t)) < 0)
        mirage_pclock_rfc3339(0, 0, t, sizeof(t));
    month = (t[5] - '0') * 10 + (t[6] - '0');
    snprintf(out, 16, "%.3s %c%c %.8s", months + 3 * (month - 1),
             t[8] == '0' ? ' ' : t[8], t[9], t + 11);
}

size_t syslog_format_message(const struct syslog_conf *conf,
                             const struct syslog_rec *rec, char *buf,
                             size_t size, bool *cut)
{
    size_t bound =
        conf->format == SYSLOG_RFC3164 ? SYSLOG_MAX_3164 : SYSLOG_MAX_5424;
    struct out o = {buf, 0, size < bound ? size : bound, false};
    char head[64], name[SYSLOG_APPNAME_MAX + 1], note[96];
    const char *text = rec->text;
    size_t len = rec->len;
    int pri;

    if (rec->dropped) {
        snprintf(note, sizeof(note),
                 "%lu log messages dropped: the syslog queue was full",
                 (unsigned long)rec->dropped);
        text = note;
        len = strlen(note);
        pri = conf->facility * 8 + syslog_severity(MIRAGE_LOG_WARNING);
    } else
        pri = conf->facility * 8 +
              syslog_severity((enum mirage_log_level)rec->level);
    if (conf->format == SYSLOG_RFC3164) {
        char when[16];

        bsd_time(rec->wall_ns, when);
        snprintf(head, sizeof(head), "<%d>%s ", pri, when);
        puts_(&o, head);
        puts_(&o, conf->hostname);
        puts_(&o, " ");
        puts_(&o, clean_name(rec->src, SYSLOG_TAG_MAX, tag_char, name,
                             sizeof(name)));
        puts_(&o, ": ");
    } else {
        char when[MIRAGE_PCLOCK_RFC3339_LEN];

        snprintf(head, sizeof(head), "<%d>1 %s ", pri,
                 rfc3339(rec->wall_ns, when) ? when : "-");
        puts_(&o, head);
        puts_(&o, conf->hostname);
        puts_(&o, " ");
        puts_(&o, clean_name(rec->src, SYSLOG_APPNAME_MAX, printable, name,
                             sizeof(name)));
        /* PROCID, MSGID and STRUCTURED-DATA: none */
        puts_(&o, " - - - ");
        if (utf8_beyond_ascii(text, len))
            puts_(&o, "\xef\xbb\xbf");
    }
    put_msg(&o, text, len);
    if (cut)
        *cut = o.cut;
    return o.len;
}
