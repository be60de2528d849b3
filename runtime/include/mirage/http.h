/* SPDX-License-Identifier: ISC */
/* http.h: the HTTP/1.1 message codec: parser, serializer and helpers. */
#ifndef MIRAGE_HTTP_H
#define MIRAGE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * HTTP/1.1 messages (RFC 9112) and the parts of their semantics (RFC
 * 9110) that a server or a client needs to frame, answer and serve them.
 * No device is needed and nothing is read or written here: the caller
 * feeds the bytes it received to a parser, which reports events, and has
 * the serializer write into buffers of its own. Nothing allocates: a
 * parser works in memory its caller gives it, whose size its limits set.
 * doc/http.md describes the rules, the limits and every verdict.
 *
 * Functions return 0 (or a count, or a length) or a negative errno value,
 * unless their comment says otherwise.
 */

/* Bytes that are not NUL-terminated: (len) bytes at (ptr). */
struct mirage_http_slice {
    const char *ptr;
    size_t len;
};

/* One field line: its name (a token) and its value without OWS around. */
struct mirage_http_field {
    struct mirage_http_slice name;
    struct mirage_http_slice value;
};

/* The methods the parser tells apart (any other token is OTHER). */
enum mirage_http_method {
    MIRAGE_HTTP_OTHER = 0,
    MIRAGE_HTTP_GET,
    MIRAGE_HTTP_HEAD,
    MIRAGE_HTTP_POST,
    MIRAGE_HTTP_PUT,
    MIRAGE_HTTP_DELETE,
    MIRAGE_HTTP_CONNECT,
    MIRAGE_HTTP_OPTIONS,
    MIRAGE_HTTP_TRACE,
    MIRAGE_HTTP_PATCH,
};

/* How a message's body is framed (RFC 9112 section 6.3). */
enum mirage_http_body {
    MIRAGE_HTTP_BODY_NONE = 0,    /* no body */
    MIRAGE_HTTP_BODY_LENGTH,      /* Content-Length bytes */
    MIRAGE_HTTP_BODY_CHUNKED,     /* the chunked coding, then trailers */
    MIRAGE_HTTP_BODY_UNTIL_CLOSE, /* a response's, up to the end of input */
};

/* What mirage_http_parse reports. */
enum mirage_http_event {
    MIRAGE_HTTP_EV_MORE = 0, /* every byte given was taken: give more */
    MIRAGE_HTTP_EV_HEAD,     /* the start line and header fields are in */
    MIRAGE_HTTP_EV_BODY,     /* body bytes: the parser's body slice */
    MIRAGE_HTTP_EV_DONE,     /* the message is complete */
    MIRAGE_HTTP_EV_ERROR,    /* the message is refused: see the verdict */
    MIRAGE_HTTP_EV_CLOSED,   /* (mirage_http_parser_eof) input ended
                                between two messages */
};

/*
 * Why a message was refused; with each, the status code a server answers
 * it with (doc/http.md lists them). A client refusing a response only
 * needs to know that it was refused.
 */
