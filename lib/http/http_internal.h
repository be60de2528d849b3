/* SPDX-License-Identifier: ISC */
/* http_internal.h: what the files of lib/http share: byte classes, states. */
#ifndef MIRAGE_LIB_HTTP_INTERNAL_H
#define MIRAGE_LIB_HTTP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/http.h>

/* Byte classes (http_class[c] & HTTP_C_...). */
#define HTTP_C_TCHAR  0x01 /* a token's byte (RFC 9110 5.6.2) */
#define HTTP_C_VCHAR  0x02 /* visible ASCII, 0x21 to 0x7e */
#define HTTP_C_FVALUE 0x04 /* a field value's: VCHAR, obs-text, SP, HTAB */
#define HTTP_C_HEX    0x08 /* a hex digit */
#define HTTP_C_DIGIT  0x10 /* a decimal digit */
#define HTTP_C_HOST   0x20 /* a Host value's: unreserved, sub-delims, %:[] */

/* class.c: the classes of every byte. */
extern const unsigned char http_class[256];

/* Whether (c) is of the class (cls). */
static inline bool http_is(unsigned char c, unsigned cls)
{
    return (http_class[c] & cls) != 0;
}

/* The value of the hex digit (c), or -1. */
static inline int http_hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* (c) in lower case (ASCII only). */
static inline unsigned char http_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Whether (c) is optional whitespace (SP or HTAB). */
static inline bool http_is_ows(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/*
 * The first (c) among the (n) bytes at (s), or NULL: memchr, which the
 * libraries do not take from the C library (tests/unit/core-freestanding.sh
 * keeps the list of what they may).
 */
static inline const char *http_find(const char *s, size_t n, char c)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == c)
            return s + i;
    return NULL;
}

/* The parser's states (mirage_http_parser.state). */
enum http_state {
    HTTP_S_REQ_START = 0, /* before a request line: blank lines skipped */
    HTTP_S_REQ_START_LF,  /* a blank line's CR seen */
    HTTP_S_METHOD,
    HTTP_S_TARGET,
    HTTP_S_REQ_VERSION, /* "HTTP/x.y", then CR */
    HTTP_S_RESP_VERSION,
    HTTP_S_STATUS,    /* three digits */
    HTTP_S_STATUS_SP, /* SP (then a reason) or CR after them */
    HTTP_S_REASON,
    HTTP_S_LINE_LF, /* the start line's LF */
    HTTP_S_FIELD_START,
    HTTP_S_NAME,
    HTTP_S_VALUE_OWS,
    HTTP_S_VALUE,
    HTTP_S_FIELD_LF,
    HTTP_S_SECTION_LF, /* the LF of the line ending a section */
    HTTP_S_BODY_NONE,
    HTTP_S_BODY_LENGTH,
    HTTP_S_BODY_CLOSE,
    HTTP_S_CHUNK_START, /* a chunk size's first digit */
    HTTP_S_CHUNK_SIZE,
    HTTP_S_CHUNK_BWS, /* BWS before ';' */
    HTTP_S_EXT_NAME_START,
    HTTP_S_EXT_NAME,
    HTTP_S_EXT_AFTER_NAME,
    HTTP_S_EXT_VALUE_START,
    HTTP_S_EXT_TOKEN,
    HTTP_S_EXT_QUOTED,
    HTTP_S_EXT_QPAIR,
    HTTP_S_EXT_AFTER_QUOTED,
    HTTP_S_CHUNK_LF, /* the chunk-size line's LF */
    HTTP_S_CHUNK_DATA,
    HTTP_S_CHUNK_DATA_CR,
    HTTP_S_CHUNK_DATA_LF,
    HTTP_S_DONE,
    HTTP_S_ERROR,
};

/*
 * frame.c: what the header fields of the message (p) just read say: its
 * body's framing (msg.body, content_length), keep_alive, Expect; sets the
 * parser's state to the body's. Returns MIRAGE_HTTP_E_NONE or why the
 * message is refused.
 */
enum mirage_http_error http_frame(struct mirage_http_parser *p);

/* write.c: whether (s), (len) bytes, may be a field value as it is. */
bool http_value_ok(const char *s, size_t len);

/* date.c: days from 1970-01-01 to the civil date (y, m, d). */
int64_t http_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
