/* SPDX-License-Identifier: ISC */
/* syslog_fmt.h: syslog messages (RFC 5424, RFC 3164) from log lines. */
#ifndef MIRAGE_DEVICES_SYSLOG_FMT_H
#define MIRAGE_DEVICES_SYSLOG_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/ipaddr.h>
#include <mirage/log.h>

/* The two formats: RFC 5424 (the default) and the older BSD one. */
enum syslog_format { SYSLOG_RFC5424, SYSLOG_RFC3164 };

/*
 * The longest datagram of each format: RFC 5426 asks every receiver to
 * take 2048 octets of RFC 5424; RFC 3164 allows 1024 octets in all.
 */
#define SYSLOG_MAX_5424 2048
#define SYSLOG_MAX_3164 1024

/* The longest HOSTNAME, APP-NAME (RFC 5424's bounds) and 3164 TAG. */
#define SYSLOG_HOSTNAME_MAX 255
#define SYSLOG_APPNAME_MAX  48
#define SYSLOG_TAG_MAX      32

/* The collector's port when --syslog gives none. */
#define SYSLOG_PORT 514

/* A time before this (2000-01-01) is a clock never set: "-" in RFC 5424. */
#define SYSLOG_TIME_KNOWN_NS (946684800LL * 1000000000LL)

/* What every message of a device shares. */
struct syslog_conf {
    enum syslog_format format;
    int facility;         /* 0 to 23 */
    const char *hostname; /* printable US-ASCII, 1 to 255 bytes */
};

/* One message to send: a log line, or the note of lines dropped. */
struct syslog_rec {
    int64_t wall_ns;  /* when it was logged */
    const char *src;  /* its log source's name (static) */
    uint8_t level;    /* enum mirage_log_level */
    bool truncated;   /* the log cut its text */
    uint32_t dropped; /* > 0: a note that so many lines were dropped */
    const char *text; /* the message (not NUL-terminated) */
    size_t len;
};

/* The syslog severity (0 to 7) of a log level: app is notice (5), error 3,
   warning 4, info 6, debug 7. */
int syslog_severity(enum mirage_log_level level);

/* The facility named (name) ("kern", "user", "daemon", "local0", ...): 0
   to 23, or -EINVAL. */
int syslog_facility(const char *name);

/* The format named "5424" or "3164", or -EINVAL. */
int syslog_format_parse(const char *name);

/*
 * Reads "A.B.C.D[:PORT]" (an IPv4 literal as mirage/ipaddr.h writes it,
 * PORT 1 to 65535, default SYSLOG_PORT). Returns 0 or -EINVAL.
 */
int syslog_parse_server(const char *s, struct mirage_ipv4 *addr,
                        uint16_t *port);

/* Whether (s) may be a HOSTNAME: 1 to 255 bytes of printable US-ASCII
   (33 to 126). */
bool syslog_hostname_ok(const char *s);

/*
 * Copies (s) into (buf) of (size) bytes as a HOSTNAME: bytes outside 33 to
 * 126 become '_', at most SYSLOG_HOSTNAME_MAX of them; "-" for an empty
 * (s). Returns (buf).
 */
char *syslog_hostname_clean(const char *s, char *buf, size_t size);

/*
 * Writes the message of (rec) in the format of (conf) into (buf) of (size)
 * bytes (at least 64), not NUL-terminated, and returns its length: at most
 * (size) and the format's bound (SYSLOG_MAX_5424 or SYSLOG_MAX_3164). A
 * longer message is cut at a character's start and (*cut) set true.
 * RFC 5424: "<PRI>1 TIMESTAMP HOSTNAME APP-NAME - - - MSG" with the time in
 * RFC 3339 (UTC, milliseconds) or "-" when unknown, APP-NAME the source's
 * name (bytes outside 33..126 as '_', at most 48); MSG begins with a BOM
 * when it is UTF-8 with a character beyond ASCII. RFC 3164: "<PRI>Mmm dd
 * hh:mm:ss HOSTNAME TAG: MSG", TAG the source's name (at most 32 bytes).
 * In MSG, control characters (below 32, and 127) are written "#ooo" (octal),
 * as rsyslog writes them, so that a message stays one line.
 */
size_t syslog_format_message(const struct syslog_conf *conf,
                             const struct syslog_rec *rec, char *buf,
                             size_t size, bool *cut);

#endif