enum mirage_http_error {
    MIRAGE_HTTP_E_NONE = 0,
    MIRAGE_HTTP_E_START_LINE,    /* 400: malformed request or status line */
    MIRAGE_HTTP_E_METHOD,        /* 400: the method is not a token */
    MIRAGE_HTTP_E_TARGET,        /* 400: a target byte not visible ASCII */
    MIRAGE_HTTP_E_VERSION,       /* 400: not HTTP/DIGIT.DIGIT */
    MIRAGE_HTTP_E_VERSION_UNSUP, /* 505: a version but 1.0 or 1.1 */
    MIRAGE_HTTP_E_STATUS,        /* 400: a status code not 100 to 599 */
    MIRAGE_HTTP_E_REASON,        /* 400: a control byte in the reason */
    MIRAGE_HTTP_E_LINE_TOO_LONG, /* 414: start line over max_line */
    MIRAGE_HTTP_E_FIELD_NAME,    /* 400: a field name not a token, no ':' */
    MIRAGE_HTTP_E_SPACE_BEFORE_COLON, /* 400: "Name :" */
    MIRAGE_HTTP_E_OBS_FOLD,           /* 400: a line starting with SP or HTAB */
    MIRAGE_HTTP_E_FIELD_VALUE,     /* 400: a control byte or NUL in a value */
    MIRAGE_HTTP_E_BARE_CR,         /* 400: CR not followed by LF */
    MIRAGE_HTTP_E_BARE_LF,         /* 400: LF without CR (allow_bare_lf) */
    MIRAGE_HTTP_E_HEAD_TOO_LARGE,  /* 431: header section over max_head */
    MIRAGE_HTTP_E_TOO_MANY_FIELDS, /* 431: over max_fields field lines */
    MIRAGE_HTTP_E_HOST,            /* 400: no, several or a bad Host */
    MIRAGE_HTTP_E_CONTENT_LENGTH,  /* 400: not digits, or over 2^64 - 1 */
    MIRAGE_HTTP_E_CONTENT_LENGTH_CONFLICT, /* 400: different values */
    MIRAGE_HTTP_E_LENGTH_AND_CODING,       /* 400: Content-Length and TE both */
    MIRAGE_HTTP_E_TRANSFER_ENCODING,   /* 400: malformed or repeated chunked */
    MIRAGE_HTTP_E_CHUNKED_NOT_FINAL,   /* 400: a request's TE not ending so */
    MIRAGE_HTTP_E_CODING_UNKNOWN,      /* 501: a coding other than chunked */
    MIRAGE_HTTP_E_CODING_IN_HTTP10,    /* 400: Transfer-Encoding in 1.0 */
    MIRAGE_HTTP_E_BODY_TOO_LARGE,      /* 413: body over max_body */
    MIRAGE_HTTP_E_CHUNK_SIZE,          /* 400: a chunk size not hex */
    MIRAGE_HTTP_E_CHUNK_OVERFLOW,      /* 400: a chunk size over 2^64 - 1 */
    MIRAGE_HTTP_E_CHUNK_EXT,           /* 400: a malformed chunk extension */
    MIRAGE_HTTP_E_CHUNK_LINE_TOO_LONG, /* 400: over max_chunk_line */
    MIRAGE_HTTP_E_CHUNK_END,           /* 400: chunk data not ending in CRLF */
    MIRAGE_HTTP_E_TRAILER_TOO_LARGE,   /* 431: trailers over max_trailer */
    MIRAGE_HTTP_E_TRUNCATED,           /* 400: input ended inside a message */
};

/*
 * A parser's limits. mirage_http_limits_default gives the defaults in
 * brackets; a limit of 0 is refused by mirage_http_parser_init, except
 * max_body (no body at all).
 */
struct mirage_http_limits {
    size_t max_line;       /* start line bytes, without CRLF [8192] */
    size_t max_head;       /* header section bytes, CRLFs too [16384] */
    size_t max_fields;     /* header (and kept trailer) lines [100] */
    uint64_t max_body;     /* body bytes, Content-Length or chunks [1 MiB] */
    size_t max_chunk_line; /* a chunk-size line with extensions [1024] */
    size_t max_trailer;    /* trailer section bytes, CRLFs too [4096] */
    bool allow_bare_lf;    /* take LF alone as a line end [false] */
    bool keep_trailers;    /* return trailer fields [false: skip them] */
};

/* What the parser read of one message (valid from EV_HEAD on). */
struct mirage_http_message {
    int version_minor; /* 0 or 1: HTTP/1.0 or HTTP/1.1 */
    /* A request's start line (empty in a response). */
    struct mirage_http_slice method;
    enum mirage_http_method method_id;
    struct mirage_http_slice target;
    /* A response's start line (0 and empty in a request). */
    int status;
    struct mirage_http_slice reason;
    /* The header fields in the order received, and the trailer fields
     * (only with keep_trailers; complete at EV_DONE). */
    const struct mirage_http_field *fields;
    size_t nfields;
    const struct mirage_http_field *trailers;
    size_t ntrailers;
    /* What the fields say. */
    enum mirage_http_body body;
    uint64_t content_length; /* BODY_LENGTH: the body's length */
    bool keep_alive;         /* the connection may carry another message */
    bool expect_continue;    /* a 1.1 request's Expect: 100-continue */
    bool expect_other;       /* an Expect member but 100-continue (417) */
    bool other_codings;      /* a response's body keeps codings other than
                                chunked (Transfer-Encoding: gzip, ...) */
};

/*
 * A parser of requests or of responses, one message after the other on
 * one connection. Its fields are private, except (msg), (body), (status)
 * and (error), which the functions below describe.
 */
struct mirage_http_parser {
    struct mirage_http_message msg; /* the message being read */
    struct mirage_http_slice body;  /* EV_BODY: bytes inside the input */
    int status;                     /* EV_ERROR: the status to answer */
    enum mirage_http_error error;   /* EV_ERROR: why */
    /* private */
    struct mirage_http_limits lim;
    bool response;
    enum mirage_http_method request_method;
    int state;
    struct mirage_http_field *fieldv;
    size_t maxfields;
    char *store;
    size_t store_cap, store_len;
    size_t count;     /* bytes of the current line or section */
    size_t mark;      /* a value's end, OWS trimmed */
    uint64_t remain;  /* body bytes left (a length or a chunk) */
    uint64_t seen;    /* body bytes so far */
    uint64_t chunk;   /* the chunk size being read */
    size_t chunk_len; /* bytes of the chunk-size line */
    int vpos;         /* where in "HTTP/x.y" */
    int major;
    bool trailer;
};

/* Writes the default limits to (lim). */
void mirage_http_limits_default(struct mirage_http_limits *lim);

/*
 * The bytes of memory a parser with (lim) (NULL: the defaults) needs, to
 * give to mirage_http_parser_init: max_line + max_head (+ max_trailer with
 * keep_trailers) + max_fields field structures. 0 if (lim) is refused
 * (a zero limit or a size that overflows).
 */
size_t mirage_http_parser_mem_size(const struct mirage_http_limits *lim);

/*
 * Starts (p), a parser of requests (response false) or responses (true),
 * with the limits (lim) (NULL: the defaults) and the (mem_len) bytes at
 * (mem), aligned for a pointer, which it uses until the caller stops
 * using (p). Returns 0, or -EINVAL if a limit is 0 (but max_body), (mem)
 * is NULL or misaligned, or (mem_len) is less than
 * mirage_http_parser_mem_size.
 */
int mirage_http_parser_init(struct mirage_http_parser *p, bool response,
                            const struct mirage_http_limits *lim, void *mem,
                            size_t mem_len);

/*
 * Takes bytes of the connection's input: the (len) bytes at (in), of which
 * it sets (*used) to those it consumed. Returns what it found (the input
 * after (*used) is for the next call):
 *  - EV_MORE: everything was taken, and the message goes on.
 *  - EV_HEAD: the head ended; p->msg holds it. Its slices stay valid until
 *    mirage_http_parser_next.
 *  - EV_BODY: p->body holds body bytes, decoded (a chunked body's data
 *    without framing); they lie inside (in).
 *  - EV_DONE: the message ended, at (*used) for this call; p->msg's
 *    trailers are in. Every later call returns EV_DONE and takes nothing
 *    until mirage_http_parser_next starts the next message, which begins
 *    with the bytes not taken (pipelining).
 *  - EV_ERROR: the message is refused: p->error says why and p->status is
 *    the status to answer (400, 413, 414, 431, 501 or 505) before closing
 *    the connection. Every later call returns EV_ERROR and takes nothing.
 * The results, and the bytes a message spans, are the same however the
 * input is split between calls.
 */
enum mirage_http_event mirage_http_parse(struct mirage_http_parser *p,
                                         const void *in, size_t len,
                                         size_t *used);

/*
 * The input ended (the peer closed its side). Returns EV_DONE if the
 * message being read ends there (a response read until close), EV_CLOSED
 * if no message had begun (blank lines only), EV_ERROR with
 * MIRAGE_HTTP_E_TRUNCATED if one had, or the event the parser already
 * stopped at (EV_DONE, EV_ERROR).
 */
enum mirage_http_event mirage_http_parser_eof(struct mirage_http_parser *p);

/*
 * Starts the next message, after EV_DONE: p->msg's slices become invalid.
 * Returns 0, or -EINVAL if the parser had not reached EV_DONE (a message
 * half read cannot be skipped; after EV_ERROR the connection is closed).
 */
int mirage_http_parser_next(struct mirage_http_parser *p);

/*
 * For a parser of responses: the next response answers a request of the
 * method (m), which decides whether it has a body: none for HEAD, none for
 * a 2xx answer to CONNECT (a tunnel). Call it after mirage_http_parser_init
 * or _next, before feeding the response; _next forgets it (GET).
 */
void mirage_http_parser_response_to(struct mirage_http_parser *p,
                                    enum mirage_http_method m);

/* The status a server answers (e) with (0 for E_NONE, 400 if unknown). */
int mirage_http_error_status(enum mirage_http_error e);

/* A short name of (e), such as "bare LF" (never NULL). */
const char *mirage_http_error_name(enum mirage_http_error e);

/* --- Fields ----------------------------------------------------------- */

/*
 * The index of the first field named (name) (any case) at (from) or after
 * among (n) (fields), or -1 if there is none.
 */
int mirage_http_field_find(const struct mirage_http_field *fields, size_t n,
                           const char *name, size_t from);

/*
 * The value of the only field named (name) in (msg)'s header fields, in
 * (*value). Returns 1, 0 if there is none (an empty value), or -EINVAL if
 * there are several lines of that name.
 */
int mirage_http_field_get(const struct mirage_http_message *msg,
                          const char *name, struct mirage_http_slice *value);

/*
 * Whether the comma-separated lists of every field named (name) of (msg)
 * hold (token), both compared in any case (Connection: close,
 * Accept-Encoding: gzip; parameters after ';' are ignored). Returns 1 or 0.
 */
int mirage_http_field_has_token(const struct mirage_http_message *msg,
                                const char *name, const char *token);

/*
 * The next element of the comma-separated list in (*list), skipping OWS
 * and empty elements, in (*elem) without OWS around; (*list) moves past
 * it. Returns 1, or 0 when the list is exhausted.
 */
int mirage_http_list_next(struct mirage_http_slice *list,
                          struct mirage_http_slice *elem);

/* Whether (a) and (len) bytes equal the string (b) in any ASCII case. */
bool mirage_http_case_equal(const char *a, size_t len, const char *b);

/* Whether the (len) bytes at (s) are a token (RFC 9110 5.6.2). */
bool mirage_http_is_token(const char *s, size_t len);

/* The method named by (len) bytes at (s) (case-sensitive), or OTHER. */
enum mirage_http_method mirage_http_method_of(const char *s, size_t len);

/* The name of (m), "GET", ..., or NULL for OTHER. */
const char *mirage_http_method_name(enum mirage_http_method m);

/* --- Serializer ------------------------------------------------------- */

/*
 * Writes messages into a buffer the caller owns. Every call writes all it
 * was asked to or nothing, returning 0, -EINVAL (a name that is not a
 * token, a CR, LF, NUL or other control byte, OWS around a value, a bad
 * status or version: no header injection is possible) or -ENOSPC (it
 * does not fit); the first error is kept in (err) too, so a sequence of
 * calls may be checked once at its end.
 */
struct mirage_http_writer {
    char *buf;
    size_t cap;
    size_t len; /* bytes written */
    int err;    /* the first error, or 0 */
};

/* Starts (w) over the (cap) bytes at (buf). */
void mirage_http_writer_init(struct mirage_http_writer *w, void *buf,
                             size_t cap);

/* "METHOD TARGET HTTP/1.(minor)\r\n"; (minor) is 0 or 1. */
int mirage_http_write_request_line(struct mirage_http_writer *w,
                                   const char *method, const char *target,
                                   int minor);

/*
 * "HTTP/1.(minor) STATUS REASON\r\n": (status) from 100 to 599; (reason)
 * NULL for mirage_http_reason's (empty for a status it does not know).
 */
int mirage_http_write_status_line(struct mirage_http_writer *w, int minor,
                                  int status, const char *reason);

/* "NAME: VALUE\r\n"; the value may be empty. */
int mirage_http_write_field(struct mirage_http_writer *w, const char *name,
                            const char *value);

/* As mirage_http_write_field, with lengths. */
int mirage_http_write_field_n(struct mirage_http_writer *w, const char *name,
                              size_t name_len, const char *value,
                              size_t value_len);

/* "NAME: DECIMAL\r\n" (Content-Length, say). */
int mirage_http_write_field_u64(struct mirage_http_writer *w, const char *name,
                                uint64_t v);

/* "NAME: IMF-fixdate\r\n" of the Unix time (t) (Date, Last-Modified). */
int mirage_http_write_field_date(struct mirage_http_writer *w, const char *name,
                                 int64_t t);

/* "\r\n": ends the head, or the trailer section after the last chunk. */
int mirage_http_write_end(struct mirage_http_writer *w);

/* The (len) bytes at (data), as they are (a body framed by length). */
int mirage_http_write_body(struct mirage_http_writer *w, const void *data,
                           size_t len);

/* One chunk: "HEX\r\n", the (len) bytes, "\r\n"; (len) 0 is -EINVAL. */
int mirage_http_write_chunk(struct mirage_http_writer *w, const void *data,
                            size_t len);

/* The last chunk "0\r\n": trailer fields may follow, then _write_end. */
int mirage_http_write_last_chunk(struct mirage_http_writer *w);

/* The longest chunk head: 16 hex digits and CRLF. */
#define MIRAGE_HTTP_CHUNK_HEAD_MAX 18

/*
 * Writes the head of a chunk of (size) bytes, "HEX\r\n", to (out), for a
 * caller that sends the data from where it lies; the data is followed by
 * "\r\n". Returns its length (at least 3), or -EINVAL if (size) is 0.
 */
int mirage_http_chunk_head(char out[MIRAGE_HTTP_CHUNK_HEAD_MAX], uint64_t size);

/* The reason phrase of (status) (RFC 9110 section 15), or NULL. */
const char *mirage_http_reason(int status);

/* --- Dates (RFC 9110 section 5.6.7) ----------------------------------- */

/* The length of an IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT". */
#define MIRAGE_HTTP_DATE_LEN 29

/*
 * Writes the IMF-fixdate of the Unix time (t) and a NUL to (out). Returns
 * MIRAGE_HTTP_DATE_LEN, or -ERANGE if its year is not 1 to 9999.
 */
int mirage_http_date_format(int64_t t, char out[MIRAGE_HTTP_DATE_LEN + 1]);

/*
 * Reads an HTTP-date of (len) bytes at (s): an IMF-fixdate, or one of the
 * obsolete RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun
 * Nov  6 08:49:37 1994") forms, into the Unix time (*t). An RFC 850 year
 * is the one of the century that puts the date at most 50 years after
 * (now) (a Unix time). Returns 0, or -EINVAL if it is no such date (the
 * day name is checked, not against the date; second 60 is taken as 59).
 */
int mirage_http_date_parse(const char *s, size_t len, int64_t now, int64_t *t);

/* --- Static files ----------------------------------------------------- */

/*
 * The Content-Type of a file by the extension of its (len)-byte path (in
 * any case): "text/html; charset=utf-8", ..., "application/octet-stream"
 * when it is not in the table (doc/http.md lists it).
 */
const char *mirage_http_mime_type(const char *path, size_t len);

/* What a Range field asks of a representation (RFC 9110 section 14). */
enum mirage_http_range {
    MIRAGE_HTTP_RANGE_WHOLE = 0,     /* 200: send it all */
    MIRAGE_HTTP_RANGE_PARTIAL,       /* 206: send [first, last] */
    MIRAGE_HTTP_RANGE_UNSATISFIABLE, /* 416 */
};

/*
 * Decides a Range field's (len)-byte value (NULL: no field) over a
 * representation of (size) bytes. One range, "bytes=a-b", "bytes=a-" or
 * "bytes=-n", gives PARTIAL with [*first, *last] inside it, or
 * UNSATISFIABLE when it starts at or after (size) (or n is 0). A value
 * that is malformed or of another unit, and one of several ranges, is
 * ignored (WHOLE), unless every range is unsatisfiable; so is a suffix
 * range of an empty representation.
 */
enum mirage_http_range mirage_http_range_parse(const char *value, size_t len,
                                               uint64_t size, uint64_t *first,
                                               uint64_t *last);

/*
 * Writes the Content-Range value for (r) and a NUL to (out): "bytes
 * FIRST-LAST/SIZE" (PARTIAL) or "bytes STAR/SIZE" (UNSATISFIABLE). Returns
 * its length, -EINVAL for WHOLE, or -ENOSPC if (cap) is too small.
 */
int mirage_http_content_range(char *out, size_t cap, enum mirage_http_range r,
                              uint64_t first, uint64_t last, uint64_t size);

/* The longest ETag mirage_http_etag writes, NUL too. */
#define MIRAGE_HTTP_ETAG_MAX 36

/*
 * Writes a strong ETag, "\"SIZE-HASH\"" in hex, and a NUL to (out), for a
 * representation of (size) bytes whose content hashes to (hash). Returns
 * its length.
 */
int mirage_http_etag(char out[MIRAGE_HTTP_ETAG_MAX], uint64_t size,
                     uint64_t hash);

/*
 * Whether an If-None-Match value of (len) bytes at (list) matches the
 * entity tag (etag) of (etag_len) bytes by weak comparison (W/ ignored on
 * both sides): "*" matches any. Returns 1, 0, or -EINVAL if (list) or
 * (etag) is malformed (the field is then to be ignored).
 */
int mirage_http_etag_match(const char *list, size_t len, const char *etag,
                           size_t etag_len);

/*
 * Whether a GET or HEAD request (msg) for a representation with the entity
 * tag (etag) (NULL: none) and the modification time (mtime) (a Unix time;
 * negative: unknown) is answered 304 (RFC 9110 section 13.2.2): by
 * If-None-Match when present, else by If-Modified-Since (a single valid
 * date, at or after (mtime)). Returns 1 (304) or 0.
 */
int mirage_http_not_modified(const struct mirage_http_message *msg,
                             const char *etag, size_t etag_len, int64_t mtime);

/* A request target split (RFC 9112 section 3.2). */
struct mirage_http_target {
    struct mirage_http_slice path;      /* "/a/b" (raw), or "*", or empty */
    struct mirage_http_slice query;     /* after '?', without it; or empty */
    struct mirage_http_slice authority; /* absolute- or authority-form */
    bool has_query;                     /* a '?' was there */
};

/*
 * Splits the request target (len bytes at (s)): origin-form "/p?q",
 * absolute-form "http://host/p?q" (scheme http or https, any case; an
 * empty path is reported as "/"), authority-form "host:port" (for
 * CONNECT) and asterisk-form "*". Returns 0, or -EINVAL if it is none of
 * those, holds a byte that is not visible ASCII, a '#', or userinfo.
 */
int mirage_http_target_split(const char *s, size_t len,
                             struct mirage_http_target *t);

/*
 * Writes the path (len bytes at (path), as split) decoded and normalised
 * to (out): percent-decoded, "." segments and empty ones dropped, ".."
 * removing the segment before it, always starting with '/' and ending
 * with '/' when the path did (a directory). Returns its length, -EINVAL if
 * the path does not start with '/', has a malformed %, a NUL, a control
 * byte or a backslash (raw or decoded), or a ".." above the root, and
 * -ENOSPC if (out) is too small: (len) bytes are always enough.
 */
int mirage_http_path_normalize(const char *path, size_t len, char *out,
                               size_t cap);

/*
 * Percent-decodes (len) bytes at (in) to (out) ('+' as a space when
 * (plus) is true: a form's query). Returns the decoded length, -EINVAL
 * for a malformed %, or -ENOSPC.
 */
int mirage_http_percent_decode(const char *in, size_t len, char *out,
                               size_t cap, bool plus);

/*
 * The next "name=value" pair of a query in (*query), split at '&' (empty
 * pairs skipped), still encoded: (*value) is empty when there is no '='.
 * (*query) moves past it. Returns 1, or 0 at the end.
 */
int mirage_http_query_next(struct mirage_http_slice *query,
                           struct mirage_http_slice *name,
                           struct mirage_http_slice *value);

#endif
